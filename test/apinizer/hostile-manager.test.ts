import { describe, expect, it } from '@jest/globals';
import { runOperation } from '../../src/apply/run-operation.js';
import { Secret } from '../../src/common/secret.js';
import type { DeleteEntry } from '../../src/core/model/plan.js';
import { fetchToken, type ApinizerClient } from '../../src/apinizer/client.js';
import { deleteEntryOf } from '../support/builders.js';
import { FAKE_TOKEN, client, failure, json, serve } from './fake-manager.js';

/** A Manager, or whatever answers in its place, that redirects, lies or misbehaves. */

const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+XQ',
  'lZbVHcYFqUDf0d2sX1rE5EOp1rkzSw4CNhQ9b0yUcW0sS2uQrO1yG3yJi0gHQ',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');
const PEM_BASE64 = Buffer.from(PEM, 'utf8').toString('base64');

/** Sends the PEM test key as a PRIVATE_KEY, for servers that quote it back. */
function createPemKey(url: string): Promise<unknown> {
  return client(url).createKey('Shop', {
    name: 'k',
    description: '',
    keyType: 'PRIVATE_KEY',
    environments: [{ environmentName: 'production', content: new Secret(PEM_BASE64) }],
  });
}

function deleteEntry(key: string): DeleteEntry {
  return deleteEntryOf('Shop', key, { jwkDeleteAction: { value: 'DELETE', source: 'key' } });
}

describe('redirects are never followed', () => {
  it('a DELETE answered 307 to another key is an error naming the status and Location; the target sees nothing', async () => {
    const target = await serve((_request, response) => json(response, 200, { status: 'SUCCESS' }));
    const server = await serve((_request, response) => {
      response.writeHead(307, { location: `${target.url}/apiops/projects/Shop/keys/jwt-signing/?jwkDeleteAction=DELETE` });
      response.end();
    });
    const error = await failure(client(server.url).deleteKey('Shop', 'partner-hmac', 'NULLIFY'));
    expect(error).toMatchObject({ code: 'redirect', http: { status: 307 } });
    expect(error.message).toContain('HTTP 307');
    expect(error.message).toContain(`${target.url}/apiops/projects/Shop/keys/jwt-signing/`);
    expect(error.message).not.toContain('jwkDeleteAction=DELETE');
    expect(target.seen).toHaveLength(0);
    expect(server.seen).toHaveLength(1);
  });

  it('apply counts a redirected DELETE as failed, not deleted', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(301, { location: '/elsewhere/' });
      response.end('<html>moved</html>');
    });
    const outcome = await runOperation(client(server.url), deleteEntry('partner-hmac'));
    expect(outcome).toMatchObject({ status: 'failed', code: 'redirect' });
  });

  it('a redirected read is an error, never an empty list to plan creates on', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(302, { location: '/login', 'content-type': 'text/html' });
      response.end('<html>login</html>');
    });
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error.code).toBe('redirect');
  });

  it('an http to https redirect suggests the https URL', async () => {
    const server = await serve((request, response) => {
      response.writeHead(308, { location: `https://127.0.0.1:8443${request.url}` });
      response.end();
    });
    const error = await failure(client(`${server.url}/prefix`).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'redirect', fault: 'user' });
    expect(error.hint).toBe('The Manager wants HTTPS: set APINIZER_URL to https://127.0.0.1:8443/prefix.');
  });

  it.each([
    ['a login page on another host', 'https://sso.example.com/login'],
    ['the same path on another host', 'https://evil.example.com/prefix/apiops/projects/Shop/keys/'],
  ])('an http to https redirect to %s is not offered as the Manager', async (_name, location) => {
    const server = await serve((_request, response) => {
      response.writeHead(301, { location });
      response.end();
    });
    const error = await failure(client(`${server.url}/prefix`).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'redirect', fault: 'manager' });
    expect(error.message).toContain(new URL(location).origin);
    expect(error.hint).not.toContain('example.com');
    expect(error.hint).toContain('not to an address that redirects');
  });
});

describe('a 200 that did nothing', () => {
  it('with the older error body is a failure, not a delete', async () => {
    const server = await serve((_request, response) =>
      json(response, 200, { error: 'internal_error', error_description: 'failed to delete' }),
    );
    const outcome = await runOperation(client(server.url), deleteEntry('partner-hmac'));
    expect(outcome).toMatchObject({ status: 'failed', code: 'server_error' });
  });

  it('with a pod failure that names no environment is a partial failure', async () => {
    const server = await serve((_request, response) =>
      json(response, 200, {
        status: 'SUCCESS',
        deploymentResult: { success: true, detailList: [{ podName: 'worker-0', success: false, detail: 'timeout' }] },
      }),
    );
    const outcome = await runOperation(client(server.url), deleteEntry('partner-hmac'));
    expect(outcome.status).toBe('partial');
    expect(JSON.stringify(outcome)).toContain('worker-0');
  });
});

