import { describe, expect, it } from '@jest/globals';
import { call, keyBody, keyPath, material, TEST_SEED } from './helpers.js';
import { useSandbox } from '../support/use-sandbox.js';

const sandbox = useSandbox({ seed: TEST_SEED, api: '2026-01' });

function keyNames(): string[] {
  return sandbox.snapshot().projects[0]?.keys.map((key) => key.name) ?? [];
}

describe('tokens', () => {
  it('answers a missing token with 401 invalid_token', async () => {
    const reply = await call(sandbox, 'GET', '/apiops/projects/', { token: null });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'invalid_token', error_description: expect.any(String) });
  });

  it('answers an unknown token with 401 invalid_token', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments'), { token: 'made-up' });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'invalid_token', error_description: 'Invalid access token.' });
  });

  it('answers an expired token with 401 token_expired', async () => {
    const reply = await call(sandbox, 'GET', keyPath('payments'), { token: 'old' });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'token_expired', error_description: 'The access token has expired.' });
  });

  it('accepts seeded tokens and the handle token', async () => {
    expect((await call(sandbox, 'GET', keyPath('payments'), { token: 'full' })).status).toBe(200);
    expect((await call(sandbox, 'GET', keyPath('internal'))).status).toBe(200);
  });
});

describe('permissions', () => {
  it('refuses a create by a reader with 403', async () => {
    const reply = await call(sandbox, 'POST', keyPath('payments'), {
      token: 'reader',
      body: keyBody('by-reader', { production: material('r') }),
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({
      error: 'forbidden',
      error_description: 'User does not have SECRETS + MANAGE permission in project (payments)',
    });
    expect(keyNames()).not.toContain('by-reader');
  });

  it('refuses a delete without DEPLOY_UNDEPLOY with 403 naming it, and keeps the key', async () => {
    const reply = await call(sandbox, 'DELETE', keyPath('payments', 'jwt-signing'), { token: 'manager' });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({
      error: 'forbidden',
      error_description: 'User does not have SECRETS + DEPLOY_UNDEPLOY permission in project (payments)',
    });
    expect(keyNames()).toContain('jwt-signing');
  });

  it('lets a reader read, and a manager read (MANAGE implies READ)', async () => {
    expect((await call(sandbox, 'GET', keyPath('payments'), { token: 'reader' })).status).toBe(200);
    expect((await call(sandbox, 'GET', keyPath('payments'), { token: 'manager' })).status).toBe(200);
  });

  it('lists only the projects a token can see, in the status envelope', async () => {
    const reader = await call(sandbox, 'GET', '/apiops/projects/', { token: 'reader' });
    expect(reader.body).toEqual({ status: 'SUCCESS', resultList: [{ name: 'payments', description: 'Payments team' }], resultCount: 1 });
    const full = await call(sandbox, 'GET', '/apiops/projects/');
    expect(full.body.resultList?.map((project) => project['name'])).toEqual(['payments', 'internal']);
  });
});

describe('projects', () => {
  it('answers a missing project with 404 not_found', async () => {
    const reply = await call(sandbox, 'GET', keyPath('nowhere'));
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      error: 'not_found',
      error_description: 'Project(nowhere) was not found or user does not have privilege to access it!',
    });
  });

  it('answers a project the token can not see like a missing one', async () => {
    const reply = await call(sandbox, 'GET', keyPath('internal'), { token: 'reader' });
    expect(reply.status).toBe(404);
    expect(reply.body.error_description).toBe('Project(internal) was not found or user does not have privilege to access it!');
  });

  it('answers a missing project on the environments endpoint with 400', async () => {
    const reply = await call(sandbox, 'GET', '/apiops/environments/nowhere');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('bad_request');
    expect(reply.body.error_description).toMatch(/^Project not found for name: \(nowhere\)/);
  });

  it('lists environments with ids, names and types', async () => {
    const reply = await call(sandbox, 'GET', '/apiops/environments/payments');
    expect(reply.status).toBe(200);
    expect(reply.body.resultList?.[0]).toEqual(
      expect.objectContaining({
        id: 'env-prod',
        name: 'production',
        type: 'PRODUCTION',
        status: expect.any(String),
        accessUrl: expect.any(String),
      }),
    );
    expect(reply.body.resultList?.[1]).toEqual(expect.objectContaining({ name: 'staging', type: 'TEST' }));
  });

  it('answers unknown routes with 404 not_found', async () => {
    for (const [method, path] of [
      ['GET', '/apiops/nothing/'],
      ['PATCH', keyPath('payments', 'jwt-signing')],
      ['GET', '/elsewhere'],
    ] as const) {
      const reply = await call(sandbox, method, path);
      expect(reply.status).toBe(404);
      expect(reply.body.error).toBe('not_found');
    }
  });
});

describe('client credentials', () => {
  function tokenRequest(form: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${sandbox.url}/apiops/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: form,
    });
  }

  it('issues a bearer token that works', async () => {
    const response = await tokenRequest('grant_type=client_credentials&client_id=admin&client_secret=admin-password');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    expect((await call(sandbox, 'GET', keyPath('payments'), { token: body.access_token })).status).toBe(200);
  });

  it('accepts credentials in a Basic header', async () => {
    const basic = Buffer.from('admin:admin-password').toString('base64');
    const response = await tokenRequest('grant_type=client_credentials', { authorization: `Basic ${basic}` });
    expect(response.status).toBe(200);
  });

  it('refuses wrong credentials with the documented body', async () => {
    const response = await tokenRequest('grant_type=client_credentials&client_id=admin&client_secret=wrong');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized_client', error_description: 'Bad credentials' });
  });

  it('refuses another grant type', async () => {
    const response = await tokenRequest('grant_type=password&client_id=admin&client_secret=admin-password');
    expect(response.status).toBe(400);
  });
});
