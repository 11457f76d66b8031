import { redactSecretLike } from './redact-secret-like.js';

/** Longest stretch of a source line shown; longer lines are cut around the column. */
const MAX_SHOWN_WIDTH = 120;

/**
 * Keys whose values are, or lead to, secrets in the files this reader serves: material
 * (`environments` of a key, `content`, `base64`, the legacy `privateKey`/`publicKey`) and
 * the sandbox seed's tokens and passwords. A key within two edits of one of these counts
 * too: a misspelt `contnt:` holds material just the same, and is exactly the line an error
 * points at.
 */
const SECRET_KEYS = ['environments', 'content', 'base64', 'token', 'tokens', 'password', 'secret', 'privatekey', 'publickey'];

/** A mapping key as written on a line: a word before `:` (quoted or not). */
const KEY_ON_LINE = /([A-Za-z_][\w-]*)["']?\s*:/g;

/** A `content:` that names where material is, not the material: `content: { file: keys/a.pem }`, `{ env: VAR }`. */
const CONTENT_REFERENCE = /^\s*(?:-\s+)?\{?\s*content\s*:\s*\{\s*(?:file|env)\s*:\s*[^\s,{}"'#]+\s*\}\s*\}?\s*(?:#.*)?$/;

/** What a masked line shows instead of its text. */
export const MASKED_LINE = '(line not shown: it may hold key material)';

/**
 * The source line of a location with a caret under its column, as compilers print it:
 *
 * ```
 *    7 |       descriptin: Signs tokens
 *      |       ^
 * ```
 *
 * Never echoes what may be key material: a line that has, or sits (by indentation) under,
 * a key named like `environments`, `content`, `base64`, a token or a password (misspelt
 * by up to two letters included), or that holds a run that looks like base64 material, is
 * replaced by {@link MASKED_LINE} and gets no caret. A lone `content:` that only names a
 * `file:` or `env:` source is shown. Control characters show as `?`, so the
 * caret stays aligned and nothing reaches the terminal raw. Pure; empty for a line the text
 * does not have.
 */
export function renderSourceExcerpt(text: string, location: { readonly line: number; readonly column: number }): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  const source = lines[location.line - 1];
  if (source === undefined) return [];
  const gutter = String(location.line);
  const blank = ' '.repeat(gutter.length);
  if (mayHoldMaterial(lines, location.line - 1)) return [`  ${gutter} | ${MASKED_LINE}`];
  // Control characters (and tabs, shown as one space) would shift the caret or reach the terminal raw.
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const printable = source.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => (ch === '\t' ? ' ' : '?'));
  const column = Math.min(Math.max(location.column, 1), printable.length + 1);
  const start = Math.max(0, Math.min(column - 1 - Math.floor(MAX_SHOWN_WIDTH / 2), printable.length - MAX_SHOWN_WIDTH));
  const end = Math.min(printable.length, start + MAX_SHOWN_WIDTH);
  const head = start > 0 ? '…' : '';
  const tail = end < printable.length ? '…' : '';
  const shown = `${head}${printable.slice(start, end)}${tail}`.trimEnd();
  const caret = `${' '.repeat(head.length + column - 1 - start)}^`;
  return [`  ${gutter} | ${shown}`, `  ${blank} | ${caret}`];
}

/** Whether line `index`, or a line it is nested under, may carry material. */
function mayHoldMaterial(lines: readonly string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (redactSecretLike(line) !== line || namesSecret(line)) return true;
  let indent = indentOf(line);
  for (let i = index - 1; i >= 0 && indent > 0; i -= 1) {
    const above = lines[i] ?? '';
    if (/^\s*(?:#.*)?$/.test(above)) continue;
    const aboveIndent = indentOf(above);
    if (aboveIndent >= indent) continue;
    if (namesSecret(above)) return true;
    indent = aboveIndent;
  }
  return false;
}

function namesSecret(line: string): boolean {
  if (CONTENT_REFERENCE.test(line)) return false;
  for (const match of line.matchAll(KEY_ON_LINE)) {
    const key = (match[1] ?? '').toLowerCase();
    if (SECRET_KEYS.some((word) => isNear(key, word))) return true;
  }
  return false;
}

/** Within two edits (one for words of five letters or fewer, so `name` and `type` stay clear of `token`). */
function isNear(key: string, word: string): boolean {
  const allowed = word.length <= 5 ? 1 : 2;
  if (Math.abs(key.length - word.length) > allowed) return false;
  return editDistance(key, word) <= allowed;
}

/** Levenshtein distance; both strings are short keys. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function indentOf(line: string): number {
  return /^[ \t-]*/.exec(line)?.[0].length ?? 0;
}
