import type { ApinizerClient } from '../apinizer/client.js';
import { normalizeManagerUrl } from '../apinizer/manager-url.js';
import { createLimiter, type Limiter } from '../common/limiter.js';
import { resolveConnection, type Connection, type ConnectionSource } from './connection.js';

/** An open connection to one Manager: the client and the run's bound on requests in flight. */
export interface Session {
  readonly client: ApinizerClient;
  readonly limit: Limiter;
  /** The Manager's normalized API root (`https://host/apiops`). */
  readonly manager: string;
}

/** The normalized API root a connection addresses, without connecting. */
export function describeManager(connection: Pick<Connection, 'url'>): string {
  return normalizeManagerUrl(connection.url).baseUrl;
}

/**
 * Opens a session, runs `use` in it, and closes it, whatever happens: the one place a
 * client is disposed. Closing cancels calls still in flight, so nothing more is sent after
 * the first fatal error.
 */
export async function withSession<T>(source: ConnectionSource, use: (session: Session) => Promise<T>): Promise<T> {
  const connection = resolveConnection(source);
  // Loaded on demand: validate and --help never pay for got.
  const { createApinizerClient, fetchToken } = await import('../apinizer/client.js');
  const { url, credentials, timeoutMs } = connection;
  const renewToken =
    credentials.kind === 'password'
      ? () => fetchToken({ url, clientId: credentials.username, clientSecret: credentials.password, timeoutMs, ...connection.listeners })
      : undefined;
  const token = credentials.kind === 'token' ? credentials.token : await renewToken!();
  const client = createApinizerClient({
    url,
    token,
    // Only a token obtained from a password can be fetched again when it expires.
    ...(renewToken === undefined ? {} : { renewToken }),
    timeoutMs,
    retries: connection.retries,
    retryBaseDelayMs: connection.retryBaseDelayMs,
    maxSockets: connection.parallelism,
    ...connection.listeners,
  });
  try {
    return await use({ client, limit: createLimiter(connection.parallelism), manager: client.baseUrl });
  } finally {
    client.close();
  }
}
