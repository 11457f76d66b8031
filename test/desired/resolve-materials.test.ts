import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFile, symlink } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { materialKey } from '../../src/core/model/material.js';
import { loadDesiredState } from '../../src/desired/load-desired-state.js';
import { checkContentSources, resolveMaterials, type MaterialIo } from '../../src/desired/resolve-materials.js';
import { makeTestKeyPair } from '../support/test-keys.js';
import { catchAppErrorAsync, describeError, makeFakePem, makeFakeSecret, makeTempDir, writeFiles } from './helpers.js';

const ALL = (): boolean => true;
const PAIR = makeTestKeyPair();
const OTHER = makeTestKeyPair('other');
/** A public test-only X.509 certificate (self-signed, EC P-256; its private key was thrown away). */
const CERT = await readFile(fileURLToPath(new URL('./fixtures/test-only-cert.pem', import.meta.url)), 'utf8');

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes `apinizer-keys.yaml` declaring one key per entry and loads it. */
async function setUp(keys: string, files: Readonly<Record<string, string | Uint8Array>> = {}) {
  const dir = await makeTempDir();
  await writeFiles(dir, { 'apinizer-keys.yaml': `version: 1\nprojects:\n  p:\n    keys:\n${keys}`, ...files });
  const state = await loadDesiredState({ files: [], cwd: dir });
  const io = (env: MaterialIo['env'] = {}, allowOutsideFiles = false): MaterialIo => ({
    env,
    readFile: (path) => readFile(path),
    rootDir: dir,
    allowOutsideFiles,
  });
  return { dir, state, io };
}

/** One key entry of four lines (five for a SECRET_KEY, whose algorithm follows its type). */
function key(name: string, type: string, content: string, environment = 'prod'): string {
  const algorithm = type === 'SECRET_KEY' ? '        algorithm: AES\n' : '';
  return `      ${name}:\n        type: ${type}\n${algorithm}        environments:\n          ${environment}: { content: ${content} }\n`;
}

function inline(bytes: Uint8Array | string): string {
  return `{ base64: "${Buffer.from(bytes).toString('base64')}" }`;
}

describe('resolveMaterials: content sources', () => {
  it('reads file, env and base64 sources into base64 Secrets with SHA-256 of the bytes', async () => {
    const fileBytes = makeFakeSecret();
    const inlineBytes = makeFakeSecret();
    const pem = PAIR.publicPem;
    const { state, io } = await setUp(
      key('from-file', 'SECRET_KEY', '{ file: secrets/a.bin }') +
        key('from-env', 'PUBLIC_KEY', '{ env: TEST_PEM }') +
        key('inline', 'SECRET_KEY', inline(inlineBytes)),
      { 'secrets/a.bin': fileBytes },
    );
    const { table, gaps } = await resolveMaterials(state, ALL, io({ TEST_PEM: pem }));
    expect(gaps.size).toBe(0);
    expect([...table.keys()].sort()).toEqual(
      [materialKey('p', 'from-file', 'prod'), materialKey('p', 'from-env', 'prod'), materialKey('p', 'inline', 'prod')].sort(),
    );
    const fromFile = table.get(materialKey('p', 'from-file', 'prod'));
    expect(fromFile?.base64.reveal()).toBe(fileBytes.toString('base64'));
    expect(fromFile?.sha256).toBe(sha256(fileBytes));
    const fromEnv = table.get(materialKey('p', 'from-env', 'prod'));
    expect(fromEnv?.base64.reveal()).toBe(Buffer.from(pem, 'utf8').toString('base64'));
    expect(fromEnv?.sha256).toBe(sha256(pem));
    const fromInline = table.get(materialKey('p', 'inline', 'prod'));
    expect(fromInline?.base64.reveal()).toBe(inlineBytes.toString('base64'));
    expect(fromInline?.sha256).toBe(sha256(inlineBytes));
    expect(JSON.stringify([...table.values()])).not.toContain(inlineBytes.toString('base64'));
  });

  it('reads only the selected present keys, one entry per environment', async () => {
    const { state, io } = await setUp(
      '      multi:\n        type: SECRET_KEY\n        algorithm: AES\n        environments:\n          a: { content: { env: A } }\n          b: { content: { env: B } }\n' +
        key('skipped', 'SECRET_KEY', '{ env: UNSET }') +
        '      gone:\n        state: absent\n',
    );
    const { table, gaps } = await resolveMaterials(state, (k) => k.name !== 'skipped', io({ A: 'TEST-a', B: 'TEST-b' }));
    expect([...table.keys()]).toEqual([materialKey('p', 'multi', 'a'), materialKey('p', 'multi', 'b')]);
    expect(table.get(materialKey('p', 'multi', 'b'))?.sha256).toBe(sha256('TEST-b'));
    expect(gaps.size).toBe(0);
  });
});

