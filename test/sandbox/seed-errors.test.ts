import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { formatLocation } from '../../src/common/app-error.js';
import type { SandboxSeed } from '../../src/sandbox/index.js';
import { loadSeedFile, parseSeed, startSandbox } from '../../src/sandbox/index.js';
import { catchAppError, catchAppErrorAsync } from '../support/catch-app-error.js';
import { material } from './helpers.js';

/** The first line as the CLI prints it, then every detail line. */
function seedErrors(text: string | Uint8Array): string[] {
  const error = catchAppError(() => parseSeed(text, 's.yaml'));
  expect(error.code).toBe('invalid_document');
  expect(error.fault).toBe('user');
  return [`${error.location ? formatLocation(error.location) : '?'}: ${error.message}`, ...error.details];
}

const project = (body: string): string => `projects:\n  - name: p\n    environments: [{ name: production }]\n${body}`;

describe('seed errors: located and actionable', () => {
  it('suggests the field meant by an unknown one, at its key', () => {
    const lines = seedErrors(project('    keys:\n      - name: k\n        keytype: SECRET_KEY\n'));
    expect(lines).toContain('s.yaml:6:9: projects[0].keys[0]: unknown field "keytype"; did you mean "keyType"?');
  });

  it('lists the values of a closed set and the one differing in case, at the value', () => {
    const lines = seedErrors(project('    jwks: [{ name: j, sourceType: url, sourceUrl: https://x.example.com }]\n'));
    expect(lines[0]).toBe(
      's.yaml:4:35: Invalid sandbox seed: projects[0].jwks[0].sourceType: expected one of URL, COPY_PASTE, CERTIFICATE, PUBLIC_KEY, PRIVATE_KEY, KEYSTORE, GENERATE, found "url"; did you mean URL? (and 1 more problem).',
    );
    expect(lines).toContain('s.yaml:4:40: projects[0].jwks[0].sourceUrl: is only allowed with sourceType URL.');
  });

  it('puts file:line:col on every detail line, in file order', () => {
    const text = 'tokens:\n  - { token: t, projects: { p: [read] } }\nusers:\n  - { username: u, projects: "*" }\nprojects: 3\n';
    const [, ...details] = seedErrors(text);
    expect(details).toEqual([
      's.yaml:2:33: tokens[0].projects.p[0]: expected one of READ, MANAGE, DEPLOY_UNDEPLOY, EXPORT_IMPORT, found "read"; did you mean READ?',
      's.yaml:4:5: users[0]: missing required field "password".',
      's.yaml:5:11: projects: expected a list or nothing, found an integer.',
    ]);
  });

  it('says why a URL JWK needs its URL', () => {
    expect(seedErrors(project('    jwks: [{ name: j, sourceType: URL }]\n'))[0]).toBe(
      's.yaml:4:12: Invalid sandbox seed: projects[0].jwks[0]: missing required field "sourceUrl" (a URL JWK needs the URL it is read from).',
    );
  });

  it('prints at most 50 problems and counts the rest', () => {
    const tokens = Array.from({ length: 120 }, (_, index) => `  - { token: t${index}, projects: "*", expird: true }`).join('\n');
    const [first, ...details] = seedErrors(`tokens:\n${tokens}\n`);
    expect(first).toContain('(and 119 more problems)');
    expect(details).toHaveLength(51);
    expect(details.at(-2)).toBe('s.yaml:51:34: tokens[49]: unknown field "expird"; did you mean "expired"?');
    expect(details.at(-1)).toBe('… and 70 more errors.');
  });
});

describe('seed rules beyond the schema', () => {
  it('refuses a key deployed to an environment its project lacks', () => {
    const text = project(
      `    keys:\n      - { name: k, keyType: PRIVATE_KEY, environments: [{ name: moon, content: ${material('m')} }] }\n`,
    );
    expect(seedErrors(text)[0]).toBe(
      's.yaml:5:65: Invalid sandbox seed: projects[0].keys[0].environments[0].name: environment "moon" is not an environment of this project.',
    );
  });

  it('refuses a JWK made from a key the project lacks', () => {
    expect(seedErrors(project('    jwks: [{ name: j, sourceType: PRIVATE_KEY, sourceKey: nope }]\n'))[0]).toBe(
      's.yaml:4:59: Invalid sandbox seed: projects[0].jwks[0].sourceKey: key "nope" is not a key of this project.',
    );
  });

  it('names the first of two equal names, across projects for key ids', () => {
    const text =
      'projects:\n' +
      '  - { name: p, keys: [{ name: k, keyType: A, id: key-1 }] }\n' +
      '  - { name: p, keys: [{ name: k, keyType: A, id: key-1 }] }\n';
    expect(seedErrors(text).slice(1)).toEqual([
      's.yaml:3:13: projects[1].name: duplicate project name "p", first at projects[0].name.',
      's.yaml:3:50: projects[1].keys[0].id: duplicate key id "key-1", first at projects[0].keys[0].id.',
    ]);
  });

  it('refuses a key listing one environment twice', () => {
    const entry = `{ name: production, content: ${material('x')} }`;
    const lines = seedErrors(project(`    keys: [{ name: k, keyType: A, environments: [${entry}, ${entry}] }]\n`));
    expect(lines[0]).toContain(
      'projects[0].keys[0].environments[1].name: duplicate environment "production", first at projects[0].keys[0].environments[0].name.',
    );
  });

  it('does not quote a duplicated token, which is a credential', () => {
    const lines = seedErrors('tokens:\n  - { token: s3cr3t-token, projects: "*" }\n  - { token: s3cr3t-token, projects: "*" }\n');
    expect(lines[0]).toBe('s.yaml:3:14: Invalid sandbox seed: tokens[1].token: duplicate token, first at tokens[0].token.');
    expect(lines.join('\n')).not.toContain('s3cr3t');
  });
});

