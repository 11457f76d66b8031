import { describe, expect, it } from '@jest/globals';
import type { SnapshotKey } from '../../src/sandbox/index.js';
import { call, jwkPath, keyBody, keyPath, material, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

const sandbox = useSandbox({ seed: TEST_SEED, api: '2026-01' });

function storedKey(name: string): SnapshotKey | undefined {
  return sandbox
    .snapshot()
    .projects.find((project) => project.name === 'payments')
    ?.keys.find((key) => key.name === name);
}

function storedJwk(name: string): { sourceId: string | null; revision: number } | undefined {
  return sandbox
    .snapshot()
    .projects.find((project) => project.name === 'payments')
    ?.jwks.find((jwk) => jwk.name === name);
}

async function createKeyWithJwks(key: string, jwks: string[]): Promise<void> {
  const created = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody(key, { production: material(key) }) });
  expect(created.status).toBe(200);
  for (const jwk of jwks) {
    const made = await call(sandbox, 'POST', jwkPath('payments'), {
      body: { name: jwk, sourceType: 'PRIVATE_KEY', keyName: key, environmentName: 'production', useType: 'SIGNATURE', algorithm: 'RS256' },
    });
    expect(made.status).toBe(200);
  }
}

describe('create', () => {
  it('stores the key, deploys it and reports each environment', async () => {
    const content = material('create-1');
    const reply = await call(sandbox, 'POST', keyPath('payments'), {
      body: keyBody('create-1', { production: content, staging: content }, 'SECRET_KEY', 'd'),
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({
      success: true,
      deploymentResult: {
        success: true,
        message: 'Deployment completed successfully',
        environmentResults: [
          { environmentName: 'production', success: true, message: 'Deployed successfully' },
          { environmentName: 'staging', success: true, message: 'Deployed successfully' },
        ],
      },
    });
    const key = storedKey('create-1');
    expect(key?.keyType).toBe('SECRET_KEY');
    expect(key?.description).toBe('d');
    expect(key?.environments.map((entry) => [entry.environmentName, entry.environmentId, entry.content])).toEqual([
      ['production', 'env-prod', content],
      ['staging', expect.stringMatching(/^env-staging-/), content],
    ]);
  });

  it('refuses an existing name with the documented text', async () => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('jwt-signing', { production: material('x') }) });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: 'bad_request',
      error_description: 'Key (name: jwt-signing) is already exist! Try update operation if want to change its value.',
    });
  });

  it('refuses an unknown environment, naming it', async () => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('create-2', { moon: material('x') }) });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('validation_failed');
    expect(reply.body.error_description).toContain('moon');
    expect(storedKey('create-2')).toBeUndefined();
  });

  it.each([
    ['empty content', keyBody('create-3', { production: '' })],
    ['content not base64', keyBody('create-3', { production: 'not base64!' })],
    ['missing name', { keyType: 'SECRET_KEY', cryptoKeyInfoEnvironmentList: [] }],
    ['keyType not a string', { name: 'create-3', keyType: 7, cryptoKeyInfoEnvironmentList: [] }],
  ])('refuses %s as validation_failed', async (_label, body) => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('validation_failed');
    expect(storedKey('create-3')).toBeUndefined();
  });

  it('answers malformed JSON with exactly the error body', async () => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), {
      rawBody: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body).sort()).toEqual(['error', 'error_description']);
    expect(reply.body.error).toBe('bad_request');
  });
});

describe('read', () => {
  it('lists keys with environment ids and content that is not the plaintext', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.status).toBe(200);
    expect(reply.body.success).toBe(true);
    expect(reply.body.resultCount).toBe(reply.body.resultList?.length);
    const key = reply.body.resultList?.find((entry) => entry['name'] === 'jwt-signing');
    const plain = material('jwt production');
    const entries = key?.['cryptoKeyInfoEnvironmentList'] as Array<Record<string, unknown>>;
    expect(key?.['keyType']).toBe('PRIVATE_KEY');
    expect(typeof key?.['id']).toBe('string');
    expect(typeof key?.['projectId']).toBe('string');
    expect(entries[0]).toEqual({ environmentId: 'env-prod', content: expect.any(String), alias: 'signing' });
    const content = entries[0]?.['content'] as string;
    expect(content).not.toBe(plain);
    expect(content).not.toContain(plain.slice(0, 12));
    expect(Buffer.from(content, 'base64').toString('utf8')).not.toContain('TEST SECRET');
  });

  it('gives environment names in the single-key GET', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments', 'jwt-signing'));
    expect(reply.status).toBe(200);
    expect(reply.body.resultCount).toBe(1);
    const entries = reply.body.resultList?.[0]?.['cryptoKeyInfoEnvironmentList'] as Array<Record<string, unknown>>;
    expect(entries.map((entry) => entry['environmentName'])).toEqual(['production', 'staging']);
  });

  // The contract's paths end with a slash and a Spring Manager matches them exactly: a client
  // that drops it must fail against the sandbox as it would against a Manager.
  it.each([
    '/apiops/projects/payments/keys/jwt-signing',
    '/apiops/projects',
    '/apiops/projects/payments/keys',
    '/apiops/projects/payments/jwks',
  ])('answers GET %s (no trailing slash) as an unknown path', async (path) => {
    const reply = await call(sandbox, 'GET', path);
    expect(reply.status).toBe(404);
    expect(JSON.stringify(reply.body)).toMatch(/not.found/i);
    expect(reply.body.resultList).toBeUndefined();
  });

  it('answers a missing key with 400 "is not found"', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments', 'nope'));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'bad_request', error_description: 'Key (name: nope) is not found!' });
  });
});

