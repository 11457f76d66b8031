import { describe, expect, it } from '@jest/globals';
import type { RequestEvent, RetryEvent } from '../../src/apinizer/client.js';
import { FAKE_TOKEN as TOKEN, client, failure, json, serve } from './fake-manager.js';

/** Replies of Managers (or proxies in front of them) that do not follow the contract. */

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

  it('a reply cut off mid-body is retried for the reset, not for the HTTP 200 it began with', async () => {
    const server = await serve((_request, response, index) => {
      if (index > 0) return json(response, 200, { success: true, resultList: [] });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"success": true, "resultList": [');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const retries: RetryEvent[] = [];
    await expect(client(server.url, { onRetry: (event) => retries.push(event) }).listKeys('Shop')).resolves.toEqual([]);
    expect(retries.map((event) => event.reason)).toEqual([expect.stringMatching(/^E[A-Z_]+ after HTTP 200$/)]);
  });

  it('an environments list where neither path exists names both paths, not only the fallback', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(404);
      response.end();
    });
    const error = await failure(client(server.url, { retries: 0 }).listEnvironments('Shop'));
    expect(error.code).toBe('endpoint_not_found');
    expect(error.message).toContain('has neither GET /apiops/projects/Shop/environments/ nor GET /apiops/environments/Shop');
    expect(server.seen.map((seen) => seen.url)).toEqual(['/apiops/projects/Shop/environments/', '/apiops/environments/Shop']);
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
    // The reply that succeeds comes late, so that its duration is known to be at least that.
    const LATE_MS = 80;
    const server = await serve((_request, response, index) => {
      if (index < 2) json(response, 500, { error: 'internal_error' });
      else setTimeout(() => json(response, 200, { status: 'SUCCESS', resultList: [{ name: 'P' }] }), LATE_MS);
    });
    const events: RequestEvent[] = [];
    const started = performance.now();
    await expect(client(server.url, { onRequest: (event) => events.push(event) }).listProjects()).resolves.toEqual([{ name: 'P' }]);
    const elapsed = performance.now() - started;
    expect(events.map((event) => [event.method, event.path, event.status])).toEqual([
      ['GET', '/apiops/projects/', 500],
      ['GET', '/apiops/projects/', 500],
      ['GET', '/apiops/projects/', 200],
    ]);
    // Each attempt's own time: within the whole call, and the late one at least its delay.
    for (const event of events) expect(event.durationMs).toBeLessThanOrEqual(elapsed + 1);
    expect(events[2]!.durationMs).toBeGreaterThanOrEqual(LATE_MS - 5);
    expect(events[0]!.durationMs).toBeLessThan(LATE_MS * 10);
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
    const server = await serve((_request, response) => json(response, 200, { status: 'SUCCESS', resultList: [] }));
    await client(`${server.url}/apiops/`).listEnvironments('Shop');
    expect(server.seen[0]?.url).toBe('/apiops/projects/Shop/environments/');
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
