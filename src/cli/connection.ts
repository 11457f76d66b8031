import type { ApinizerClient, RetryEvent } from '../apinizer/client.js';
import { normalizeManagerUrl, type ManagerBase } from '../apinizer/manager-url.js';
import { AppError } from '../common/app-error.js';
import { Secret } from '../common/secret.js';
import type { Output } from './output.js';

/** Connection flags of plan, apply and export. */
export interface ConnectionFlags {
  readonly url?: string;
  readonly token?: string;
  readonly timeout?: number;
  readonly retries?: number;
  readonly parallelism?: number;
  readonly retryDelay?: number;
}

/**
 * The Manager named by --url or APINIZER_URL, normalized, as the client will address it.
 * Separate from connecting so a saved plan can be checked against it before any request.
 */
export function resolveManager(flags: ConnectionFlags, env: NodeJS.ProcessEnv): { readonly url: string; readonly base: ManagerBase } {
  const url = flags.url ?? env.APINIZER_URL;
  if (!url) {
    throw new AppError({
      code: 'missing_connection',
      fault: 'user',
      message: 'No Manager URL is set.',
      hint: 'Set APINIZER_URL (e.g. https://manager.example.com) or pass --url.',
    });
  }
  return { url, base: normalizeManagerUrl(url) };
}

/**
 * Connects to the Manager named by --url or APINIZER_URL, with --token / APINIZER_TOKEN,
 * or a token fetched with APINIZER_USERNAME + APINIZER_PASSWORD. The token is wrapped
 * in a Secret the moment it is read.
 */
export async function connectToManager(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<ApinizerClient> {
  const { url } = resolveManager(flags, env);
  const { createApinizerClient, fetchToken } = await import('../apinizer/client.js');
  const timeoutMs = flags.timeout;
  const credentials = readCredentials(flags, env);
  const fetchFromCredentials =
    credentials === undefined ? undefined : () => fetchToken({ url, clientId: credentials.username, clientSecret: credentials.password, timeoutMs });
  const token = fetchFromCredentials === undefined ? readToken(flags, env) : await fetchFromCredentials();
  return createApinizerClient({
    url,
    token,
    // Only a token obtained from credentials can be fetched again when it expires.
    ...(fetchFromCredentials === undefined ? {} : { renewToken: fetchFromCredentials }),
    timeoutMs,
    retries: flags.retries,
    retryBaseDelayMs: flags.retryDelay,
    maxSockets: flags.parallelism,
    onRetry: (event: RetryEvent) =>
      output.verbose(`retry: ${event.method} ${event.path} attempt ${event.attempt} in ${event.waitMs} ms (${event.reason})`),
    onRequest: (event) =>
      output.debug(`http: ${event.method} ${event.path} → ${event.status ?? 'no reply'} in ${Math.round(event.durationMs)} ms`),
  });
}

/** Username and password, when they are to be used: a token, if given, wins. */
function readCredentials(flags: ConnectionFlags, env: NodeJS.ProcessEnv): { username: string; password: Secret<string> } | undefined {
  if (flags.token ?? env.APINIZER_TOKEN) return undefined;
  const username = env.APINIZER_USERNAME;
  const password = env.APINIZER_PASSWORD;
  return username && password ? { username, password: new Secret(password) } : undefined;
}

function readToken(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Secret<string> {
  const token = flags.token ?? env.APINIZER_TOKEN;
  if (token) return new Secret(token);
  const username = env.APINIZER_USERNAME;
  throw new AppError({
    code: 'missing_connection',
    fault: 'user',
    message: username ? 'APINIZER_USERNAME is set but APINIZER_PASSWORD is not.' : 'No Manager credentials are set.',
    hint: 'Set APINIZER_TOKEN to a personal API access token, or APINIZER_USERNAME and APINIZER_PASSWORD.',
  });
}