describe('resolveMaterials: material not available here', () => {
  it('returns an unset or empty env variable as a located gap, not an error', async () => {
    const { state, io } = await setUp(
      key('a', 'SECRET_KEY', '{ env: UNSET_VAR }') +
        key('b', 'PRIVATE_KEY', '{ env: EMPTY_VAR }', 'staging') +
        key('c', 'SECRET_KEY', '{ env: SET_VAR }'),
    );
    const { table, gaps } = await resolveMaterials(state, ALL, io({ EMPTY_VAR: '', SET_VAR: 'TEST-set' }));
    expect([...table.keys()]).toEqual([materialKey('p', 'c', 'prod')]);
    expect([...gaps]).toEqual([
      [materialKey('p', 'a', 'prod'), 'apinizer-keys.yaml:9:11: Key p/a, environment prod: environment variable UNSET_VAR is not set.'],
      [
        materialKey('p', 'b', 'staging'),
        'apinizer-keys.yaml:13:11: Key p/b, environment staging: environment variable EMPTY_VAR is empty.',
      ],
    ]);
  });

  it('still throws for every other problem, leaving gaps out of the error', async () => {
    const { state, io } = await setUp(key('a', 'SECRET_KEY', '{ env: UNSET_VAR }') + key('b', 'SECRET_KEY', '{ file: nope.bin }'));
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io()));
    expect(error.code).toBe('content_source');
    expect([describeError(error), ...error.details]).toEqual([
      'apinizer-keys.yaml:14:11: Key p/b, environment prod: cannot read file nope.bin: no such file or directory.',
    ]);
  });
});

