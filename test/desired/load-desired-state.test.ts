import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Secret } from '../../src/common/secret.js';
import type { DesiredState } from '../../src/core/model/desired-state.js';
import { loadDesiredState } from '../../src/desired/load-desired-state.js';
import { catchAppErrorAsync, describeError, makeTempDir, writeFiles } from './helpers.js';

const FULL = fileURLToPath(new URL('./fixtures/full', import.meta.url));
const INLINE_MATERIAL = 'VEVTVC1TRUNSRVQtbm90LWEtcmVhbC1rZXk=';

function at(line: number, column: number, file = 'apinizer-keys.yaml'): { file: string; line: number; column: number } {
  return { file, line, column };
}

describe('loadDesiredState: the full example', () => {
  it('reads apinizer-keys.yaml from cwd into the expected desired state', async () => {
    const state = await loadDesiredState({ files: [], cwd: FULL });
    const bytes = await readFile(join(FULL, 'apinizer-keys.yaml'));
    const expected: DesiredState = {
      defaults: {
        jwkDeleteAction: 'NULLIFY',
        jwkUpdateAction: 'NULLIFY',
        updateScope: 'SAME_PROJECT',
        prune: true,
        ignore: ['tmp-*'],
        protect: ['root-*'],
        maxDeletions: 5,
      },
      projects: [
        { name: 'billing', settings: {}, keys: [], location: at(35, 3) },
        {
          name: 'payments',
          settings: { jwkDeleteAction: 'DELETE', allowEmpty: false },
          location: at(12, 3),
          keys: [
            {
              project: 'payments',
              name: 'jwt-signing',
              state: 'present',
              type: 'PRIVATE_KEY',
              description: 'Signs access tokens',
              protect: true,
              jwkUpdateAction: 'UPDATE',
              location: at(21, 7),
              environments: [
                {
                  name: 'production',
                  alias: 'signing',
                  content: { kind: 'file', path: 'keys/prod-jwt.pem', resolvedPath: join(FULL, 'keys/prod-jwt.pem') },
                  location: at(29, 11),
                },
                { name: 'staging', content: { kind: 'env', name: 'STAGING_JWT_KEY' }, location: at(27, 11) },
              ],
            },
            {
              project: 'payments',
              name: 'legacy-signing',
              state: 'absent',
              description: '',
              jwkDeleteAction: 'DELETE',
              environments: [],
              location: at(32, 7),
            },
            {
              project: 'payments',
              name: 'partner-hmac',
              state: 'present',
              type: 'SECRET_KEY',
              algorithm: 'AES',
              description: '',
              location: at(16, 7),
              environments: [{ name: 'production', content: { kind: 'base64', value: new Secret(INLINE_MATERIAL) }, location: at(20, 11) }],
            },
          ],
        },
      ],
      documents: [{ file: 'apinizer-keys.yaml', sha256: createHash('sha256').update(bytes).digest('hex') }],
    };
    expect(state).toEqual(expected);
  });

  it('wraps inline base64 in a Secret that never prints', async () => {
    const state = await loadDesiredState({ files: [], cwd: FULL });
    const content = state.projects[1]?.keys[2]?.environments[0]?.content;
    // toEqual cannot see a Secret's private value, so compare it explicitly
    expect(content?.kind).toBe('base64');
    expect(content?.kind === 'base64' ? content.value.reveal() : undefined).toBe(INLINE_MATERIAL);
    expect(JSON.stringify(state)).not.toContain(INLINE_MATERIAL);
    expect(JSON.stringify(state)).toContain('(sensitive)');
  });
});

const KEY = (name: string, env = 'VAR'): string =>
  `      ${name}:\n        type: SECRET_KEY\n        algorithm: AES\n        environments:\n          prod: { content: { env: ${env} } }\n`;

