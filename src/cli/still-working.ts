import { AppError } from '../common/app-error.js';

/** Default quiet time before a "still working" line: as Terraform's "Still creating... [10s elapsed]". */
export const DEFAULT_STILL_WORKING_MS = 10_000;

/** The variable that sets the interval in milliseconds (`0` turns the lines off). */
export const STILL_WORKING_ENV = 'APINIZER_KEYS_STILL_WORKING_MS';

/** A running "still working" ticker. */
export interface StillWorking {
  /** Something was printed: the next line comes one interval after this. */
  touch(): void;
  /** Stops the lines (before a prompt, and when the command ends). */
  pause(): void;
  /** Starts them again after a pause, one interval from now. */
  resume(): void;
  stop(): void;
}

/**
 * The interval {@link STILL_WORKING_ENV} sets: plain decimal milliseconds, `0` for off,
 * {@link DEFAULT_STILL_WORKING_MS} when unset or empty. Anything else is a usage error.
 */
export function readStillWorkingInterval(env: NodeJS.ProcessEnv): number {
  const value = env[STILL_WORKING_ENV];
  if (value === undefined || value === '') return DEFAULT_STILL_WORKING_MS;
  if (!/^[0-9]{1,7}$/.test(value)) {
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `${STILL_WORKING_ENV} must be a whole number of milliseconds from 0 to 9999999 (0 turns the lines off), not "${value.slice(0, 40)}".`,
    });
  }
  return Number(value);
}

/**
 * Writes `Still working: 20 s elapsed (what)` whenever nothing was printed for `intervalMs`,
 * so a CI log shows the job is alive while it waits on a slow Manager. The lines go where
 * they are written to (stderr: never into a JSON or Markdown document on stdout), also when
 * it is not a terminal, since CI logs are not terminals and are where a silent job worries
 * people most. The timer is unref'd: it never keeps the process alive.
 */
export function startStillWorking(write: (line: string) => void, intervalMs: number, what: string, now = Date.now): StillWorking {
  const started = now();
  let timer: NodeJS.Timeout | undefined;
  let running = intervalMs > 0;
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = running ? setTimeout(tick, intervalMs).unref() : undefined;
  };
  function tick(): void {
    write(`Still working: ${formatElapsed(now() - started)} elapsed (${what})`);
    arm();
  }
  arm();
  return {
    touch: arm,
    pause() {
      running = false;
      arm();
    },
    resume() {
      running = intervalMs > 0;
      arm();
    },
    stop() {
      running = false;
      arm();
    },
  };
}

/** `12 s`, or `0.3 s` under ten seconds (short intervals are for tests and impatient users). */
export function formatElapsed(ms: number): string {
  return ms < 10_000 ? `${(Math.round(ms / 100) / 10).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * The output with a {@link StillWorking} ticker on its stderr: every line written through
 * it counts as a sign of life. The caller stops the ticker when the command ends.
 */
export function watchOutput<T extends { progress: (line: string) => void; note: (line: string) => void; result: (text: string) => void }>(
  output: T,
  env: NodeJS.ProcessEnv,
  what: string,
): { readonly output: T; readonly ticker: StillWorking } {
  const ticker = startStillWorking(output.note, readStillWorkingInterval(env), what);
  const touching =
    (write: (line: string) => void) =>
    (line: string): void => {
      write(line);
      ticker.touch();
    };
  return {
    output: { ...output, progress: touching(output.progress), note: touching(output.note), result: touching(output.result) },
    ticker,
  };
}

/** Runs `work` with a watched output ({@link watchOutput}), and stops the ticker when it ends, however it ends. */
export async function runWatched<T, O extends Parameters<typeof watchOutput>[0]>(
  output: O,
  env: NodeJS.ProcessEnv,
  what: string,
  work: (watched: O, ticker: StillWorking) => Promise<T>,
): Promise<T> {
  const { output: watched, ticker } = watchOutput(output, env, what);
  try {
    return await work(watched, ticker);
  } finally {
    ticker.stop();
  }
}
