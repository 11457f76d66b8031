import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { SandboxApi, SandboxHandle, SandboxOptions } from '../../src/sandbox/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { call, keyPath, TEST_SEED } from './helpers.js';

/** Tokens obtained from credentials expire: by time, or after N requests (a fault for tests). */

const open: SandboxHandle[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((sandbox) => sandbox.close()));
});

async function start(options: SandboxOptions): Promise<SandboxHandle> {
  const sandbox = await startSandbox({ seed: TEST_SEED, ...options });
  open.push(sandbox);
  return sandbox;
}

async function fetchToken(sandbox: SandboxHandle): Promise<{ access_token: string; token_type: string; expires_in: number }> {
  const response = await fetch(`${sandbox.url}/apiops/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=admin&client_secret=admin-password',
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; token_type: string; expires_in: number };
}

const EXPIRED: Record<SandboxApi, unknown> = {
  current: { status: 'FAILURE', resultMessage: 'Token was expired!' },
  '2026-01': { error: 'token_expired', error_description: 'The access token has expired.' },
  legacy: { error: 'token_expired', error_description: 'The access token has expired.' },
};

describe('token lifetime', () => {
  it('announces the default lifetime of 3600 seconds', async () => {
    const sandbox = await start({ api: 'current' });
    expect(await fetchToken(sandbox)).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
  });

  it.each(['current', '2026-01', 'legacy'] as const)('expires a token after tokenLifetimeRequests requests (%s)', async (api) => {
    const sandbox = await start({ api, faults: { tokenLifetimeRequests: 2 } });
    const { access_token: token } = await fetchToken(sandbox);
    expect((await call(sandbox, 'GET', keyPath('payments'), { token })).status).toBe(200);
    expect((await call(sandbox, 'GET', keyPath('payments'), { token })).status).toBe(200);
    const third = await call(sandbox, 'GET', keyPath('payments'), { token });
    expect(third.status).toBe(401);
    expect(third.body).toEqual(EXPIRED[api]);
    // A fresh token works again; seeded (personal) tokens never expire this way.
    const { access_token: fresh } = await fetchToken(sandbox);
    expect((await call(sandbox, 'GET', keyPath('payments'), { token: fresh })).status).toBe(200);
    for (let index = 0; index < 3; index += 1)
      expect((await call(sandbox, 'GET', keyPath('payments'), { token: 'full' })).status).toBe(200);
  });

  it('can expire a token at once with tokenLifetimeRequests 0, and lifts the limit with null', async () => {
    const sandbox = await start({ api: 'current', faults: { tokenLifetimeRequests: 0 } });
    const { access_token: token } = await fetchToken(sandbox);
    expect((await call(sandbox, 'GET', keyPath('payments'), { token })).body.resultMessage).toBe('Token was expired!');
    sandbox.setFaults({ tokenLifetimeRequests: null });
    expect((await call(sandbox, 'GET', keyPath('payments'), { token })).status).toBe(200);
    expect(() => sandbox.setFaults({ tokenLifetimeRequests: -1 })).toThrow(/tokenLifetimeRequests/);
  });

  it('does not count requests refused before authentication', async () => {
    const sandbox = await start({ api: 'current', faults: { tokenLifetimeRequests: 1 } });
    const { access_token: token } = await fetchToken(sandbox);
    expect((await call(sandbox, 'GET', '/apiops/nothing/', { token })).status).toBe(404);
    expect((await call(sandbox, 'GET', keyPath('payments'), { token })).status).toBe(200);
    expect((await call(sandbox, 'GET', keyPath('payments'), { token })).status).toBe(401);
  });

  it('expires a token after tokenLifetimeSeconds', async () => {
    const sandbox = await start({ api: 'current', tokenLifetimeSeconds: 0.25 });
    const issued = await fetchToken(sandbox);
    expect(issued.expires_in).toBe(1);
    expect((await call(sandbox, 'GET', keyPath('payments'), { token: issued.access_token })).status).toBe(200);
    await sleep(300);
    const late = await call(sandbox, 'GET', keyPath('payments'), { token: issued.access_token });
    expect(late.status).toBe(401);
    expect(late.body).toEqual(EXPIRED.current);
  });

  it('refuses an invalid tokenLifetimeSeconds', async () => {
    await expect(startSandbox({ tokenLifetimeSeconds: 0 })).rejects.toThrow(/tokenLifetimeSeconds/);
    await expect(startSandbox({ tokenLifetimeSeconds: Number.NaN })).rejects.toThrow(/tokenLifetimeSeconds/);
  });

  it.each(['current', '2026-01', 'legacy'] as const)('answers a seeded expired token like an expired one (%s)', async (api) => {
    const sandbox = await start({ api });
    const reply = await call(sandbox, 'GET', keyPath('payments'), { token: 'old' });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(EXPIRED[api]);
  });
});
