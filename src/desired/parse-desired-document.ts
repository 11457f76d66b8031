import { AppError, type SourceLocation } from '../common/app-error.js';
import {
  checkAgainstSchema,
  createViolationsError,
  isNonEmpty,
  locateViolations,
  readYamlDocument,
  type PathSegment,
  type YamlLocator,
} from '../yaml/index.js';
import { getDesiredStateValidator } from './desired-state-schema.js';
import type { DocumentBody } from './document-body.js';

const SCHEMA_HINT = 'See schemas/desired-state.schema.json for the file format.';

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
 * that are not UTF-8 YAML (or expand too far through aliases, or carry tags other than the
 * plain-data ones; see {@link readYamlDocument}), `invalid_document` for
 * anything the schema rejects, all violations of the file in one error.
 */
export function parseDesiredDocument(input: DocumentInput): ParsedDocument {
  const { data, sha256, locator } = readYamlDocument(input);
  checkVersion(data, locator);
  const body = validateBody(data, locator);
  return { file: input.file, baseDir: input.baseDir, sha256, body, locate: (path) => locator.locateKey(path) };
}

/** A newer format gets one clear message instead of a list of schema violations. */
function checkVersion(data: unknown, locator: YamlLocator): void {
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'version')) return;
  const version: unknown = (data as Record<string, unknown>).version;
  if (typeof version !== 'number' || version === 1) return;
  throw new AppError({
    code: 'invalid_document',
    fault: 'user',
    message: `version ${version} is not supported; this apinizer-keys reads version 1.`,
    hint: version > 1 ? 'Upgrade apinizer-keys to read this file.' : 'Set `version: 1`.',
    location: locator.locateValue(['version']),
  });
}

function validateBody(data: unknown, locator: YamlLocator): DocumentBody {
  const violations = locateViolations(checkAgainstSchema(getDesiredStateValidator(), data), locator);
  if (!isNonEmpty(violations)) return data as DocumentBody;
  throw createViolationsError('invalid_document', violations, SCHEMA_HINT);
}
