import https from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { HAS_OPENSSL, makeSelfSignedCertificate } from '../support/self-signed-certificate.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApinizerClient } from '../../src/apinizer/client.js';
import { type AppError } from '../../src/common/app-error.js';
import { Secret } from '../../src/common/secret.js';
import { DEFAULT_SANDBOX_API, SANDBOX_APIS, type SandboxApi } from '../../src/sandbox/index.js';
import { b64, failureOf, makeSecretKeyInput, TOKENS, useSandboxClients } from './sandbox-fixture.js';

/** Every error class the client maps, from the sandbox or from a socket that does not answer. */

const { sandbox, clients } = useSandboxClients({ faults: { retryAfterSeconds: 0 } }, (shared) =>
  shared.setFaults({ failureRate: 0, rateLimitRate: 0, retryAfterSeconds: 0 }),
);
const secrets = () => [sandbox.token, ...Object.values(TOKENS)];
const someKey = makeSecretKeyInput;

/** Where the generations of the reference differ in how they answer the same problem. */
const STATUS: Record<SandboxApi, { forbidden: number; missingProject: number }> = {
  current: { forbidden: 400, missingProject: 400 },
  '2026-01': { forbidden: 403, missingProject: 404 },
  legacy: { forbidden: 403, missingProject: 404 },
};

describe.each(SANDBOX_APIS)('error classes, %s generation', (api) => {
  beforeAll(() => sandbox.setApi(api));
  afterAll(() => sandbox.setApi(DEFAULT_SANDBOX_API));

  it('401 for an unknown token: names what the server said and how to get a valid token', async () => {
    const error = await failureOf(clients.make({ tokenText: 'tok-not-known-at-all-123' }).listKeys('Shop'), [
      ...secrets(),
      'tok-not-known-at-all-123',
    ]);
    expect(error).toMatchObject({
      code: 'unauthorized',
      fault: 'user',
      http: { method: 'GET', path: '/apiops/projects/Shop/keys/', status: 401 },
    });
    expect(error.message).toMatch(api === 'current' ? /Token is not valid!/ : /invalid_token/);
    expect(error.hint).toContain('APINIZER_TOKEN');
    expect(error.hint).toContain('APINIZER_USERNAME');
  });

  it('401 for an expired personal token: says it expired and how to renew it', async () => {
    const error = await failureOf(clients.make({ tokenText: TOKENS.expired }).listProjects(), secrets());
    expect(error).toMatchObject({ code: 'token_expired', fault: 'user', http: { status: 401 } });
    expect(error.message).toContain('the API token has expired');
    expect(error.hint).toContain('new personal API access token');
  });

  it('a missing permission names the project and SECRETS + MANAGE / DEPLOY_UNDEPLOY, whatever the status', async () => {
    const error = await failureOf(clients.make({ tokenText: TOKENS.manageOnly }).deleteKey('Shop', 'hmac', 'NULLIFY'), secrets());
    expect(error).toMatchObject({ code: 'forbidden', fault: 'user', http: { method: 'DELETE', status: STATUS[api].forbidden } });
    expect(error.message).toContain("project 'Shop'");
    expect(error.hint).toContain('SECRETS + MANAGE');
    expect(error.hint).toContain('SECRETS + DEPLOY_UNDEPLOY');
    expect(sandbox.snapshot().projects[0]?.keys.map((key) => key.name)).toContain('hmac');
  });

  it('a read-only token that tries to create', async () => {
    const error = await failureOf(clients.make({ tokenText: TOKENS.readOnly }).createKey('Shop', someKey('nope')), secrets());
    expect(error).toMatchObject({ code: 'forbidden', http: { method: 'POST', status: STATUS[api].forbidden } });
    expect(error.hint).toContain('MANAGE');
  });

  it('a missing project', async () => {
    const error = await failureOf(clients.make().listKeys('NoSuchProject'), secrets());
    expect(error).toMatchObject({
      code: 'not_found',
      fault: 'user',
      http: { status: STATUS[api].missingProject, missing: { kind: 'project', name: 'NoSuchProject' } },
    });
    expect(error.message).toContain("project 'NoSuchProject' was not found");
  });

  it('a project the token may not see is reported like a missing one', async () => {
    const error = await failureOf(clients.make({ tokenText: TOKENS.readOnly }).listKeys('My Shop/Ünïcode #1?%'), secrets());
    expect(error).toMatchObject({ code: 'not_found', http: { status: STATUS[api].missingProject, missing: { kind: 'project' } } });
  });

  it('a missing key → not_found naming the key, for get, update and delete', async () => {
    const client = clients.make();
    const update = { jwkUpdateAction: 'NULLIFY', updateScope: 'SAME_PROJECT' } as const;
    for (const call of [
      () => client.getKey('Shop', 'ghost'),
      () => client.deleteKey('Shop', 'ghost', 'DELETE'),
      () => client.updateKey('Shop', 'ghost', { kind: 'whole', key: someKey('ghost') }, update),
    ]) {
      const error = await failureOf(call(), secrets());
      expect(error).toMatchObject({
        code: 'not_found',
        http: { status: 400, description: 'Key (name: ghost) is not found!', missing: { kind: 'key', name: 'ghost' } },
      });
      expect(error.message).toContain("key 'ghost' was not found in project 'Shop'");
    }
  });

  it('"already exist" → conflict', async () => {
    const error = await failureOf(clients.make().createKey('Shop', someKey('hmac')), secrets());
    expect(error).toMatchObject({ code: 'conflict', fault: 'manager', http: { method: 'POST', status: 400 } });
    expect(error.message).toContain("key 'hmac' already exists in project 'Shop'");
  });

  it("a rejected body → bad_request of the user, with the Manager's own text", async () => {
    const key = { ...someKey('bad-env'), environments: [{ environmentName: 'nowhere', content: new Secret(b64('x')) }] };
    const error = await failureOf(clients.make().createKey('Shop', key), secrets());
    expect(error).toMatchObject({ code: 'bad_request', fault: 'user', http: { status: 400 } });
    expect(error.message).toContain('nowhere');
    expect(error.hint).toBe('Check the key in the file: its type, algorithm, environments, alias and content.');
  });
});

