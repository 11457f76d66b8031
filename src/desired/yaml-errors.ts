import type { YAMLError } from 'yaml';
import type { Violation } from './create-violations-error.js';
import { redactSecretLike } from './redact-secret-like.js';
import type { YamlLocator } from './yaml-locator.js';

const MAX_MESSAGE_LENGTH = 160;

/**
 * Located, printable forms of the `yaml` parser's errors. Parser messages can quote
 * source text (`Unexpected … in flow map`), and a file may hold inline key material, so
 * they pass through {@link sanitizeParserMessage}; code frames (`prettyErrors`) are never used.
 */
export function describeYamlErrors(errors: readonly YAMLError[], locator: YamlLocator): Violation[] {
  // The parser can report one fault twice at the same place; print it once.
  const seen = new Set<string>();
  return errors
    .map((error) => ({
      location: locator.locateOffset(error.pos[0]),
      message: `Invalid YAML: ${sanitizeParserMessage(error.message)}.`,
    }))
    .filter((violation) => {
      const key = JSON.stringify([violation.location, violation.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The first line of a parser message, with anything that may be quoted material removed. */
export function sanitizeParserMessage(message: string): string {
  const firstLine = (message.split('\n', 1)[0] ?? '').replace(/[.\s]+$/, '');
  const cleaned = redactSecretLike(firstLine);
  return cleaned.length > MAX_MESSAGE_LENGTH ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH)}…` : cleaned;
}
