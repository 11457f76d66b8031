import { createHash } from 'node:crypto';
import { isAlias, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { AppError, type SourceLocation } from '../common/app-error.js';
import { createViolationsError, isNonEmpty, sortByLocation, type Violation } from './create-violations-error.js';
import { decodeUtf8 } from './decode-utf8.js';
import { getDesiredStateValidator } from './desired-state-schema.js';
import { describeSchemaErrors } from './describe-schema-errors.js';
import { createTooLargeError, MAX_DOCUMENT_BYTES } from './input-limits.js';
import type { DocumentBody } from './document-body.js';
import { findDuplicateKeys } from './find-duplicate-keys.js';
import { findUnsupportedTags } from './find-unsupported-tags.js';
import { describeYamlErrors, sanitizeParserMessage } from './yaml-errors.js';
import { createYamlLocator, type PathSegment, type YamlLocator } from './yaml-locator.js';

/** Aliases a document may resolve. Small, because a few nested aliases can expand exponentially. */
const MAX_ALIAS_COUNT = 100;

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
 * plain-data ones), `invalid_document` for
 * anything the schema rejects, all violations of the file in one error.
 */
export function parseDesiredDocument(input: DocumentInput): ParsedDocument {
  const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw createTooLargeError(input.file, MAX_DOCUMENT_BYTES);
  }
  const text = decodeUtf8(bytes, input.file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const lineCounter = new LineCounter();
  const doc = composeYaml(text, lineCounter, input.file);
  const locator = createYamlLocator(doc, lineCounter, input.file);
  const yamlViolations = sortByLocation(describeYamlErrors(doc.errors, locator, text));
  if (isNonEmpty(yamlViolations)) throw createViolationsError('invalid_yaml', yamlViolations);
  const tagViolations = guardStack(() => findUnsupportedTags(doc, text, locator), locator);
  if (isNonEmpty(tagViolations)) throw createViolationsError('invalid_yaml', tagViolations);
  const duplicates = sortByLocation(guardStack(() => findDuplicateKeys(doc, locator), locator));
  if (isNonEmpty(duplicates)) throw createViolationsError('invalid_yaml', duplicates);

  const data = convertToPlainData(doc, locator);
  checkVersion(data, locator);
  const body = validateBody(data, locator);
  return { file: input.file, baseDir: input.baseDir, sha256, body, locate: (path) => locator.locateKey(path) };
}

function composeYaml(text: string, lineCounter: LineCounter, file: string): Document {
  try {
    // prettyErrors off: its code frames would copy source lines, possibly material, into messages;
    // uniqueKeys off: findDuplicateKeys does the same check in linear time
    return parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  } catch (error) {
    throw unparsable(error, { file, line: 1, column: 1 });
  }
}

function convertToPlainData(doc: Document, locator: YamlLocator): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const location = locateFirstAlias(doc, locator) ?? locator.locateValue([]);
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new AppError({
        code: 'invalid_yaml',
        fault: 'user',
        message: `Aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias uses); refused as a resource exhaustion attack.`,
        hint: 'Write the repeated parts out, or use fewer nested aliases.',
        location,
      });
    }
    throw unparsable(error, location);
  }
}

/** Runs a recursive walk of the document; nesting deep enough to overflow the stack is bad input. */
function guardStack<T>(walk: () => T, locator: YamlLocator): T {
  try {
    return walk();
  } catch (error) {
    throw unparsable(error, locator.locateValue([]));
  }
}

function locateFirstAlias(doc: Document, locator: YamlLocator): SourceLocation | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? undefined : locator.locateOffset(offset);
}

function unparsable(error: unknown, location: SourceLocation): AppError {
  const reason = error instanceof Error ? sanitizeParserMessage(error.message) : 'unknown error';
  return new AppError({ code: 'invalid_yaml', fault: 'user', message: `Invalid YAML: ${reason}.`, location });
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
  const validate = getDesiredStateValidator();
  if (validate(data)) return data as DocumentBody;
  const described = describeSchemaErrors(validate.errors ?? [], data);
  // every violation is located (cheap: the locator indexes mappings) so the ones shown are the first in the file
  const violations: Violation[] = sortByLocation(
    described.map((violation) => ({
      message: violation.message,
      location: violation.at === 'key' ? locator.locateKey(violation.path) : locator.locateValue(violation.path),
    })),
  );
  if (!isNonEmpty(violations)) {
    // ajv rejected the data without an error we can show: still a user error, never a silent pass
    throw new AppError({ code: 'invalid_document', fault: 'user', message: 'The document does not match the schema.', location: locator.locateValue([]), hint: SCHEMA_HINT });
  }
  throw createViolationsError('invalid_document', violations, SCHEMA_HINT);
}
