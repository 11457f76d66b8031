import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

const require = createRequire(import.meta.url);

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on first use. Why not a static import: the happy path reads
 * files with the fast parser and never needs it, and loading it costs ~20–40 ms of every
 * start-up. A synchronous require keeps position lookups synchronous (they run inside
 * getters of lazily located entries). Symbols mark `yaml`'s node types, so its `isMap` and
 * friends also recognise nodes made by an ESM import of the package elsewhere.
 */
export function loadYaml(): typeof Yaml {
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}
