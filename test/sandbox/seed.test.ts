import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppError } from '../../src/common/app-error.js';
import { catchAppError } from '../support/catch-app-error.js';
import type { SandboxSeed } from '../../src/sandbox/index.js';
import { DEMO_SEED, loadSeedFile, parseSeed, runSandboxUntilSignal, startSandbox } from '../../src/sandbox/index.js';
import { call, keyPath, material } from './helpers.js';

const GOOD_YAML = `
projects:
  - name: payments
    description: Payments team
    environments:
      - { name: production, id: env-prod, type: PRODUCTION }
      - { name: staging }
    keys:
      - name: jwt-signing
        keyType: PRIVATE_KEY
        description: Signs tokens
        environments:
          - { name: production, content: ${material('seeded')}, alias: signing }
    jwks:
      - { name: jwt-public, sourceType: PRIVATE_KEY, sourceKey: jwt-signing }
      - { name: partner, sourceType: URL, sourceUrl: https://example.com/jwks.json }
tokens:
  - { token: demo-token, projects: "*" }
  - { token: reader, projects: { payments: [READ] } }
  - { token: old, projects: "*", expired: true }
users:
  - { username: admin, password: admin-password, projects: "*" }
`;

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sandbox-seed-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('parseSeed', () => {
  it('reads the documented YAML format', () => {
    const seed = parseSeed(GOOD_YAML, 'seed.yaml');
    expect(seed.projects?.[0]?.keys?.[0]).toEqual({
      name: 'jwt-signing',
      keyType: 'PRIVATE_KEY',
      description: 'Signs tokens',
      environments: [{ name: 'production', content: material('seeded'), alias: 'signing' }],
    });
    expect(seed.tokens?.[1]).toEqual({ token: 'reader', projects: { payments: ['READ'] } });
    expect(seed.users).toEqual([{ username: 'admin', password: 'admin-password', projects: '*' }]);
  });

  it('reads JSON too', () => {
    const seed = parseSeed(JSON.stringify({ projects: [{ name: 'p' }] }), 'seed.json');
    expect(seed.projects?.map((project) => project.name)).toEqual(['p']);
  });

  it('rejects a bad seed with an invalid_document AppError located in the file', () => {
    const bad = GOOD_YAML.replace('- { name: production, content', '- { name: moon, content');
    const error = catchAppError(() => parseSeed(bad, 'seed.yaml'));
    expect(error.code).toBe('invalid_document');
    expect(error.fault).toBe('user');
    expect(error.message).toContain('moon');
    expect(error.location).toEqual({ file: 'seed.yaml', line: 13, column: expect.any(Number) });
  });

  it('lists every problem in details', () => {
    const text = 'projects:\n  - name: ""\n    keys: 3\ntokens:\n  - { token: t, projects: { p: [WRITE] } }\nextra: 1\n';
    const error = catchAppError(() => parseSeed(text, 'x.yaml'));
    expect(error.details).toHaveLength(4);
    expect(error.details.join('\n')).toMatch(/WRITE/);
    expect(error.details.join('\n')).toMatch(/unknown field "extra"/);
  });

  it.each([
    ['YAML syntax', 'projects: [\n'],
    ['not a mapping', '- 1\n'],
    ['empty', ''],
    [
      'content not base64',
      'projects:\n  - name: p\n    environments: [{ name: e }]\n    keys: [{ name: k, keyType: SECRET_KEY, environments: [{ name: e, content: "%%" }] }]\n',
    ],
    ['duplicate key names', 'projects:\n  - name: p\n    keys: [{ name: k, keyType: A }, { name: k, keyType: B }]\n'],
    ['JWK from an unknown key', 'projects:\n  - name: p\n    jwks: [{ name: j, sourceType: PRIVATE_KEY, sourceKey: nope }]\n'],
    ['URL JWK without URL', 'projects:\n  - name: p\n    jwks: [{ name: j, sourceType: URL }]\n'],
    ['grants not * or mapping', 'tokens: [{ token: t, projects: all }]\n'],
    ['an algorithm on a private key', 'projects:\n  - name: p\n    keys: [{ name: k, keyType: PRIVATE_KEY, algorithm: AES }]\n'],
  ])('rejects %s', (_label, text) => {
    const error = catchAppError(() => parseSeed(text, 'bad.yaml'));
    expect(error.code).toBe('invalid_document');
    expect(error.fault).toBe('user');
  });
});