describe('"already absent" only when the reply says this key is not found', () => {
  it.each([
    ['an nginx 404 page', 404, '<html><body>nginx 404</body></html>', 'text/html', 'endpoint_not_found'],
    ['a 400 about the project', 400, { status: 'FAILURE', resultMessage: 'Project (Shop) is not found!' }, 'application/json', 'not_found'],
    [
      'a 400 about another key',
      400,
      { status: 'FAILURE', resultMessage: 'Key (name: other) is not found!' },
      'application/json',
      'not_found',
    ],
    [
      'a 400 about something of the key',
      400,
      { status: 'FAILURE', resultMessage: 'Key environment production is not found' },
      'application/json',
      'bad_request',
    ],
    ['a 400 naming no key', 400, { status: 'FAILURE', resultMessage: 'Key not found' }, 'application/json', 'not_found'],
    [
      'a Spring 404',
      404,
      { timestamp: '2026-12-01T00:00:00Z', status: 404, error: 'Not Found', path: '/apiops/x' },
      'application/json',
      'endpoint_not_found',
    ],
  ])('%s is a failure', async (_name, status, body, type, code) => {
    const server = await serve((_request, response) => {
      response.writeHead(status, { 'content-type': type });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
    const outcome = await runOperation(client(server.url), deleteEntry('partner-hmac'));
    expect(outcome).toMatchObject({ status: 'failed', code });
  });

  it.each([
    ['current 400', 400, { status: 'FAILURE', resultMessage: 'Key (name: partner-hmac) is not found!' }],
    ['older 404', 404, { error: 'not_found', error_description: 'Key (name: partner-hmac) is not found!' }],
    ['a 200 whose envelope says FAILURE', 200, { status: 'FAILURE', resultMessage: 'Key (name: partner-hmac) is not found!' }],
  ])('%s naming this key is already absent', async (_name, status, body) => {
    const server = await serve((_request, response) => json(response, status, body));
    const outcome = await runOperation(client(server.url), deleteEntry('partner-hmac'));
    expect(outcome).toMatchObject({ status: 'already-done', note: 'already absent' });
  });
});

describe('error texts are scrubbed of every form of what the request carried', () => {
  const quoting = (text: string) =>
    serve((_request, response) => json(response, 400, { status: 'FAILURE', resultMessage: `Invalid content: ${text}` }));

  it.each([
    ['the decoded PEM text', PEM],
    ['one PEM body line', PEM.split('\n')[1]!],
    ['the URL-encoded base64', encodeURIComponent(PEM_BASE64)],
    ['base64url', PEM_BASE64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
    ['the base64 as sent', PEM_BASE64],
  ])('%s', async (_name, quoted) => {
    const server = await quoting(quoted);
    const error = await failure(createPemKey(server.url));
    const printed = JSON.stringify({ message: error.message, http: error.http, details: error.details });
    expect(printed).toContain('Invalid content: (sensitive)');
    for (const line of PEM.split('\n').filter((l) => l.length > 20)) expect(printed).not.toContain(line);
    expect(printed).not.toContain(PEM_BASE64.slice(0, 40));
  });

  it('a Location header carrying the token', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(302, { location: `/sso/session/${FAKE_TOKEN}/login` });
      response.end();
    });
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error.message).toContain('/sso/session/(sensitive)/login');
  });

  it('a short secret key (8 bytes of DES), decoded', async () => {
    const server = await quoting("Invalid DES key 'k3yk3yk3'");
    const error = await failure(
      client(server.url).createKey('Shop', {
        name: 'des',
        description: '',
        keyType: 'SECRET_KEY',
        algorithm: 'DES',
        environments: [{ environmentName: 'production', content: new Secret('azN5azN5azM=') }],
      }),
    );
    expect(error.message).not.toContain('k3yk3yk3');
  });

  it('PEM body lines and the joined body, URL-encoded', async () => {
    const lines = PEM.split('\n').slice(1, 3);
    const server = await quoting(`${encodeURIComponent(lines[0]!)} / ${encodeURIComponent(lines.join(''))}`);
    const error = await failure(createPemKey(server.url));
    expect(error.message).toContain('Invalid content: (sensitive) / (sensitive)');
  });

  it('the password of the token request, form-encoded as it was sent', async () => {
    const password = 'correct horse (battery)!';
    const server = await serve((_request, response, _index, body) =>
      json(response, 400, { error: 'invalid_request', error_description: `could not parse: ${body}` }),
    );
    const error = await failure(fetchToken({ url: server.url, clientId: 'ci', clientSecret: new Secret(password) }));
    expect(server.seen[0]?.body).toContain('client_secret=correct+horse+%28battery%29%21');
    expect(error.message).not.toMatch(/correct|horse|battery/);
  });

  it('a lower-cased bearer token', async () => {
    const server = await quoting(`bearer ${FAKE_TOKEN.toLowerCase()} and ${FAKE_TOKEN.toUpperCase()}`);
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error.message).toContain('bearer (sensitive) and (sensitive)');
  });
});