describe('resolveMaterials: unusable sources', () => {
  it('refuses a file outside the root, and reads it with allowOutsideFiles', async () => {
    const outside = await makeTempDir();
    await writeFiles(outside, { 'k.bin': makeFakeSecret() });
    const { state, io, dir } = await setUp(key('a', 'SECRET_KEY', `{ file: "${join(outside, 'k.bin')}" }`));
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io()));
    expect(error.code).toBe('content_source');
    expect(error.fault).toBe('user');
    expect(error.location).toEqual({ file: 'apinizer-keys.yaml', line: 9, column: 11 });
    expect(error.message).toContain(`Key p/a, environment prod: file ${join(outside, 'k.bin')} is outside`);
    expect(error.message).toContain('--allow-outside-files');
    expect(dir).not.toBe(outside);
    const { table } = await resolveMaterials(state, ALL, io({}, true));
    expect(table.size).toBe(1);
  });

  it('says "outside" for a missing file outside the root too, never whether it exists', async () => {
    const outside = await makeTempDir();
    const { state, io } = await setUp(key('a', 'SECRET_KEY', `{ file: "${join(outside, 'missing.bin')}" }`));
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io()));
    expect(error.message).toContain(`file ${join(outside, 'missing.bin')} is outside`);
    expect(error.message).not.toContain('no such file');
  });

  it('refuses ../ escapes and symbolic links that lead outside the root', async () => {
    const outside = await makeTempDir();
    await writeFiles(outside, { 'k.bin': makeFakeSecret() });
    const { state, io, dir } = await setUp(
      key('dots', 'SECRET_KEY', `{ file: "../${join(outside.split('/').at(-1) ?? '', 'k.bin')}" }`) +
        key('link', 'SECRET_KEY', '{ file: inside-link.bin }'),
    );
    await symlink(join(outside, 'k.bin'), join(dir, 'inside-link.bin'));
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io()));
    expect([error.message, ...error.details].join('\n')).toMatch(/p\/dots.*is outside[\s\S]*p\/link.*inside-link\.bin is outside/);
  });

  it('accepts a symbolic link that stays inside the root', async () => {
    const { state, io, dir } = await setUp(key('a', 'SECRET_KEY', '{ file: link.bin }'), { 'real/k.bin': makeFakeSecret() });
    await symlink(join(dir, 'real/k.bin'), join(dir, 'link.bin'));
    expect((await resolveMaterials(state, ALL, io())).table.size).toBe(1);
  });

  it('reports a missing file and empty material', async () => {
    const { state, io } = await setUp(
      key('missing', 'SECRET_KEY', '{ file: nope.pem }') + key('blank', 'SECRET_KEY', '{ file: blank.pem }'),
      { 'blank.pem': ' \n\n' },
    );
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io()));
    // problems come in key-name order
    expect([describeError(error), ...error.details]).toEqual([
      'apinizer-keys.yaml:14:11: Key p/blank, environment prod: the content is empty.',
      'apinizer-keys.yaml:9:11: Key p/missing, environment prod: cannot read file nope.pem: no such file or directory.',
    ]);
  });

  it('refuses a directory as a key file', async () => {
    const { state, io } = await setUp(key('a', 'SECRET_KEY', '{ file: sub }'), { 'sub/x': 'x' });
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io()));
    expect(error.message).toBe('Key p/a, environment prod: file sub is not a regular file.');
  });
});

describe('resolveMaterials: PEM type sniffing', () => {
  it('refuses a private key declared as PUBLIC_KEY', async () => {
    const { state, io } = await setUp(key('pub', 'PUBLIC_KEY', '{ env: PEM }'));
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io({ PEM: makeFakePem('RSA PRIVATE KEY') })));
    expect(error.message).toBe(
      'Key p/pub, environment prod: the key type is PUBLIC_KEY, but the content is a private key (PEM RSA PRIVATE KEY).',
    );
  });

  it('refuses a public key or certificate declared as PRIVATE_KEY', async () => {
    const { state, io } = await setUp(key('a', 'PRIVATE_KEY', '{ env: PUB }') + key('b', 'PRIVATE_KEY', '{ env: CERT }'));
    const error = await catchAppErrorAsync(
      resolveMaterials(state, ALL, io({ PUB: makeFakePem('PUBLIC KEY'), CERT: makeFakePem('CERTIFICATE') + makeFakePem('CERTIFICATE') })),
    );
    expect([error.message, ...error.details]).toEqual([
      'Key p/a, environment prod: the key type is PRIVATE_KEY, but the content holds no private key, only PEM PUBLIC KEY.',
      'apinizer-keys.yaml:12:11: Key p/b, environment prod: the key type is PRIVATE_KEY, but the content holds no private key, only PEM CERTIFICATE.',
    ]);
  });
});

