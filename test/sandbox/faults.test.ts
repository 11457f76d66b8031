import { describe, expect, it } from '@jest/globals';
import { AppError } from '../../src/common/app-error.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { call, keyBody, keyPath, material, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

const sandbox = useSandbox({ seed: TEST_SEED, api: '2026-01' }, { faults: true, requests: true });

function keyNames(): string[] {
  return sandbox.snapshot().projects[0]?.keys.map((key) => key.name) ?? [];
}

describe('random faults', () => {
  it('adds the configured latency', async () => {
    sandbox.setFaults({ latencyMs: 60 });
    const started = performance.now();
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('fails with 500 before doing anything, even before auth, at failureRate 1', async () => {
    sandbox.setFaults({ failureRate: 1 });
    const unauthenticated = await call(sandbox, 'GET', keyPath('payments'), { token: null });
    expect(unauthenticated.status).toBe(500);
    expect(unauthenticated.body).toEqual({ error: 'internal_error', error_description: expect.any(String) });
    const create = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('never-made', { production: material('n') }) });
    expect(create.status).toBe(500);
    expect(keyNames()).not.toContain('never-made');
  });

  it('answers 429 with Retry-After and retry_after at rateLimitRate 1', async () => {
    sandbox.setFaults({ rateLimitRate: 1, retryAfterSeconds: 3 });
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('3');
    expect(reply.body).toEqual({ error: 'rate_limit_exceeded', error_description: expect.any(String), retry_after: 3 });
  });

  it('allows Retry-After 0', async () => {
    sandbox.setFaults({ rateLimitRate: 1, retryAfterSeconds: 0 });
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.headers.get('retry-after')).toBe('0');
    expect(reply.body.retry_after).toBe(0);
  });

  it('commits a mutation and then answers 500 at commitThenFailRate 1, leaving reads alone', async () => {
    sandbox.setFaults({ commitThenFailRate: 1 });
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('committed', { production: material('c') }) });
    expect(reply.status).toBe(500);
    expect(reply.body.error).toBe('internal_error');
    expect(keyNames()).toContain('committed');
    expect((await call(sandbox, 'GET', keyPath('payments', 'committed'))).status).toBe(200);
    const retry = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('committed', { production: material('c') }) });
    expect(retry.status).toBe(400);
    expect(retry.body.error_description).toContain('is already exist');
  });

  it('applies random faults only to faultMethods', async () => {
    sandbox.setFaults({ failureRate: 1, faultMethods: ['delete'] });
    expect((await call(sandbox, 'GET', keyPath('payments'))).status).toBe(200);
    expect((await call(sandbox, 'DELETE', keyPath('payments', 'jwt-signing'))).status).toBe(500);
    expect(keyNames()).toContain('jwt-signing');
  });

  it('rolls the same dice for the same randomSeed', async () => {
    async function statuses(randomSeed: number): Promise<number[]> {
      const other = await startSandbox({ seed: TEST_SEED, api: '2026-01', randomSeed, faults: { failureRate: 0.5 } });
      try {
        const result: number[] = [];
        for (let index = 0; index < 16; index += 1) result.push((await call(other, 'GET', '/apiops/projects/')).status);
        return result;
      } finally {
        await other.close();
      }
    }
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('refuses invalid settings with an AppError', () => {
    expect(() => sandbox.setFaults({ failureRate: 2 })).toThrow(AppError);
    expect(() => sandbox.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => sandbox.setFaults({ ignoreFieldsOnWrite: ['name'] as never })).toThrow(
      /ignoreFieldsOnWrite takes description, algorithm, alias/,
    );
    expect(() => sandbox.setFaults({ keepDeletedKeys: 'yes' as never })).toThrow(/keepDeletedKeys must be true or false/);
    expect(sandbox.snapshot().faults.failureRate).toBe(0);
  });
});

describe('deployment faults', () => {
  it('reports an undeploy failure inside HTTP 200 while the key is gone', async () => {
    await call(sandbox, 'POST', keyPath('payments'), {
      body: keyBody('undeploy-me', { production: material('u'), staging: material('u') }),
    });
    sandbox.setFaults({ failUndeployEnvironments: ['staging'] });
    const reply = await call(sandbox, 'DELETE', keyPath('payments', 'undeploy-me'));
    expect(reply.status).toBe(200);
    expect(reply.body.success).toBe(true);
    expect(reply.body.deploymentResult?.success).toBe(false);
    expect(reply.body.deploymentResult?.environmentResults).toEqual([
      { environmentName: 'production', success: true, message: 'Undeployed successfully' },
      { environmentName: 'staging', success: false, message: expect.stringContaining('staging') },
    ]);
    expect(keyNames()).not.toContain('undeploy-me');
  });

  it('reports a deploy failure inside HTTP 200 while the key is stored', async () => {
    sandbox.setFaults({ failDeployEnvironments: ['production'] });
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('deploy-me', { production: material('d') }) });
    expect(reply.status).toBe(200);
    expect(reply.body.deploymentResult?.success).toBe(false);
    expect(reply.body.deploymentResult?.message).not.toBe('Deployment completed successfully');
    expect(reply.body.deploymentResult?.environmentResults?.[0]?.success).toBe(false);
    expect(keyNames()).toContain('deploy-me');
  });
});

describe('request log', () => {
  it('records method, raw path, decoded query and final status in arrival order, faults included', async () => {
    await call(sandbox, 'GET', keyPath('payments'));
    await call(sandbox, 'DELETE', `${keyPath('payments', 'no such')}?jwkDeleteAction=DELETE&x=a%20b`);
    sandbox.setFaults({ rateLimitRate: 1 });
    await call(sandbox, 'GET', '/apiops/projects/');
    await call(sandbox, 'GET', '/__sandbox/state');
    await call(sandbox, 'GET', '/not-api');
    expect(sandbox.requests()).toEqual([
      { method: 'GET', path: '/apiops/projects/payments/keys/', query: {}, status: 200 },
      { method: 'DELETE', path: '/apiops/projects/payments/keys/no%20such/', query: { jwkDeleteAction: 'DELETE', x: 'a b' }, status: 400 },
      { method: 'GET', path: '/apiops/projects/', query: {}, status: 429 },
    ]);
  });

  it('returns copies and can be cleared', async () => {
    await call(sandbox, 'GET', keyPath('payments'));
    const log = sandbox.requests();
    log.pop();
    expect(sandbox.requests()).toHaveLength(1);
    sandbox.clearRequests();
    expect(sandbox.requests()).toEqual([]);
  });
});
