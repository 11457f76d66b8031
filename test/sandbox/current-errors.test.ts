import { describe, expect, it } from '@jest/globals';
import { call, jwkPath, keyBody, keyPath, material, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

/** The current generation's error replies: `{status: "FAILURE", resultMessage}` and 200/400/401/500 only. */

const sandbox = useSandbox({ seed: TEST_SEED, api: 'current' }, { faults: true });

const FORBIDDEN = { status: 'FAILURE', resultMessage: 'User does not have required permission for this operation!' };

describe('current errors', () => {
  it.each([
    ['keys', keyPath('nowhere')],
    ['one key', keyPath('nowhere', 'k')],
    ['jwks', jwkPath('nowhere')],
    ['environments', '/apiops/projects/nowhere/environments/'],
  ])('answers a missing project on %s with 400 and the current text', async (_label, path) => {
    const reply = await call(sandbox, 'GET', path);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'FAILURE',
      resultMessage: 'Project (nowhere) is not found or user does not have privilege to access it!',
    });
  });

  it('answers a project the token can not see exactly like a missing one', async () => {
    const reply = await call(sandbox, 'DELETE', keyPath('internal', 'x'), { token: 'reader' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'FAILURE',
      resultMessage: 'Project (internal) is not found or user does not have privilege to access it!',
    });
  });

  it.each([
    ['GET', keyPath('payments', 'ghost')],
    ['PUT', keyPath('payments', 'ghost')],
    ['DELETE', keyPath('payments', 'ghost')],
  ])('answers %s of a missing key with 400 "Key (name: ghost) is not found!"', async (method, path) => {
    const reply = await call(sandbox, method, path, method === 'PUT' ? { body: { description: 'x' } } : {});
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ status: 'FAILURE', resultMessage: 'Key (name: ghost) is not found!' });
  });

  it('answers a missing JWK with 400 in the current envelope', async () => {
    const reply = await call(sandbox, 'GET', jwkPath('payments', 'ghost'));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ status: 'FAILURE', resultMessage: 'JWK (name: ghost) is not found!' });
  });

  it('answers a create of an existing key with 400 "is already exist!"', async () => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('jwt-signing', { production: material('x') }) });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'FAILURE',
      resultMessage: 'Key (name: jwt-signing) is already exist! Try update operation if want to change its value.',
    });
  });

  it('answers a missing permission with 400 and the generic text, not 403', async () => {
    const create = await call(sandbox, 'POST', keyPath('payments'), {
      token: 'reader',
      body: keyBody('by-reader', { production: material('r') }),
    });
    expect(create.status).toBe(400);
    expect(create.body).toEqual(FORBIDDEN);
    const remove = await call(sandbox, 'DELETE', keyPath('payments', 'jwt-signing'), { token: 'manager' });
    expect(remove.status).toBe(400);
    expect(remove.body).toEqual(FORBIDDEN);
    expect(sandbox.snapshot().projects[0]?.keys.map((key) => key.name)).toContain('jwt-signing');
  });

  it.each([
    ['no token', null, 'Empty Key! Client must be authenticated to access this resource.'],
    ['an unknown token', 'made-up', 'Token is not valid!'],
    ['an expired seeded token', 'old', 'Token was expired!'],
  ])('answers %s with 401 and the documented text', async (_label, token, text) => {
    const reply = await call(sandbox, 'GET', keyPath('payments'), { token });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ status: 'FAILURE', resultMessage: text });
  });

  it('answers a malformed header like a missing token', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments'), { token: null, headers: { authorization: 'Basic abc' } });
    expect(reply.status).toBe(401);
    expect(reply.body.resultMessage).toBe('Empty Key! Client must be authenticated to access this resource.');
  });

  it('answers validation problems with 400 in the current envelope', async () => {
    for (const body of [keyBody('v-1', { moon: material('x') }), { name: 'v-1', keyType: 'PRIVATE_KEY' }]) {
      const reply = await call(sandbox, 'POST', keyPath('payments'), { body });
      expect(reply.status).toBe(400);
      expect(Object.keys(reply.body).sort()).toEqual(['resultMessage', 'status']);
      expect(reply.body.status).toBe('FAILURE');
    }
    const badQuery = await call(sandbox, 'DELETE', `${keyPath('payments', 'jwt-signing')}?jwkDeleteAction=nullify`);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.status).toBe('FAILURE');
  });

  it('answers an injected failure with 500 "An unexpected error occurred"', async () => {
    sandbox.setFaults({ failureRate: 1 });
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ status: 'FAILURE', resultMessage: 'An unexpected error occurred' });
  });

  it('answers commit-then-fail with the same 500 after keeping the change', async () => {
    sandbox.setFaults({ commitThenFailRate: 1 });
    const reply = await call(sandbox, 'POST', keyPath('payments'), { body: keyBody('committed', { production: material('c') }) });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ status: 'FAILURE', resultMessage: 'An unexpected error occurred' });
    expect(sandbox.snapshot().projects[0]?.keys.map((key) => key.name)).toContain('committed');
  });

  it('still answers the 429 fault, in the current envelope with Retry-After only', async () => {
    sandbox.setFaults({ rateLimitRate: 1, retryAfterSeconds: 2 });
    const reply = await call(sandbox, 'GET', keyPath('payments'));
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('2');
    expect(reply.body).toEqual({ status: 'FAILURE', resultMessage: expect.stringContaining('Too many requests') });
  });

  it('answers an unknown path Spring-style with 404', async () => {
    for (const path of ['/apiops/nothing/', '/apiops/environments/payments', '/elsewhere']) {
      const reply = await call(sandbox, 'GET', path);
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ timestamp: expect.any(String), status: 404, error: 'Not Found', path });
      expect(Number.isNaN(Date.parse((reply.body as { timestamp: string }).timestamp))).toBe(false);
    }
  });

  it('answers a wrong method on a known path like an unknown path', async () => {
    const reply = await call(sandbox, 'PATCH', keyPath('payments', 'jwt-signing'));
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(expect.objectContaining({ status: 404, error: 'Not Found' }));
  });

  it('uses no status outside 200/400/401/500 for the errors above', () => {
    const statuses = new Set(sandbox.requests().map((entry) => entry.status));
    for (const status of statuses) expect([200, 400, 401, 404, 429, 500]).toContain(status);
    expect(statuses.has(403)).toBe(false);
    expect(statuses.has(409)).toBe(false);
  });
});

describe('current token endpoint errors', () => {
  function tokenRequest(form: string): Promise<Response> {
    return fetch(`${sandbox.url}/apiops/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
  }

  it('stay OAuth-style', async () => {
    const wrong = await tokenRequest('grant_type=client_credentials&client_id=admin&client_secret=wrong');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'unauthorized_client', error_description: 'Bad credentials' });
    const grant = await tokenRequest('grant_type=password&client_id=admin&client_secret=admin-password');
    expect(grant.status).toBe(400);
    expect(await grant.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'GrantType value must be client_credentials!',
    });
  });

  it('answer an injected failure OAuth-style too', async () => {
    sandbox.setFaults({ failureRate: 1 });
    const reply = await tokenRequest('grant_type=client_credentials&client_id=admin&client_secret=admin-password');
    expect(reply.status).toBe(500);
    expect(await reply.json()).toEqual({ error: 'server_error', error_description: 'An unexpected error occurred' });
  });
});