describe('resolveMaterials: content must parse as the declared key (node:crypto)', () => {
  const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('accepts private keys as PEM (PKCS#8, PKCS#1, SEC1, after a certificate) and DER', async () => {
    const { state, io } = await setUp(
      key('pkcs8', 'PRIVATE_KEY', '{ env: PKCS8 }') +
        key('pkcs1', 'PRIVATE_KEY', '{ env: PKCS1 }') +
        key('sec1', 'PRIVATE_KEY', '{ file: ec.pem }') +
        key('chain', 'PRIVATE_KEY', '{ env: CHAIN }') +
        key('der', 'PRIVATE_KEY', inline(ecKey.export({ format: 'der', type: 'pkcs8' }))),
      { 'ec.pem': ecKey.export({ format: 'pem', type: 'sec1' }) },
    );
    const { table } = await resolveMaterials(
      state,
      ALL,
      io({
        PKCS8: PAIR.privatePem,
        PKCS1: createPrivateKey(PAIR.privatePem).export({ format: 'pem', type: 'pkcs1' }).toString(),
        CHAIN: CERT + OTHER.privatePem,
      }),
    );
    expect(table.size).toBe(5);
  });

  it('accepts public keys as PEM (SPKI, a certificate) and DER, and any non-empty bytes as a SECRET_KEY', async () => {
    const { state, io } = await setUp(
      key('spki', 'PUBLIC_KEY', '{ env: SPKI }') +
        key('cert', 'PUBLIC_KEY', '{ file: cert.pem }') +
        key('der', 'PUBLIC_KEY', inline(createPublicKey(PAIR.publicPem).export({ format: 'der', type: 'spki' }))) +
        key('secret', 'SECRET_KEY', inline(makeFakeSecret())),
      { 'cert.pem': CERT },
    );
    const { table } = await resolveMaterials(state, ALL, io({ SPKI: OTHER.publicPem }));
    expect(table.size).toBe(4);
  });

  it('refuses content that is no private key, naming the file, variable or inline source', async () => {
    const { state, io } = await setUp(
      key('a-file', 'PRIVATE_KEY', '{ file: fake.pem }') +
        key('b-env', 'PRIVATE_KEY', '{ env: TEXT }') +
        key('c-inline', 'PRIVATE_KEY', inline(makeFakeSecret())) +
        key('d-encrypted', 'PRIVATE_KEY', '{ env: ENCRYPTED }'),
      { 'fake.pem': makeFakePem('PRIVATE KEY') },
    );
    const encrypted = ecKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'TEST-ONLY' }).toString();
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io({ TEXT: 'TEST ONLY: not a key', ENCRYPTED: encrypted })));
    expect(error.code).toBe('content_source');
    const readable = 'that can be read (PEM, or DER PKCS#8, PKCS#1 or SEC1).';
    expect([describeError(error), ...error.details]).toEqual([
      `apinizer-keys.yaml:8:11: Key p/a-file, environment prod: file fake.pem does not hold a private key ${readable}`,
      `apinizer-keys.yaml:12:11: Key p/b-env, environment prod: environment variable TEXT does not hold a private key ${readable}`,
      `apinizer-keys.yaml:16:11: Key p/c-inline, environment prod: the inline base64 does not hold a private key ${readable}`,
      'apinizer-keys.yaml:20:11: Key p/d-encrypted, environment prod: environment variable ENCRYPTED holds an encrypted private key; the Manager takes no passphrase, so give it unencrypted.',
    ]);
  });

  it('refuses content that is no public key, and a DER private key declared as PUBLIC_KEY', async () => {
    const { state, io } = await setUp(
      key('fake', 'PUBLIC_KEY', '{ env: FAKE }') +
        key('text', 'PUBLIC_KEY', inline('TEST ONLY: not a key')) +
        key('der-private', 'PUBLIC_KEY', inline(ecKey.export({ format: 'der', type: 'pkcs8' }))) +
        key('der-public', 'PRIVATE_KEY', inline(createPublicKey(ecKey).export({ format: 'der', type: 'spki' }))),
    );
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io({ FAKE: makeFakePem('PUBLIC KEY') })));
    const readable = 'does not hold a public key or certificate that can be read (PEM, or DER SPKI or PKCS#1).';
    expect([error.message, ...error.details.map((line) => line.replace(/^\S+: /, ''))]).toEqual([
      'Key p/der-private, environment prod: the key type is PUBLIC_KEY, but the content is a private key (DER).',
      'Key p/der-public, environment prod: the key type is PRIVATE_KEY, but the content holds no private key, only a public key (DER).',
      `Key p/fake, environment prod: environment variable FAKE ${readable}`,
      `Key p/text, environment prod: the inline base64 ${readable}`,
    ]);
  });
});

