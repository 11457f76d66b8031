import { open } from 'node:fs/promises';
import { createTooLargeError } from './input-limits.js';

/**
 * Reads a file, refusing it as soon as it proves larger than `limit` bytes, so a wrong
 * path (a log, a disk image) cannot exhaust memory. Reads up to `limit + 1` bytes at most.
 */
export async function readFileBounded(path: string, label: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) throw createTooLargeError(label, limit);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Reads a stream (stdin) to its end under the same bound. */
export async function readStreamBounded(stream: AsyncIterable<unknown>, label: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
    total += buffer.length;
    if (total > limit) throw createTooLargeError(label, limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