describe('live entries the tool can not plan on', () => {
  const listing = (resultList: unknown[], extra: Record<string, unknown> = {}) =>
    serve((_request, response) => json(response, 200, { status: 'SUCCESS', resultList, ...extra }));

  it('an environment list that is not a list names the project and the key', async () => {
    const server = await listing([{ name: 'k1', keyType: 'SECRET_KEY', cryptoKeyInfoEnvironmentList: 'notalist' }]);
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error.code).toBe('bad_reply');
    expect(error.message).toContain("key 'k1' of project 'Shop'");
    expect(error.message).toContain('cryptoKeyInfoEnvironmentList to be a list');
  });

  it('an environment entry without a name or id', async () => {
    const server = await listing([{ name: 'k1', keyType: 'SECRET_KEY', cryptoKeyInfoEnvironmentList: [{ alias: 'x' }] }]);
    expect((await failure(client(server.url).listKeys('Shop'))).message).toContain('environmentName or environmentId');
  });

  it('two live keys with one name are an error, never merged', async () => {
    const key = { name: 'twin', keyType: 'SECRET_KEY', cryptoKeyInfoEnvironmentList: [] };
    const server = await listing([key, key]);
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error.message).toContain("listed key 'twin' of project 'Shop' twice");
  });

  it('one environment listed twice in a key', async () => {
    const env = { environmentName: 'production' };
    const server = await listing([{ name: 'k1', keyType: 'SECRET_KEY', cryptoKeyInfoEnvironmentList: [env, env] }]);
    expect((await failure(client(server.url).listKeys('Shop'))).message).toContain('production twice');
  });

  it('a resultCount larger than the entries stops the plan, naming the project and both counts', async () => {
    const server = await listing([{ name: 'k1', keyType: 'SECRET_KEY', cryptoKeyInfoEnvironmentList: [] }], { resultCount: 3 });
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'incomplete_list', fault: 'manager' });
    expect(error.message).toContain("returned 1 of the 3 keys of project 'Shop'");
  });

  it('a resultCount given as a numeric string counts; one that is not a whole number is a bad reply', async () => {
    const cut = await listing([{ name: 'k1', keyType: 'SECRET_KEY', cryptoKeyInfoEnvironmentList: [] }], { resultCount: '3' });
    expect((await failure(client(cut.url).listKeys('Shop'))).code).toBe('incomplete_list');
    const odd = await listing([], { resultCount: 2.5 });
    expect((await failure(client(odd.url).listKeys('Shop'))).message).toContain('expected resultCount to be a whole number');
  });

  it('a JWK list shorter than its resultCount is refused too: it would hide JWKs a delete removes', async () => {
    const server = await listing([], { resultCount: 3 });
    const error = await failure(client(server.url).listJwks('Shop'));
    expect(error).toMatchObject({ code: 'incomplete_list' });
    expect(error.message).toContain("returned 0 of the 3 JWKs of project 'Shop'");
  });

  it('a resultCount equal to the entries is a complete list', async () => {
    const server = await listing([{ name: 'k1', keyType: 'SECRET_KEY', algorithm: 'AES', cryptoKeyInfoEnvironmentList: [] }], {
      resultCount: 1,
    });
    expect(await client(server.url).listKeys('Shop')).toEqual([
      { name: 'k1', description: '', keyType: 'SECRET_KEY', algorithm: 'AES', environments: [] },
    ]);
  });
});

