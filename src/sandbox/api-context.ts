import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './http-io.js';
import type { FaultSettings, SandboxApi } from './public-types.js';
import type { Grants, SandboxState } from './state.js';

/** What every API handler sees of the sandbox, fixed for the duration of one request. */
export interface ApiContext {
  readonly state: SandboxState;
  readonly api: SandboxApi;
  readonly faults: FaultSettings;
  /** Lifetime of tokens issued from credentials, in seconds. */
  readonly tokenLifetimeSeconds: number;
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

/** The success envelope of the generation: `success: true` (2026-01) or `status: "SUCCESS"` (current, legacy). */
export function successBody(api: SandboxApi, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return api === '2026-01' ? { success: true, ...fields } : { status: 'SUCCESS', ...fields };
}

/**
 * A read reply: `resultList` and `resultCount` in the generation's envelope. `total` is the
 * count to announce when the list was cut short (the `keyListLimit` fault).
 */
export function listBody(api: SandboxApi, list: readonly unknown[], total = list.length): Record<string, unknown> {
  return successBody(api, { resultList: list, resultCount: total });
}

/** The path parameter, which the router guarantees for the routes that use it. */
export function param(request: ApiRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route has no parameter "${name}"`);
  return value;
}