describe('update', () => {
  it('replaces description, content and environments, undeploying dropped ones', async () => {
    await createKeyWithJwks('update-1', []);
    const next = material('update-1 v2');
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'update-1'), {
      body: keyBody('update-1', { staging: next }, 'PRIVATE_KEY', 'v2'),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.deploymentResult?.environmentResults).toEqual([
      { environmentName: 'staging', success: true, message: 'Deployed successfully' },
      { environmentName: 'production', success: true, message: 'Undeployed successfully' },
    ]);
    const key = storedKey('update-1');
    expect(key?.description).toBe('v2');
    expect(key?.environments.map((entry) => [entry.environmentName, entry.content])).toEqual([['staging', next]]);
  });

  it('renames, keeping the id, and refuses a taken name', async () => {
    await createKeyWithJwks('rename-1', []);
    const id = storedKey('rename-1')?.id;
    const renamed = await call(sandbox, 'PUT', keyPath('payments', 'rename-1'), {
      body: keyBody('rename-2', { production: material('r') }),
    });
    expect(renamed.status).toBe(200);
    expect(storedKey('rename-1')).toBeUndefined();
    expect(storedKey('rename-2')?.id).toBe(id);
    const taken = await call(sandbox, 'PUT', keyPath('payments', 'rename-2'), {
      body: keyBody('jwt-signing', { production: material('r') }),
    });
    expect(taken.status).toBe(400);
    expect(taken.body.error_description).toBe(
      'Key (name: jwt-signing) is already exist! Try update operation if want to change its value.',
    );
  });

  it('detaches the JWKs made from the key by default (NULLIFY)', async () => {
    await createKeyWithJwks('update-2', ['update-2-jwk']);
    expect(storedJwk('update-2-jwk')?.sourceId).toBe('update-2');
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'update-2'), {
      body: keyBody('update-2', { production: material('u2 v2') }),
    });
    expect(reply.status).toBe(200);
    expect(storedJwk('update-2-jwk')).toEqual(expect.objectContaining({ sourceId: null, revision: 0 }));
  });

  it('re-parses them with UPDATE, following a rename', async () => {
    await createKeyWithJwks('update-3', ['update-3-jwk']);
    const before = await call(sandbox, 'GET', jwkPath('payments', 'update-3-jwk'));
    const reply = await call(sandbox, 'PUT', `${keyPath('payments', 'update-3')}?jwkUpdateAction=UPDATE&updateScope=SAME_PROJECT`, {
      body: keyBody('update-3b', { production: material('u3 v2') }),
    });
    expect(reply.status).toBe(200);
    expect(storedJwk('update-3-jwk')).toEqual(expect.objectContaining({ sourceId: 'update-3b', revision: 1 }));
    const after = await call(sandbox, 'GET', jwkPath('payments', 'update-3-jwk'));
    expect(after.body.resultList?.[0]?.['jwk']).not.toEqual(before.body.resultList?.[0]?.['jwk']);
  });

  it('takes the older updateReferencedJwks=true as UPDATE, with ALL_PROJECTS accepted', async () => {
    await createKeyWithJwks('update-4', ['update-4-jwk']);
    const reply = await call(sandbox, 'PUT', `${keyPath('payments', 'update-4')}?updateReferencedJwks=true&updateScope=ALL_PROJECTS`, {
      body: keyBody('update-4', { production: material('u4 v2') }),
    });
    expect(reply.status).toBe(200);
    expect(storedJwk('update-4-jwk')).toEqual(expect.objectContaining({ sourceId: 'update-4', revision: 1 }));
  });

  it.each(['jwkUpdateAction=DELETE', 'updateScope=EVERYWHERE', 'updateReferencedJwks=yes'])(
    'refuses %s with 400 bad_request',
    async (query) => {
      const reply = await call(sandbox, 'PUT', `${keyPath('payments', 'jwt-signing')}?${query}`, {
        body: keyBody('jwt-signing', { production: material('z') }),
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe('bad_request');
      expect(storedKey('jwt-signing')?.environments).toHaveLength(2);
    },
  );

  it('answers an update of a missing key with 400 "is not found"', async () => {
    const reply = await call(sandbox, 'PUT', keyPath('payments', 'ghost'), { body: keyBody('ghost', { production: material('g') }) });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'bad_request', error_description: 'Key (name: ghost) is not found!' });
  });
});

