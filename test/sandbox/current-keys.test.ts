import { describe, expect, it } from '@jest/globals';
import type { SandboxSeed, SnapshotKey } from '../../src/sandbox/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { call, jwkPath, keyBody, keyPath, material, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

/** Keys and JWKs in the current generation: envelopes, list fields, algorithm, partial PUT. */

const SEED: SandboxSeed = {
  ...TEST_SEED,
  projects: [
    {
      ...TEST_SEED.projects![0]!,
      keys: [
        ...(TEST_SEED.projects![0]!.keys ?? []),
        {
          name: 'hmac',
          keyType: 'SECRET_KEY',
          algorithm: 'DESede',
          id: 'key-hmac',
          environments: [{ name: 'production', content: material('hmac') }],
        },
      ],
    },
    TEST_SEED.projects![1]!,
  ],
};

const sandbox = useSandbox({ seed: SEED, api: 'current' }, { faults: true });

function storedKey(name: string): SnapshotKey | undefined {
  return sandbox.snapshot().projects[0]?.keys.find((key) => key.name === name);
}

function secretBody(
  name: string,
  algorithm: unknown,
  environments: Record<string, string> = { production: material(name) },
): Record<string, unknown> {
  return { ...keyBody(name, environments, 'SECRET_KEY'), ...(algorithm === undefined ? {} : { algorithm }) };
}

describe('current reads', () => {
  it('lists keys in the status envelope with environment names and no material at all', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('SUCCESS');
    expect(reply.body.success).toBeUndefined();
    expect(reply.body.resultCount).toBe(3);
    const [signing, partner, hmac] = reply.body.resultList ?? [];
    expect(signing).toEqual({
      id: expect.stringMatching(/^key-/),
      name: 'jwt-signing',
      description: 'Signs tokens',
      projectId: expect.any(String),
      keyType: 'PRIVATE_KEY',
      algorithm: null,
      cryptoKeyInfoEnvironmentList: [
        { environmentName: 'production', alias: 'signing', source: null },
        { environmentName: 'staging', alias: null, source: null },
      ],
    });
    expect(partner?.['algorithm']).toBeNull();
    expect(hmac).toEqual(expect.objectContaining({ keyType: 'SECRET_KEY', algorithm: 'DESede' }));
    const text = JSON.stringify(reply.body);
    for (const label of ['jwt production', 'jwt staging', 'partner', 'hmac']) expect(text).not.toContain(material(label));
    expect(text).not.toMatch(/"content"|"privateKey"|"publicKey"|"environmentId"/);
  });

  it('gives the same shape for one key', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments', 'hmac'));
    expect(reply.body).toEqual({
      status: 'SUCCESS',
      resultList: [
        {
          id: 'key-hmac',
          name: 'hmac',
          description: '',
          projectId: expect.any(String),
          keyType: 'SECRET_KEY',
          algorithm: 'DESede',
          cryptoKeyInfoEnvironmentList: [{ environmentName: 'production', alias: null, source: null }],
        },
      ],
      resultCount: 1,
    });
  });

  it('lists environments under the project, not at the old path', async () => {
    const reply = await call(sandbox, 'GET', '/apiops/projects/payments/environments/');
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('SUCCESS');
    expect(reply.body.resultCount).toBe(2);
    expect(reply.body.resultList?.[0]).toEqual({
      id: 'env-prod',
      name: 'production',
      description: '',
      type: 'PRODUCTION',
      accessUrl: expect.any(String),
      status: 'PUBLISHED',
      deployed: null,
      redeployRequired: null,
    });
    const old = await call(sandbox, 'GET', '/apiops/environments/payments');
    expect(old.status).toBe(404);
    expect(old.body).toEqual(expect.objectContaining({ status: 404, error: 'Not Found', path: '/apiops/environments/payments' }));
  });

  it('lists projects with ids', async () => {
    const reply = await call(sandbox, 'GET', '/apiops/projects/', { token: 'reader' });
    expect(reply.body).toEqual({
      status: 'SUCCESS',
      resultList: [{ id: expect.any(String), name: 'payments', description: 'Payments team' }],
      resultCount: 1,
    });
  });

  it('returns only keyListLimit entries while resultCount stays the true total', async () => {
    sandbox.setFaults({ keyListLimit: 1 });
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.body.resultList?.map((key) => key['name'])).toEqual(['jwt-signing']);
    expect(reply.body.resultCount).toBe(3);
    sandbox.setFaults({ keyListLimit: 0 });
    expect((await call(sandbox, 'GET', keyPath('payments'))).body).toEqual(expect.objectContaining({ resultList: [], resultCount: 3 }));
    sandbox.setFaults({ keyListLimit: null });
    expect((await call(sandbox, 'GET', keyPath('payments'))).body.resultList).toHaveLength(3);
  });

  it('shows a JWK made from a key with the key id as sourceId, and the JWK id', async () => {
    const list = await call(sandbox, 'GET', jwkPath('payments'));
    const signingId = storedKey('jwt-signing')?.id;
    expect(signingId).toMatch(/^key-/);
    const jwk = list.body.resultList?.find((entry) => entry['name'] === 'jwt-public');
    expect(jwk).toEqual(expect.objectContaining({ id: expect.stringMatching(/^jwk-/), sourceType: 'PRIVATE_KEY', sourceId: signingId }));
    const one = await call(sandbox, 'GET', jwkPath('payments', 'jwt-public'));
    expect(one.body.resultList?.[0]?.['sourceId']).toBe(signingId);
  });
});

