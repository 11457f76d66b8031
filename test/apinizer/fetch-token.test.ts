import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApinizerClient, fetchToken } from '../../src/apinizer/client.js';
import { REDACTED, Secret } from '../../src/common/secret.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { failureOf, makeSeed, USER } from './sandbox-fixture.js';

/** Tokens by client credentials (APINIZER_USERNAME / APINIZER_PASSWORD). */

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: makeSeed() });
});
afterAll(async () => {
  await sandbox.close();
});

describe('fetchToken', () => {
  it('exchanges the right password for a working token, kept secret', async () => {
    sandbox.clearRequests();
    const token = await fetchToken({ url: `${sandbox.url}/apiops/`, clientId: USER.username, clientSecret: new Secret(USER.password) });
    expect(token).toBeInstanceOf(Secret);
    expect(String(token)).toBe(REDACTED);
    expect(JSON.stringify({ token })).not.toContain(token.reveal());
    expect(sandbox.requests()).toEqual([expect.objectContaining({ method: 'POST', path: '/apiops/auth/token', status: 200 })]);

    const client = createApinizerClient({ url: sandbox.url, token });
    try {
      expect((await client.listProjects()).map((project) => project.name)).toContain('Shop');
    } finally {
      client.close();
    }
  });

  it('a wrong password is unauthorized, naming APINIZER_USERNAME/APINIZER_PASSWORD, never the password', async () => {
    const wrong = 'wrong-password-8d7f6e';
    const error = await failureOf(fetchToken({ url: sandbox.url, clientId: USER.username, clientSecret: new Secret(wrong) }), [
      wrong,
      USER.password,
    ]);
    expect(error).toMatchObject({
      code: 'unauthorized',
      fault: 'user',
      http: { method: 'POST', path: '/apiops/auth/token', status: 401, serverCode: 'unauthorized_client' },
    });
    expect(error.message).toContain('APINIZER_USERNAME/APINIZER_PASSWORD');
    expect(error.message).toContain('Bad credentials');
  });

  it('rejects a URL that is not http or https', async () => {
    const error = await failureOf(fetchToken({ url: 'ftp://example.com', clientId: 'a', clientSecret: new Secret('b') }), []);
    expect(error).toMatchObject({ code: 'usage', fault: 'user' });
  });
});

describe('a token from credentials that expires mid-run', () => {
  it('is fetched again once and the run goes on', async () => {
    const sandbox = await startSandbox({ port: 0, seed: makeSeed(), faults: { tokenLifetimeRequests: 2 } });
    const renew = () => fetchToken({ url: sandbox.url, clientId: USER.username, clientSecret: new Secret(USER.password) });
    const client = createApinizerClient({ url: sandbox.url, token: await renew(), renewToken: renew, retryBaseDelayMs: 5 });
    try {
      for (let round = 0; round < 3; round += 1) await Promise.all([client.listKeys('Shop'), client.listJwks('Shop')]);
      const statuses = sandbox.requests().map((request) => `${request.method} ${request.path.split('/')[2]} ${request.status}`);
      expect(statuses.filter((status) => status.endsWith(' 401')).length).toBeGreaterThan(0);
      expect(statuses.filter((status) => status.startsWith('POST auth')).length).toBeGreaterThan(1);
    } finally {
      client.close();
      await sandbox.close();
    }
  });
});
