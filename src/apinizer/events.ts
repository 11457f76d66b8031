import type { RecordedExchange } from '../core/model/recording.js';

/** One retry of a request, reported before the next attempt is sent. */
export interface RetryEvent {
  readonly method: string;
  /** URL path (encoded), never the query or the token. */
  readonly path: string;
  /** The attempt that failed: 1 for the first try. */
  readonly attempt: number;
  /** How long the client waited before this retry. */
  readonly waitMs: number;
  /** Why: `HTTP 503`, `ECONNRESET`, … */
  readonly reason: string;
}

/** One HTTP exchange (every attempt, retries included). */
export interface RequestEvent {
  readonly method: string;
  /** URL path (encoded), never the query or the token. */
  readonly path: string;
  /** Absent when no reply arrived (network error, timeout). */
  readonly status?: number;
  readonly durationMs: number;
}

/** Observers of the client's traffic, e.g. for `--debug` logs. */
export interface TrafficListeners {
  readonly onRetry?: (event: RetryEvent) => void;
  readonly onRequest?: (event: RequestEvent) => void;
  /**
   * Every attempt with its request and reply, redacted (no token, credentials or material):
   * for `doctor`, which reads the API generation from the replies and may record them.
   */
  readonly onExchange?: (exchange: RecordedExchange) => void;
}

/** Calls an observer; an observer that throws must not change the outcome of the request. */
export function notify<T>(listener: ((event: T) => void) | undefined, event: T): void {
  if (listener === undefined) return;
  try {
    listener(event);
  } catch {
    // Deliberately ignored: see above.
  }
}
