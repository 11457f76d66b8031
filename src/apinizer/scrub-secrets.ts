import { REDACTED } from '../common/secret.js';

/** A PEM block (up to its END line, or the end of the text when cut): key material whoever sent it. */
export const PEM_BLOCK = String.raw`-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)`;

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
