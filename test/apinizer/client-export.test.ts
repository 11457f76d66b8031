import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { zipSync } from 'fflate';
import { failure, serve, client as fakeClient, json } from './fake-manager.js';
import { b64, failureOf, HMAC_TEST, SIGNING_PROD, SIGNING_TEST, TOKENS, useSandboxClients } from './sandbox-fixture.js';

/** Export Key File through the client: both forms against the sandbox, the limits, and replies no sandbox gives. */

const { sandbox, clients } = useSandboxClients({}, (shared) => shared.setApi('current'));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

afterEach(() => {
  sandbox.replaceMaterial('Shop', 'signing', 'test', b64(SIGNING_TEST));
});

describe('exportKeyFile against the sandbox', () => {
  it('the ZIP form: one <key>-<environment>.pem entry per environment, the key files as they were sent', async () => {
    sandbox.clearRequests();
    const files = await clients.make().exportKeyFile('Shop', 'signing');
    expect(files.map((file) => [file.name, text(file.content.reveal())]).sort()).toEqual([
      ['signing-production.pem', SIGNING_PROD],
      ['signing-test.pem', SIGNING_TEST],
    ]);
    expect(sandbox.requests().map((request) => [request.path, request.query])).toEqual([
      ['/apiops/projects/Shop/keys/signing/export-file/', {}],
    ]);
    // Material stays structural: the files print and serialize as (sensitive).
    expect(JSON.stringify(files)).not.toContain('signing material');
  });

  it('the single form: ?environmentName=E gives that file; a SECRET_KEY comes back as its base64 text', async () => {
    sandbox.clearRequests();
    const client = clients.make();
    const [file] = await client.exportKeyFile('Shop', 'signing', 'test');
    expect(file?.name).toBe('signing-test.pem');
    expect(text(file!.content.reveal())).toBe(SIGNING_TEST);
    expect(sandbox.requests()[0]?.query).toEqual({ environmentName: 'test' });
    const [secret] = await client.exportKeyFile('Shop', 'hmac', 'test');
    expect(text(secret!.content.reveal())).toBe(b64(HMAC_TEST));
  });

  it('an environment without material: the single form is empty, the ZIP leaves it out', async () => {
    sandbox.replaceMaterial('Shop', 'signing', 'test', null);
    const client = clients.make();
    expect(await client.exportKeyFile('Shop', 'signing', 'test')).toEqual([]);
    expect((await client.exportKeyFile('Shop', 'signing')).map((file) => file.name)).toEqual(['signing-production.pem']);
  });

  it('without EXPORT_IMPORT: one forbidden error naming the permission and the project', async () => {
    const error = await failureOf(clients.make({ tokenText: TOKENS.manageOnly }).exportKeyFile('Shop', 'signing'), [TOKENS.manageOnly]);
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain("lacks SECRETS + EXPORT_IMPORT in project 'Shop'");
  });

  it('an older Manager without the endpoint: this Manager cannot export key material', async () => {
    sandbox.setApi('2026-01');
    const error = await failureOf(clients.make().exportKeyFile('Shop', 'signing'), [sandbox.token]);
    expect(error.code).toBe('endpoint_not_found');
    expect(error.message).toContain('this Manager cannot export key material');
  });

  it('a key that does not exist is not_found', async () => {
    expect((await failureOf(clients.make().exportKeyFile('Shop', 'ghost'), [])).code).toBe('not_found');
  });

  it('a reply, an entry, the entries or their total over the limits is an error, never a cut', async () => {
    const over = async (limits: object, expected: string) => {
      const error = await failureOf(clients.make({ exportLimits: limits }).exportKeyFile('Shop', 'signing'), [SIGNING_PROD, SIGNING_TEST]);
      expect(error.code).toBe('bad_reply');
      expect(error.message).toContain(expected);
    };
    await over({ maxReplyBytes: 100 }, 'sent more than 100 bytes');
    await over({ maxEntries: 1 }, 'more than 1 entries');
    await over({ maxEntryBytes: 20 }, 'at most 20');
    await over({ maxTotalBytes: SIGNING_PROD.length + 1 }, `more than ${SIGNING_PROD.length + 1} bytes once inflated`);
  });
});

