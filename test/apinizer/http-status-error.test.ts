import { describe, expect, it } from '@jest/globals';
import type { CallContext } from '../../src/apinizer/call-context.js';
import { mapHttpStatus } from '../../src/apinizer/http-status-error.js';

const TOKEN = 'tok-3f9a1c7e55d2';

const read: CallContext = {
  baseUrl: 'https://m.example.com/apiops',
  method: 'GET',
  path: '/apiops/projects/Shop/keys/',
  action: "list the keys of project 'Shop'",
  project: 'Shop',
  changes: false,
  auth: 'token',
  timeoutMs: 1000,
  secrets: [TOKEN],
};
const remove: CallContext = {
  ...read,
  method: 'DELETE',
  path: '/apiops/projects/Shop/keys/signing/',
  action: "delete key 'signing' of project 'Shop'",
  subject: { kind: 'key', name: 'signing' },
  changes: true,
};

function map(status: number, serverCode: string | undefined, description: string | undefined, context = read, retries = 0) {
  return mapHttpStatus(
    status,
    { serverCode, description, noSuchEndpoint: false },
    { context, retries, cause: new Error(`Response code ${status}`), contentType: 'application/json' },
  );
}

describe('mapHttpStatus', () => {
  it.each([
    [401, 'invalid_token', 'Invalid token', 'unauthorized', 'user'],
    [403, 'access_denied', 'missing SECRETS MANAGE', 'forbidden', 'user'],
    [404, 'not_found', 'Project(Shop) was not found or user does not have privilege to access it!', 'not_found', 'user'],
    [409, 'duplicate_name', 'dup', 'conflict', 'manager'],
    [429, 'rate_limit_exceeded', 'slow down', 'rate_limited', 'manager'],
    [500, 'internal_error', 'boom', 'server_error', 'manager'],
    [502, undefined, undefined, 'server_error', 'manager'],
    [400, 'validation_failed', 'keyType is invalid', 'bad_request', 'user'],
    [405, undefined, undefined, 'bad_request', 'manager'],
  ])('%i %s → %s (%s)', (status, serverCode, description, code, fault) => {
    const error = map(status, serverCode, description);
    expect(error).toMatchObject({
      code,
      fault,
      http: { method: 'GET', path: '/apiops/projects/Shop/keys/', status, serverCode, description },
    });
    expect(error.message).toMatch(/^Could not list the keys of project 'Shop'/);
  });

  it('reads a 400 "is not found" as not_found of the key', () => {
    const error = map(400, 'bad_request', 'Key (name: signing) is not found!', remove);
    expect(error).toMatchObject({ code: 'not_found', fault: 'manager' });
    expect(error.message).toContain("key 'signing' was not found in project 'Shop'");
  });

  it('reads a 400 "Project not found" as not_found of the project', () => {
    const error = map(400, 'bad_request', 'Project not found for name: (Shop)', remove);
    expect(error).toMatchObject({ code: 'not_found', fault: 'user' });
    expect(error.message).toContain("project 'Shop' was not found");
  });

  it('keeps a 400 about an unknown environment a validation error of the user', () => {
    const error = map(400, 'validation_failed', 'Environment (name: prod) is not found in project (Shop)!', remove);
    expect(error).toMatchObject({ code: 'bad_request', fault: 'user' });
    expect(error.message).toContain('Environment (name: prod) is not found');
  });

  it('reads a 404 about a key as not_found of the key', () => {
    expect(map(404, 'not_found', 'Key (name: signing) is not found!', remove).message).toContain("key 'signing' was not found");
  });

  it('reads a 400 "already exist" as conflict', () => {
    const error = map(400, 'bad_request', 'Key (name: signing) is already exist! Try update operation if want to change its value.', {
      ...remove,
      method: 'POST',
    });
    expect(error).toMatchObject({ code: 'conflict', http: { status: 400 } });
    expect(error.message).toContain("key 'signing' already exists in project 'Shop'");
  });

  it('says that a not-found after retries may be the earlier attempt having succeeded', () => {
    expect(map(400, undefined, 'Key (name: signing) is not found!', remove, 2).details[0]).toMatch(/earlier attempt/);
    expect(map(400, undefined, 'Key (name: signing) is not found!', remove, 0).details).toEqual([]);
  });

  it('401 names the server code and the ways to get a valid token', () => {
    const error = map(401, 'token_expired', 'Token has expired');
    expect(error.message).toContain('token_expired');
    expect(error.hint).toContain('APINIZER_TOKEN');
    expect(error.hint).toContain('APINIZER_USERNAME');
    const login = map(401, 'unauthorized_client', 'Bad credentials', { ...read, auth: 'credentials' });
    expect(login.message).toContain('APINIZER_USERNAME/APINIZER_PASSWORD');
  });

  it('403 names the project and the permissions a change needs', () => {
    const error = map(403, 'forbidden', 'Permission SECRETS:DEPLOY_UNDEPLOY required', remove);
    expect(error.message).toContain("project 'Shop'");
    expect(error.message).toContain('Permission SECRETS:DEPLOY_UNDEPLOY required');
    expect(error.hint).toContain('SECRETS + MANAGE');
    expect(error.hint).toContain('SECRETS + DEPLOY_UNDEPLOY');
    expect(map(403, undefined, undefined, read).hint).not.toContain('DEPLOY_UNDEPLOY');
  });

  it('names retries of 429 and 5xx', () => {
    expect(map(503, undefined, undefined, read, 4).message).toContain('still after 4 retries');
    expect(map(429, undefined, undefined, read, 1).message).toContain('still after 1 retry');
  });
});
