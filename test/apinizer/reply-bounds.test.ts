import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { fetchToken, type RequestEvent } from '../../src/apinizer/client.js';
import { Secret } from '../../src/common/secret.js';
import { catchAppErrorAsync } from '../support/catch-app-error.js';
import { client, failure, serve } from './fake-manager.js';

/** Replies too large to hold, cut short, or of the wrong shape: each one clear error, read no further than needed. */

const LIMIT = 256 * 1024;
const KEYS_PATH = '/apiops/projects/Shop/keys/';

/** How much a streaming reply wrote before the client hung up, or all of it. */
interface Streamed {
  readonly written: number;
  readonly closedEarly: boolean;
}

/**
 * Streams `total` bytes of a valid JSON list reply (an empty list padded with blanks),
 * chunked, at the pace the client reads (honouring back-pressure), and says how much was
 * written when the connection closed or the reply ended.
 */
function streamPadded(response: ServerResponse, status: number, total: number, done: (streamed: Streamed) => void): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  const head = '{"success":true,"resultList":[]';
  const chunk = Buffer.alloc(16 * 1024, ' ');
  let written = 0;
  let finished = false;
  response.on('close', () => {
    if (!finished) done({ written, closedEarly: true });
  });
  const pump = () => {
    while (!response.destroyed) {
      if (written === 0) {
        written += head.length;
        if (!response.write(head)) return void response.once('drain', pump);
      } else if (written + chunk.length < total) {
        written += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      } else {
        finished = true;
        response.end('}');
        done({ written: written + 1, closedEarly: false });
        return;
      }
    }
  };
  pump();
}

