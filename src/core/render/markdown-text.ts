/**
 * Putting untrusted text (key, project and JWK names, messages, a caller's title) into
 * GitHub/GitLab Markdown. All lengths are UTF-16 code units (`string.length`).
 */
import { printableLine } from './printable.js';

/** Punctuation with inline meaning (code, emphasis, links, strikethrough, math, table cells): backslash-escaped. */
const BACKSLASHED = new Set(['\\', '`', '*', '_', '[', ']', '~', '#', '$', '|']);

/** HTML-significant characters become entities, so no raw `<tag` ever reaches the page. */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

const ZERO_WIDTH_SPACE = '\u200b';
const ELLIPSIS = '…';

/**
 * One code point of text as Markdown. Line breaks become `\n` (a raw one would end a
 * table row), and `@name` gets a zero-width space after the `@`, so a key named like a
 * GitHub user or team does not notify anyone.
 */
function escapeCodePoint(ch: string, next: string | undefined): string {
  // Line breaks and other control characters (invisible on the page, not in a copy of it) are
  // shown as escapes, as in the text output: a name with a newline cannot look like two rows.
  if (ch !== '\t' && printableLine(ch) !== ch) return printableLine(ch);
  const entity = ENTITIES[ch];
  if (entity !== undefined) return entity;
  if (BACKSLASHED.has(ch)) return `\\${ch}`;
  if (ch === '@' && next !== undefined && /^[\p{L}\p{N}]/u.test(next)) return `@${ZERO_WIDTH_SPACE}`;
  return ch;
}

/**
 * Text shown literally in Markdown inline content, table cells included: nothing it holds
 * can start a tag, a link, emphasis, a code span, a new table cell or a new line. When the
 * escaped form is longer than `limit`, it is cut on a code point boundary (never inside an
 * escape) and ends with `…`; the result is then at most `limit` long.
 */
export function escapeMarkdownText(text: string, limit = Number.POSITIVE_INFINITY): string {
  const chars = Array.from(text);
  const pieces = chars.map((ch, i) => escapeCodePoint(ch, chars[i + 1]));
  const full = pieces.join('');
  if (full.length <= limit) return full;
  let out = '';
  for (const piece of pieces) {
    if (out.length + piece.length + ELLIPSIS.length > limit) break;
    out += piece;
  }
  return `${out}${ELLIPSIS}`;
}

/**
 * Like {@link escapeMarkdownText}, for text that starts a line after a list marker: a
 * leading `-`, `+`, `=`, digit or blank would otherwise open a nested list or code block.
 */
export function escapeMarkdownLineStart(text: string, limit = Number.POSITIVE_INFINITY): string {
  // The leading escape adds at most 4 characters (`7` becomes `&#55;`).
  const escaped = escapeMarkdownText(text, limit - 4);
  const first = escaped[0];
  if (first === undefined) return escaped;
  if (/[-+=]/.test(first)) return `\\${escaped}`;
  if (/[0-9 \t]/.test(first)) return `&#${first.charCodeAt(0)};${escaped.slice(1)}`;
  return escaped;
}

/** A backtick fence longer than any backtick run in `content`, so the content cannot close it. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** `content` in a fenced code block of the given info string (`diff`). */
export function fencedBlock(info: string, content: string): string {
  const fence = fenceFor(content);
  return `${fence}${info}\n${content}\n${fence}`;
}
