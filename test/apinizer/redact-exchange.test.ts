/** Redaction at the client's edge: what a recording may hold of a body. */
import { describe, expect, it } from '@jest/globals';
import { listRequestSecrets, redactBody } from '../../src/apinizer/redact-exchange.js';
import type { RecordedExchange } from '../../src/core/model/recording.js';
import { client, failure, serve } from './fake-manager.js';

describe('redactBody', () => {
  it('redacts material under field names no list foresaw, and material-like text anywhere', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const base64 = Buffer.from('x'.repeat(60)).toString('base64');
    const body = {
      secretKey: 'a',
      keyContent: 'b',
      privateKeyContent: 'c',
      encodedContent: 'd',
      value: 'e',
      jwkContent: 'f',
      pem,
      description: `copied ${base64} here`,
      note: `see ${pem}`,
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    };
    const redacted = redactBody(body, []) as Record<string, string>;
    for (const field of ['secretKey', 'keyContent', 'privateKeyContent', 'encodedContent', 'value', 'jwkContent', 'pem'])
      expect([field, redacted[field]]).toEqual([field, '(redacted)']);
    expect(redacted.description).toBe('copied (sensitive) here');
    expect(redacted.note).toBe('see (sensitive)');
    expect(redacted.id).toBe(body.id);
  });

  it('replaces the value of every sensitive field at any depth, keeps null, ids and shape', () => {
    /** A key list reply; `sensitive` gives the value of each field that must not be recorded. */
    const reply = (sensitive: (value: string) => string): unknown => ({
      status: 'SUCCESS',
      resultList: [
        {
          id: 'key-1',
          name: 'k',
          cryptoKeyInfoEnvironmentList: [
            { environmentId: 'e1', content: sensitive('c2VjcmV0'), alias: 'a' },
            { environmentName: 'production', privateKey: sensitive('LS0tLS1CRUdJTg=='), publicKey: null },
          ],
        },
      ],
      access_token: sensitive('abc'),
    });
    expect(
      redactBody(
        reply((value) => value),
        [],
      ),
    ).toEqual(reply(() => '(redacted)'));
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

describe('recording at the client edge', () => {
  it('records a 200 whose body is not JSON (a login page), which got reports as an error without afterResponse', async () => {
    const served = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Sign in</body></html>');
    });
    const exchanges: RecordedExchange[] = [];
    const error = await failure(client(served.url, { onExchange: (exchange) => void exchanges.push(exchange) }).listProjects());
    expect(error.code).toBe('bad_reply');
    expect(exchanges.map((exchange) => [exchange.method, exchange.status, exchange.contentType])).toEqual([['GET', 200, 'text/html']]);
  });
});
