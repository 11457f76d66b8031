/** Inputs of one backoff decision, all in milliseconds. */
export interface RetryDelayInput {
  /** 1 for the first retry. */
  readonly attempt: number;
  /** The wait the Manager asked for (Retry-After header or `retry_after` in the body), if any. */
  readonly retryAfterMs?: number;
  readonly baseDelayMs: number;
  /** Upper bound on any wait, asked for or computed. */
  readonly maxDelayMs: number;
  /** [0, 1); injectable so tests can pin the jitter. */
  readonly random?: () => number;
}

/** Statuses worth another try: rate limiting and the transient server/gateway failures. */
export const RETRY_STATUS_CODES: readonly number[] = [429, 500, 502, 503, 504];

/**
 * Methods got may retry. POST is among them only for 429 (see {@link isRetryableAttempt}):
 * a create that failed otherwise may have been committed, but a 429 means the Manager did nothing.
 */
export const RETRY_METHODS = ['GET', 'PUT', 'DELETE', 'POST'] as const;

/** Whether this failed attempt may be retried at all; POST only after a 429. */
export function isRetryableAttempt(method: string, status: number | undefined): boolean {
  return method.toUpperCase() !== 'POST' || status === 429;
}

/**
 * How long to wait before a retry. A wait the Manager asked for is honoured (capped);
 * otherwise exponential backoff with full jitter, so parallel clients do not retry in step.
 * Never 0: got reads a 0 delay as "do not retry".
 */
export function computeRetryDelay(input: RetryDelayInput): number {
  const random = input.random ?? Math.random;
  if (input.retryAfterMs !== undefined && Number.isFinite(input.retryAfterMs) && input.retryAfterMs >= 0) {
    return Math.max(1, Math.min(Math.round(input.retryAfterMs), input.maxDelayMs));
  }
  const ceiling = Math.min(input.maxDelayMs, input.baseDelayMs * 2 ** Math.max(0, input.attempt - 1));
  return Math.max(1, Math.round(random() * ceiling));
}

/** The `retry_after` (seconds) of a 429 body, in milliseconds. */
export function readBodyRetryAfterMs(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)['retry_after'];
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  return seconds * 1000;
}