describe('current create', () => {
  it('answers with the status envelope and stores the algorithm of a SECRET_KEY', async () => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: secretBody('aes-1', 'AES') });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'SUCCESS', deploymentResult: expect.objectContaining({ success: true }) });
    expect(storedKey('aes-1')).toEqual(expect.objectContaining({ keyType: 'SECRET_KEY', algorithm: 'AES' }));
    expect((await call(sandbox, 'GET', keyPath('payments', 'aes-1'))).body.resultList?.[0]?.['algorithm']).toBe('AES');
  });

  it.each([
    ['missing', undefined],
    ['lower case', 'aes'],
    ['desede', 'desede'],
    ['unknown', 'HMAC'],
    ['not a string', 7],
    ['null', null],
  ])('refuses a SECRET_KEY with the algorithm %s', async (_label, algorithm) => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: secretBody('no-alg', algorithm) });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'FAILURE',
      resultMessage: 'algorithm is required for SECRET_KEY! Supported values: AES, DES, DESede, RSA',
    });
    expect(storedKey('no-alg')).toBeUndefined();
  });

  it.each(['AES', 'DES', 'DESede', 'RSA'])('accepts %s', async (algorithm) => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: secretBody(`alg-${algorithm}`, algorithm) });
    expect(reply.status).toBe(200);
    expect(storedKey(`alg-${algorithm}`)?.algorithm).toBe(algorithm);
  });

  it('stores null for a private key even when an algorithm is sent', async () => {
    const body = { ...keyBody('priv-alg', { production: material('p') }), algorithm: 'AES' };
    expect((await call(sandbox, 'POST', keyPath('payments'), { body })).status).toBe(200);
    expect(storedKey('priv-alg')?.algorithm).toBeNull();
  });

  it('refuses key types the current reference does not know', async () => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('rsa-type', { production: material('r') }, 'RSA') });
    expect(reply.status).toBe(400);
    expect(reply.body.resultMessage).toContain('keyType');
    expect(storedKey('rsa-type')).toBeUndefined();
  });

  it('takes raw PEM for a private key and stores it base64-encoded', async () => {
    const pem = '-----BEGIN TEST SECRET-----\nraw pem\n-----END TEST SECRET-----\n';
    const body = {
      name: 'raw-pem',
      keyType: 'PRIVATE_KEY',
      cryptoKeyInfoEnvironmentList: [{ environmentName: 'production', content: pem }],
    };
    expect((await call(sandbox, 'POST', keyPath('payments'), { body })).status).toBe(200);
    expect(storedKey('raw-pem')?.environments[0]?.content).toBe(Buffer.from(pem).toString('base64'));
  });
});

