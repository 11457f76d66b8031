import type { Document, LineCounter } from 'yaml';
import { AppError, type SourceLocation } from '../common/app-error.js';
import { createViolationsError, isNonEmpty, sortByLocation } from './create-violations-error.js';
import { findDuplicateKeys } from './find-duplicate-keys.js';
import { findNonStringKeys } from './find-non-string-keys.js';
import { findUnsupportedTags } from './find-unsupported-tags.js';
import { readDocumentText, type YamlInput } from './read-document-text.js';
import { describeYamlErrors, sanitizeParserMessage } from './yaml-errors.js';
import { createYamlLocator, type YamlLocator } from './yaml-locator.js';
import { loadYaml } from './yaml-runtime.js';
import { renderSourceExcerpt } from './render-source-excerpt.js';

export type { YamlInput } from './read-document-text.js';

/** Aliases a document may resolve. Small, because a few nested aliases can expand exponentially. */
const MAX_ALIAS_COUNT = 100;

/** Why a key that looks like a name is not one; each problem's message says how to fix it. */
const NON_STRING_KEY_HINT =
  'YAML reads unquoted numbers, true/false, null and ~ as values, not text; a quoted key is kept exactly as written.';

/** One YAML document as plain data, with the means to say where any part of it is written. */
export interface YamlDocument {
  /** The document as JSON-like data: mappings, lists, strings, numbers, booleans and null. */
  readonly data: unknown;
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
  /** Turns paths into the data (e.g. from schema errors) into `file:line:col`. */
  readonly locator: YamlLocator;
  /** The decoded text, to quote a line of it in an error ({@link renderSourceExcerpt}, which masks material). */
  readonly text: string;
}

/**
 * Reads one YAML (or JSON) document with source positions, refusing what would make a
 * plain-data file dangerous or confusing. Pure: no file system. Guarantees:
 * - at most 5 MiB (`invalid_document`), valid UTF-8 (both checked by {@link readDocumentText});
 * - syntax errors located, an unclosed bracket where it opens, parser text scrubbed of
 *   anything that may be key material;
 * - only plain-data tags, every mapping key a string (an unquoted `1.10` would silently
 *   name `1.1`), no key twice in one mapping, aliases expanding at most
 *   {@link MAX_ALIAS_COUNT} times (alias bombs);
 * - every problem of a stage in one error, at most 50 of them printed.
 * @throws AppError `invalid_yaml` (or `invalid_document` for size) located `file:line:col`.
 */
export function readYamlDocument(input: YamlInput): YamlDocument {
  const { text, sha256 } = readDocumentText(input);
  const lineCounter = new (loadYaml().LineCounter)();
  const doc = composeYaml(text, lineCounter, input.file);
  const locator = createYamlLocator(doc, lineCounter, input.file);
  const yamlViolations = sortByLocation(describeYamlErrors(doc.errors, locator, text));
  if (isNonEmpty(yamlViolations)) throw createViolationsError('invalid_yaml', yamlViolations, undefined, text);
  const tagViolations = guardStack(() => findUnsupportedTags(doc, text, locator), locator);
  if (isNonEmpty(tagViolations)) throw createViolationsError('invalid_yaml', tagViolations, undefined, text);
  // before duplicates: once every key is a string, keys compare as written
  const nonStringKeys = sortByLocation(guardStack(() => findNonStringKeys(doc, text, locator), locator));
  if (isNonEmpty(nonStringKeys)) throw createViolationsError('invalid_yaml', nonStringKeys, NON_STRING_KEY_HINT, text);
  const duplicates = sortByLocation(guardStack(() => findDuplicateKeys(doc, locator), locator));
  if (isNonEmpty(duplicates)) throw createViolationsError('invalid_yaml', duplicates, undefined, text);

  return { data: convertToPlainData(doc, locator, text), sha256, locator, text };
}

function composeYaml(text: string, lineCounter: LineCounter, file: string): Document {
  try {
    // prettyErrors off: its code frames would copy source lines, possibly material, into messages;
    // uniqueKeys off: findDuplicateKeys does the same check in linear time
    return loadYaml().parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  } catch (error) {
    throw unparsable(error, { file, line: 1, column: 1 });
  }
}

function convertToPlainData(doc: Document, locator: YamlLocator, text: string): unknown {
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
        excerpt: renderSourceExcerpt(text, location),
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
  const { isAlias, visit } = loadYaml();
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
