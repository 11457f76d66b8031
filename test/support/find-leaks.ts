/**
 * The one secret-leak finder of the end-to-end tests: every form in which a secret could
 * leave the process, and a scan of a text for any of them.
 */
import { createHash, randomBytes } from 'node:crypto';

/** How long a window of a secret must be to count as a leak. */
export const LEAK_WINDOW = 16;

/** Random test-only text: unique enough that any {@link LEAK_WINDOW}-character window of it names it. */
export function randomSecret(prefix: string, bytes = 24): string {
  return `${prefix}-${randomBytes(bytes).toString('hex')}`;
}

/** Base64 of UTF-8 text. */
function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The base64 body of each PEM block in `text`, joined without line breaks (the DER as base64). */
function listPemBodies(text: string): string[] {
  const bodies: string[] = [];
  for (const match of text.matchAll(/-----BEGIN [^-]+-----\r?\n([\s\S]*?)\r?\n-----END [^-]+-----/g)) {
    bodies.push(match[1]!.replace(/\s+/g, ''));
  }
  return bodies;
}

/** The body lines of each PEM block in `text` (as a tool quoting a key file line by line would print them). */
function listPemBodyLines(text: string): string[] {
  return listPemBodies(text).length === 0
    ? []
    : text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length >= LEAK_WINDOW && !line.startsWith('-----'));
}

/**
 * Every form in which a secret could leak: the text (and trimmed), its base64 (padded, not
 * padded, URL-safe), its URL encoding (and that of its base64), its hex SHA-256, for PEM text
 * each body line and the body as one line, and every window of {@link LEAK_WINDOW} characters
 * of each of those encodings (any longer substring contains one of them).
 */
export function leakNeedles(text: string): string[] {
  const base64 = toBase64(text);
  const base64url = base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const encodings = [text, base64, base64url, encodeURIComponent(text), encodeURIComponent(base64), ...listPemBodies(text)];
  const whole = [
    ...encodings,
    text.trim(),
    base64.replace(/=+$/, ''),
    createHash('sha256').update(text).digest('hex'),
    ...listPemBodyLines(text),
  ];
  const windows = new Set<string>();
  for (const form of encodings) {
    for (let i = 0; i + LEAK_WINDOW <= form.length; i++) {
      const window = form.slice(i, i + LEAK_WINDOW);
      if (window.trim().length === LEAK_WINDOW) windows.add(window);
    }
  }
  return [...new Set([...whole.filter((form) => form.trim() !== ''), ...windows])];
}

const needleCache = new Map<string, string[]>();

/** Which secrets (by label) appear in `text` in any form, each with the first needle found. */
export function findLeaks(text: string, secrets: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    let needles = needleCache.get(secret);
    if (!needles) needleCache.set(secret, (needles = leakNeedles(secret)));
    const needle = needles.find((candidate) => text.includes(candidate));
    if (needle !== undefined) found.push(`${label} (as ${JSON.stringify(needle)})`);
  }
  return found;
}

/** Throws, naming `where`, each leaked secret and the text, if `text` holds any of `secrets` in any form. */
export function expectNoLeaks(text: string, secrets: Readonly<Record<string, string>>, where: string): void {
  const leaks = findLeaks(text, secrets);
  if (leaks.length > 0) throw new Error(`${where}: leaked ${leaks.join(', ')}\n--- text:\n${text}`);
}
