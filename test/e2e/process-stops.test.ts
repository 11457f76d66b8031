/**
 * End to end: how the process stops when its output goes away or it is told to stop
 * outside the apply itself. A stdout closed mid-apply (`apply | head`) stops it as the first
 * SIGINT does, reports on stderr and exits 141; a stdout that cannot be written (/dev/full)
 * is one `Error:` line; Ctrl+C and Ctrl+D at the prompt change nothing (130 and 1); a
 * signal while plan or apply still reads the Manager says that nothing was changed and
 * exits 130, SIGINT or SIGTERM. Runs the built CLI (`npm run build` first).
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { toBase64 } from '../support/e2e.js';
import { CLI_PATH, type CliRun } from '../support/run-cli.js';
import { desiredFile, wantKey } from '../support/scenario.js';
import { openWorld, type World } from '../support/world.js';

const KEYS = 40;
const keyName = (i: number) => `k${String(i).padStart(3, '0')}`;
const YAML = desiredFile({
  bulk: {
    keys: Object.fromEntries(
      Array.from({ length: KEYS }, (_, i) => [
        keyName(i),
        wantKey(undefined, { production: { base64: toBase64(`TEST ONLY: bulk/${keyName(i)}`) } }),
      ]),
    ),
  },
});

/** A world whose Manager holds project bulk with no keys; the file asks for {@link KEYS} of them. */
const open = (latencyMs: number): Promise<World> =>
  openWorld({
    seed: { projects: [{ name: 'bulk', environments: [{ name: 'production' }] }] },
    faults: { latencyMs },
    files: { 'apinizer-keys.yaml': YAML },
  });

/** The environment a world gives its runs (the world does not hand its own out). */
const envOf = (world: World) => ({
  PATH: process.env.PATH,
  APINIZER_URL: world.sandbox.url,
  APINIZER_TOKEN: world.sandbox.token,
  APINIZER_KEYS_STILL_WORKING_MS: '0',
});

const posts = (world: World) => world.sandbox.requests().filter((request) => request.method === 'POST').length;

/** Runs the CLI in the world with its stdout on `path` (e.g. /dev/full). */
async function runWithStdoutOn(world: World, path: string, args: readonly string[]): Promise<CliRun> {
  const fd = openSync(path, 'w');
  try {
    const child = spawn(process.execPath, [CLI_PATH, ...args, '--no-color'], {
      cwd: world.dir,
      env: envOf(world),
      stdio: ['ignore', fd, 'pipe'],
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return await new Promise<CliRun>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr }));
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `apply` on a real terminal (`script`), waits for its prompt, then types `keys`, as a
 * person would: typed before the prompt, Ctrl+C would be the terminal's SIGINT, not a key.
 */
async function answerPromptWith(world: World, keys: string): Promise<CliRun> {
  const command = [process.execPath, CLI_PATH, 'apply', '--no-color'].map((word) => JSON.stringify(word)).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: world.dir, env: envOf(world), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let typed = false;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!typed && stdout.includes('Enter a value:')) {
      typed = true;
      child.stdin.write(keys);
    }
  });
  return new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

