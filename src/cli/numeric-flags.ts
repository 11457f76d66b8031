import { InvalidArgumentError } from 'commander';

/**
 * Bounds of the numeric flags, inclusive. Every numeric flag has both ends: an unbounded
 * value is either meaningless (a port above 65535) or silently turned into something else
 * downstream (got takes a timeout above 2^31−1 ms as 1 ms, so every request would time out).
 */
export interface FlagRange {
  readonly min: number;
  readonly max: number;
}

/** The range of every numeric flag, by flag; the help text and README quote them. */
export const FLAG_RANGES = {
  /** Requests in flight: one at least; beyond 64 a Manager only sees a burst, not more throughput. */
  parallelism: { min: 1, max: 64 },
  /** Retries per request: 20 with backoff already spans many minutes. */
  retries: { min: 0, max: 20 },
  /** Base backoff in ms: 0 retries at once (tests), a minute is the longest wait that still looks alive. */
  retryDelay: { min: 0, max: 60_000 },
  /** One attempt in ms: under 100 ms nothing real answers; 10 minutes is far past any sane reply. */
  timeout: { min: 100, max: 600_000 },
  /** Sandbox port: 0 picks a free one. */
  port: { min: 0, max: 65_535 },
  /** Sandbox latency added per request, in ms. */
  latency: { min: 0, max: 60_000 },
  /** Sandbox fault shares (--failure-rate, --rate-limit-rate). */
  rate: { min: 0, max: 1 },
  /**
   * `plan --max-length`, in characters: the Markdown renderer's least (room for the heading,
   * summary and warnings) up to GitLab's note limit, the largest of the hosts it is made for.
   */
  markdownLength: { min: 2_000, max: 1_000_000 },
} as const satisfies Record<string, FlagRange>;

/** `min-max`, as the help text shows a range. */
export function describeRange(range: FlagRange): string {
  return `${range.min}-${range.max}`;
}

// Plain decimal only: Number() would also take '0x10', '1e3', ' 5' and '' (as 0).
const INTEGER = /^[0-9]+$/;
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

/**
 * A commander `argParser` for a whole-number flag within `range`. Commander turns the
 * thrown InvalidArgumentError into a usage error naming the flag and the value.
 */
export function parseIntegerFlag(range: FlagRange): (value: string) => number {
  return (value) => {
    const parsed = INTEGER.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= range.min && parsed <= range.max)) {
      throw new InvalidArgumentError(`Expected a whole number from ${range.min} to ${range.max}.`);
    }
    return parsed;
  };
}

/** A commander `argParser` for a decimal flag (e.g. `0.25`) within `range`. */
export function parseDecimalFlag(range: FlagRange): (value: string) => number {
  return (value) => {
    const parsed = DECIMAL.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= range.min && parsed <= range.max)) {
      throw new InvalidArgumentError(`Expected a decimal number from ${range.min} to ${range.max}.`);
    }
    return parsed;
  };
}
