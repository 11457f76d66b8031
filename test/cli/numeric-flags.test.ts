import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import { describeRange, FLAG_RANGES, parseDecimalFlag, parseIntegerFlag } from '../../src/cli/numeric-flags.js';
import { MIN_MARKDOWN_LENGTH } from '../../src/core/render/render-plan-markdown.js';

/** The message a parser throws for `value`, or `accepted: N`. */
function outcome(parse: (value: string) => number, value: string): string {
  try {
    return `accepted: ${parse(value)}`;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
}

describe('the ranges of the numeric flags', () => {
  it('are the documented ones', () => {
    expect(Object.fromEntries(Object.entries(FLAG_RANGES).map(([name, range]) => [name, describeRange(range)]))).toEqual({
      parallelism: '1-64',
      retries: '0-20',
      retryDelay: '0-60000',
      timeout: '100-600000',
      port: '0-65535',
      latency: '0-60000',
      rate: '0-1',
      markdownLength: '2000-1000000',
    });
    // The least the Markdown renderer accepts: a smaller --max-length would be a crash, not a usage error.
    expect(FLAG_RANGES.markdownLength.min).toBe(MIN_MARKDOWN_LENGTH);
  });
});

describe('parseIntegerFlag', () => {
  const parse = parseIntegerFlag({ min: 100, max: 600_000 });

  it('accepts plain decimal integers within the range, both ends included', () => {
    expect(['100', '30000', '600000', '0100'].map((value) => outcome(parse, value))).toEqual([
      'accepted: 100',
      'accepted: 30000',
      'accepted: 600000',
      'accepted: 100',
    ]);
  });

  it.each(['99', '600001', '2147483648', '99999999999999999999'])('refuses %s, outside the range, naming the range', (value) => {
    expect(outcome(parse, value)).toBe('Expected a whole number from 100 to 600000.');
  });

  // Number() takes every one of these; none of them is what a user means by a number here.
  it.each(['0x100', '1e3', '500abc', '-1', '', ' 500', '500 ', '500.0', '500.5', 'Infinity', 'NaN', '+500', '5_000'])(
    'refuses %j, which is not a plain decimal integer',
    (value) => {
      expect(outcome(parse, value)).toBe('Expected a whole number from 100 to 600000.');
    },
  );

  it('accepts 0 where the range starts at 0', () => {
    expect(outcome(parseIntegerFlag(FLAG_RANGES.port), '0')).toBe('accepted: 0');
    expect(outcome(parseIntegerFlag(FLAG_RANGES.port), '65536')).toBe('Expected a whole number from 0 to 65535.');
  });
});

describe('parseDecimalFlag', () => {
  const parse = parseDecimalFlag(FLAG_RANGES.rate);

  it('accepts plain decimals from 0 to 1', () => {
    expect(['0', '0.25', '1', '1.0', '0.000001'].map((value) => outcome(parse, value))).toEqual([
      'accepted: 0',
      'accepted: 0.25',
      'accepted: 1',
      'accepted: 1',
      'accepted: 0.000001',
    ]);
  });

  it.each(['1.5', '2', '-0.5', '-0', '.5', '5.', '1e-1', '0x1', '', ' 0.5', '0.5abc', 'NaN', 'Infinity', '0,5'])('refuses %j', (value) => {
    expect(outcome(parse, value)).toBe('Expected a decimal number from 0 to 1.');
  });
});
