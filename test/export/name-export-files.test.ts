import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { nameExportFiles } from '../../src/export/name-export-files.js';
import { catchAppError } from '../support/catch-app-error.js';

const hashOf = (name: string) => createHash('sha256').update(name).digest('hex').slice(0, 8);

describe('nameExportFiles', () => {
  it('keeps a name that is a safe, lower-case file name as it is', () => {
    expect(nameExportFiles(['payments', 'a_b', 'v1.2-x', 'clé'], 'out')).toEqual(['payments.yaml', 'a_b.yaml', 'v1.2-x.yaml', 'clé.yaml']);
  });

  it('gives every other name a slug and a hash of the exact name, so names that slug alike get files of their own', () => {
    const files = nameExportFiles(['a b', 'a/b', 'a_b', '.hidden', 'x'.repeat(60)], 'out');
    expect(files).toEqual([
      `a_b-${hashOf('a b')}.yaml`,
      `a_b-${hashOf('a/b')}.yaml`,
      'a_b.yaml',
      `_hidden-${hashOf('.hidden')}.yaml`,
      `${'x'.repeat(48)}-${hashOf('x'.repeat(60))}.yaml`,
    ]);
  });

  it('never gives two names files that one case- or normalization-insensitive file system holds as one', () => {
    const names = ['a', 'A', 'straße', 'STRASSE', 'strasse', 'e\u0301', '\u00e9', '\u00c9', 'ǅ', 'ǆ', 'ı', 'i', '\u212a', 'k'];
    const files = nameExportFiles(names, 'out');
    const fold = (file: string) => file.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
    expect(new Set(files.map(fold)).size).toBe(names.length);
    expect(files.slice(0, 2)).toEqual(['a.yaml', `A-${hashOf('A')}.yaml`]);
  });

  it('depends on the name alone, not on the other projects of the run', () => {
    expect(nameExportFiles(['A'], 'out')).toEqual(nameExportFiles(['a', 'A'], 'out').slice(1));
  });

  it('refuses names that still meet, naming both projects and the file, before any file is written', () => {
    const hashed = `a_b-${hashOf('a b')}`;
    const error = catchAppError(() => nameExportFiles(['a b', 'c', hashed], 'out'));
    expect(error.code).toBe('usage');
    expect(error.message).toBe(`Projects "a b" and "${hashed}" would both be written to out/${hashed}.yaml; nothing was written.`);
    expect(error.hint).toContain('-o FILE');
  });
});
