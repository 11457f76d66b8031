import http from 'node:http';
import https from 'node:https';
import got, { type CancelableRequest, type Got, type GotReturn, type Options, type RequestError, type Response } from 'got';
import { USER_AGENT } from '../common/version.js';
import { notify, type TrafficListeners } from './events.js';
import { createProxyAgents, resolveProxy, type ProxyRoute } from '../common/proxy.js';
import { recordFailure, recordResponse } from './record-exchange.js';
import { limitReplySize } from './reply-size-limit.js';
import { RETRY_METHODS, RETRY_STATUS_CODES, computeRetryDelay, isRetryableAttempt, readBodyRetryAfterMs } from './retry-delay.js';

/** Settings of the one got instance a client uses; defaults are applied by the caller. */
export interface HttpSettings extends TrafficListeners {
  /** API root ending in `/apiops/`. */
  readonly prefixUrl: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryBaseDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly maxSockets: number;
  /** Bytes a JSON reply may have; downloads (other response types) set their own limit. */
  readonly maxJsonReplyBytes: number;
  /** Proxy URL; `''` connects directly; absent: from the environment (see {@link resolveProxy}). */
  readonly proxy?: string;
}

/** A configured got instance and the keep-alive agents it owns. */
export interface HttpInstance {
  readonly got: Got;
  /** The proxy every request goes through, if any: for messages, and its credentials to scrub. */
  readonly proxy?: ProxyRoute;
  /** Destroys the keep-alive agents (open sockets are closed). */
  close(): void;
}

/**
 * Makes the got instance: prefix, no redirects, per-attempt timeout, JSON replies of bounded
 * size, keep-alive agents (tunnelling through the proxy the environment names for the
 * Manager, if any), and got's own retry configured to our policy. Traffic is reported through
 * hooks, with the URL path only: got's options carry the Authorization header and must not escape.
 */
export function createHttpInstance(settings: HttpSettings): HttpInstance {
  // Every request of an instance goes to the one Manager, so one route serves them all.
  const proxy = resolveProxy(settings.prefixUrl, settings.proxy);
  const agentOptions = { keepAlive: true, maxSockets: settings.maxSockets };
  const agents =
    proxy === undefined
      ? { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) }
      : createProxyAgents(proxy, agentOptions);
  // calculateDelay decides the wait; beforeRetry reports it. Both see the same error object.
  const waits = new WeakMap<RequestError, number>();
  // Responses already reported by afterResponse, so the error hooks do not report them twice.
  const reported = new WeakSet<object>();

  const reportFailedAttempt = (error: RequestError): void => {
    if (error.response !== undefined && reported.has(error.response)) return;
    if (error.response !== undefined) reported.add(error.response);
    // Replies afterResponse saw are recorded already; a reply it never saw (a 200 whose JSON
    // does not parse, such as a login page) is recorded here, and so is an attempt with none.
    if (settings.onExchange !== undefined)
      notify(
        settings.onExchange,
        error.response === undefined ? recordFailure(error, settings.prefixUrl) : recordResponse(error.response, settings.prefixUrl),
      );
    const start = error.timings?.start;
    notify(settings.onRequest, {
      method: error.options.method,
      path: pathOf(error.options.url),
      status: error.response?.statusCode,
      durationMs: start === undefined ? 0 : Date.now() - start,
    });
  };

  const instance = got.extend({
    prefixUrl: settings.prefixUrl,
    headers: {
      'user-agent': USER_AGENT,
      accept: 'application/json',
    },
    // A redirected DELETE would be answered by whoever Location names, with our token.
    followRedirect: false,
    timeout: { request: settings.timeoutMs },
    responseType: 'json',
    agent: agents,
    // got buffers a reply whole before parsing it: unbounded, a runaway one exhausts memory.
    handlers: [
      <T extends GotReturn>(options: Options, next: (options: Options) => T): T | Promise<T> => {
        const result = next(options);
        if (options.isStream || options.responseType !== 'json') return result;
        return limitReplySize(result as CancelableRequest, settings.maxJsonReplyBytes, reportFailedAttempt) as Promise<T>;
      },
    ],
    retry: {
      limit: settings.retries,
      methods: [...RETRY_METHODS],
      statusCodes: [...RETRY_STATUS_CODES],
      // Our calculateDelay caps Retry-After itself; got's own cap would abandon the retry instead.
      maxRetryAfter: Number.POSITIVE_INFINITY,
      enforceRetryRules: true,
      calculateDelay: ({ attemptCount, retryAfter, error, computedValue }) => {
        // got computes 0 when its own rules say stop (limit, method, status); so do we for POST.
        if (computedValue === 0 || !isRetryableAttempt(error.options.method, error.response?.statusCode)) return 0;
        const waitMs = computeRetryDelay({
          attempt: attemptCount,
          retryAfterMs: retryAfter ?? readBodyRetryAfterMs(error.response?.body),
          baseDelayMs: settings.retryBaseDelayMs,
          maxDelayMs: settings.maxRetryAfterMs,
        });
        waits.set(error, waitMs);
        return waitMs;
      },
    },
    hooks: {
      afterResponse: [
        (response: Response) => {
          reported.add(response);
          if (settings.onExchange !== undefined) notify(settings.onExchange, recordResponse(response, settings.prefixUrl));
          notify(settings.onRequest, {
            method: response.request.options.method,
            path: response.requestUrl.pathname,
            status: response.statusCode,
            durationMs: Date.now() - response.timings.start,
          });
          return response;
        },
      ],
      beforeRetry: [
        (error, retryCount) => {
          reportFailedAttempt(error);
          notify(settings.onRetry, {
            method: error.options.method,
            path: pathOf(error.options.url),
            attempt: retryCount,
            waitMs: waits.get(error) ?? 0,
            reason: describeRetryReason(error),
          });
        },
      ],
      beforeError: [
        (error) => {
          reportFailedAttempt(error);
          return error;
        },
      ],
    },
  });

  return {
    got: instance,
    ...(proxy === undefined ? {} : { proxy }),
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** `HTTP 503` for a reply, else the network error code (`ECONNRESET`, `ETIMEDOUT`). */
export function describeRetryReason(error: RequestError): string {
  if (error.response === undefined) return error.code;
  // A reply cut off after its status line (a reset mid-body) has a response too: the status
  // it began with is not why the call is retried.
  return error.name === 'HTTPError' ? `HTTP ${error.response.statusCode}` : `${error.code} after HTTP ${error.response.statusCode}`;
}

function pathOf(url: string | URL | undefined): string {
  if (url === undefined) return '';
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
