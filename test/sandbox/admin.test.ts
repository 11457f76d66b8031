import { describe, expect, it } from '@jest/globals';
import type { FaultSettings, RequestLogEntry, SandboxSnapshot } from '../../src/sandbox/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { call, keyPath, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

const sandbox = useSandbox({ seed: TEST_SEED, api: '2026-01' });

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('admin endpoints', () => {
  it('serves and clears the request log without logging themselves', async () => {
    await call(sandbox, 'GET', keyPath('payments'));
    const log = await admin('GET', 'requests');
    expect(log.status).toBe(200);
    expect((log.json as RequestLogEntry[]).map((entry) => entry.path)).toEqual(['/apiops/projects/payments/keys/']);
    expect((await admin('DELETE', 'requests/')).status).toBe(204);
    expect(sandbox.requests()).toEqual([]);
  });

  it('merges fault settings and refuses bad ones, with no faults applied to themselves', async () => {
    const set = await admin('PUT', 'faults', { failureRate: 1, faultMethods: ['get'] });
    expect(set.status).toBe(200);
    expect(set.json).toEqual(expect.objectContaining({ failureRate: 1, faultMethods: ['GET'], latencyMs: 0 }));
    expect((await call(sandbox, 'GET', '/apiops/projects/')).status).toBe(500);
    expect((await admin('GET', 'state')).status).toBe(200);
    const bad = await admin('PUT', 'faults', { failureRate: 'often' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: 'bad_request', error_description: expect.stringContaining('failureRate') });
    const reset = await admin('PUT', 'faults', { failureRate: 0 });
    expect((reset.json as FaultSettings).failureRate).toBe(0);
    expect((await call(sandbox, 'GET', '/apiops/projects/')).status).toBe(200);
  });

  it('serves the state snapshot, plain content included', async () => {
    const state = await admin('GET', 'state');
    const snapshot = state.json as SandboxSnapshot;
    expect(snapshot).toEqual(sandbox.snapshot());
    expect(snapshot.projects[0]?.keys[0]?.environments[0]?.content).toBe(TEST_SEED.projects?.[0]?.keys?.[0]?.environments?.[0]?.content);
  });

  it('switches the generation spoken, refusing unknown ones', async () => {
    const legacy = await admin('PUT', 'api', { api: 'legacy' });
    expect(legacy).toEqual({ status: 200, json: { api: 'legacy' } });
    expect((await call(sandbox, 'GET', keyPath('payments'))).body.status).toBe('SUCCESS');
    expect(sandbox.snapshot().api).toBe('legacy');
    expect((await admin('PUT', 'api', { api: 'current' })).status).toBe(200);
    const current = await call(sandbox, 'GET', keyPath('nowhere'));
    expect(current.body).toEqual({ status: 'FAILURE', resultMessage: expect.stringContaining('is not found') });
    for (const odd of [{ api: 'odd' }, { api: 'Current' }, { api: 2026 }, {}]) {
      const refused = await admin('PUT', 'api', odd);
      expect(refused.status).toBe(400);
      expect(refused.json).toEqual({ error: 'bad_request', error_description: expect.stringContaining('2026-01') });
    }
    expect(sandbox.snapshot().api).toBe('current');
    await admin('PUT', 'api', { api: '2026-01' });
    expect((await call(sandbox, 'GET', keyPath('payments'))).body.success).toBe(true);
  });

  it('no longer has the reply-shape route', async () => {
    expect((await admin('PUT', 'reply-shape', { replyShape: 'legacy' })).status).toBe(404);
  });

  it('answers unknown admin routes with 404', async () => {
    expect((await admin('GET', 'nothing')).status).toBe(404);
  });
});

describe('snapshot', () => {
  it('is a deep copy', () => {
    const snapshot = sandbox.snapshot();
    (snapshot.projects[0]?.keys as unknown as unknown[]).length = 0;
    expect(sandbox.snapshot().projects[0]?.keys.length).toBeGreaterThan(0);
  });

  it('carries key ids and JWK sources', () => {
    const project = sandbox.snapshot().projects[0];
    expect(project?.keys[0]?.id).toMatch(/^key-/);
    expect(project?.jwks.find((jwk) => jwk.name === 'jwt-public')).toEqual(
      expect.objectContaining({ sourceType: 'PRIVATE_KEY', sourceId: 'jwt-signing', revision: 0 }),
    );
  });
});

describe('keep-alive and close', () => {
  it('closes promptly with idle keep-alive connections open', async () => {
    const other = await startSandbox();
    const response = await fetch(`${other.url}/apiops/projects/`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(response.headers.get('connection')).not.toBe('close');
    await response.text();
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(fetch(`${other.url}/apiops/projects/`)).rejects.toThrow();
  });

  it('does not wait for requests still in their latency', async () => {
    const other = await startSandbox({ faults: { latencyMs: 5000 } });
    const pending = fetch(`${other.url}/apiops/projects/`, { headers: { authorization: `Bearer ${other.token}` } });
    const failed = expect(pending).rejects.toThrow();
    while (other.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await failed;
  });

  it('can be closed twice', async () => {
    const other = await startSandbox();
    await other.close();
    await expect(other.close()).resolves.toBeUndefined();
  });
});
