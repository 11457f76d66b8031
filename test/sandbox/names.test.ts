import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { call, jwkPath, keyBody, keyPath, material } from './helpers.js';

const PROJECT = 'team α/β #1';
const NAMES = ['with space', 'a/b', 'hash#tag', 'what?x=1', '100%', '%2F literally', 'a+b', 'ключ 🔑', 'trailing/'];

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: { projects: [{ name: PROJECT, environments: [{ name: 'prod env' }] }], tokens: [] },
    api: '2026-01',
  });
});

afterAll(async () => {
  await sandbox.close();
});

function storedNames(): string[] {
  return sandbox.snapshot().projects[0]?.keys.map((key) => key.name) ?? [];
}

describe('names that need URL-encoding', () => {
  it.each(NAMES)('round-trips %j through create, get, update and delete', async (name) => {
    const created = await call(sandbox, 'POST', keyPath(PROJECT), { body: keyBody(name, { 'prod env': material(name) }) });
    expect(created.status).toBe(200);
    expect(storedNames()).toContain(name);

    const one = await call(sandbox, 'GET', keyPath(PROJECT, name));
    expect(one.status).toBe(200);
    expect(one.body.resultList?.[0]?.['name']).toBe(name);

    const updated = await call(sandbox, 'PUT', keyPath(PROJECT, name), {
      body: keyBody(name, { 'prod env': material(`${name} v2`) }, 'PRIVATE_KEY', 'v2'),
    });
    expect(updated.status).toBe(200);
    expect(sandbox.snapshot().projects[0]?.keys.find((key) => key.name === name)?.description).toBe('v2');

    const deleted = await call(sandbox, 'DELETE', keyPath(PROJECT, name));
    expect(deleted.status).toBe(200);
    expect(storedNames()).not.toContain(name);
  });

  it('keeps an encoded slash inside its segment rather than splitting the path', async () => {
    await call(sandbox, 'POST', keyPath(PROJECT), { body: keyBody('x/y', { 'prod env': material('xy') }) });
    const unencoded = await call(sandbox, 'GET', `/apiops/projects/${encodeURIComponent(PROJECT)}/keys/x/y/`);
    expect(unencoded.status).toBe(404);
    expect(unencoded.body.error).toBe('not_found');
    const encoded = await call(sandbox, 'GET', keyPath(PROJECT, 'x/y'));
    expect(encoded.status).toBe(200);
  });

  it('matches names case-sensitively', async () => {
    await call(sandbox, 'POST', keyPath(PROJECT), { body: keyBody('CaseKey', { 'prod env': material('c') }) });
    const reply = await call(sandbox, 'GET', keyPath(PROJECT, 'casekey'));
    expect(reply.status).toBe(400);
    expect(reply.body.error_description).toBe('Key (name: casekey) is not found!');
  });

  it('logs the raw, still-encoded path', async () => {
    sandbox.clearRequests();
    await call(sandbox, 'GET', keyPath(PROJECT, 'hash#tag'));
    expect(sandbox.requests().map((entry) => entry.path)).toEqual([keyPath(PROJECT, 'hash#tag')]);
    expect(keyPath(PROJECT, 'hash#tag')).toContain('%23');
  });

  it('answers malformed percent-encoding with 400 bad_request', async () => {
    const reply = await call(sandbox, 'GET', `/apiops/projects/${encodeURIComponent(PROJECT)}/keys/%E0%A4%A/`);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('bad_request');
  });

  it('handles odd JWK names too', async () => {
    await call(sandbox, 'POST', keyPath(PROJECT), { body: keyBody('jwk source', { 'prod env': material('j') }) });
    const made = await call(sandbox, 'POST', jwkPath(PROJECT), {
      body: { name: 'jwk ?#/%', sourceType: 'PRIVATE_KEY', keyName: 'jwk source' },
    });
    expect(made.status).toBe(200);
    const one = await call(sandbox, 'GET', jwkPath(PROJECT, 'jwk ?#/%'));
    expect(one.body.resultList?.[0]?.['sourceId']).toBe('jwk source');
  });
});
