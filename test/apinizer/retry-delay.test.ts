import { describe, expect, it } from '@jest/globals';
import { computeRetryDelay, readBodyRetryAfterMs } from '../../src/apinizer/retry-delay.js';

describe('computeRetryDelay', () => {
  const base = { baseDelayMs: 100, maxDelayMs: 10_000 };

  it('grows exponentially with full jitter', () => {
    expect(computeRetryDelay({ ...base, attempt: 1, random: () => 0.999999 })).toBe(100);
    expect(computeRetryDelay({ ...base, attempt: 3, random: () => 0.999999 })).toBe(400);
    expect(computeRetryDelay({ ...base, attempt: 3, random: () => 0.5 })).toBe(200);
  });

  it('never answers 0, which got would read as "do not retry"', () => {
    expect(computeRetryDelay({ ...base, attempt: 1, random: () => 0 })).toBe(1);
    expect(computeRetryDelay({ ...base, attempt: 1, retryAfterMs: 0 })).toBe(1);
    expect(computeRetryDelay({ attempt: 1, baseDelayMs: 0, maxDelayMs: 0, random: () => 0.5 })).toBe(1);
  });

  it('caps the backoff', () => {
    expect(computeRetryDelay({ ...base, attempt: 30, random: () => 0.999999 })).toBe(10_000);
  });

  it('honours a wait the Manager asked for, capped', () => {
    expect(computeRetryDelay({ ...base, attempt: 1, retryAfterMs: 3000, random: () => 0 })).toBe(3000);
    expect(computeRetryDelay({ ...base, attempt: 1, retryAfterMs: 120_000 })).toBe(10_000);
  });
});

describe('readBodyRetryAfterMs', () => {
  it('reads retry_after seconds from a 429 body', () => {
    expect(readBodyRetryAfterMs({ error: 'rate_limit_exceeded', retry_after: 2 })).toBe(2000);
    expect(readBodyRetryAfterMs({ retry_after: '0.5' })).toBe(500);
    expect(readBodyRetryAfterMs({ retry_after: 0 })).toBe(0);
  });

  it.each([undefined, null, 'text', {}, { retry_after: -1 }, { retry_after: 'soon' }])('ignores %j', (body) => {
    expect(readBodyRetryAfterMs(body)).toBeUndefined();
  });
});
