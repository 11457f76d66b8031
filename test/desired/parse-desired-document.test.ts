import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parseDesiredDocument } from '../../src/desired/parse-desired-document.js';
import { KEY_HEAD, parseText } from './helpers.js';

describe('parseDesiredDocument: valid input', () => {
  it('returns the body, hash and locations of a valid file', () => {
    const doc = parseText(`${KEY_HEAD}      jwt:
        type: SECRET_KEY
        algorithm: AES
        environments:
          prod: { content: { env: JWT } }
`);
    expect(doc.body).toEqual({
      version: 1,
      projects: {
        payments: { keys: { jwt: { type: 'SECRET_KEY', algorithm: 'AES', environments: { prod: { content: { env: 'JWT' } } } } } },
      },
    });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.locate(['projects', 'payments', 'keys', 'jwt'])).toEqual({ file: 'f.yaml', line: 5, column: 7 });
    expect(doc.locate(['projects', 'payments', 'keys', 'jwt', 'environments', 'prod'])).toEqual({
      file: 'f.yaml',
      line: 9,
      column: 11,
    });
  });

  it('accepts a project without keys and an empty keys mapping', () => {
    expect(parseText('version: 1\nprojects:\n  a: {}\n  b:\n    keys: {}\n').body.projects).toEqual({ a: {}, b: { keys: {} } });
  });

  it('accepts a byte-order mark and hashes the bytes as given', () => {
    const bytes = Buffer.from('\uFEFFversion: 1\n', 'utf8');
    const doc = parseDesiredDocument({ content: bytes, file: 'bom.yaml', baseDir: '/work' });
    expect(doc.body).toEqual({ version: 1 });
    expect(doc.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('allows names with inner spaces and non-ASCII letters', () => {
    const doc = parseText('version: 1\nprojects:\n  "Ödeme Servisi": {}\n');
    expect(Object.keys(doc.body.projects ?? {})).toEqual(['Ödeme Servisi']);
  });
});
