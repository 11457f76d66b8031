import { AppError } from '../common/app-error.js';
import type { Secret } from '../common/secret.js';
import type { TrafficListeners } from './events.js';
import type { ExportLimits } from './export-limits.js';
import { DEFAULT_MAX_JSON_REPLY_BYTES } from './reply-size-limit.js';

/** How to reach and talk to the Manager. */
export interface ClientOptions extends TrafficListeners {
  /** Manager URL, with or without a trailing `/apiops` or slash; `http:` or `https:`. */
  readonly url: string;
  /** Personal API access token, or one obtained from credentials (then give `renewToken`). */
  readonly token: Secret<string>;
  /**
   * Obtains a new token when the Manager says the current one expired (`401 Token was
   * expired!`): given only for tokens fetched with a username and password. Without it an
   * expired token is an error that says so.
   */
  readonly renewToken?: () => Promise<Secret<string>>;
  /** Per attempt; default 30000. */
  readonly timeoutMs?: number;
  /** Retry limit for GET, PUT and DELETE (POST is never retried); default 4. */
  readonly retries?: number;
  /** Base of the exponential backoff; default 500. */
  readonly retryBaseDelayMs?: number;
  /** Cap on any wait, including one the Manager asks for (Retry-After, `retry_after`); default 60000. */
  readonly maxRetryAfterMs?: number;
  /** Keep-alive sockets per agent; default 10. */
  readonly maxSockets?: number;
  /**
   * Proxy for requests to the Manager, `http://[user:password@]host:port` (or `https://`);
   * `''` connects directly. Default: from the environment — `HTTPS_PROXY` for an https
   * Manager, `HTTP_PROXY` for an http one, `ALL_PROXY` for either (lower or upper case),
   * unless `NO_PROXY` lists the Manager's host.
   */
  readonly proxy?: string;
  /**
   * Bytes one JSON reply (list, write, token, error) may have as received; a larger one is
   * refused while it arrives. Default {@link DEFAULT_MAX_JSON_REPLY_BYTES}.
   */
  readonly maxJsonReplyBytes?: number;
  /** Bounds on Export Key File replies; default {@link DEFAULT_EXPORT_LIMITS}. */
  readonly exportLimits?: Partial<ExportLimits>;
}

/** Numeric settings with defaults applied. */
export interface ResolvedLimits {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryBaseDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly maxSockets: number;
  readonly maxJsonReplyBytes: number;
}

/** Applies defaults and rejects values got would choke on with an obscure message. */
export function resolveLimits(options: Omit<ClientOptions, 'url' | 'token' | 'renewToken' | 'proxy' | 'exportLimits'>): ResolvedLimits {
  return {
    timeoutMs: check('timeoutMs', options.timeoutMs ?? 30_000, 1),
    retries: check('retries', options.retries ?? 4, 0),
    retryBaseDelayMs: check('retryBaseDelayMs', options.retryBaseDelayMs ?? 500, 0),
    maxRetryAfterMs: check('maxRetryAfterMs', options.maxRetryAfterMs ?? 60_000, 0),
    maxSockets: check('maxSockets', options.maxSockets ?? 10, 1),
    maxJsonReplyBytes: check('maxJsonReplyBytes', options.maxJsonReplyBytes ?? DEFAULT_MAX_JSON_REPLY_BYTES, 1),
  };
}

function check(name: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `${name} must be a whole number of at least ${minimum}, got ${value}.`,
    });
  }
  return value;
}
