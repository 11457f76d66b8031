import { describe, expect, it } from '@jest/globals';
import type { DetailEntry } from './helpers.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { call, keyBody, keyPath, material, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

/** The documented forms of `deploymentResult`, chosen by the `deploymentShape` fault. */

const sandbox = useSandbox({ seed: TEST_SEED, api: 'current' }, { faults: true });

let counter = 0;
async function createBoth(): Promise<string> {
  counter += 1;
  const name = `shape-${counter}`;
  const reply = await call(sandbox, 'POST', keyPath('payments'), {
    body: keyBody(name, { production: material(name), staging: material(name) }),
  });
  expect(reply.status).toBe(200);
  return name;
}

describe('deploymentShape environmentResults (default)', () => {
  it('reports each environment by name', async () => {
    sandbox.setFaults({ failDeployEnvironments: ['staging'] });
    const reply = await call(sandbox, 'POST', keyPath('payments'), {
      body: keyBody('er-1', { production: material('e'), staging: material('e') }),
    });
    expect(reply.body.deploymentResult).toEqual({
      success: false,
      message: 'Deployment completed with errors: 1 of 2 environments failed',
      environmentResults: [
        { environmentName: 'production', success: true, message: 'Deployed successfully' },
        { environmentName: 'staging', success: false, message: expect.stringContaining('staging') },
      ],
    });
  });
});

describe('deploymentShape detailList', () => {
  it('nests per environment, then per gateway pod (two each)', async () => {
    sandbox.setFaults({ deploymentShape: 'detailList' });
    const reply = await call(sandbox, 'POST', keyPath('payments'), {
      body: keyBody('dl-1', { production: material('d'), staging: material('d') }),
    });
    expect(reply.status).toBe(200);
    const result = reply.body.deploymentResult!;
    expect(result).not.toHaveProperty('environmentResults');
    expect(result).toEqual(
      expect.objectContaining({ success: true, responseTime: expect.any(Number), envName: null, podName: null, podIp: null }),
    );
    const environments = result.detailList ?? [];
    expect(environments.map((entry) => [entry.envName, entry.success, entry.detail])).toEqual([
      ['production', true, null],
      ['staging', true, null],
    ]);
    const pods = environments.flatMap((entry) => entry.detailList);
    expect(pods).toHaveLength(4);
    for (const pod of pods) {
      expect(pod).toEqual({
        success: true,
        responseTime: expect.any(Number),
        envName: expect.stringMatching(/^(production|staging)$/),
        podName: expect.stringMatching(/^worker-/),
        podIp: expect.stringMatching(/^10\.\d+\.\d+\.\d+$/),
        detail: null,
        detailList: [],
      });
    }
    expect(new Set(pods.map((pod) => pod.podName)).size).toBe(4);
  });

  it('fails one pod with a detail text, and the environment and the root with it', async () => {
    const name = await createBoth();
    sandbox.setFaults({ deploymentShape: 'detailList', failUndeployEnvironments: ['production'] });
    const reply = await call(sandbox, 'DELETE', keyPath('payments', name));
    expect(reply.status).toBe(200);
    const result = reply.body.deploymentResult!;
    expect(result.success).toBe(false);
    const [production, staging] = result.detailList as [DetailEntry, DetailEntry];
    expect(production).toEqual(
      expect.objectContaining({ envName: 'production', success: false, detail: expect.stringContaining('production') }),
    );
    expect(production.detailList.map((pod) => pod.success)).toEqual([true, false]);
    expect(production.detailList[1]?.detail).toEqual(expect.stringContaining(production.detailList[1]?.podName ?? '?'));
    expect(production.detailList[0]?.detail).toBeNull();
    expect(staging).toEqual(expect.objectContaining({ envName: 'staging', success: true }));
    expect(staging.detailList.every((pod) => pod.success)).toBe(true);
  });
});

describe('deploymentShape none', () => {
  it('gives the overall verdict without any per-environment detail', async () => {
    sandbox.setFaults({ deploymentShape: 'none' });
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('none-1', { production: material('n') }) });
    expect(reply.body).toEqual({ status: 'SUCCESS', deploymentResult: { success: true, message: 'Deployment completed successfully' } });
    expect(JSON.stringify(reply.body)).not.toContain('production');
  });

  it('still says when something failed', async () => {
    const name = await createBoth();
    sandbox.setFaults({ deploymentShape: 'none', failUndeployEnvironments: ['staging'] });
    const reply = await call(sandbox, 'DELETE', keyPath('payments', name));
    expect(reply.body.deploymentResult).toEqual({ success: false, message: expect.stringContaining('1 of 2') });
  });
});

describe('deploymentShape settings', () => {
  it('refuses an unknown shape and works in the older generations too', async () => {
    expect(() => sandbox.setFaults({ deploymentShape: 'pods' as never })).toThrow(/deploymentShape/);
    const other = await startSandbox({ seed: TEST_SEED, api: '2026-01', faults: { deploymentShape: 'detailList' } });
    try {
      const reply = await call(other, 'POST', keyPath('payments'), { body: keyBody('old-dl', { production: material('o') }) });
      expect(reply.body.success).toBe(true);
      expect(reply.body.deploymentResult?.detailList?.[0]?.envName).toBe('production');
    } finally {
      await other.close();
    }
  });
});
