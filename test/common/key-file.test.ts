import { describe, expect, it } from '@jest/globals';
import { beginsWithPem, holdsPemBlock, readPemLabels } from '../../src/common/key-file.js';
import { makeTestKeyPair } from '../support/test-keys.js';

const KEYS = makeTestKeyPair('key-file');
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('holdsPemBlock and beginsWithPem: two questions about PEM text', () => {
  it.each([
    ['a PEM file', KEYS.publicPem, true, true],
    ['a PEM after blank lines', `\n\n  ${KEYS.publicPem}`, true, true],
    ['a PEM after a comment line (OpenSSL writes "Bag Attributes")', `Bag Attributes\n${KEYS.privatePem}`, true, false],
    ['an HTML page quoting a PEM', `<html><pre>${KEYS.publicPem}</pre></html>`, true, false],
    ['base64 text', Buffer.from('secret').toString('base64'), false, false],
    ['nothing', '', false, false],
  ])('%s: holds a block %s, begins with one %s', (_name, text, holds, begins) => {
    expect(holdsPemBlock(bytes(text))).toBe(holds);
    expect(beginsWithPem(bytes(text))).toBe(begins);
  });

  it('beginsWithPem reads only the first 4 KiB, so a PEM after 4 KiB of padding does not begin the reply', () => {
    expect(beginsWithPem(bytes(`${' '.repeat(4096)}${KEYS.publicPem}`))).toBe(false);
    expect(holdsPemBlock(bytes(`${' '.repeat(4096)}${KEYS.publicPem}`))).toBe(true);
  });

  it('both look at a view into a larger buffer, not the buffer behind it', () => {
    const whole = bytes(`${KEYS.publicPem}tail`);
    const view = whole.subarray(whole.length - 4);
    expect(holdsPemBlock(view)).toBe(false);
    expect(beginsWithPem(view)).toBe(false);
  });

  it('readPemLabels lists every block label in order, and none for what is not PEM', () => {
    expect(readPemLabels(bytes(`${KEYS.publicPem}${KEYS.privatePem}`))).toEqual(['PUBLIC KEY', 'PRIVATE KEY']);
    expect(readPemLabels(bytes('not pem'))).toEqual([]);
  });
});
