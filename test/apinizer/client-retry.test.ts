import { describe, expect, it } from '@jest/globals';
import type { ApinizerClient, ClientOptions, RetryEvent } from '../../src/apinizer/client.js';
import { failureOf, makeSecretKeyInput, useSandboxClients } from './sandbox-fixture.js';

/** Retry policy, seen from the sandbox's request log. */

const { sandbox, clients } = useSandboxClients({ faults: { retryAfterSeconds: 0 } }, (shared) => {
  shared.setFaults({
    failureRate: 0,
    rateLimitRate: 0,
    retryAfterSeconds: 0,
    commitThenFailRate: 0,
    faultMethods: ['GET', 'POST', 'PUT', 'DELETE'],
  });
  shared.clearRequests();
});
const someKey = makeSecretKeyInput;

/**
 * A client facing these faults, with the request log cleared and every retry it reports in
 * `events`; after `healAfter` retries the faults are lifted, so the next attempt succeeds.
 */
function faultedClient(
  faults: Parameters<typeof sandbox.setFaults>[0],
  options: Partial<ClientOptions> & { healAfter?: number } = {},
): { client: ApinizerClient; events: RetryEvent[] } {
  const { healAfter, ...clientOptions } = options;
  sandbox.setFaults(faults);
  sandbox.clearRequests();
  const events: RetryEvent[] = [];
  const onRetry = (event: RetryEvent): void => {
    events.push(event);
    if (events.length === healAfter) sandbox.setFaults({ failureRate: 0, rateLimitRate: 0 });
  };
  return { client: clients.make({ ...clientOptions, onRetry }), events };
}

describe('retries', () => {
  it('retries a failing GET until it succeeds, reporting each retry', async () => {
    // Heal after the second failure: the third attempt succeeds.
    const { client, events } = faultedClient({ failureRate: 1 }, { healAfter: 2 });
    const keys = await client.listKeys('Shop');
    expect(keys.map((key) => key.name)).toContain('signing');
    expect(sandbox.requests().map((request) => request.status)).toEqual([500, 500, 200]);
    expect(events).toEqual([
      { method: 'GET', path: '/apiops/projects/Shop/keys/', attempt: 1, waitMs: expect.any(Number), reason: 'HTTP 500' },
      { method: 'GET', path: '/apiops/projects/Shop/keys/', attempt: 2, waitMs: expect.any(Number), reason: 'HTTP 500' },
    ]);
    for (const event of events) {
      expect(event.waitMs).toBeGreaterThanOrEqual(1);
      expect(event.waitMs).toBeLessThanOrEqual(5 * 2 ** (event.attempt - 1));
    }
  });

  it('gives up after the retry limit', async () => {
    const { client, events } = faultedClient({ failureRate: 1 }, { retries: 3 });
    await failureOf(client.listJwks('Shop'), [sandbox.token]);
    expect(sandbox.requests()).toHaveLength(4);
    expect(events.map((event) => event.attempt)).toEqual([1, 2, 3]);
  });

  it('retries PUT and DELETE too', async () => {
    const client = clients.make();
    await client.createKey('Shop', someKey('retried'));
    sandbox.setFaults({ failureRate: 1, faultMethods: ['PUT', 'DELETE'] });
    sandbox.clearRequests();
    const heal = (): void => sandbox.setFaults({ failureRate: 0 });
    const healing = clients.make({ onRetry: heal });
    await healing.updateKey(
      'Shop',
      'retried',
      { kind: 'whole', key: someKey('retried') },
      { jwkUpdateAction: 'NULLIFY', updateScope: 'SAME_PROJECT' },
    );
    sandbox.setFaults({ failureRate: 1 });
    await healing.deleteKey('Shop', 'retried', 'NULLIFY');
    expect(sandbox.requests().map((request) => `${request.method} ${request.status}`)).toEqual([
      'PUT 500',
      'PUT 200',
      'DELETE 500',
      'DELETE 200',
    ]);
  });

  it('retries a POST only after a 429, which means the Manager did nothing', async () => {
    const { client, events } = faultedClient({ rateLimitRate: 1, faultMethods: ['POST'] }, { retries: 4, healAfter: 1 });
    await client.createKey('Shop', someKey('after-429'));
    const posts = sandbox.requests().filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.status)).toEqual([429, 200]);
    expect(events).toMatchObject([{ method: 'POST', attempt: 1, reason: 'HTTP 429' }]);
  });

  it('never retries a POST after a 500: it may have been committed', async () => {
    const { client, events } = faultedClient({ failureRate: 1 }, { retries: 4 });
    const error = await failureOf(client.createKey('Shop', someKey('once')), [sandbox.token]);
    expect(error).toMatchObject({ code: 'server_error', http: { method: 'POST', status: 500 } });
    expect(sandbox.requests().filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('with retries: 0 nothing is retried', async () => {
    const { client, events } = faultedClient({ failureRate: 1 }, { retries: 0 });
    await failureOf(client.listKeys('Shop'), [sandbox.token]);
    expect(sandbox.requests()).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('429 honours the announced wait', async () => {
    const { client, events } = faultedClient({ rateLimitRate: 1, retryAfterSeconds: 1 }, { healAfter: 1 });
    const started = Date.now();
    await client.listProjects();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(events).toEqual([{ method: 'GET', path: '/apiops/projects/', attempt: 1, waitMs: 1000, reason: 'HTTP 429' }]);
    expect(sandbox.requests().map((request) => request.status)).toEqual([429, 200]);
  });

  it('429 waits are capped by maxRetryAfterMs', async () => {
    const { client, events } = faultedClient({ rateLimitRate: 1, retryAfterSeconds: 30 }, { maxRetryAfterMs: 25, healAfter: 1 });
    await client.listProjects();
    expect(events.map((event) => event.waitMs)).toEqual([25]);
  });

  it('a DELETE committed and then answered 500 is retried, and the retry reports the key as gone', async () => {
    const client = clients.make();
    await client.createKey('Shop', someKey('committed'));
    sandbox.setFaults({ commitThenFailRate: 1 });
    const error = await failureOf(client.deleteKey('Shop', 'committed', 'NULLIFY'), [sandbox.token]);
    expect(error).toMatchObject({ code: 'not_found' });
    expect(error.details.join(' ')).toContain('earlier attempt');
  });
});
