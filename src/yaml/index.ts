/**
 * Reading user-written YAML (and JSON) files with positions, shared by the desired-state
 * loader and the sandbox seed: bounded bytes → UTF-8 → a plain-data document whose every
 * path can be located `file:line:col` → schema violations in words a user can act on.
 */
export { readYamlDocument, type YamlDocument, type YamlInput } from './read-yaml-document.js';
export { createYamlLocator, type PathSegment, type YamlLocator } from './yaml-locator.js';
export { compileSchema, createSchemaCompiler, type SchemaCompiler } from './compile-schema.js';
export { generateValidatorCode } from './generate-validator-code.js';
export { readDocumentText, type DocumentText } from './read-document-text.js';
export { readPlainYamlFast } from './read-yaml-fast.js';
export { checkAgainstSchema, locateViolations } from './check-against-schema.js';
export type { SchemaViolation } from './describe-schema-errors.js';
export { createViolationsError, isNonEmpty, MAX_SHOWN_VIOLATIONS, sortByLocation, type Violation } from './create-violations-error.js';
export { createTooLargeError, MAX_DOCUMENT_BYTES } from './input-limits.js';
export { readFileBounded, readStreamBounded } from './read-bounded.js';
export { formatPath, quoteAlways, quoteName } from './format-path.js';
export { redactSecretLike } from './redact-secret-like.js';
export { renderSourceExcerpt, MASKED_LINE } from './render-source-excerpt.js';