describe('current generation only', () => {
  beforeAll(() => sandbox.setApi('current'));

  it('a SECRET_KEY without algorithm is rejected with the documented text', async () => {
    const { algorithm: _dropped, ...withoutAlgorithm } = someKey('no-algorithm');
    const error = await failureOf(clients.make().createKey('Shop', withoutAlgorithm), secrets());
    expect(error).toMatchObject({ code: 'bad_request', fault: 'user' });
    expect(error.message).toContain('algorithm is required for SECRET_KEY! Supported values: AES, DES, DESede, RSA');
  });

  it('an unknown path is a Spring 404: the URL may be wrong, nothing is said to be missing', async () => {
    const client = createApinizerClient({ url: `${sandbox.url}/wrong-prefix`, token: new Secret(sandbox.token), retries: 0 });
    try {
      const error = await failureOf(client.listKeys('Shop'), secrets());
      expect(error).toMatchObject({ code: 'endpoint_not_found', fault: 'user', http: { status: 404 } });
      expect(error.http?.missing).toBeUndefined();
      expect(error.message).toContain('the URL may be wrong');
    } finally {
      client.close();
    }
  });
});

describe('server trouble', () => {
  it('429 after retries → rate_limited', async () => {
    sandbox.setFaults({ rateLimitRate: 1, retryAfterSeconds: 0 });
    sandbox.clearRequests();
    const error = await failureOf(clients.make({ retries: 2 }).listProjects(), secrets());
    expect(error).toMatchObject({ code: 'rate_limited', fault: 'manager', http: { status: 429 } });
    expect(error.message).toContain('still after 2 retries');
    expect(sandbox.requests()).toHaveLength(3);
  });

  it('500 after retries → server_error', async () => {
    sandbox.setFaults({ failureRate: 1 });
    const error = await failureOf(clients.make({ retries: 1 }).listKeys('Shop'), secrets());
    expect(error).toMatchObject({ code: 'server_error', fault: 'manager', http: { status: 500 } });
    expect(error.message).toContain(`${sandbox.url}/apiops`);
  });
});

describe('network', () => {
  it('a closed port → network, naming the Manager URL and ECONNREFUSED', async () => {
    const port = await closedPort();
    const client = createApinizerClient({
      url: `http://127.0.0.1:${port}`,
      token: new Secret(sandbox.token),
      retries: 1,
      retryBaseDelayMs: 1,
    });
    try {
      const error = await failureOf(client.listKeys('Shop'), secrets());
      expect(error).toMatchObject({ code: 'network', fault: 'manager', http: { method: 'GET', path: '/apiops/projects/Shop/keys/' } });
      expect(error.message).toContain(`http://127.0.0.1:${port}/apiops`);
      expect(error.message).toContain('ECONNREFUSED');
      expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      client.close();
    }
  });

  (HAS_OPENSSL ? it : it.skip)('an untrusted certificate → network, with a certificate hint', async () => {
    const server = https.createServer(makeSelfSignedCertificate('127.0.0.1'), (_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createApinizerClient({ url: `https://127.0.0.1:${port}`, token: new Secret(sandbox.token) });
    try {
      const error = await failureOf(client.listProjects(), secrets());
      expect(error).toMatchObject({ code: 'network', fault: 'manager' });
      expect(error.message).toContain('TLS certificate error');
      expect(error.hint).toContain('NODE_EXTRA_CA_CERTS');
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the token never leaks', () => {
  it('into errors of any class, events, or their JSON', async () => {
    const seen: unknown[] = [];
    const client = clients.make({ onRetry: (event) => seen.push(event), onRequest: (event) => seen.push(event), retries: 1 });
    sandbox.setFaults({ failureRate: 1 });
    const errors: AppError[] = [await failureOf(client.listProjects(), secrets())];
    sandbox.setFaults({ failureRate: 0 });
    errors.push(await failureOf(client.getKey('Shop', 'ghost'), secrets()));
    errors.push(await failureOf(client.listKeys('NoSuchProject'), secrets()));
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(seen)).not.toContain(sandbox.token);
    expect(JSON.stringify(errors)).not.toContain(sandbox.token);
    expect(JSON.stringify(clients.make())).not.toContain(sandbox.token);
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
