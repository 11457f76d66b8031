import type { Document, Node, Scalar } from 'yaml';
import type { Violation } from './create-violations-error.js';
import { redactSecretLike } from './redact-secret-like.js';
import type { YamlLocator } from './yaml-locator.js';
import { loadYaml } from './yaml-runtime.js';

/**
 * Every mapping key that YAML resolves to something other than a string, located where it
 * is written. Why: plain data turns such a key into a property name by its value, not by
 * its text, so an unquoted `1.10` names `1.1`, `0x1F` names `31`, `~` names the empty
 * string; for a project or key name that means a plan that deletes the real one and
 * creates an impostor. Every key of the format is a name or a schema field, and fields are
 * always strings, so a key of any other kind is refused wherever it is, not only where a
 * name is expected. Keys written as plain strings (`payments`, `2026-12-01`) are untouched.
 */
export function findNonStringKeys(doc: Document, text: string, locator: YamlLocator): Violation[] {
  const { isAlias, isMap, isScalar, visit } = loadYaml();
  const violations: Violation[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      for (const pair of map.items) {
        const key: unknown = pair.key;
        const target: unknown = isAlias(key) ? key.resolve(doc) : key;
        if (isScalar(target) && typeof target.value === 'string') continue;
        const start = (key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0;
        violations.push({ location: locator.locateOffset(start), message: describeKey(key, target, text) });
      }
    },
  });
  return violations;
}

/** What the key was read as, and the edit that makes it the name it looks like. */
function describeKey(key: unknown, target: unknown, text: string): string {
  const { isAlias, isScalar } = loadYaml();
  if (isAlias(key)) {
    return `Mapping key *${key.source} stands for ${readAs(target)}, not a name; write the name itself, in quotes, instead of the alias.`;
  }
  if (!isScalar(key)) return `Mapping key is ${readAs(key)}; a key must be a name: write it as a string, e.g. in quotes.`;
  const written = key.range ? text.slice(key.range[0], key.range[1]) : '';
  if (written.trim() === '') return 'Mapping key is missing (YAML reads an empty key as null); write the name before the `:`.';
  const shown = redactSecretLike(written);
  // only a tag makes a quoted scalar anything but a string
  if (key.tag !== undefined) return `Mapping key ${shown} is tagged to be read as ${readAs(key)}, not a name; remove the tag.`;
  const read = `Mapping key ${shown} is read as ${readAs(key)}, not as the name ${JSON.stringify(shown)}`;
  // a redacted key cannot be quoted back in a message
  if (shown !== written) return `${read}; quote it to keep it as written.`;
  return `${read}; quote it to keep it as written: '${written.replaceAll("'", "''")}': …`;
}

/** The kind and value of a non-string key, in a user's words; the value is a number, boolean or null, never material. */
function readAs(node: unknown): string {
  const { isMap, isScalar, isSeq } = loadYaml();
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (!isScalar(node)) return 'nothing';
  const value: Scalar['value'] = node.value;
  if (value === null || value === undefined) return 'null (no value)';
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'the number NaN';
    if (!Number.isFinite(value)) return `the number ${value > 0 ? '' : '-'}infinity`;
    return `the ${Number.isInteger(value) ? 'integer' : 'number'} ${String(value)}`;
  }
  return typeof value === 'bigint' ? `the integer ${String(value)}` : 'a value that is not a string';
}