describe('current partial update', () => {
  async function createTwoEnvironmentKey(name: string): Promise<SnapshotKey> {
    const body = keyBody(name, { production: material(`${name} p`), staging: material(`${name} s`) }, 'PRIVATE_KEY', 'first');
    expect((await call(sandbox, 'POST', keyPath('payments'), { body })).status).toBe(200);
    return storedKey(name)!;
  }

  it('changes only the description when only the description is sent, keeping material and environments', async () => {
    const before = await createTwoEnvironmentKey('patch-1');
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'patch-1'), { body: { description: 'second' } });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('SUCCESS');
    expect(reply.body.deploymentResult?.environmentResults?.map((entry) => entry.message)).toEqual([
      'Deployed successfully',
      'Deployed successfully',
    ]);
    expect(storedKey('patch-1')).toEqual({ ...before, description: 'second' });
  });

  it('treats null fields as omitted', async () => {
    const before = await createTwoEnvironmentKey('patch-null');
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'patch-null'), {
      body: { name: null, description: null, keyType: null, algorithm: null, cryptoKeyInfoEnvironmentList: null },
    });
    expect(reply.status).toBe(200);
    expect(storedKey('patch-null')).toEqual(before);
  });

  it('renames with only a name, keeping the id and everything else', async () => {
    const before = await createTwoEnvironmentKey('patch-2');
    expect((await call(sandbox, 'PUT', keyPath('payments', 'patch-2'), { body: { name: 'patch-2b' } })).status).toBe(200);
    expect(storedKey('patch-2')).toBeUndefined();
    expect(storedKey('patch-2b')).toEqual({ ...before, name: 'patch-2b' });
  });

  it('re-processes the supplied environments and undeploys the ones a supplied list leaves out', async () => {
    await createTwoEnvironmentKey('patch-3');
    const next = material('patch-3 p v2');
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'patch-3'), {
      body: { cryptoKeyInfoEnvironmentList: [{ environmentName: 'production', content: next, alias: 'new' }] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.deploymentResult?.environmentResults).toEqual([
      { environmentName: 'production', success: true, message: 'Deployed successfully' },
      { environmentName: 'staging', success: true, message: 'Undeployed successfully' },
    ]);
    const key = storedKey('patch-3');
    expect(key?.description).toBe('first');
    expect(key?.environments.map((entry) => [entry.environmentName, entry.content, entry.alias])).toEqual([['production', next, 'new']]);
  });

  it('keeps the left-out environments with putKeepsOmittedEnvironments', async () => {
    const before = await createTwoEnvironmentKey('patch-4');
    sandbox.setFaults({ putKeepsOmittedEnvironments: true });
    const next = material('patch-4 s v2');
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'patch-4'), {
      body: { cryptoKeyInfoEnvironmentList: [{ environmentName: 'staging', content: next }] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.deploymentResult?.environmentResults).toEqual([
      { environmentName: 'staging', success: true, message: 'Deployed successfully' },
    ]);
    expect(storedKey('patch-4')?.environments).toEqual([before.environments[0], { ...before.environments[1], content: next, alias: null }]);
  });

  it('keeps the stored algorithm when none is sent, changes it when one is, and refuses a bad one', async () => {
    expect((await call(sandbox, 'POST', keyPath('payments'), { body: secretBody('patch-alg', 'AES') })).status).toBe(200);
    expect((await call(sandbox, 'PUT', keyPath('payments', 'patch-alg'), { body: { description: 'd' } })).status).toBe(200);
    expect(storedKey('patch-alg')?.algorithm).toBe('AES');
    expect((await call(sandbox, 'PUT', keyPath('payments', 'patch-alg'), { body: { algorithm: 'DES' } })).status).toBe(200);
    expect(storedKey('patch-alg')?.algorithm).toBe('DES');
    const bad = await call(sandbox, 'PUT', keyPath('payments', 'patch-alg'), { body: { algorithm: 'des', description: 'never' } });
    expect(bad.status).toBe(400);
    expect(bad.body.resultMessage).toBe('algorithm is required for SECRET_KEY! Supported values: AES, DES, DESede, RSA');
    expect(storedKey('patch-alg')).toEqual(expect.objectContaining({ algorithm: 'DES', description: 'd' }));
  });

  it('requires an algorithm when a key becomes a SECRET_KEY, and clears it when it stops being one', async () => {
    await createTwoEnvironmentKey('patch-type');
    const refused = await call(sandbox, 'PUT', keyPath('payments', 'patch-type'), { body: { keyType: 'SECRET_KEY' } });
    expect(refused.status).toBe(400);
    expect(refused.body.resultMessage).toContain('algorithm is required for SECRET_KEY!');
    expect(storedKey('patch-type')?.keyType).toBe('PRIVATE_KEY');
    expect(
      (await call(sandbox, 'PUT', keyPath('payments', 'patch-type'), { body: { keyType: 'SECRET_KEY', algorithm: 'RSA' } })).status,
    ).toBe(200);
    expect(storedKey('patch-type')).toEqual(expect.objectContaining({ keyType: 'SECRET_KEY', algorithm: 'RSA' }));
    expect((await call(sandbox, 'PUT', keyPath('payments', 'patch-type'), { body: { keyType: 'PUBLIC_KEY' } })).status).toBe(200);
    expect(storedKey('patch-type')).toEqual(expect.objectContaining({ keyType: 'PUBLIC_KEY', algorithm: null }));
  });

  it('asks for an algorithm when a stored SECRET_KEY has none (made by an older Manager)', async () => {
    const other = await startSandbox({
      api: 'current',
      seed: {
        projects: [
          {
            name: 'p',
            environments: [{ name: 'e' }],
            keys: [{ name: 'old-secret', keyType: 'SECRET_KEY', algorithm: null, environments: [{ name: 'e', content: material('o') }] }],
          },
        ],
      },
    });
    try {
      const listed = await call(other, 'GET', keyPath('p', 'old-secret'));
      expect(listed.body.resultList?.[0]?.['algorithm']).toBeNull();
      const refused = await call(other, 'PUT', keyPath('p', 'old-secret'), { body: { description: 'x' } });
      expect(refused.status).toBe(400);
      expect(refused.body.resultMessage).toContain('algorithm is required');
      expect((await call(other, 'PUT', keyPath('p', 'old-secret'), { body: { algorithm: 'AES' } })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('refuses an update that renames onto a taken name', async () => {
    await createTwoEnvironmentKey('patch-5');
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'patch-5'), { body: { name: 'jwt-signing' } });
    expect(reply.status).toBe(400);
    expect(reply.body.resultMessage).toBe('Key (name: jwt-signing) is already exist! Try update operation if want to change its value.');
  });

  it('keeps the JWK sourceId (the key id) through a rename with UPDATE, and clears it with NULLIFY', async () => {
    await createTwoEnvironmentKey('patch-jwk');
    const id = storedKey('patch-jwk')?.id;
    const made = await call(sandbox, 'POST', jwkPath('payments'), {
      body: { name: 'patch-jwk-j', sourceType: 'PRIVATE_KEY', keyName: 'patch-jwk' },
    });
    expect(made.body.resultList?.[0]?.['sourceId']).toBe(id);
    await call(sandbox, 'PUT', `${keyPath('payments', 'patch-jwk')}?jwkUpdateAction=UPDATE`, { body: { name: 'patch-jwk-2' } });
    const after = await call(sandbox, 'GET', jwkPath('payments', 'patch-jwk-j'));
    expect(after.body.resultList?.[0]?.['sourceId']).toBe(id);
    expect(sandbox.snapshot().projects[0]?.jwks.find((jwk) => jwk.name === 'patch-jwk-j')).toEqual(
      expect.objectContaining({ sourceId: 'patch-jwk-2', sourceKeyId: id, revision: 1 }),
    );
    await call(sandbox, 'PUT', keyPath('payments', 'patch-jwk-2'), { body: { description: 'x' } });
    expect((await call(sandbox, 'GET', jwkPath('payments', 'patch-jwk-j'))).body.resultList?.[0]?.['sourceId']).toBeNull();
  });

  it('honours jwkDeleteAction=DELETE on delete', async () => {
    await createTwoEnvironmentKey('del-jwk');
    await call(sandbox, 'POST', jwkPath('payments'), { body: { name: 'del-jwk-j', sourceType: 'PRIVATE_KEY', keyName: 'del-jwk' } });
    const reply = await call(sandbox, 'DELETE', `${keyPath('payments', 'del-jwk')}?jwkDeleteAction=DELETE`);
    expect(reply.body).toEqual({
      status: 'SUCCESS',
      deploymentResult: expect.objectContaining({ message: 'Undeployment completed successfully' }),
    });
    expect(sandbox.snapshot().projects[0]?.jwks.find((jwk) => jwk.name === 'del-jwk-j')).toBeUndefined();
  });
});