describe('environments: the current path first, the older one only when the current does not exist', () => {
  const spring404 = { timestamp: '2026-12-01T00:00:00Z', status: 404, error: 'Not Found', path: '/apiops/projects/A/environments/' };

  it('falls back on a 404 and keeps the older path for the rest of the run', async () => {
    const server = await serve((request, response) => {
      if (request.url?.startsWith('/apiops/projects/')) json(response, 404, spring404);
      else json(response, 200, { success: true, resultList: [{ name: 'production' }] });
    });
    const made = client(server.url);
    expect(await made.listEnvironments('A')).toEqual([{ name: 'production' }]);
    expect(made.environmentsApi()).toBe('older');
    await made.listEnvironments('B');
    expect(server.seen.map((seen) => seen.url)).toEqual([
      '/apiops/projects/A/environments/',
      '/apiops/environments/A',
      '/apiops/environments/B',
    ]);
  });

  it('a missing project on the current path is that answer, not a reason to try the older path', async () => {
    const server = await serve((_request, response) =>
      json(response, 400, { status: 'FAILURE', resultMessage: 'Project (A) is not found or user does not have privilege to access it!' }),
    );
    const made = client(server.url);
    const error = await failure(made.listEnvironments('A'));
    expect(error).toMatchObject({ code: 'not_found', fault: 'user', http: { missing: { kind: 'project', name: 'A' } } });
    expect(server.seen).toHaveLength(1);
    expect(made.environmentsApi()).toBeUndefined();
  });
});

describe('expired tokens', () => {
  const expiring = (validToken: string) =>
    serve((request, response) => {
      if (request.headers.authorization === `Bearer ${validToken}`) json(response, 200, { status: 'SUCCESS', resultList: [] });
      else json(response, 401, { status: 'FAILURE', resultMessage: 'Token was expired!' });
    });
  /** A client of `url` whose token renewal `renew` answers (given how many were asked so far); counts the renewals. */
  const renewing = (url: string, renew: (fetches: number) => Promise<Secret>): { made: ApinizerClient; fetches: () => number } => {
    let fetches = 0;
    const made = client(url, {
      renewToken: () => {
        fetches += 1;
        return renew(fetches);
      },
    });
    return { made, fetches: () => fetches };
  };

  it('a token from credentials is fetched again once, shared by the calls in flight, and the calls retried', async () => {
    const server = await expiring('fresh-token-0123456789');
    const { made, fetches } = renewing(server.url, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return new Secret('fresh-token-0123456789');
    });
    await Promise.all([made.listKeys('A'), made.listKeys('B'), made.listJwks('C')]);
    expect(fetches()).toBe(1);
    expect(server.seen.filter((seen) => seen.headers.authorization === 'Bearer fresh-token-0123456789')).toHaveLength(3);
  });

  it('a refused renewal is not asked again for the rest of the run', async () => {
    const server = await expiring('never');
    const { made, fetches } = renewing(server.url, () => Promise.reject(new Error('Bad credentials')));
    await expect(made.listKeys('A')).rejects.toThrow('Bad credentials');
    await expect(made.listKeys('B')).rejects.toThrow('Bad credentials');
    expect(fetches()).toBe(1);
  });

  it('a personal token that expired is an error that says so and how to renew it', async () => {
    const server = await expiring('never');
    const error = await failure(client(server.url).listKeys('A'));
    expect(error).toMatchObject({ code: 'token_expired', fault: 'user' });
    expect(error.message).toContain('the API token has expired (HTTP 401: Token was expired!)');
    expect(error.hint).toContain('Create a new personal API access token');
    expect(server.seen).toHaveLength(1);
  });

  it('a renewed token that is refused too ends the call, without fetching in a loop', async () => {
    const server = await expiring('never');
    const { made, fetches } = renewing(server.url, (count) => Promise.resolve(new Secret(`renewed-${count}-abcdefgh`)));
    const error = await failure(made.listKeys('A'));
    expect(error.code).toBe('token_expired');
    expect(fetches()).toBe(1);
    expect(server.seen).toHaveLength(2);
    expect(error.message).not.toContain('renewed-1-abcdefgh');
  });
});

describe('after close, nothing more is sent', () => {
  it('a call retrying in the background stops, and new calls send nothing', async () => {
    // Retry-After makes the wait before the retry certain: 1 s, long after close().
    const server = await serve((_request, response) =>
      json(response, 503, { status: 'FAILURE', resultMessage: 'busy' }, { 'retry-after': '1' }),
    );
    const made = client(server.url, { retries: 5 });
    const pending = made.listKeys('A');
    while (server.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    made.close();
    const error = await failure(pending);
    expect(error.code).toBe('interrupted');
    await expect(made.listKeys('B')).rejects.toMatchObject({ code: 'interrupted' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(server.seen).toHaveLength(1);
  });
});
