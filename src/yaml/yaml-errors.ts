import type { YAMLError } from 'yaml';
import type { Violation } from './create-violations-error.js';
import { redactSecretLike } from './redact-secret-like.js';
import { scanYamlTokens } from './scan-yaml-tokens.js';
import type { YamlLocator } from './yaml-locator.js';

const MAX_MESSAGE_LENGTH = 160;

/** How `yaml` words a flow collection that never ends: `… must be sufficiently indented and end with a ]`, `Expected flow map to end with }`. */
const UNCLOSED_FLOW = /\bend with an? [\]}]/;

/**
 * Located, printable forms of the `yaml` parser's errors. Parser messages can quote
 * source text (`Unexpected … in flow map`), and a file may hold inline key material, so
 * they pass through {@link sanitizeParserMessage}; code frames (`prettyErrors`) are never used.
 * A bracket that is never closed is reported where it opens, not where the input ends.
 */
export function describeYamlErrors(errors: readonly YAMLError[], locator: YamlLocator, text: string): Violation[] {
  const unclosed = errors.some((error) => UNCLOSED_FLOW.test(error.message)) ? describeUnclosedBrackets(text, locator) : [];
  // without a bracket to point at (an under-indented but closed collection), keep the parser's words
  const reported = unclosed.length > 0 ? errors.filter((error) => !UNCLOSED_FLOW.test(error.message)) : errors;
  // The parser can report one fault twice at the same place; print it once.
  const seen = new Set<string>();
  return [
    ...unclosed,
    ...reported.map((error) => ({
      location: locator.locateOffset(error.pos[0]),
      message: `Invalid YAML: ${sanitizeParserMessage(error.message)}.`,
    })),
  ].filter((violation) => {
    const key = JSON.stringify([violation.location, violation.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The outermost bracket left open, as one violation: a forgotten `}}` leaves every bracket
 * inside open too, and one mistake should read as one line. Closing it means closing those.
 */
function describeUnclosedBrackets(text: string, locator: YamlLocator): Violation[] {
  return scanYamlTokens(text)
    .unclosed.slice(0, 1)
    .map(({ offset, bracket }) => ({
      location: locator.locateOffset(offset),
      message:
        bracket === '['
          ? 'Invalid YAML: this [ is never closed; end the flow sequence with ] (lines inside it must be indented).'
          : 'Invalid YAML: this { is never closed; end the flow mapping with } (lines inside it must be indented).',
    }));
}

/** The first line of a parser message, with anything that may be quoted material removed. */
export function sanitizeParserMessage(message: string): string {
  const firstLine = (message.split('\n', 1)[0] ?? '').replace(/[.\s]+$/, '');
  const cleaned = redactSecretLike(firstLine);
  return cleaned.length > MAX_MESSAGE_LENGTH ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH)}…` : cleaned;
}
