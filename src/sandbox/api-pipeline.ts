import type { IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiContext } from './api-context.js';
import { authenticate } from './auth.js';
import { internalError, oauthError, rateLimited, RouteNotFoundError, SandboxHttpError } from './http-error.js';
import type { Reply } from './http-io.js';
import { decodeSegments, errorReply, readBody } from './http-io.js';
import type { SandboxApi } from './public-types.js';
import { matchRoute } from './routes.js';
import type { SandboxRuntime } from './runtime.js';
import { rollFault } from './runtime.js';

/**
 * Handles one `/apiops` request: logs it, waits the configured latency, rolls the
 * before-anything faults (500, 429), routes, authenticates, runs the handler, then rolls
 * commit-then-fail for successful mutations. Resolves to the reply to send, in the
 * generation that was spoken when the request arrived.
 */
export async function handleApiRequest(
  runtime: SandboxRuntime,
  request: IncomingMessage,
  path: string,
  query: Record<string, string>,
): Promise<Reply> {
  const method = request.method ?? 'GET';
  const api = runtime.api;
  const entry = { method, path, query, status: 0 };
  runtime.log.push(entry);
  let reply: Reply;
  try {
    const body = await readBody(request);
    if (runtime.faults.latencyMs > 0) await delay(runtime.faults.latencyMs, undefined, { signal: runtime.closing });
    rollEarlyFault(runtime, method, isTokenEndpoint(path));
    reply = dispatch(runtime, api, request, method, path, query, body);
  } catch (error) {
    reply = toErrorReply(error, api);
  }
  entry.status = reply.status;
  return reply;
}

/** The token endpoint answers even injected faults OAuth-style, as its page documents for 500. */
function isTokenEndpoint(path: string): boolean {
  return path.replace(/\/$/, '') === '/apiops/auth/token';
}

function rollEarlyFault(runtime: SandboxRuntime, method: string, tokenEndpoint: boolean): void {
  const faults = runtime.faults;
  if (rollFault(runtime, method, faults.failureRate)) {
    const description = 'Internal server error (sandbox fault injection).';
    throw tokenEndpoint ? oauthError(500, 'server_error', 'An unexpected error occurred') : internalError(description);
  }
  // The current reference no longer mentions 429; the fault still answers one, in its envelope.
  if (rollFault(runtime, method, faults.rateLimitRate)) throw rateLimited(faults.retryAfterSeconds);
}

function dispatch(
  runtime: SandboxRuntime,
  api: SandboxApi,
  request: IncomingMessage,
  method: string,
  path: string,
  query: Record<string, string>,
  body: Buffer,
): Reply {
  const segments = decodeSegments(path);
  const match = segments[0] === 'apiops' ? matchRoute(api, method, segments.slice(1)) : undefined;
  if (!match || match.route.trailingSlash !== path.endsWith('/')) throw new RouteNotFoundError(method, path);
  const { route, params } = match;
  const grants = route.authenticated ? authenticate(runtime.state, runtime.faults, request.headers) : '*';
  const context: ApiContext = { state: runtime.state, api, faults: runtime.faults, tokenLifetimeSeconds: runtime.tokenLifetimeSeconds };
  const reply = route.handler(context, { method, params, query, headers: request.headers, body, grants });
  if (route.mutation && reply.status < 300 && rollFault(runtime, method, runtime.faults.commitThenFailRate)) {
    throw internalError('Internal server error after the change was saved (sandbox fault injection).');
  }
  return reply;
}

/** Handler errors become their documented body; anything else is a sandbox bug, reported as a 500. */
export function toErrorReply(error: unknown, api: SandboxApi): Reply {
  if (error instanceof SandboxHttpError) return errorReply(error, api);
  const text = error instanceof Error ? error.message : String(error);
  return errorReply(internalError(`Unexpected sandbox error: ${text}`), api);
}
