import { spawn } from 'node:child_process';
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
  return new Promise((resolve, reject) => {
    const [program, ...programArgs] = options.command ?? [process.execPath, CLI_PATH, ...args];
    const child = spawn(program!, programArgs, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
