import { REDACTED } from '../common/secret.js';

/** A PEM block (up to its END line, or the end of the text when cut): key material whoever sent it. */
export const PEM_BLOCK = String.raw`-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)`;

/** A run of base64 or base64url characters long enough to carry material (a 256-bit key is 44). */
const LONG_RUN = /[A-Za-z0-9+/_=-]{40,}/g;
/** A base64 run on the line after scrubbed material (a wrapped value's last line). */
const CONTINUATION = new RegExp(`${REDACTED.replace(/[()]/g, '\\$&')}(\\r?\\n[ \\t]*)[A-Za-z0-9+/_-]+={0,2}(?![A-Za-z0-9+/_=-])`, 'g');
/** Changes between upper case, lower case, digits and others per character; random base64 has ~0.65. */
const MIN_CHANGE_RATE = 0.4;
/** Values up to this long (tokens, passwords) are also looked for inside base64 of a larger text. */
const MAX_EMBEDDED_LENGTH = 4096;

/**
 * Replaces text that looks like key material, wherever it came from: a PEM block (whole or
 * cut), and a long base64 or base64url run. A Manager can quote material the request did not
 * carry in exactly that form: the start of a value cut by Jackson ("...[truncated N chars]"),
 * base64 re-wrapped at 76 characters, a base64url slice, a stored ZIP.
 */
export function scrubMaterialLike(text: string): string {
  const scrubbed = text
    .replace(new RegExp(PEM_BLOCK, 'g'), '(PEM block removed)')
    .replace(LONG_RUN, (run) => (isMaterialLike(run) ? REDACTED : run));
  // Wrapped material ends in a line of any length: the short last line of a value cut into
  // lines goes with the lines before it.
  return scrubbed.includes(REDACTED) ? scrubbed.replace(CONTINUATION, `${REDACTED}$1${REDACTED}`) : scrubbed;
}

/**
 * Random base64 mixes upper case, lower case and digits and changes between them at about
 * two characters in three; paths, UUIDs and hex ids (no upper case), hyphenated names and Java
 * class names (a change every few letters) do not, and stay readable. Measured: a slice of
 * material passes for a name about 3 times in 1,000 at 40 characters, once in 10,000 at 64,
 * practically never at 128 (and a line right after scrubbed material goes with it anyway).
 */
function isMaterialLike(run: string): boolean {
  if (!/[A-Z]/.test(run) || !/[a-z]/.test(run) || !/[0-9]/.test(run)) return false;
  let changes = 0;
  for (let index = 1; index < run.length; index += 1) if (classOf(run[index - 1]!) !== classOf(run[index]!)) changes += 1;
  return changes >= MIN_CHANGE_RATE * run.length;
}

function classOf(character: string): number {
  if (character >= 'a' && character <= 'z') return 0;
  if (character >= 'A' && character <= 'Z') return 1;
  return character >= '0' && character <= '9' ? 2 : 3;
}

/** Shorter values would mangle ordinary words and can not be meaningful credentials or material. */
const MIN_SECRET_LENGTH = 8;
/** PEM body lines shorter than this (the last line of a body) are too common to scrub safely. */
const MIN_FRAGMENT_LENGTH = 16;
/** Base64 this short or shorter is not decoded: an 8-byte DES key is 12 characters. */
const MIN_BASE64_LENGTH = 8;

/**
 * Every form in which a value the request carried may come back in a Manager's or proxy's
 * text: as sent, URL-encoded, base64url, and — for base64 material — decoded (the PEM text,
 * each PEM body line, the body without line breaks). Matching is case-insensitive, so a
 * lower-cased `bearer <token>` is caught too.
 */
export function expandSecretForms(value: string): string[] {
  const forms = new Set<string>();
  const addEncodings = (text: string): void => {
    forms.add(text);
    forms.add(encodeURIComponent(text));
    // Form bodies (the token endpoint's) encode spaces as + and leave !'()~ alone.
    forms.add(new URLSearchParams({ s: text }).toString().slice(2));
  };
  addEncodings(value);
  forms.add(toBase64Url(value));
  if (value.length <= MAX_EMBEDDED_LENGTH) for (const form of listEmbeddedBase64(value)) forms.add(form);
  if (isBase64(value)) {
    const bytes = Buffer.from(value, 'base64');
    const decoded = bytes.toString('utf8');
    addEncodings(decoded);
    forms.add(bytes.toString('hex'));
    for (const line of decoded.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length >= MIN_FRAGMENT_LENGTH && !trimmed.startsWith('-----')) addEncodings(trimmed);
    }
    const body = readPemBody(decoded);
    if (body !== undefined) {
      addEncodings(body);
      forms.add(toBase64Url(body));
    }
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH || (form === value && form.length >= 4));
}

/**
 * Replaces every form of every secret in a text with the redaction marker. Longest forms
 * first, so a PEM text is removed whole before its lines are looked for.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text === '') return text;
  const forms = [...new Set(secrets.flatMap(expandSecretForms))].sort((a, b) => b.length - a.length);
  let result = text;
  for (const form of forms) result = replaceAllIgnoringCase(result, form);
  return result;
}

function replaceAllIgnoringCase(text: string, needle: string): string {
  const haystack = text.toLowerCase();
  const lowered = needle.toLowerCase();
  // toLowerCase keeps lengths for the ASCII that tokens and base64 are made of; for other
  // text a length change would shift indexes, so fall back to an exact match there.
  if (haystack.length !== text.length || lowered.length !== needle.length) return text.split(needle).join(REDACTED);
  let index = haystack.indexOf(lowered);
  if (index === -1) return text;
  let result = '';
  let from = 0;
  while (index !== -1) {
    result += text.slice(from, index) + REDACTED;
    from = index + needle.length;
    index = haystack.indexOf(lowered, from);
  }
  return result + text.slice(from);
}

/**
 * The characters that stand for a value inside the base64 of a larger text (a form body, a
 * Basic header, a JSON document), at each of the three byte offsets it can start at: only
 * the characters made of the value's bits alone, so they match whatever surrounds it.
 */
function listEmbeddedBase64(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    return encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
  });
}

function isBase64(value: string): boolean {
  return value.length >= MIN_BASE64_LENGTH && /^[A-Za-z0-9+/]+={0,2}$/.test(value);
}

function toBase64Url(value: string): string {
  return value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The base64 body of the first PEM block, joined without line breaks. */
function readPemBody(text: string): string | undefined {
  const match = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(text);
  if (match === null) return undefined;
  const body = (match[1] ?? '').replace(/\s+/g, '');
  return body.length >= MIN_FRAGMENT_LENGTH ? body : undefined;
}
