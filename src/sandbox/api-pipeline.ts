import type { IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiContext } from './api-context.js';
import { authenticate } from './auth.js';
import { SandboxHttpError } from './http-error.js';
import type { Reply } from './http-io.js';
import { decodeSegments, errorReply, jsonReply, readBody } from './http-io.js';
import { matchRoute } from './routes.js';
import type { SandboxRuntime } from './runtime.js';
import { rollFault } from './runtime.js';

/**
 * Handles one `/apiops` request: logs it, waits the configured latency, rolls the
 * before-anything faults (500, 429), routes, authenticates, runs the handler, then rolls
 * commit-then-fail for successful mutations. Resolves to the reply to send.
 */
export async function handleApiRequest(runtime: SandboxRuntime, request: IncomingMessage, path: string, query: Record<string, string>): Promise<Reply> {
  const method = request.method ?? 'GET';
  const entry = { method, path, query, status: 0 };
  runtime.log.push(entry);
  let reply: Reply;
  try {
    const body = await readBody(request);
    if (runtime.faults.latencyMs > 0) await delay(runtime.faults.latencyMs, undefined, { signal: runtime.closing });
    reply = rollEarlyFault(runtime, method) ?? dispatch(runtime, request, method, path, query, body);
  } catch (error) {
    reply = toErrorReply(error);
  }
  entry.status = reply.status;
  return reply;
}

function rollEarlyFault(runtime: SandboxRuntime, method: string): Reply | undefined {
  const faults = runtime.faults;
  if (rollFault(runtime, method, faults.failureRate)) {
    return errorReply(new SandboxHttpError(500, 'internal_error', 'Internal server error (sandbox fault injection).'));
  }
  if (rollFault(runtime, method, faults.rateLimitRate)) {
    const seconds = faults.retryAfterSeconds;
    return jsonReply(
      429,
      { error: 'rate_limit_exceeded', error_description: 'Too many requests (sandbox fault injection).', retry_after: seconds },
      { 'retry-after': String(seconds) },
    );
  }
  return undefined;
}

function dispatch(runtime: SandboxRuntime, request: IncomingMessage, method: string, path: string, query: Record<string, string>, body: Buffer): Reply {
  const segments = decodeSegments(path);
  const match = segments[0] === 'apiops' ? matchRoute(method, segments.slice(1)) : undefined;
  if (!match) throw new SandboxHttpError(404, 'not_found', `No endpoint ${method} ${path}.`);
  const { route, params } = match;
  const grants = route.authenticated ? authenticate(runtime.state, request.headers) : '*';
  const context: ApiContext = { state: runtime.state, replyShape: runtime.replyShape, faults: runtime.faults };
  const reply = route.handler(context, { method, params, query, headers: request.headers, body, grants });
  if (route.mutation && reply.status < 300 && rollFault(runtime, method, runtime.faults.commitThenFailRate)) {
    return errorReply(new SandboxHttpError(500, 'internal_error', 'Internal server error after the change was saved (sandbox fault injection).'));
  }
  return reply;
}

/** Handler errors become their documented body; anything else is a sandbox bug, reported as a 500. */
export function toErrorReply(error: unknown): Reply {
  if (error instanceof SandboxHttpError) return errorReply(error);
  const text = error instanceof Error ? error.message : String(error);
  return errorReply(new SandboxHttpError(500, 'internal_error', `Unexpected sandbox error: ${text}`));
}