describe('exportKeyFile against replies the sandbox does not give', () => {
  const zip = (bytes: Uint8Array) => (_request: unknown, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(bytes);
  };

  it('a malformed ZIP is a bad reply', async () => {
    const served = await serve(zip(Buffer.from('PK\u0003\u0004 this is not a zip archive at all')));
    const error = await failure(fakeClient(served.url).exportKeyFile('p', 'k'));
    expect(error.code).toBe('bad_reply');
    expect(error.message).toContain('not a ZIP archive that can be read');
  });

  it('a zip bomb is refused by its declared size, and one that lies about it is refused too, before inflating', async () => {
    const bomb = zipSync({ 'k-prod.pem': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const served = await serve(zip(bomb));
    expect((await failure(fakeClient(served.url).exportKeyFile('p', 'k'))).message).toContain('an entry of 67108864 bytes');

    // The central directory says 10 bytes: ~65 KB of deflate cannot be that little.
    const liar = Buffer.from(bomb);
    const central = liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    liar.writeUInt32LE(10, central + 24);
    const lying = await serve(zip(liar));
    const refused = await failure(fakeClient(lying.url).exportKeyFile('p', 'k'));
    expect(refused.message).toMatch(/an entry whose \d+ compressed bytes cannot inflate to the 10 it declares/);
  });

  it('two entries of one name are refused (the second would silently replace the first)', async () => {
    // fflate writes two distinct names; renaming the second in place makes a duplicate.
    const pair = Buffer.from(
      zipSync({ 'k-prod.pem': Buffer.from('-----BEGIN A-----\n'), 'k-prox.pem': Buffer.from('-----BEGIN B-----\n') }),
    );
    for (let at = pair.indexOf('k-prox.pem'); at !== -1; at = pair.indexOf('k-prox.pem', at + 1)) pair.write('k-prod.pem', at);
    const served = await serve(zip(pair));
    expect((await failure(fakeClient(served.url).exportKeyFile('p', 'k'))).message).toContain('two entries named "k-prod.pem"');
  });

  it('a web page sent with a 200 is refused as a reply, never compared as material', async () => {
    for (const [type, body] of [
      ['text/html', '<!doctype html><html><body>Sign in</body></html>'],
      ['application/octet-stream', '  <html><body>Sign in</body></html>'],
      ['text/plain', 'Please sign in'],
    ] as const) {
      const served = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': type });
        response.end(body);
      });
      const error = await failure(fakeClient(served.url).exportKeyFile('p', 'k'));
      expect([type, error.code]).toEqual([type, 'bad_reply']);
    }
  });

  it('a reply that grows past the limit without announcing its length is cancelled', async () => {
    const served = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-pem-file' });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      for (let index = 0; index < 40; index += 1) response.write(chunk);
      response.end();
    });
    const error = await failure(fakeClient(served.url).exportKeyFile('p', 'k', 'prod'));
    expect(error.message).toContain(`sent more than ${1024 * 1024} bytes`);
  });

  it('a 200 with a FAILURE envelope is classified by its text; a compressed reply is refused', async () => {
    const refused = await serve((_request, response) =>
      json(response, 200, { status: 'FAILURE', resultMessage: 'User does not have required permission for this operation!' }),
    );
    const error = await failure(fakeClient(refused.url).exportKeyFile('p', 'k'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('SECRETS + EXPORT_IMPORT');

    const gzipped = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/zip', 'content-encoding': 'gzip' });
      response.end('x');
    });
    expect((await failure(fakeClient(gzipped.url).exportKeyFile('p', 'k'))).message).toContain('content-encoding gzip');
  });

  it('"no material" as a 200 FAILURE envelope is no material, as the 400 is; a PEM quoted in an error is never shown', async () => {
    const none = await serve((_request, response) =>
      json(response, 200, { status: 'FAILURE', resultMessage: '(k) carries no environment material to export!' }),
    );
    expect(await fakeClient(none.url).exportKeyFile('p', 'k')).toEqual([]);

    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const echoing = await serve((_request, response) =>
      json(response, 400, { status: 'FAILURE', resultMessage: `Cannot export ${pem} now` }),
    );
    const error = await failure(fakeClient(echoing.url).exportKeyFile('p', 'k'));
    expect(error.message).toContain('(PEM block removed)');
    expect(JSON.stringify(error)).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
  });

  it('a refused export is a read: its hint points at the key in the Manager, not at the file', async () => {
    const refused = await serve((_request, response) => json(response, 400, { status: 'FAILURE', resultMessage: 'Export failed' }));
    const error = await failure(fakeClient(refused.url).exportKeyFile('p', 'k'));
    expect(error).toMatchObject({ code: 'bad_request' });
    expect(error.hint).toContain('Check the key in the Manager');
    expect(error.hint).not.toContain('in the file');
  });

  it('a one-environment key answered with a bare file (no ZIP) gives that file with its name', async () => {
    const served = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-pem-file', 'content-disposition': 'attachment; filename="k-prod.pem"' });
      response.end('-----BEGIN PUBLIC KEY-----\n');
    });
    const files = await fakeClient(served.url).exportKeyFile('p', 'k');
    expect(files.map((file) => file.name)).toEqual(['k-prod.pem']);
  });
});
