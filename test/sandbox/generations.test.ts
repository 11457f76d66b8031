import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppError } from '../../src/common/app-error.js';
import type { SandboxHandle, SnapshotKey } from '../../src/sandbox/index.js';
import { DEFAULT_SANDBOX_API, SANDBOX_APIS, startSandbox } from '../../src/sandbox/index.js';
import { call, jwkPath, keyBody, keyPath, material, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

/** What differs between the generations, and switching between them. */

const sandbox = useSandbox({ seed: TEST_SEED, api: '2026-01' });

function storedKey(name: string): SnapshotKey | undefined {
  return sandbox.snapshot().projects[0]?.keys.find((key) => key.name === name);
}

describe('choosing a generation', () => {
  it('defaults to DEFAULT_SANDBOX_API, the current generation', async () => {
    expect(DEFAULT_SANDBOX_API).toBe('current');
    expect(SANDBOX_APIS).toEqual(['current', '2026-01', 'legacy']);
    const other = await startSandbox({ seed: TEST_SEED });
    try {
      expect(other.snapshot().api).toBe(DEFAULT_SANDBOX_API);
      expect((await call(other, 'GET', keyPath('payments'))).body.status).toBe('SUCCESS');
    } finally {
      await other.close();
    }
  });

  it('refuses an unknown api', async () => {
    await expect(startSandbox({ api: 'newest' as never })).rejects.toThrow(AppError);
    expect(() => sandbox.setApi('2025' as never)).toThrow(/2026-01/);
    expect(sandbox.snapshot().api).toBe('2026-01');
  });

  it('switches with setApi from the next request on', async () => {
    sandbox.setApi('current');
    try {
      expect((await call(sandbox, 'GET', keyPath('payments'))).body.status).toBe('SUCCESS');
      expect(sandbox.snapshot().api).toBe('current');
    } finally {
      sandbox.setApi('2026-01');
    }
    expect((await call(sandbox, 'GET', keyPath('payments'))).body.success).toBe(true);
  });
});

describe('2026-01', () => {
  it('keeps the environments at the old path only', async () => {
    expect((await call(sandbox, 'GET', '/apiops/environments/payments')).status).toBe(200);
    const moved = await call(sandbox, 'GET', '/apiops/projects/payments/environments/');
    expect(moved.status).toBe(404);
    expect(moved.body.error).toBe('not_found');
  });

  it('ignores algorithm: a SECRET_KEY needs none, and none is shown or stored', async () => {
    const bare = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('s-1', { production: material('s') }, 'SECRET_KEY') });
    expect(bare.status).toBe(200);
    const sent = await call(sandbox, 'POST', keyPath('payments'), {
      body: { ...keyBody('s-2', { production: material('s') }, 'SECRET_KEY'), algorithm: 'bogus' },
    });
    expect(sent.status).toBe(200);
    expect(storedKey('s-2')?.algorithm).toBeNull();
    const listed = await call(sandbox, 'GET', keyPath('payments', 's-2'));
    expect(listed.body.resultList?.[0]).not.toHaveProperty('algorithm');
  });

  it('accepts any key type, as before', async () => {
    expect(
      (await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('rsa-1', { production: material('r') }, 'RSA') })).status,
    ).toBe(200);
  });

  it('replaces the whole key on PUT: a description-only body is refused', async () => {
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'jwt-signing'), { body: { description: 'only this' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('validation_failed');
    expect(storedKey('jwt-signing')?.description).toBe('Signs tokens');
  });

  it('shows JWK sourceIds as key names and no JWK ids', async () => {
    const list = await call(sandbox, 'GET', jwkPath('payments'));
    const jwk = list.body.resultList?.find((entry) => entry['name'] === 'jwt-public');
    expect(jwk?.['sourceId']).toBe('jwt-signing');
    expect(jwk).not.toHaveProperty('id');
  });

  it('ignores putKeepsOmittedEnvironments, which is about the current partial PUT', async () => {
    await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('full-put', { production: material('f'), staging: material('f') }) });
    sandbox.setFaults({ putKeepsOmittedEnvironments: true });
    try {
      await call(sandbox, 'PUT', keyPath('payments', 'full-put'), { body: keyBody('full-put', { staging: material('f2') }) });
      expect(storedKey('full-put')?.environments.map((entry) => entry.environmentName)).toEqual(['staging']);
    } finally {
      sandbox.setFaults({ putKeepsOmittedEnvironments: false });
    }
  });

  it('limits key lists with keyListLimit too', async () => {
    sandbox.setFaults({ keyListLimit: 1 });
    try {
      const reply = await call(sandbox, 'GET', keyPath('payments'));
      expect(reply.body.resultList).toHaveLength(1);
      expect(reply.body.resultCount).toBe(storedKeys().length);
      expect(storedKeys().length).toBeGreaterThan(1);
    } finally {
      sandbox.setFaults({ keyListLimit: null });
    }
  });
});

function storedKeys(): readonly SnapshotKey[] {
  return sandbox.snapshot().projects[0]?.keys ?? [];
}

describe('legacy', () => {
  let legacy: SandboxHandle;

  beforeAll(async () => {
    legacy = await startSandbox({ seed: TEST_SEED, api: 'legacy' });
  });

  afterAll(async () => {
    await legacy.close();
  });

  it('answers errors in the older body with the older statuses', async () => {
    const project = await call(legacy, 'GET', keyPath('nowhere'));
    expect(project.status).toBe(404);
    expect(project.body).toEqual({
      error: 'not_found',
      error_description: 'Project(nowhere) was not found or user does not have privilege to access it!',
    });
    const forbidden = await call(legacy, 'POST', keyPath('payments'), {
      token: 'reader',
      body: keyBody('x', { production: material('x') }),
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toBe('forbidden');
  });

  it('keeps the environments at the old path only', async () => {
    expect((await call(legacy, 'GET', '/apiops/environments/payments')).body.status).toBe('SUCCESS');
    expect((await call(legacy, 'GET', '/apiops/projects/payments/environments/')).status).toBe(404);
  });

  it('honours jwkDeleteAction, although the legacy reference has no such parameter', async () => {
    await call(legacy, 'POST', keyPath('payments'), { body: keyBody('l-del', { production: material('l') }) });
    await call(legacy, 'POST', jwkPath('payments'), { body: { name: 'l-del-jwk', sourceType: 'PRIVATE_KEY', keyName: 'l-del' } });
    expect((await call(legacy, 'DELETE', `${keyPath('payments', 'l-del')}?jwkDeleteAction=DELETE`)).status).toBe(200);
    expect(legacy.snapshot().projects[0]?.jwks.find((jwk) => jwk.name === 'l-del-jwk')).toBeUndefined();
  });
});