describe('loadDesiredState: inputs', () => {
  it("reads a directory's YAML files sorted by name, skipping other and hidden files", async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, {
      'conf/b.yml': `version: 1\nprojects:\n  p:\n    keys:\n${KEY('from-b')}`,
      'conf/a.yaml': `version: 1\nprojects:\n  p:\n    prune: false\n    keys:\n${KEY('from-a')}`,
      'conf/c.txt': 'not yaml',
      'conf/.hidden.yaml': 'garbage: [',
      'conf/nested/d.yaml': 'garbage: [',
    });
    const state = await loadDesiredState({ files: ['conf'], cwd: dir });
    expect(state.documents.map((document) => document.file)).toEqual(['conf/a.yaml', 'conf/b.yml']);
    expect(state.projects).toHaveLength(1);
    expect(state.projects[0]?.settings).toEqual({ prune: false });
    expect(state.projects[0]?.keys.map((key) => [key.name, key.location.file])).toEqual([
      ['from-a', 'conf/a.yaml'],
      ['from-b', 'conf/b.yml'],
    ]);
  });

  it('reads standard input, resolving its file paths against cwd', async () => {
    const dir = await makeTempDir();
    const text =
      'version: 1\nprojects:\n  p:\n    keys:\n      k:\n        type: PUBLIC_KEY\n        environments:\n          e: { content: { file: k.pem } }\n';
    const state = await loadDesiredState({ files: ['-'], cwd: dir, readStdin: () => Promise.resolve(Buffer.from(text)) });
    expect(state.documents).toEqual([{ file: '-', sha256: createHash('sha256').update(text).digest('hex') }]);
    const environment = state.projects[0]?.keys[0]?.environments[0];
    expect(environment?.content).toEqual({ kind: 'file', path: 'k.pem', resolvedPath: join(dir, 'k.pem') });
    expect(environment?.location).toEqual({ file: '-', line: 8, column: 11 });
  });

  it("resolves file paths against the declaring file's own directory", async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, {
      'teams/pay/keys.yaml':
        'version: 1\nprojects:\n  p:\n    keys:\n      k:\n        type: PUBLIC_KEY\n        environments:\n          e: { content: { file: ../shared/k.pem } }\n',
    });
    const state = await loadDesiredState({ files: ['teams/pay/keys.yaml'], cwd: dir });
    expect(state.projects[0]?.keys[0]?.environments[0]?.content).toEqual({
      kind: 'file',
      path: '../shared/k.pem',
      resolvedPath: join(dir, 'teams/shared/k.pem'),
    });
  });

  it('reads a file named twice only once', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, { 'k/a.yaml': `version: 1\nprojects:\n  p:\n    keys:\n${KEY('k')}` });
    const state = await loadDesiredState({ files: ['k/a.yaml', 'k'], cwd: dir });
    expect(state.documents.map((document) => document.file)).toEqual(['k/a.yaml']);
  });

  it('says how to start when apinizer-keys.yaml is missing', async () => {
    const dir = await makeTempDir();
    const error = await catchAppErrorAsync(loadDesiredState({ files: [], cwd: dir }));
    expect(error.code).toBe('usage');
    expect(error.message).toBe(`No apinizer-keys.yaml in ${dir}.`);
    expect(error.hint).toContain('Create apinizer-keys.yaml');
    expect(error.hint).toContain('-f');
  });

  it('reports missing files, empty directories and stdin twice as usage errors', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, { 'empty/readme.md': '#' });
    const missing = await catchAppErrorAsync(loadDesiredState({ files: ['nope.yaml'], cwd: dir }));
    expect([missing.code, missing.message]).toEqual(['usage', 'Cannot read nope.yaml: no such file or directory.']);
    const empty = await catchAppErrorAsync(loadDesiredState({ files: ['empty'], cwd: dir }));
    expect([empty.code, empty.message]).toEqual(['usage', 'No *.yaml or *.yml files in directory empty.']);
    const twice = await catchAppErrorAsync(
      loadDesiredState({ files: ['-', '-'], cwd: dir, readStdin: () => Promise.resolve(Buffer.from('')) }),
    );
    expect(twice.code).toBe('usage');
  });

  it('rejects a file over 5 MiB without reading all of it', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, { 'big.yaml': Buffer.alloc(5 * 1024 * 1024 + 10, 0x20) });
    const error = await catchAppErrorAsync(loadDesiredState({ files: ['big.yaml'], cwd: dir }));
    expect(error.code).toBe('invalid_document');
    expect(describeError(error)).toBe('big.yaml:1:1: The file is larger than 5 MiB.');
  });

  it('rejects a file that is not UTF-8 with its location', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, { 'bad.yaml': Buffer.concat([Buffer.from('version: 1\ndefaults: {}\n#  '), Buffer.from([0xc3, 0x28])]) });
    const error = await catchAppErrorAsync(loadDesiredState({ files: ['bad.yaml'], cwd: dir }));
    expect(describeError(error)).toBe('bad.yaml:3:4: The file is not valid UTF-8 text.');
  });

  it('reads a named pipe, as process substitution passes it', async () => {
    const dir = await makeTempDir();
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const writer = writeFile(fifo, 'version: 1\nprojects:\n  p: {}\n');
    const state = await loadDesiredState({ files: [fifo], cwd: dir });
    await writer;
    expect(state.projects.map((project) => project.name)).toEqual(['p']);
  });

  it('follows a symbolic link to a file', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, { 'real.yaml': 'version: 1\n' });
    await symlink(join(dir, 'real.yaml'), join(dir, 'link.yaml'));
    const state = await loadDesiredState({ files: ['link.yaml'], cwd: dir });
    expect(state.documents.map((document) => document.file)).toEqual(['link.yaml']);
  });
});

