/** The "still working" ticker: a line after each quiet interval, none while paused, none when off. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { catchAppError } from '../support/catch-app-error.js';
import {
  DEFAULT_STILL_WORKING_MS,
  formatElapsed,
  readStillWorkingInterval,
  startStillWorking,
  STILL_WORKING_ENV,
  watchOutput,
} from '../../src/cli/still-working.js';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

function ticker(intervalMs: number) {
  const lines: string[] = [];
  const clock = { now: 0 };
  const advance = (ms: number) => {
    clock.now += ms;
    jest.advanceTimersByTime(ms);
  };
  const handle = startStillWorking(
    (line) => lines.push(line),
    intervalMs,
    'reading the Manager',
    () => clock.now,
  );
  return { lines, advance, handle };
}

describe('startStillWorking', () => {
  it('writes a line after every quiet interval, with the time since the start', () => {
    const { lines, advance, handle } = ticker(10_000);
    advance(9_999);
    expect(lines).toEqual([]);
    advance(1);
    advance(10_000);
    expect(lines).toEqual(['Still working: 10 s elapsed (reading the Manager)', 'Still working: 20 s elapsed (reading the Manager)']);
    handle.stop();
    advance(60_000);
    expect(lines).toHaveLength(2);
  });

  it('counts the interval from the last sign of life', () => {
    const { lines, advance, handle } = ticker(10_000);
    advance(8_000);
    handle.touch();
    advance(8_000);
    expect(lines).toEqual([]);
    advance(2_000);
    expect(lines).toEqual(['Still working: 18 s elapsed (reading the Manager)']);
    handle.stop();
  });

  it('is silent while paused (at a prompt) and starts again after', () => {
    const { lines, advance, handle } = ticker(1_000);
    handle.pause();
    advance(5_000);
    expect(lines).toEqual([]);
    handle.resume();
    advance(1_000);
    expect(lines).toEqual(['Still working: 6.0 s elapsed (reading the Manager)']);
    handle.stop();
  });

  it('writes nothing at an interval of 0', () => {
    const { lines, advance, handle } = ticker(0);
    advance(100_000);
    handle.resume();
    advance(100_000);
    expect(lines).toEqual([]);
  });
});

describe('watchOutput', () => {
  it('counts every line written through it as a sign of life', () => {
    const written: string[] = [];
    const plain = {
      progress: (l: string) => written.push(`p ${l}`),
      note: (l: string) => written.push(`n ${l}`),
      result: (l: string) => written.push(`r ${l}`),
    };
    const { output, ticker: handle } = watchOutput(plain, { [STILL_WORKING_ENV]: '1000' }, 'x');
    jest.advanceTimersByTime(900);
    output.progress('one');
    jest.advanceTimersByTime(900);
    expect(written).toEqual(['p one']);
    jest.advanceTimersByTime(100);
    expect(written).toHaveLength(2);
    expect(written[1]).toMatch(/^n Still working: [0-9.]+ s elapsed \(x\)$/);
    handle.stop();
  });
});

describe('readStillWorkingInterval', () => {
  it('defaults to ten seconds and reads plain milliseconds', () => {
    expect(readStillWorkingInterval({})).toBe(DEFAULT_STILL_WORKING_MS);
    expect(readStillWorkingInterval({ [STILL_WORKING_ENV]: '' })).toBe(DEFAULT_STILL_WORKING_MS);
    expect(readStillWorkingInterval({ [STILL_WORKING_ENV]: '0' })).toBe(0);
    expect(readStillWorkingInterval({ [STILL_WORKING_ENV]: '250' })).toBe(250);
  });

  it.each(['-1', '1e3', '0x10', ' 5', 'ten', '99999999'])('refuses %j as a usage error naming the variable', (value) => {
    const error = catchAppError(() => readStillWorkingInterval({ [STILL_WORKING_ENV]: value }));
    expect(error.code).toBe('usage');
    expect(error.message).toContain(STILL_WORKING_ENV);
  });
});

describe('formatElapsed', () => {
  it('shows tenths under ten seconds and whole seconds above', () => {
    expect(formatElapsed(300)).toBe('0.3 s');
    expect(formatElapsed(9_940)).toBe('9.9 s');
    expect(formatElapsed(10_000)).toBe('10 s');
    expect(formatElapsed(61_400)).toBe('61 s');
  });
});