describe('a reply larger than the limit', () => {
  it('whose Content-Length says so: refused as soon as the headers arrive, one error naming the call and the limit', async () => {
    let streamed: Promise<Streamed> | undefined;
    const server = await serve((_request, response) => {
      streamed = new Promise((resolve) => {
        // Announces 1 GiB and sends nothing: a client that waited for the body would time out.
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1024 ** 3) });
        response.flushHeaders();
        response.on('close', () => resolve({ written: 0, closedEarly: true }));
      });
    });
    const events: RequestEvent[] = [];
    const started = Date.now();
    const error = await failure(
      client(server.url, { maxJsonReplyBytes: LIMIT, timeoutMs: 10_000, onRequest: (event) => events.push(event) }).listKeys('Shop'),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ code: 'bad_reply', fault: 'manager', http: { method: 'GET', path: KEYS_PATH } });
    expect(error.message).toContain("Could not list the keys of project 'Shop'");
    expect(error.message).toContain(`GET ${KEYS_PATH}`);
    expect(error.message).toContain(`the limit of ${LIMIT} bytes`);
    expect(error.message).toContain(`Content-Length says ${1024 ** 3} bytes`);
    expect(error.hint).toContain('APINIZER_URL');
    expect(error.hint).not.toContain('change may have been made');
    await expect(streamed).resolves.toEqual({ written: 0, closedEarly: true });
    // Not retried (the same reply again would be refused again), and --debug still sees the attempt.
    expect(server.seen).toHaveLength(1);
    expect(events.map((event) => [event.method, event.path, event.status])).toEqual([['GET', KEYS_PATH, 200]]);
  });

  it('streamed without a Content-Length: the client stops reading soon after the limit, long before the end', async () => {
    const TOTAL = 64 * 1024 * 1024;
    let streamed: Promise<Streamed> | undefined;
    const server = await serve((_request, response) => {
      streamed = new Promise((resolve) => streamPadded(response, 200, TOTAL, resolve));
    });
    const error = await failure(client(server.url, { maxJsonReplyBytes: LIMIT }).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'bad_reply', fault: 'manager', http: { method: 'GET', path: KEYS_PATH } });
    expect(error.message).toContain(`the limit of ${LIMIT} bytes`);
    expect(error.message).not.toContain('Content-Length');
    const { written, closedEarly } = await streamed!;
    expect(closedEarly).toBe(true);
    // Socket buffers on loopback hold a few MB at most; the rest was never sent.
    expect(written).toBeLessThan(TOTAL / 4);
    expect(server.seen).toHaveLength(1);
  });

  it('the same reply under the limit is read as usual', async () => {
    const server = await serve((_request, response) => streamPadded(response, 200, LIMIT / 2, () => undefined));
    await expect(client(server.url, { maxJsonReplyBytes: LIMIT }).listKeys('Shop')).resolves.toEqual([]);
  });

  it('compressed: the bytes after decoding count, so a small gzip cannot inflate past the limit', async () => {
    const inflated = `{"success":true,"resultList":[]${' '.repeat(8 * 1024 * 1024)}}`;
    const compressed = gzipSync(inflated);
    expect(compressed.byteLength).toBeLessThan(LIMIT);
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': compressed.byteLength });
      response.end(compressed);
    });
    const error = await failure(client(server.url, { maxJsonReplyBytes: LIMIT }).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'bad_reply', http: { path: KEYS_PATH } });
    expect(error.message).toContain(`the limit of ${LIMIT} bytes`);
  });

  it('to a write: the hint says the change may have been made', async () => {
    const server = await serve((_request, response) => streamPadded(response, 200, 4 * LIMIT, () => undefined));
    const error = await failure(
      client(server.url, { maxJsonReplyBytes: LIMIT }).createKey('Shop', {
        name: 'k',
        description: '',
        keyType: 'SECRET_KEY',
        algorithm: 'AES',
        environments: [{ environmentName: 'production', content: new Secret('c2VjcmV0LXNlY3JldC0xMjM0') }],
      }),
    );
    expect(error).toMatchObject({ code: 'bad_reply', http: { method: 'POST', path: KEYS_PATH } });
    expect(error.message).toContain("Could not create key 'k' in project 'Shop'");
    expect(error.hint).toContain('The change may have been made all the same: run plan to see.');
  });

  it('an error reply counts too, and is not retried', async () => {
    const server = await serve((_request, response) => streamPadded(response, 503, 4 * LIMIT, () => undefined));
    const error = await failure(client(server.url, { maxJsonReplyBytes: LIMIT, retries: 2 }).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'bad_reply', http: { path: KEYS_PATH } });
    expect(server.seen).toHaveLength(1);
  });

  it('from the token endpoint: bounded by the default, 128 MiB', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) });
      response.flushHeaders();
    });
    const password = 'reply-bounds-password-3c9a';
    const error = await catchAppErrorAsync(
      fetchToken({ url: server.url, clientId: 'admin', clientSecret: new Secret(password), timeoutMs: 10_000 }),
    );
    expect(error).toMatchObject({ code: 'bad_reply', fault: 'manager', http: { method: 'POST', path: '/apiops/auth/token' } });
    expect(error.message).toContain('the limit of 128 MiB');
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it('a limit that is not a whole number of at least 1 is a usage error', () => {
    expect(() => client('http://127.0.0.1:9', { maxJsonReplyBytes: 0 })).toThrow('maxJsonReplyBytes must be a whole number of at least 1');
  });
});

describe('a reply of the wrong shape', () => {
  it('JSON cut off: says the body is not valid JSON, names the content type, quotes nothing of it', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end('{"success":true,"resultList":[{"name":"cut-off-secret-77f1","privateKey":"MIIE');
    });
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'bad_reply', fault: 'manager', http: { method: 'GET', path: KEYS_PATH } });
    expect(error.message).toContain('a body labelled application/json that is not valid JSON (cut off or malformed)');
    expect(error.message).not.toContain('got application/json.');
    expect(error.hint).toContain('Retry');
    const texts = JSON.stringify({ message: error.message, hint: error.hint, error });
    expect(texts).not.toContain('cut-off-secret-77f1');
    expect(texts).not.toContain('MIIE');
    // Nor the parser's message, which quotes the body.
    expect(texts).not.toMatch(/Unexpected|JSON input/);
  });

  it('a non-JSON content type still names the type alone', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('not json at all');
    });
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error.message).toContain('expected a JSON reply, got text/plain.');
  });

  it('resultList of the wrong type: says so, not that it is missing', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"success":true,"resultList":{"name":"k"}}');
    });
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'bad_reply', fault: 'manager', http: { method: 'GET', path: KEYS_PATH } });
    expect(error.message).toContain('expected resultList to be a JSON array, got a resultList of the wrong type (a JSON object)');
    expect(error.message).not.toContain('without it');
  });

  it('resultList missing: still says it is missing', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"success":true}');
    });
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error.message).toContain('expected a JSON reply with resultList, got a JSON object without it');
  });
});
