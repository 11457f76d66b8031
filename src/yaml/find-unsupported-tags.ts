import type { Document } from 'yaml';
import type { Violation } from './create-violations-error.js';
import { quoteName } from './format-path.js';
import { scanYamlTokens, type TagToken } from './scan-yaml-tokens.js';
import type { YamlLocator } from './yaml-locator.js';
import { loadYaml } from './yaml-runtime.js';

/**
 * Tags whose values are plain JSON data: the YAML 1.2 core schema, and `!` (the
 * non-specific tag, a plain string or collection). Anything else either does not resolve
 * (`!custom`, which `yaml` only warns about and reads as if untagged) or makes something
 * no field takes (`!!binary` bytes, `!!set`, `!!timestamp`), which would surface as
 * dozens of confusing schema errors instead of one about the tag.
 */
const SUPPORTED_TAGS = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`)]);

/** Every node with a tag the file format does not read, located at the tag as written. */
export function findUnsupportedTags(doc: Document, text: string, locator: YamlLocator): Violation[] {
  const { isNode, visit } = loadYaml();
  const found: { start: number; tag: string }[] = [];
  visit(doc, {
    Node(_, node) {
      if (isNode(node) && node.tag !== undefined && !SUPPORTED_TAGS.has(node.tag)) {
        found.push({ start: node.range?.[0] ?? 0, tag: node.tag });
      }
    },
  });
  if (found.length === 0) return [];
  const tags = scanYamlTokens(text).tags;
  return found.map(({ start, tag }) => {
    const written = findTagBefore(tags, start);
    return {
      location: locator.locateOffset(written?.offset ?? start),
      message: `Unsupported YAML tag ${quoteName(written?.source ?? tag)}: this file holds only mappings, lists, strings, numbers, true/false and null.`,
    };
  });
}

/** The last tag written before `offset`: a node's tag comes right before its value (only an anchor or space between). */
function findTagBefore(tags: readonly TagToken[], offset: number): TagToken | undefined {
  let low = 0;
  let high = tags.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((tags[middle]?.offset ?? 0) <= offset) low = middle + 1;
    else high = middle;
  }
  return tags[low - 1];
}
