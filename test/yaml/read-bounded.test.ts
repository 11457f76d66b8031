import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { readFileBounded, readStreamBounded } from '../../src/yaml/read-bounded.js';
import { catchAppErrorAsync, describeError, makeTempDir, writeFiles } from '../desired/helpers.js';

describe('readFileBounded', () => {
  it('reads a file at the limit and refuses one byte more', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, { 'at.yaml': Buffer.alloc(200_000, 0x61), 'over.yaml': Buffer.alloc(200_001, 0x61) });
    expect((await readFileBounded(join(dir, 'at.yaml'), 'at.yaml', 200_000)).length).toBe(200_000);
    const error = await catchAppErrorAsync(readFileBounded(join(dir, 'over.yaml'), 'over.yaml', 200_000));
    expect(error.code).toBe('invalid_document');
    expect(describeError(error)).toBe('over.yaml:1:1: The file is larger than 200000 bytes.');
  });
});

describe('readStreamBounded', () => {
  it('concatenates chunks', async () => {
    const stream = Readable.from([Buffer.from('version: '), Buffer.from('1\n')]);
    expect((await readStreamBounded(stream, '-', 100)).toString()).toBe('version: 1\n');
  });

  it('stops at the limit instead of buffering an endless stream', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1024;
        this.push(Buffer.alloc(1024, 0x20));
      },
    });
    const error = await catchAppErrorAsync(readStreamBounded(endless, '-', 10_000));
    endless.destroy();
    expect(describeError(error)).toBe('-:1:1: The file is larger than 10000 bytes.');
    expect(produced).toBeLessThan(100_000);
  });
});
