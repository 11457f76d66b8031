import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RequestLogEntry, SandboxHandle } from '../../src/sandbox/index.js';

/** Base64 of text, for inline test material (never real keys). */
export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A fresh temporary directory holding the given files (paths relative to it). */
export async function makeWorkdir(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'apinizer-keys-e2e-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** The requests that changed something, as `METHOD path?query` strings in arrival order. */
export function listMutations(sandbox: SandboxHandle): string[] {
  return sandbox
    .requests()
    .filter((request) => request.method !== 'GET')
    .map(describeRequest);
}

/** `METHOD path?query` of a logged request, query keys sorted. */
export function describeRequest(request: RequestLogEntry): string {
  const query = Object.keys(request.query)
    .sort()
    .map((name) => `${name}=${request.query[name]}`)
    .join('&');
  return `${request.method} ${request.path}${query ? `?${query}` : ''}`;
}
