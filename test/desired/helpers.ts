import { catchAppError } from '../support/catch-app-error.js';
export { catchAppError, catchAppErrorAsync } from '../support/catch-app-error.js';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AppError, formatLocation } from '../../src/common/app-error.js';
import { parseDesiredDocument, type ParsedDocument } from '../../src/desired/parse-desired-document.js';

/** A fresh temporary directory. */
export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'apinizer-keys-desired-'));
}

/** Writes files (paths relative to `dir`), creating parent directories. */
export async function writeFiles(dir: string, files: Readonly<Record<string, string | Uint8Array>>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

/** `file:line:col: message` of an error, the way the CLI prints its first line. */
export function describeError(error: AppError): string {
  return `${error.location ? formatLocation(error.location) : '?'}: ${error.message}`;
}

/** The lines of a file up to the keys of project `payments`: append keys indented by six spaces. */
export const KEY_HEAD = `version: 1
projects:
  payments:
    keys:
`;

/** Parses text as `f.yaml` in `/work`. */
export function parseText(text: string, file = 'f.yaml'): ParsedDocument {
  return parseDesiredDocument({ content: text, file, baseDir: '/work' });
}

/** The first error line and every detail line of parsing `text`. */
export function parseErrors(text: string): { code: string; lines: string[] } {
  const error = catchAppError(() => parseText(text));
  return { code: error.code, lines: [describeError(error), ...error.details] };
}

/** Obviously fake key material: random bytes framed by a TEST marker. */
export function makeFakeSecret(): Buffer {
  const random = Buffer.alloc(24);
  for (let i = 0; i < random.length; i++) random[i] = Math.floor(Math.random() * 256);
  return Buffer.concat([Buffer.from('TEST-ONLY-'), random]);
}

/** PEM-looking text that is no key at all. */
export function makeFakePem(label: string): string {
  const body = Buffer.from(`TEST-ONLY-not-a-real-${label}-`.repeat(3)).toString('base64');
  return `-----BEGIN ${label}-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${label}-----\n`;
}
