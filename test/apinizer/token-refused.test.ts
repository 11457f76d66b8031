import { describe, expect, it } from '@jest/globals';
import { createApinizerClient, fetchToken } from '../../src/apinizer/client.js';
import { Secret } from '../../src/common/secret.js';
import { failure, json, serve } from './fake-manager.js';

/** Tokens from APINIZER_USERNAME/APINIZER_PASSWORD that the Manager stops taking, and logins refused in an envelope. */

const PASSWORD = 'token-refused-password-7c41';

/** A Manager that hands out tok-1, tok-2, … and takes only the tokens in `accepted`. */
async function serveManager(accepted: (token: string) => boolean, refusal = 'Token is not valid!') {
  let issued = 0;
  return serve((request, response) => {
    if (request.url?.endsWith('/auth/token')) {
      issued += 1;
      json(response, 200, { access_token: `tok-${issued}`, token_type: 'Bearer', expires_in: 3600 });
      return;
    }
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!accepted(token)) json(response, 401, { status: 'FAILURE', resultMessage: refusal });
    else json(response, 200, { status: 'SUCCESS', resultList: [{ name: 'Shop' }], resultCount: 1 });
  });
}

function credentialClient(url: string) {
  const renew = () => fetchToken({ url, clientId: 'deployer', clientSecret: new Secret(PASSWORD) });
  return { renew, open: async () => createApinizerClient({ url, token: await renew(), renewToken: renew, retryBaseDelayMs: 5 }) };
}

describe('a token obtained with the password that the Manager no longer takes', () => {
  it.each(['Token is not valid!', 'invalid_token'])('(%s) is fetched again once, and the call goes on', async (refusal) => {
    const server = await serveManager((token) => token !== 'tok-1', refusal);
    const client = await credentialClient(server.url).open();
    try {
      expect((await client.listProjects()).map((project) => project.name)).toEqual(['Shop']);
    } finally {
      client.close();
    }
    expect(server.seen.map((seen) => `${seen.method} ${seen.url.split('/').slice(-2).join('/')}`)).toEqual([
      'POST auth/token',
      'GET projects/',
      'POST auth/token',
      'GET projects/',
    ]);
  });

  it('refused again after the renewal is one error that says so, blaming neither password nor a typo', async () => {
    const server = await serveManager(() => false);
    const client = await credentialClient(server.url).open();
    try {
      const error = await failure(client.listProjects());
      expect(error).toMatchObject({ code: 'token_expired', fault: 'user' });
      expect(error.message).toContain('refused the token obtained with APINIZER_USERNAME/APINIZER_PASSWORD, and a new one too');
      expect(error.message).not.toContain(PASSWORD);
    } finally {
      client.close();
    }
    expect(server.seen.filter((seen) => seen.url.endsWith('/auth/token'))).toHaveLength(2);
  });

  it('a personal token the Manager calls not valid is not renewed and is reported as rejected', async () => {
    const server = await serveManager(() => false);
    const personal = createApinizerClient({ url: server.url, token: new Secret('personal-token-1'), retryBaseDelayMs: 5 });
    try {
      const error = await failure(personal.listProjects());
      expect(error).toMatchObject({ code: 'unauthorized', fault: 'user' });
      expect(error.message).toContain('rejected the API token');
    } finally {
      personal.close();
    }
    expect(server.seen).toHaveLength(1);
  });
});

describe('the token endpoint answering a refused login in the usual envelope', () => {
  it('with HTTP 200 is the refused login in the Manager\'s words, not a reply "without access_token"', async () => {
    const server = await serve((_request, response) => json(response, 200, { status: 'FAILURE', resultMessage: 'Bad credentials' }));
    const error = await failure(fetchToken({ url: server.url, clientId: 'deployer', clientSecret: new Secret(PASSWORD) }));
    expect(error).toMatchObject({ code: 'unauthorized', fault: 'user', http: { status: 200 } });
    expect(error.message).toContain('rejected the username and password from APINIZER_USERNAME/APINIZER_PASSWORD');
    expect(error.message).toContain('HTTP 200: Bad credentials');
    expect(error.message).not.toContain(PASSWORD);
  });
});