describe('a stdout closed by its reader', () => {
  it('mid-apply: finishes the operations in flight, starts no new one, reports on stderr and exits 141; plan shows the rest', async () => {
    const world = await open(100);
    const apply = world.spawn(['apply', '--auto-approve', '--parallelism', '2']);
    await apply.waitForStdout(/: creating\.\.\./);
    apply.child.stdout.destroy();
    const run = await apply.done;

    expect(run.code).toBe(141);
    expect(run.stderr).toContain(
      'stdout was closed by its reader: finishing the operations in flight, starting no new ones; the rest of the output goes to stderr.',
    );
    const summary = /Apply interrupted: (\d+) created, 0 updated, 0 deleted; 0 partial, 0 failed, (\d+) not run\./.exec(run.stderr);
    expect(summary).not.toBeNull();
    const created = Number(summary![1]);
    expect(created + Number(summary![2])).toBe(KEYS);
    expect(created).toBeLessThan(KEYS / 2);
    // Everything that was sent finished and is counted; nothing more was sent.
    expect(posts(world)).toBe(created);
    expect(world.keyNames('bulk')).toHaveLength(created);
    expect(run.stderr).toContain('Run plan to see what remains; apply again converges.');
    expect(run.stderr).toContain('Read back: skipped (interrupted).');

    const plan = await world.cli(['plan']);
    expect(plan.stdout).toContain(`Plan: ${KEYS - created} to create, 0 to update, 0 to delete.`);
  });

  it('plan: exits 141, quietly, whatever the plan would have exited with: its reader never saw it', async () => {
    const world = await open(50);
    const plan = world.spawn(['plan', '--detailed-exitcode']);
    plan.child.stdout.destroy();
    const run = await plan.done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(141);
  });
});

describe.each(existsSync('/dev/full') ? ['/dev/full'] : [])('a stdout that cannot be written (%s)', (full) => {
  it('apply: one Error line, nothing changed, exit 1', async () => {
    const world = await open(20);
    const run = await runWithStdoutOn(world, full, ['apply', '--auto-approve']);
    expect(run.stderr).toBe(
      'Error: Cannot write to stdout: no space left on the device (ENOSPC). Stopped before any change; nothing was changed.' +
        ' Free space on that device, or send the output elsewhere.\n',
    );
    expect(run.code).toBe(1);
    expect(world.mutationsSince()).toEqual([]);
  });

  it('plan: one Error line, exit 1', async () => {
    const world = await open(0);
    const run = await runWithStdoutOn(world, full, ['plan']);
    expect(run.stderr).toBe(
      'Error: Cannot write to stdout: no space left on the device (ENOSPC). Free space on that device, or send the output elsewhere.\n',
    );
    expect(run.code).toBe(1);
  });
});

describe("apply's prompt, on a terminal", () => {
  it('Ctrl+C is an interruption: nothing changed, exit 130, no internal error', async () => {
    const world = await open(0);
    const run = await answerPromptWith(world, '\x03');
    expect(run.stdout).toContain('Interrupted with Ctrl+C at the prompt. Nothing was changed.');
    expect(run.stdout).not.toContain('Unexpected internal error');
    expect(run.code).toBe(130);
    expect(world.mutationsSince()).toEqual([]);
  });

  it('Ctrl+D is no answer: not approved, nothing changed, exit 1 as for "no"', async () => {
    const world = await open(0);
    const run = await answerPromptWith(world, '\x04');
    expect(run.stdout).toContain('Apply cancelled at the prompt. Nothing was changed.');
    expect(run.stdout).not.toContain('Unexpected internal error');
    expect(run.code).toBe(1);
    expect(world.mutationsSince()).toEqual([]);
  });
});

describe('a signal while plan or apply still reads the Manager', () => {
  it.each([
    ['plan', 'SIGINT', 'SIGINT: interrupted; nothing was changed.'],
    ['plan', 'SIGTERM', 'SIGTERM: interrupted; nothing was changed.'],
    ['apply', 'SIGINT', 'SIGINT: interrupted before any change; nothing was changed.'],
    ['apply', 'SIGTERM', 'SIGTERM: interrupted before any change; nothing was changed.'],
  ] as const)('%s, %s: says so in one line and exits 130', async (command, signal, line) => {
    const world = await open(5_000);
    const run = world.spawn(command === 'apply' ? ['apply', '--auto-approve'] : ['plan']);
    await waitFor(() => world.sandbox.requests().length > 0, 'the first read');
    run.child.kill(signal);
    const done = await run.done;
    expect(done.stderr).toBe(`\n${line}\n`);
    expect(done.code).toBe(130);
    expect(world.mutationsSince()).toEqual([]);
  });
});