describe('seeded key algorithms', () => {
  const secret = (algorithm: string): string =>
    `projects:\n  - name: p\n    keys:\n      - name: k\n        keyType: SECRET_KEY\n        algorithm: ${algorithm}\n`;

  it.each(['AES', 'DES', 'DESede', 'RSA'])('accepts %s on a SECRET_KEY', (algorithm) => {
    expect(parseSeed(secret(algorithm), 's.yaml').projects?.[0]?.keys?.[0]?.algorithm).toBe(algorithm);
  });

  it.each(['aes', 'DESEDE', 'HMAC', '7'])('refuses %s, at its line and column', (algorithm) => {
    const error = catchAppError(() => parseSeed(secret(algorithm), 's.yaml'));
    expect(error.code).toBe('invalid_document');
    expect(error.message).toContain('projects[0].keys[0].algorithm');
    expect(error.message).toContain('AES, DES, DESede, RSA');
    expect(error.location).toEqual({ file: 's.yaml', line: 6, column: 20 });
  });

  it('is shown by the current generation and stored in the snapshot', async () => {
    const sandbox = await startSandbox({ seed: parseSeed(secret('DESede'), 's.yaml'), api: 'current' });
    try {
      expect(sandbox.snapshot().projects[0]?.keys[0]?.algorithm).toBe('DESede');
      expect((await call(sandbox, 'GET', keyPath('p', 'k'))).body.resultList?.[0]?.['algorithm']).toBe('DESede');
    } finally {
      await sandbox.close();
    }
  });

  it('is AES on the SECRET_KEYs of the demo seed and the example seed file', async () => {
    const secrets = (seed: SandboxSeed): Array<string | null | undefined> =>
      (seed.projects ?? []).flatMap((project) =>
        (project.keys ?? []).filter((key) => key.keyType === 'SECRET_KEY').map((key) => key.algorithm),
      );
    expect(secrets(DEMO_SEED)).toEqual(['AES']);
    const example = await loadSeedFile(new URL('../../examples/sandbox-seed.yaml', import.meta.url).pathname);
    expect(secrets(example)).toEqual(['AES', 'AES']);
  });
});

describe('DEMO_SEED', () => {
  it('is a valid seed of clearly fake material', () => {
    expect(() => parseSeed(JSON.stringify(DEMO_SEED), 'demo')).not.toThrow();
    const contents = (DEMO_SEED.projects ?? []).flatMap((project) =>
      (project.keys ?? []).flatMap((key) => (key.environments ?? []).map((entry) => entry.content)),
    );
    expect(contents.length).toBeGreaterThanOrEqual(3);
    for (const content of contents) {
      const text = Buffer.from(content, 'base64').toString('utf8');
      expect(text).toContain('TEST SECRET');
      expect(text).not.toContain('PRIVATE KEY');
    }
  });

  it('is what a sandbox starts with by default', async () => {
    const sandbox = await startSandbox();
    try {
      const reply = await call(sandbox, 'GET', keyPath('demo'), { token: 'demo-token' });
      expect(reply.body.resultList?.map((key) => key['keyType']).sort()).toEqual(['PRIVATE_KEY', 'PUBLIC_KEY', 'SECRET_KEY']);
      const jwks = sandbox
        .snapshot()
        .projects[0]?.jwks.map((jwk) => jwk.sourceType)
        .sort();
      expect(jwks).toEqual(['PRIVATE_KEY', 'URL']);
    } finally {
      await sandbox.close();
    }
  });
});

describe('startSandbox and loadSeedFile', () => {
  it('refuses an invalid seed object', async () => {
    const seed = { projects: [{ name: 'p', keys: [{ name: 'k' }] }] } as unknown as SandboxSeed;
    await expect(startSandbox({ seed })).rejects.toThrow(AppError);
  });

  it('generates stable environment ids', async () => {
    const seed = parseSeed(GOOD_YAML, 'seed.yaml');
    const first = await startSandbox({ seed });
    const second = await startSandbox({ seed });
    try {
      const ids = (handle: typeof first): string[] =>
        handle.snapshot().projects[0]?.environments.map((environment) => environment.id) ?? [];
      expect(ids(first)).toEqual(ids(second));
      expect(ids(first)[0]).toBe('env-prod');
      expect(ids(first)[1]).toMatch(/^env-staging-\d+$/);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('loads a seed file and names the file in errors', async () => {
    const good = join(directory, 'good.yaml');
    await writeFile(good, GOOD_YAML);
    expect((await loadSeedFile(good)).projects?.[0]?.name).toBe('payments');
    const missing = join(directory, 'missing.yaml');
    await expect(loadSeedFile(missing)).rejects.toThrow(missing);
    const bad = join(directory, 'bad.yaml');
    await writeFile(bad, 'projects: 3\n');
    await expect(loadSeedFile(bad)).rejects.toMatchObject({ code: 'invalid_document', location: { file: bad } });
  });
});

describe('runSandboxUntilSignal', () => {
  it('prints where it listens and stops when told', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const running = runSandboxUntilSignal({}, (line) => lines.push(line), stop.signal);
    while (lines.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const url = /^Sandbox listening on (http:\/\/\S+)$/.exec(lines[0] ?? '')?.[1];
    const token = /^Token: (\S+)$/.exec(lines[1] ?? '')?.[1];
    expect(url).toBeDefined();
    expect(lines[2]).toContain('curl');
    const reply = await fetch(`${url}/apiops/projects/`, { headers: { authorization: `Bearer ${token}` } });
    expect(reply.status).toBe(200);
    await reply.text();
    stop.abort();
    await running;
    expect(lines.at(-1)).toBe('Sandbox stopped.');
    await expect(fetch(`${url}/apiops/projects/`)).rejects.toThrow();
  });
});
