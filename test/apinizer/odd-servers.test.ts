import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createApinizerClient, type ApinizerClient, type RequestEvent, type RetryEvent } from '../../src/apinizer/client.js';
import { AppError } from '../../src/common/app-error.js';
import { Secret } from '../../src/common/secret.js';

/** Replies of Managers (or proxies in front of them) that do not follow the contract. */

const TOKEN = 'odd-server-token-5b1e0c9d';

interface Served {
  readonly url: string;
  readonly seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serve(handler: (request: http.IncomingMessage, response: http.ServerResponse, index: number) => void): Promise<Served> {
  const seen: Served['seen'] = [];
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    handler(request, response, seen.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const served: Served = {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  cleanups.push(() => served.close());
  return served;
}

function client(url: string, extra: Partial<Parameters<typeof createApinizerClient>[0]> = {}): ApinizerClient {
  const made = createApinizerClient({ url, token: new Secret(TOKEN), retryBaseDelayMs: 5, ...extra });
  cleanups.unshift(() => made.close());
  return made;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(JSON.stringify(appError)).not.toContain(TOKEN);
    expect(appError.message).not.toContain(TOKEN);
    expect(String(appError.stack)).not.toContain(TOKEN);
    return appError;
  }
  throw new Error('expected the call to fail');
}

function json(response: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

describe('a Manager that does not follow the contract', () => {
  it('an HTML login page is a bad reply naming the URL, the path and the content type', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<html><body>Please log in</body></html>');
    });
    const error = await failure(client(server.url).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'bad_reply', fault: 'manager', http: { method: 'GET', path: '/apiops/projects/Shop/keys/' } });
    expect(error.message).toContain(`${server.url}/apiops`);
    expect(error.message).toContain('/apiops/projects/Shop/keys/');
    expect(error.message).toContain('expected a JSON reply');
    expect(error.message).toContain('text/html');
    expect(error.message).not.toContain('Please log in');
  });

  it('JSON without resultList is a bad reply', async () => {
    const server = await serve((_request, response) => json(response, 200, { hello: 'world' }));
    const error = await failure(client(server.url).listProjects());
    expect(error.code).toBe('bad_reply');
    expect(error.message).toContain('resultList');
  });

  it('an HTML error page with 502 is a server error that names the content type', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    const error = await failure(client(server.url, { retries: 1 }).listKeys('Shop'));
    expect(error).toMatchObject({ code: 'server_error', fault: 'manager', http: { status: 502 } });
    expect(error.message).toContain('HTTP 502, text/html');
    expect(error.message).toContain('still after 1 retry');
    expect(server.seen).toHaveLength(2);
  });

  it('honours retry_after from the body when there is no Retry-After header', async () => {
    const server = await serve((_request, response, index) => {
      if (index === 0) json(response, 429, { error: 'rate_limit_exceeded', error_description: 'slow down', retry_after: 0.08 });
      else json(response, 200, { success: true, resultList: [] });
    });
    const retries: RetryEvent[] = [];
    const started = Date.now();
    await expect(client(server.url, { onRetry: (event) => retries.push(event) }).listJwks('Shop')).resolves.toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(retries).toEqual([{ method: 'GET', path: '/apiops/projects/Shop/jwks/', attempt: 1, waitMs: 80, reason: 'HTTP 429' }]);
  });

  it('caps a long Retry-After at maxRetryAfterMs instead of giving up', async () => {
    const server = await serve((_request, response, index) => {
      if (index === 0) json(response, 503, { error: 'server_error' }, { 'retry-after': '3600' });
      else json(response, 200, { success: true, resultList: [] });
    });
    const retries: RetryEvent[] = [];
    await client(server.url, { maxRetryAfterMs: 30, onRetry: (event) => retries.push(event) }).listKeys('Shop');
    expect(retries.map((event) => [event.waitMs, event.reason])).toEqual([[30, 'HTTP 503']]);
  });

  it('reports every attempt through onRequest', async () => {
    const server = await serve((_request, response, index) => {
      if (index < 2) json(response, 500, { error: 'internal_error' });
      else json(response, 200, { status: 'SUCCESS', resultList: [{ name: 'P' }] });
    });
    const events: RequestEvent[] = [];
    await expect(client(server.url, { onRequest: (event) => events.push(event) }).listProjects()).resolves.toEqual([{ name: 'P' }]);
    expect(events.map((event) => [event.method, event.path, event.status])).toEqual([
      ['GET', '/apiops/projects/', 500],
      ['GET', '/apiops/projects/', 500],
      ['GET', '/apiops/projects/', 200],
    ]);
    for (const event of events) expect(event.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('a Manager slower than the timeout is a network error naming the timeout', async () => {
    const server = await serve((_request, response) => {
      setTimeout(() => json(response, 200, { success: true, resultList: [] }), 500);
    });
    const events: RequestEvent[] = [];
    const error = await failure(
      client(server.url, { timeoutMs: 60, retries: 1, onRequest: (event) => events.push(event) }).listKeys('Shop'),
    );
    expect(error).toMatchObject({ code: 'network', fault: 'manager', http: { method: 'GET', path: '/apiops/projects/Shop/keys/' } });
    expect(error.message).toContain('timeout after 60 ms');
    expect(error.message).toContain(`${server.url}/apiops`);
    expect(error.message).toContain('after 1 retry');
    expect(server.seen).toHaveLength(2);
    expect(events).toHaveLength(2);
    expect(events[0]?.status).toBeUndefined();
  });

  it('sends the token, user agent and JSON accept header, and nothing else of note', async () => {
    const server = await serve((_request, response) => json(response, 200, { success: true, resultList: [] }));
    await client(`${server.url}/apiops/`).listEnvironments('Shop');
    expect(server.seen[0]?.url).toBe('/apiops/environments/Shop');
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.seen[0]?.headers['user-agent']).toMatch(/^apinizer-keys\//);
    expect(server.seen[0]?.headers.accept).toContain('application/json');
  });

  it('an observer that throws does not change the outcome', async () => {
    const server = await serve((_request, response) => json(response, 200, { success: true, resultList: [] }));
    const throwing = client(server.url, {
      onRequest: () => {
        throw new Error('observer bug');
      },
    });
    await expect(throwing.listKeys('Shop')).resolves.toEqual([]);
  });
});
