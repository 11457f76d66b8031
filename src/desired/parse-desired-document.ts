import { AppError, type SourceLocation } from '../common/app-error.js';
import { schemaUrl } from '../common/schema-url.js';
import {
  checkAgainstSchema,
  createViolationsError,
  isNonEmpty,
  locateViolations,
  readDocumentText,
  readPlainYamlFast,
  readYamlDocument,
  renderSourceExcerpt,
  type PathSegment,
  type YamlLocator,
} from '../yaml/index.js';
import { createLazyLocate } from './create-lazy-locate.js';
import { getDesiredStateValidator } from './desired-state-schema.js';
import type { DocumentBody } from './document-body.js';

const SCHEMA_HINT = `See ${schemaUrl('desired-state')} for the file format.`;

/** One input file, parsed and validated, not yet merged with the others. */
export interface ParsedDocument {
  /** The file as the user named it (`-` for stdin). */
  readonly file: string;
  /** Absolute directory that `file:` content paths are relative to. */
  readonly baseDir: string;
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
  readonly body: DocumentBody;
  /** Where the entry at `path` is declared (its key), e.g. `['projects', 'payments', 'keys', 'jwt']`. */
  locate(path: readonly PathSegment[]): SourceLocation;
}

/** What {@link parseDesiredDocument} reads. */
export interface DocumentInput {
  /** The file's bytes (must be UTF-8), or text already decoded. */
  readonly content: Uint8Array | string;
  /** Label used in locations and messages. */
  readonly file: string;
  /** Absolute directory that `file:` content paths are relative to. */
  readonly baseDir: string;
}

/**
 * Parses and validates one desired-state file. Pure: no file system, no environment.
 * Throws an {@link AppError} with a location for every problem: `invalid_yaml` for bytes
 * that are not UTF-8 YAML (or expand too far through aliases, carry tags other than the
 * plain-data ones, or have a mapping key that is no string, such as an unquoted `1.10`; see
 * {@link readYamlDocument}), `invalid_document` for
 * anything the schema rejects, all violations of the file in one error.
 *
 * Two paths, one answer. The fast one (js-yaml, no positions) takes a file only when it
 * parses, passes the version check and the schema, and holds nothing the two parsers could
 * read differently; its locations are worked out if and when something reads them. Every
 * other file, and so every error, goes through the position-keeping reader, which decides.
 */
export function parseDesiredDocument(input: DocumentInput): ParsedDocument {
  return parseWithoutPositions(input) ?? parseWithPositions(input);
}

/**
 * The fast path alone: the document, or undefined when the position-keeping reader must
 * decide (it never words an error of its own, except size and UTF-8, which both paths
 * share). Exported for the test that holds the two paths to the same answers.
 */
export function parseWithoutPositions(input: DocumentInput): ParsedDocument | undefined {
  // size and UTF-8 errors are the same on both paths: the same function throws them
  const { text, sha256 } = readDocumentText(input);
  const fast = readPlainYamlFast(text);
  if (!fast || !hasReadableVersion(fast.data) || !getDesiredStateValidator()(fast.data)) return undefined;
  const locate = createLazyLocate(input.file, () => readYamlDocument(input).locator);
  return { file: input.file, baseDir: input.baseDir, sha256, body: fast.data as DocumentBody, locate };
}

/** The position-keeping path alone: the reference reader, which also words every error. */
export function parseWithPositions(input: DocumentInput): ParsedDocument {
  const { data, sha256, locator, text } = readYamlDocument(input);
  checkVersion(data, locator, text);
  const body = validateBody(data, locator, text);
  return { file: input.file, baseDir: input.baseDir, sha256, body, locate: (path) => locator.locateKey(path) };
}

/** Whether {@link checkVersion} lets `data` through. */
function hasReadableVersion(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'version')) return true;
  const version: unknown = (data as Record<string, unknown>).version;
  return typeof version !== 'number' || version === 1;
}

/** A newer format gets one clear message instead of a list of schema violations. */
function checkVersion(data: unknown, locator: YamlLocator, text: string): void {
  if (hasReadableVersion(data)) return;
  const version = (data as Record<string, unknown>).version as number;
  const location = locator.locateValue(['version']);
  throw new AppError({
    code: 'invalid_document',
    fault: 'user',
    message: `version ${version} is not supported; this apinizer-keys reads version 1.`,
    hint: version > 1 ? 'Upgrade apinizer-keys to read this file.' : 'Set `version: 1`.',
    location,
    excerpt: renderSourceExcerpt(text, location),
  });
}

function validateBody(data: unknown, locator: YamlLocator, text: string): DocumentBody {
  const violations = locateViolations(checkAgainstSchema(getDesiredStateValidator(), data), locator);
  if (!isNonEmpty(violations)) return data as DocumentBody;
  throw createViolationsError('invalid_document', violations, SCHEMA_HINT, text);
}
