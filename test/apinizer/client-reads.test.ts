import { beforeEach, describe, expect, it } from '@jest/globals';
import { b64, failureOf, HMAC_TEST, useSandboxClients, ODD_PROJECT, sha256, SIGNING_PROD, SIGNING_TEST } from './sandbox-fixture.js';

/** The client's reads against the sandbox, in both reply shapes, and the forms of the Manager URL. */

const { sandbox, clients } = useSandboxClients({}, (shared) => shared.setApi('current'));

/** The seed's `signing` key as a key list gives it: all but material, its environments in the generation's form. */
function listedSigningKey(environments: readonly Record<string, string>[]): Record<string, unknown> {
  return { id: expect.any(String), name: 'signing', description: 'JWT signing', keyType: 'PRIVATE_KEY', environments };
}

describe('reads, current generation', () => {
  it('lists keys by environment name, with id and algorithm, and no material', async () => {
    const keys = await clients.make().listKeys('Shop');
    expect(keys.find((key) => key.name === 'signing')).toEqual(
      listedSigningKey([{ environmentName: 'production', alias: 'sig-prod' }, { environmentName: 'test' }]),
    );
    expect(keys.find((key) => key.name === 'hmac')).toMatchObject({ keyType: 'SECRET_KEY', algorithm: 'AES' });
  });

  it('lists environments at projects/{p}/environments/ and says so', async () => {
    sandbox.clearRequests();
    const client = clients.make();
    expect((await client.listEnvironments('Shop')).map((environment) => environment.name)).toEqual(['production', 'test']);
    expect(client.environmentsApi()).toBe('current');
    expect(sandbox.requests().map((request) => request.path)).toEqual(['/apiops/projects/Shop/environments/']);
  });

  it('JWKs reference their source key by id', async () => {
    const client = clients.make();
    const signing = (await client.listKeys('Shop')).find((key) => key.name === 'signing');
    const jwks = await client.listJwks('Shop');
    expect(jwks[0]).toMatchObject({ name: 'signing-jwk', sourceType: 'PRIVATE_KEY', sourceId: signing?.id });
  });

  it('a key list shorter than its resultCount is an error naming both counts', async () => {
    sandbox.setFaults({ keyListLimit: 1 });
    try {
      const error = await failureOf(clients.make().listKeys('Shop'), [sandbox.token]);
      expect(error).toMatchObject({ code: 'incomplete_list' });
      expect(error.message).toContain("returned 1 of the 2 keys of project 'Shop'");
    } finally {
      sandbox.setFaults({ keyListLimit: null });
    }
  });
});

describe('reads, 2026-01 generation', () => {
  beforeEach(() => sandbox.setApi('2026-01'));

  it('lists the projects the token can see', async () => {
    const projects = await clients.make().listProjects();
    expect(projects).toEqual(
      expect.arrayContaining([{ name: 'Shop', description: 'the shop' }, expect.objectContaining({ name: ODD_PROJECT })]),
    );
  });

  it('lists environments with ids, from the older path after a 404 on the current one', async () => {
    const client = clients.make();
    const environments = await client.listEnvironments('Shop');
    expect(client.environmentsApi()).toBe('older');
    expect(environments).toEqual([
      expect.objectContaining({ id: 'env-prod', name: 'production' }),
      expect.objectContaining({ id: 'env-test', name: 'test' }),
    ]);
  });

  it('lists keys with environment ids and aliases, never the encrypted content', async () => {
    const keys = await clients.make().listKeys('Shop');
    const signing = keys.find((key) => key.name === 'signing');
    expect(signing).toEqual(listedSigningKey([{ environmentId: 'env-prod', alias: 'sig-prod' }, { environmentId: 'env-test' }]));
    expect(keys.find((key) => key.name === 'hmac')).toMatchObject({ description: '', keyType: 'SECRET_KEY' });
  });

  it('gets one key with environment names', async () => {
    const key = await clients.make().getKey('Shop', 'signing');
    expect(key.environments).toEqual([
      { environmentId: 'env-prod', environmentName: 'production', alias: 'sig-prod' },
      { environmentId: 'env-test', environmentName: 'test' },
    ]);
  });

  it('lists JWKs with their source', async () => {
    const jwks = await clients.make().listJwks('Shop');
    expect(jwks).toEqual([
      expect.objectContaining({ name: 'signing-jwk', sourceType: 'PRIVATE_KEY', sourceId: 'signing' }),
      expect.objectContaining({ name: 'remote', sourceType: 'URL' }),
    ]);
    expect(jwks[1]?.sourceId).toBeUndefined();
  });
});

describe('reads, legacy reply shape', () => {
  it('reads the status envelope and keeps only fingerprints of plain material', async () => {
    sandbox.setApi('legacy');
    const client = clients.make();
    expect(await client.listProjects()).toEqual(expect.arrayContaining([{ name: 'Shop', description: 'the shop' }]));
    const keys = await client.listKeys('Shop');
    expect(keys.find((key) => key.name === 'signing')?.environments).toEqual([
      // Legacy lists carry no alias: unknown, not empty.
      { environmentName: 'production', materialSha256: sha256(SIGNING_PROD), aliasUnknown: true },
      { environmentName: 'test', materialSha256: sha256(SIGNING_TEST), aliasUnknown: true },
    ]);
    expect(keys.find((key) => key.name === 'hmac')?.environments).toEqual([
      { environmentName: 'test', materialSha256: sha256(HMAC_TEST), aliasUnknown: true },
    ]);
    expect(JSON.stringify(keys)).not.toContain(b64(SIGNING_PROD));
    expect((await client.getKey('Shop', 'signing')).name).toBe('signing');
    expect((await client.listEnvironments('Shop')).map((environment) => environment.name)).toEqual(['production', 'test']);
    expect((await client.listJwks('Shop')).map((jwk) => jwk.name)).toEqual(['signing-jwk', 'remote']);
  });
});

describe('the Manager URL', () => {
  it.each([
    ['bare', (url: string) => url],
    ['trailing slash', (url: string) => `${url}/`],
    ['with /apiops', (url: string) => `${url}/apiops`],
    ['with /apiops/', (url: string) => `${url}/apiops/`],
  ])('works %s', async (_name, form) => {
    sandbox.clearRequests();
    const client = clients.make({ url: form(sandbox.url) });
    expect(client.baseUrl).toBe(`${sandbox.url}/apiops`);
    await client.listKeys('Shop');
    expect(sandbox.requests()).toEqual([expect.objectContaining({ path: '/apiops/projects/Shop/keys/', status: 200 })]);
  });
});
