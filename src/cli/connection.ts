import { AppError } from '../common/app-error.js';
import { Secret } from '../common/secret.js';
import type { Connection, Credentials } from '../engine/connection.js';
import type { Output } from './output.js';

/** Connection flags of plan, apply and export. */
export interface ConnectionFlags {
  readonly url?: string;
  readonly token?: string;
  readonly timeout?: number;
  readonly retries?: number;
  readonly parallelism: number;
  readonly retryDelay?: number;
}

/**
 * The Manager named by --url or APINIZER_URL, with --token / APINIZER_TOKEN, or the
 * password of APINIZER_USERNAME + APINIZER_PASSWORD to obtain a token. Secrets are wrapped
 * the moment they are read. Connects to nothing.
 */
export function readConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv, output: Output): Connection {
  const url = flags.url ?? env.APINIZER_URL;
  if (!url) {
    throw new AppError({
      code: 'missing_connection',
      fault: 'user',
      message: 'No Manager URL is set.',
      hint: 'Set APINIZER_URL (e.g. https://manager.example.com) or pass --url.',
    });
  }
  return {
    url,
    credentials: readCredentials(flags, env),
    parallelism: flags.parallelism,
    timeoutMs: flags.timeout,
    retries: flags.retries,
    retryBaseDelayMs: flags.retryDelay,
    listeners: {
      onRetry: (event) =>
        output.verbose(`retry: ${event.method} ${event.path} attempt ${event.attempt} in ${event.waitMs} ms (${event.reason})`),
      onRequest: (event) =>
        output.debug(`http: ${event.method} ${event.path} → ${event.status ?? 'no reply'} in ${Math.round(event.durationMs)} ms`),
    },
  };
}

/** A token, if given, wins over a username and password. */
function readCredentials(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Credentials {
  const token = flags.token ?? env.APINIZER_TOKEN;
  if (token) return { kind: 'token', token: new Secret(token) };
  const username = env.APINIZER_USERNAME;
  const password = env.APINIZER_PASSWORD;
  if (username && password) return { kind: 'password', username, password: new Secret(password) };
  throw new AppError({
    code: 'missing_connection',
    fault: 'user',
    message: username ? 'APINIZER_USERNAME is set but APINIZER_PASSWORD is not.' : 'No Manager credentials are set.',
    hint: 'Set APINIZER_TOKEN to a personal API access token, or APINIZER_USERNAME and APINIZER_PASSWORD.',
  });
}
