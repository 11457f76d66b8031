import type { TrafficListeners } from '../apinizer/events.js';
import type { Secret } from '../common/secret.js';

/** How to authenticate: a personal API access token, or a user's password to obtain one. */
export type Credentials =
  | { readonly kind: 'token'; readonly token: Secret<string> }
  | { readonly kind: 'password'; readonly username: string; readonly password: Secret<string> };

/** Everything needed to talk to one Manager; the CLI makes it from flags and environment. */
export interface Connection {
  /** Manager URL as the user wrote it (`/apiops` optional). */
  readonly url: string;
  readonly credentials: Credentials;
  /** Requests in flight at once, for reads and for apply alike. */
  readonly parallelism: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly retryBaseDelayMs?: number;
  readonly listeners?: TrafficListeners;
}

/**
 * A connection, or how to make one when it is first needed: commands that load files pass
 * the latter, so a broken file is reported before a missing connection setting.
 */
export type ConnectionSource = Connection | (() => Connection);

/** The connection a source stands for, made now if it is deferred. */
export function resolveConnection(source: ConnectionSource): Connection {
  return typeof source === 'function' ? source() : source;
}
