import type { ApinizerClient, RetryEvent } from '../apinizer/client.js';
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
 * Connects to the Manager named by --url or APINIZER_URL, with --token / APINIZER_TOKEN,
 * or a token fetched with APINIZER_USERNAME + APINIZER_PASSWORD. The token is wrapped
 * in a Secret the moment it is read.
 */
export async function connectToManager(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<ApinizerClient> {
  const url = flags.url ?? env.APINIZER_URL;
  if (!url) {
    throw new AppError({
      code: 'missing_connection',
      fault: 'user',
      message: 'No Manager URL is set.',
      hint: 'Set APINIZER_URL (e.g. https://manager.example.com) or pass --url.',
    });
  }
  const { createApinizerClient, fetchToken } = await import('../apinizer/client.js');
  const timeoutMs = flags.timeout;
  const token = await resolveToken(flags, env, async (clientId, clientSecret) =>
    fetchToken({ url, clientId, clientSecret, timeoutMs }),
  );
  return createApinizerClient({
    url,
    token,
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

async function resolveToken(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  fetchToken: (clientId: string, clientSecret: Secret<string>) => Promise<Secret<string>>,
): Promise<Secret<string>> {
  const token = flags.token ?? env.APINIZER_TOKEN;
  if (token) return new Secret(token);
  const username = env.APINIZER_USERNAME;
  const password = env.APINIZER_PASSWORD;
  if (username && password) return fetchToken(username, new Secret(password));
  throw new AppError({
    code: 'missing_connection',
    fault: 'user',
    message: username ? 'APINIZER_USERNAME is set but APINIZER_PASSWORD is not.' : 'No Manager credentials are set.',
    hint: 'Set APINIZER_TOKEN to a personal API access token, or APINIZER_USERNAME and APINIZER_PASSWORD.',
  });
}