describe('delete', () => {
  it('keeps the JWKs made from the key and clears their sourceId with NULLIFY', async () => {
    await createKeyWithJwks('delete-1', ['delete-1-a', 'delete-1-b']);
    const reply = await call(sandbox, 'DELETE', `${keyPath('payments', 'delete-1')}?jwkDeleteAction=NULLIFY`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      success: true,
      deploymentResult: {
        success: true,
        message: 'Undeployment completed successfully',
        environmentResults: [{ environmentName: 'production', success: true, message: 'Undeployed successfully' }],
      },
    });
    expect(storedKey('delete-1')).toBeUndefined();
    expect(storedJwk('delete-1-a')?.sourceId).toBeNull();
    expect(storedJwk('delete-1-b')?.sourceId).toBeNull();
    const list = await call(sandbox, 'GET', jwkPath('payments'));
    expect(list.body.resultList?.find((jwk) => jwk['name'] === 'delete-1-a')).toEqual(
      expect.objectContaining({ sourceType: 'PRIVATE_KEY', sourceId: null }),
    );
  });

  it('treats an absent jwkDeleteAction as NULLIFY', async () => {
    await createKeyWithJwks('delete-2', ['delete-2-jwk']);
    expect((await call(sandbox, 'DELETE', keyPath('payments', 'delete-2'))).status).toBe(200);
    expect(storedJwk('delete-2-jwk')?.sourceId).toBeNull();
  });

  it('removes the JWKs made from the key with DELETE and leaves others alone', async () => {
    await createKeyWithJwks('delete-3', ['delete-3-jwk']);
    const reply = await call(sandbox, 'DELETE', `${keyPath('payments', 'delete-3')}?jwkDeleteAction=DELETE`);
    expect(reply.status).toBe(200);
    expect(storedJwk('delete-3-jwk')).toBeUndefined();
    expect(storedJwk('jwt-public')?.sourceId).toBe('jwt-signing');
    expect(storedJwk('partner')).toBeDefined();
  });

  it('answers an unknown key with 400 "is not found"', async () => {
    const reply = await call(sandbox, 'DELETE', keyPath('payments', 'never-existed'));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'bad_request', error_description: 'Key (name: never-existed) is not found!' });
  });

  it('refuses an invalid jwkDeleteAction without deleting', async () => {
    await createKeyWithJwks('delete-4', []);
    const reply = await call(sandbox, 'DELETE', `${keyPath('payments', 'delete-4')}?jwkDeleteAction=nullify`);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('bad_request');
    expect(storedKey('delete-4')).toBeDefined();
  });
});

describe('jwks', () => {
  it('lists JWKs without material and shows material for one', async () => {
    const list = await call(sandbox, 'GET', jwkPath('payments'));
    const partner = list.body.resultList?.find((jwk) => jwk['name'] === 'partner');
    expect(partner).toEqual({
      name: 'partner',
      description: '',
      projectId: expect.any(String),
      sourceType: 'URL',
      sourceId: null,
      sourceUrl: 'https://example.com/jwks.json',
      type: 'RSA',
      kid: expect.any(String),
    });
    const one = await call(sandbox, 'GET', jwkPath('payments', 'jwt-public'));
    expect(one.body.resultList?.[0]?.['jwk']).toEqual(expect.objectContaining({ kty: 'RSA', e: 'AQAB', n: expect.any(String) }));
  });

  it('refuses a JWK from a missing key and deletes a JWK', async () => {
    const missing = await call(sandbox, 'POST', jwkPath('payments'), { body: { name: 'j', sourceType: 'PRIVATE_KEY', keyName: 'nope' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error_description).toBe('Key (name: nope) is not found!');
    await createKeyWithJwks('jwk-del', ['jwk-del-jwk']);
    expect((await call(sandbox, 'DELETE', jwkPath('payments', 'jwk-del-jwk'))).status).toBe(200);
    expect(storedJwk('jwk-del-jwk')).toBeUndefined();
    const again = await call(sandbox, 'DELETE', jwkPath('payments', 'jwk-del-jwk'));
    expect(again.status).toBe(400);
    expect(again.body.error_description).toContain('is not found');
  });
});
