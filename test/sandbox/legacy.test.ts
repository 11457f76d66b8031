import { describe, expect, it } from '@jest/globals';
import { call, jwkPath, keyBody, keyPath, material, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

const sandbox = useSandbox({ seed: TEST_SEED, api: 'legacy' });

describe('legacy generation', () => {
  it('lists keys in the status envelope with plain material by environment name', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('SUCCESS');
    expect(reply.body.success).toBeUndefined();
    const [signing, partner] = reply.body.resultList ?? [];
    expect(signing?.['cryptoKeyInfoEnvironmentList']).toEqual([
      { environmentName: 'production', publicKey: null, privateKey: material('jwt production') },
      { environmentName: 'staging', publicKey: null, privateKey: material('jwt staging') },
    ]);
    expect(partner?.['cryptoKeyInfoEnvironmentList']).toEqual([
      { environmentName: 'production', publicKey: material('partner'), privateKey: null },
    ]);
  });

  it('uses the same entries in the single-key GET', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments', 'jwt-signing'));
    const entries = reply.body.resultList?.[0]?.['cryptoKeyInfoEnvironmentList'] as Array<Record<string, unknown>>;
    expect(entries[0]).not.toHaveProperty('environmentId');
    expect(entries[0]?.['environmentName']).toBe('production');
  });

  it('answers mutations and other reads in the status envelope', async () => {
    const created = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('legacy-1', { production: material('l') }) });
    expect(created.body).toEqual(
      expect.objectContaining({ status: 'SUCCESS', deploymentResult: expect.objectContaining({ success: true }) }),
    );
    expect((await call(sandbox, 'GET', jwkPath('payments'))).body.status).toBe('SUCCESS');
    expect((await call(sandbox, 'GET', '/apiops/environments/payments')).body.status).toBe('SUCCESS');
  });

  it('accepts older privateKey/publicKey fields in a create body', async () => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), {
      body: {
        name: 'legacy-2',
        keyType: 'RSA',
        cryptoKeyInfoEnvironmentList: [{ environmentName: 'production', privateKey: material('old') }],
      },
    });
    expect(reply.status).toBe(200);
    const key = sandbox.snapshot().projects[0]?.keys.find((entry) => entry.name === 'legacy-2');
    expect(key?.keyType).toBe('RSA');
    expect(key?.environments[0]?.content).toBe(material('old'));
  });

  it('switches to the 2026-01 generation and back', async () => {
    sandbox.setApi('2026-01');
    try {
      const reply = await call(sandbox, 'GET', keyPath('payments'));
      expect(reply.body.success).toBe(true);
      expect(reply.body.resultList?.[0]?.['cryptoKeyInfoEnvironmentList']).toEqual(
        expect.arrayContaining([expect.objectContaining({ environmentId: 'env-prod' })]),
      );
    } finally {
      sandbox.setApi('legacy');
    }
  });
});
