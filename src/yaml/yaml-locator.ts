import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import type { SourceLocation } from '../common/app-error.js';
import { loadYaml } from './yaml-runtime.js';

/** One step of a path into a document: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** Turns paths and offsets of one parsed YAML document into file:line:col locations. */
export interface YamlLocator {
  /** Where the value at `path` is written; the nearest existing ancestor when it is missing. */
  locateValue(path: readonly PathSegment[]): SourceLocation;
  /** Where the key naming the entry at `path` is written (the value for sequence items and the root). */
  locateKey(path: readonly PathSegment[]): SourceLocation;
  /** The location of a character offset into the parsed text. */
  locateOffset(offset: number): SourceLocation;
}

interface Found {
  /** Key node of the last step, if the last step was a mapping entry. */
  readonly key?: Node;
  /** Node at the full path, if every step was found. */
  readonly value?: Node;
  /** Deepest node with a source range on the way, for fallbacks. */
  readonly nearest?: Node;
}

/** Builds a {@link YamlLocator} over a document parsed with `lineCounter`. */
export function createYamlLocator(doc: Document, lineCounter: LineCounter, file: string): YamlLocator {
  // merging locates every key and environment; an index per mapping keeps that linear
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const findNode = (path: readonly PathSegment[]): Found => walkPath(doc, path, indexes);
  const locateOffset = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const locateNode = (node: Node | undefined): SourceLocation | undefined => (node?.range ? locateOffset(node.range[0]) : undefined);
  const start: SourceLocation = { file, line: 1, column: 1 };

  return {
    locateOffset,
    locateValue(path) {
      const found = findNode(path);
      return locateNode(found.value) ?? locateNode(found.key) ?? locateNode(found.nearest) ?? start;
    },
    locateKey(path) {
      const found = findNode(path);
      return locateNode(found.key) ?? locateNode(found.value) ?? locateNode(found.nearest) ?? start;
    },
  };
}

/**
 * The text a mapping key becomes in the plain-data form, matching how `yaml`'s `toJS`
 * turns scalar keys into object property names (`null` becomes the empty string).
 */
export function keyText(key: unknown): string {
  // String() on purpose, as `toJS` does: a collection key's nodes stringify as their YAML text.
  /* eslint-disable @typescript-eslint/no-base-to-string */
  if (loadYaml().isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return key === null || key === undefined ? '' : String(key);
  /* eslint-enable @typescript-eslint/no-base-to-string */
}

/** The entries of a mapping by key text; the first wins, as duplicates are rejected anyway. */
function indexMap(map: YAMLMap, indexes: WeakMap<YAMLMap, Map<string, Pair>>): Map<string, Pair> {
  let index = indexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const name = keyText(pair.key);
      if (!index.has(name)) index.set(name, pair);
    }
    indexes.set(map, index);
  }
  return index;
}

function walkPath(doc: Document, path: readonly PathSegment[], indexes: WeakMap<YAMLMap, Map<string, Pair>>): Found {
  const { isAlias, isMap, isNode, isSeq } = loadYaml();
  let current: unknown = doc.contents;
  let nearest: Node | undefined = isNode(current) ? current : undefined;
  let key: Node | undefined;
  for (const segment of path) {
    if (isAlias(current)) current = current.resolve(doc);
    if (isMap(current)) {
      const pair = indexMap(current, indexes).get(String(segment));
      if (!pair) return { nearest };
      key = isNode(pair.key) ? pair.key : undefined;
      current = pair.value;
      nearest = key ?? nearest;
    } else if (isSeq(current)) {
      const item: unknown = current.items[Number(segment)];
      if (item === undefined) return { nearest };
      key = undefined;
      current = item;
    } else {
      return { nearest };
    }
    if (isNode(current) && current.range) nearest = current;
  }
  return { key, value: isNode(current) ? current : undefined, nearest };
}
