import type { SourceLocation } from '../common/app-error.js';
import type { PathSegment, YamlLocator } from '../yaml/index.js';

/**
 * A `locate` for a document read without positions: each location it hands out is a
 * plain-looking `{ file, line, column }` whose line and column are worked out on first
 * read, by `createLocator` (re-reading that one file with positions), at most once per
 * file. Merging asks for a location of every key and environment; only an error or a
 * message ever reads one, so a file without problems is never parsed twice.
 */
export function createLazyLocate(file: string, createLocator: () => YamlLocator): (path: readonly PathSegment[]) => SourceLocation {
  let locator: YamlLocator | undefined;
  const getLocator = (): YamlLocator => (locator ??= createLocator());
  return (path) => {
    const steps = [...path];
    let found: SourceLocation | undefined;
    const resolve = (): SourceLocation => (found ??= getLocator().locateKey(steps));
    // own enumerable getters, so spreading, JSON and deep equality see line and column
    return Object.defineProperties({ file } as { file: string; line: number; column: number }, {
      line: { enumerable: true, get: () => resolve().line },
      column: { enumerable: true, get: () => resolve().column },
    });
  };
}