describe('loadDesiredState: declarations across files', () => {
  it('names both places of a key declared in two files', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, {
      'a.yaml': `version: 1\nprojects:\n  p:\n    keys:\n${KEY('shared')}`,
      'b.yaml': `version: 1\nprojects:\n  p:\n    keys:\n${KEY('other')}${KEY('shared')}`,
    });
    const error = await catchAppErrorAsync(loadDesiredState({ files: ['a.yaml', 'b.yaml'], cwd: dir }));
    expect(error.code).toBe('duplicate_declaration');
    expect(describeError(error)).toBe('b.yaml:10:7: Key p/shared is declared twice: at a.yaml:5:7 and at b.yaml:10:7.');
  });

  it('names both places of defaults declared twice', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, { 'a.yaml': 'version: 1\ndefaults: {}\n', 'b.yaml': 'version: 1\n\ndefaults:\n  prune: false\n' });
    const error = await catchAppErrorAsync(loadDesiredState({ files: ['.'], cwd: dir }));
    expect(error.code).toBe('duplicate_declaration');
    expect(error.message).toBe('Defaults are declared twice: at a.yaml:2:1 and at b.yaml:3:1.');
  });

  it('names both places of project settings declared twice, but allows keys in both', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, {
      'a.yaml': 'version: 1\nprojects:\n  p:\n    prune: false\n',
      'b.yaml': 'version: 1\nprojects:\n  p:\n    keys: {}\n  q:\n    maxDeletions: 1\n',
      'c.yaml': 'version: 1\nprojects:\n  p:\n    allowEmpty: true\n',
    });
    const fine = await loadDesiredState({ files: ['a.yaml', 'b.yaml'], cwd: dir });
    expect(fine.projects.map((project) => [project.name, project.settings, project.location])).toEqual([
      ['p', { prune: false }, { file: 'a.yaml', line: 3, column: 3 }],
      ['q', { maxDeletions: 1 }, { file: 'b.yaml', line: 5, column: 3 }],
    ]);
    const error = await catchAppErrorAsync(loadDesiredState({ files: ['a.yaml', 'b.yaml', 'c.yaml'], cwd: dir }));
    expect(error.code).toBe('duplicate_declaration');
    expect(error.message).toBe('Settings of project "p" are declared twice: at a.yaml:3:3 and at c.yaml:3:3.');
  });

  it("reports a schema error in the second file with that file's location", async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, { 'a.yaml': 'version: 1\n', 'b.yaml': 'version: 1\nprojects:\n  p:\n    prun: true\n' });
    const error = await catchAppErrorAsync(loadDesiredState({ files: ['a.yaml', 'b.yaml'], cwd: dir }));
    expect(describeError(error)).toBe('b.yaml:4:5: projects.p: unknown field "prun"; did you mean "prune"?');
  });
});
