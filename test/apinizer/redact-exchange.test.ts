/** Redaction at the client's edge: what a recording may hold of a body. */
import { describe, expect, it } from '@jest/globals';
import { listRequestSecrets, redactBody } from '../../src/apinizer/redact-exchange.js';

describe('redactBody', () => {
  it('replaces the value of every sensitive field at any depth, keeps null, ids and shape', () => {
    const body = {
      status: 'SUCCESS',
      resultList: [
        {
          id: 'key-1',
          name: 'k',
          cryptoKeyInfoEnvironmentList: [
            { environmentId: 'e1', content: 'c2VjcmV0', alias: 'a' },
            { environmentName: 'production', privateKey: 'LS0tLS1CRUdJTg==', publicKey: null },
          ],
        },
      ],
      access_token: 'abc',
    };
    expect(redactBody(body, [])).toEqual({
      status: 'SUCCESS',
      resultList: [
        {
          id: 'key-1',
          name: 'k',
          cryptoKeyInfoEnvironmentList: [
            { environmentId: 'e1', content: '(redacted)', alias: 'a' },
            { environmentName: 'production', privateKey: '(redacted)', publicKey: null },
          ],
        },
      ],
      access_token: '(redacted)',
    });
  });

  it('scrubs the secrets a request carried from any text, in any case', () => {
    const token = 'tok-0123456789abcdef';
    expect(redactBody({ resultMessage: `Token ${token.toUpperCase()} is not valid!` }, [token])).toEqual({
      resultMessage: 'Token (sensitive) is not valid!',
    });
  });
});

describe('listRequestSecrets', () => {
  it('takes the bearer token and the sensitive fields of the body', () => {
    expect(listRequestSecrets('Bearer tok', { grant_type: 'client_credentials', client_id: 'u', client_secret: 'pw' })).toEqual([
      'tok',
      'u',
      'pw',
    ]);
    expect(listRequestSecrets(undefined, { cryptoKeyInfoEnvironmentList: [{ environmentName: 'e', content: 'bWF0' }] })).toEqual(['bWF0']);
  });
});
