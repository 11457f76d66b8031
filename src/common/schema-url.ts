import { VERSION } from './version.js';

/** The file formats whose JSON Schemas ship in the package's `schemas/` folder. */
export type SchemaName = 'desired-state' | 'doctor-report' | 'plan' | 'recording' | 'sandbox-seed' | 'validate-result';

/**
 * Where a schema of this version is published: the package's own file on unpkg, which serves
 * every published version of a package at a URL that never changes. It is each schema's
 * `$id` (a test keeps the two in step with package.json), what `export` writes for editors in
 * its `# yaml-language-server: $schema=` line, and what error messages point to.
 */
export function schemaUrl(name: SchemaName): string {
  return `https://unpkg.com/apinizer-keys@${VERSION}/schemas/${name}.schema.json`;
}
