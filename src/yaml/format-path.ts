import { redactSecretLike } from './redact-secret-like.js';
import type { PathSegment } from './yaml-locator.js';

const PLAIN_SEGMENT = /^[^\s\p{Cc}."'[\]]+$/u;
const MAX_SEGMENT_LENGTH = 80;

/**
 * A path as users read it: `projects.payments.keys.jwt-signing.type`, `defaults.ignore[0]`.
 * Names that would make the dotted form ambiguous (dots, spaces, control characters) are
 * quoted, and very long ones shortened, so a message stays one readable line.
 */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'document';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
      continue;
    }
    const shown = quoteName(segment);
    text += text === '' ? shown : `.${shown}`;
  }
  return text;
}

/**
 * A path segment as it appears in messages: bare when it is a plain name, otherwise
 * JSON-quoted; shortened if long. A segment with spaces, quotes or line breaks usually
 * comes from a broken line that swallowed its neighbours, so it is also redacted.
 */
export function quoteName(name: string): string {
  return PLAIN_SEGMENT.test(name) ? shortenName(name) : JSON.stringify(shortenName(redactSecretLike(name)));
}

/** A name in double quotes (escaping control characters), shortened if long. */
export function quoteAlways(name: string): string {
  return JSON.stringify(shortenName(name));
}

function shortenName(name: string): string {
  return name.length > MAX_SEGMENT_LENGTH ? `${name.slice(0, MAX_SEGMENT_LENGTH)}…` : name;
}
