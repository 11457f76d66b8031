import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './http-io.js';
import type { FaultSettings, ReplyShape } from './public-types.js';
import type { Grants, SandboxState } from './state.js';

/** What every API handler sees of the sandbox, fixed for the duration of one request. */
export interface ApiContext {
  readonly state: SandboxState;
  readonly replyShape: ReplyShape;
  readonly faults: FaultSettings;
}

/** One routed `/apiops` request. */
export interface ApiRequest {
  readonly method: string;
  /** Decoded path parameters by name (`project`, `key`, `jwk`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** What the bearer token may do; `'*'` for routes that need no token. */
  readonly grants: Grants;
}

/** A route handler. Throws SandboxHttpError for error replies. */
export type ApiHandler = (context: ApiContext, request: ApiRequest) => Reply;

/** The success envelope of the configured shape: `success: true` or the older `status: "SUCCESS"`. */
export function successBody(shape: ReplyShape, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return shape === 'legacy' ? { status: 'SUCCESS', ...fields } : { success: true, ...fields };
}

/** A read reply: `resultList` and `resultCount` in the configured envelope. */
export function listBody(shape: ReplyShape, list: readonly unknown[]): Record<string, unknown> {
  return successBody(shape, { resultList: list, resultCount: list.length });
}

/** The path parameter, which the router guarantees for the routes that use it. */
export function param(request: ApiRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route has no parameter "${name}"`);
  return value;
}