describe('the YAML reader guarantees, for seeds', () => {
  it.each([
    [
      'a key twice in one mapping',
      'projects:\n  - name: p\n    name: q\n',
      's.yaml:3:5: Invalid sandbox seed: Duplicate key "name" in one mapping, first declared at s.yaml:2:5.',
    ],
    [
      'an unknown tag',
      'projects:\n  - name: !custom p\n',
      's.yaml:2:11: Invalid sandbox seed: Unsupported YAML tag !custom: this file holds only mappings, lists, strings, numbers, true/false and null.',
    ],
    [
      'an unclosed bracket, where it opens',
      'tokens: [\n  { token: t, projects: "*" }\n',
      's.yaml:1:9: Invalid sandbox seed: Invalid YAML: this [ is never closed; end the flow sequence with ] (lines inside it must be indented).',
    ],
  ])('refuses %s', (_label, text, first) => {
    expect(seedErrors(text)[0]).toBe(first);
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 6; level++)
      levels.push(
        `${'b'.repeat(level)}: &${'b'.repeat(level)} [${Array(10)
          .fill(level === 1 ? '*a' : `*${'b'.repeat(level - 1)}`)
          .join(', ')}]`,
      );
    expect(seedErrors(`${levels.join('\n')}\n`)[0]).toContain('Aliases expand to too much data');
  });

  it('refuses bytes that are not UTF-8, at the first bad one', () => {
    const bytes = Buffer.concat([Buffer.from('projects:\n  - name: p'), Buffer.from([0xff]), Buffer.from('\n')]);
    expect(seedErrors(bytes)[0]).toBe('s.yaml:2:12: Invalid sandbox seed: The file is not valid UTF-8 text.');
  });

  it('refuses a seed file over 5 MiB without reading it whole', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-seed-errors-'));
    try {
      const big = join(directory, 'big.yaml');
      await writeFile(big, `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
      const error = await catchAppErrorAsync(loadSeedFile(big));
      expect(error.code).toBe('invalid_document');
      expect(error.message).toBe('Invalid sandbox seed: The file is larger than 5 MiB.');
      expect(error.location).toEqual({ file: big, line: 1, column: 1 });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('seeds built in code', () => {
  it('are checked by the same schema, errors naming the origin and the path', async () => {
    const seed = { projects: [{ name: 'p', keys: [{ name: 'k', keyType: 'SECRET_KEY', algorithm: 'aes' }] }] } as unknown as SandboxSeed;
    const error = await catchAppErrorAsync(startSandbox({ seed }));
    expect(error.location).toBeUndefined();
    expect(error.message).toBe(
      'Invalid sandbox seed (sandbox options): projects[0].keys[0].algorithm: expected one of AES, DES, DESede, RSA, null, found "aes"; did you mean AES?',
    );
  });

  it('keep a null algorithm, and leave an absent one absent (the sandbox defaults it to AES)', async () => {
    const keys: SeedKeyList = [
      { name: 'old', keyType: 'SECRET_KEY', algorithm: null },
      { name: 'new', keyType: 'SECRET_KEY' },
      { name: 'pk', keyType: 'PRIVATE_KEY', algorithm: null, description: null },
    ];
    const sandbox = await startSandbox({ seed: { projects: [{ name: 'p', keys }] } });
    try {
      expect(sandbox.snapshot().projects[0]?.keys.map((key) => [key.name, key.algorithm])).toEqual([
        ['old', null],
        ['new', 'AES'],
        ['pk', null],
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it('accept null for an optional field in YAML, as if it were absent', () => {
    const seed = parseSeed(
      'projects:\n  - name: p\n    description:\n    keys:\n    jwks: [{ name: j, sourceType: URL, sourceUrl: https://x.example.com, kid: null }]\n',
      's.yaml',
    );
    expect(seed.projects?.[0]?.jwks?.[0]?.kid).toBeNull();
  });
});

type SeedKeyList = NonNullable<NonNullable<SandboxSeed['projects']>[number]['keys']>;