describe('resolveMaterials: no material in messages', () => {
  it('never puts env or inline material into an error', async () => {
    const envMaterial = `${makeFakePem('RSA PRIVATE KEY')}`;
    const inlined = Buffer.from(makeFakePem('OPENSSH PRIVATE KEY')).toString('base64');
    const junk = makeFakeSecret();
    const { state, io } = await setUp(
      key('a', 'PUBLIC_KEY', '{ env: PEM }') + key('b', 'PUBLIC_KEY', `{ base64: "${inlined}" }`) + key('c', 'PRIVATE_KEY', inline(junk)),
    );
    const error = await catchAppErrorAsync(resolveMaterials(state, ALL, io({ PEM: envMaterial })));
    const printed = JSON.stringify({ message: error.message, details: error.details, hint: error.hint, cause: error.cause });
    expect(error.details).toHaveLength(2);
    const body = envMaterial.split('\n')[1] ?? '';
    expect(body.length).toBeGreaterThan(20);
    expect(printed).not.toContain(body.slice(0, 16));
    expect(printed).not.toContain(inlined.slice(0, 16));
    expect(printed).not.toContain(junk.toString('base64').slice(0, 16));
    expect(printed).not.toContain('TEST-ONLY');
  });
});

describe('checkContentSources', () => {
  it('passes when every file source is usable, without reading env sources', async () => {
    const { state, io } = await setUp(
      key('file', 'PRIVATE_KEY', '{ file: k.pem }') + key('env', 'SECRET_KEY', '{ env: NEVER_SET_IN_TESTS }'),
      { 'k.pem': PAIR.privatePem },
    );
    const { env: _env, ...offline } = io();
    await expect(checkContentSources(state, offline)).resolves.toBeUndefined();
  });

  it('reports missing, empty, outside and mistyped files and bad inline material together', async () => {
    const outside = await makeTempDir();
    await writeFiles(outside, { 'k.pem': PAIR.privatePem });
    const { state, io } = await setUp(
      key('missing', 'SECRET_KEY', '{ file: nope.pem }') +
        key('empty', 'SECRET_KEY', '{ file: empty.pem }') +
        key('outside', 'PRIVATE_KEY', `{ file: "${join(outside, 'k.pem')}" }`) +
        key('mistyped', 'PUBLIC_KEY', '{ file: priv.pem }') +
        key('inline', 'PUBLIC_KEY', inline(makeFakePem('PRIVATE KEY'))),
      { 'empty.pem': '', 'priv.pem': makeFakePem('PRIVATE KEY') },
    );
    const { env: _env, ...offline } = io();
    const error = await catchAppErrorAsync(checkContentSources(state, offline));
    expect(error.code).toBe('content_source');
    // keys come in name order: empty, inline, missing, mistyped, outside
    const lines = [describeError(error), ...error.details];
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('apinizer-keys.yaml:14:11: Key p/empty, environment prod: the content is empty.');
    expect(lines[1]).toContain('Key p/inline, environment prod: the key type is PUBLIC_KEY, but the content is a private key');
    expect(lines[2]).toContain('Key p/missing, environment prod: cannot read file nope.pem');
    expect(lines[3]).toContain('Key p/mistyped, environment prod: the key type is PUBLIC_KEY');
    expect(lines[4]).toContain('Key p/outside, environment prod: file');
    expect(lines[4]).toContain('--allow-outside-files');
    const allowed = await catchAppErrorAsync(checkContentSources(state, { ...offline, allowOutsideFiles: true }));
    expect(allowed.details).toHaveLength(3);
  });
});
