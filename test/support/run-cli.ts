import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, exactly as users run it (`npm test` builds it first). */
export const CLI_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

/** What one CLI run wrote and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of one CLI run. */
export interface CliRunOptions {
  readonly cwd: string;
  /** Added to a minimal environment (PATH only), so the developer's APINIZER_* never leak in. */
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
  /** Runs this program instead of the CLI (e.g. `script` to give the CLI a terminal). */
  readonly command?: readonly string[];
}

/** Runs `apinizer-keys ...args` in a child process and collects its output. */
export function runCli(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  return spawnCli(args, options).done;
}

/** A CLI run in progress, with a handle to signal it while it runs. */
export interface CliProcess {
  /** The child process (e.g. `child.kill('SIGINT')`). */
  readonly child: ChildProcessWithoutNullStreams;
  /** What it wrote to stdout so far. */
  stdout(): string;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** Resolves once stdout matches `pattern` (rejects if the process ends or `timeoutMs` passes first). */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has ended, with everything it wrote. */
  readonly done: Promise<CliRun>;
}

/** Starts `apinizer-keys ...args` in a child process and returns at once, so a test can signal it. */
export function spawnCli(args: readonly string[], options: CliRunOptions): CliProcess {
  const [program, ...programArgs] = options.command ?? [process.execPath, CLI_PATH, ...args];
  const child = spawn(program!, programArgs, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ended = false;
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of [...listeners]) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      ended = true;
      for (const listener of [...listeners]) listener();
      resolve({ code, signal, stdout, stderr });
    });
  });
  child.stdin.end(options.input ?? '');
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitForStdout: (pattern, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`stdout did not match ${pattern} within ${timeoutMs} ms:\n${stdout}\nstderr:\n${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          if (pattern.test(stdout)) finish();
          else if (ended) finish(new Error(`the CLI ended before stdout matched ${pattern}:\n${stdout}\nstderr:\n${stderr}`));
        };
        function finish(error?: Error): void {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(check);
        check();
      }),
  };
}
