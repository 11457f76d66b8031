/**
 * End to end: interrupting an apply. SIGINT stops starting operations, lets the
 * ones in flight finish, reports what was and was not done and exits 130; plan then shows
 * exactly the rest and apply converges. SIGKILL: a re-run converges, nothing lost or doubled.
 */
import { describe, expect, it } from '@jest/globals';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { toBase64 } from '../support/e2e.js';
import type { CliProcess, CliRun } from '../support/run-cli.js';
import { desiredFile, wantKey } from '../support/scenario.js';
import { openWorld, type World } from '../support/world.js';
import {
  countCommittedCreates,
  listDuplicateCreateAttempts,
  listKeysCreatedTwice,
  startRecordingProxy,
  waitForQuietSandbox,
  type RecordingProxy,
} from './reliability-support.js';

const KEYS = 100;
const materialOf = (key: string) => toBase64(`TEST ONLY: bulk/${key} material`);
const keyName = (i: number) => `k${String(i).padStart(3, '0')}`;

const YAML = desiredFile({
  bulk: {
    keys: Object.fromEntries(
      Array.from({ length: KEYS }, (_, i) => [keyName(i), wantKey(undefined, { production: { base64: materialOf(keyName(i)) } })]),
    ),
  },
});

let world: World;
let sandbox: SandboxHandle;
let proxy: RecordingProxy;

/** Opens this test's world: 50 ms latency, and the CLI talking to the sandbox through a recording proxy. */
async function start(): Promise<void> {
  world = await openWorld({
    seed: { projects: [{ name: 'bulk', environments: [{ name: 'production' }] }] },
    faults: { latencyMs: 50 },
    files: { 'apinizer-keys.yaml': YAML },
  });
  sandbox = world.sandbox;
  proxy = await startRecordingProxy(sandbox.url);
  world.defer(() => proxy.close());
  world.pointAt(proxy.url);
}

const cli = (args: readonly string[]): Promise<CliRun> => world.cli(args);
/** The apply that the tests interrupt: two at a time, so that it is still running when the signal comes. */
const spawnApply = (): CliProcess => world.spawn(['apply', '--auto-approve', '--parallelism', '2']);
const liveKeys = () => world.project('bulk').keys;

/** Live state equals desired: every key once, with its material. */
function expectAllKeys(): void {
  const keys = liveKeys();
  expect(keys.map((k) => k.name).sort()).toEqual(Array.from({ length: KEYS }, (_, i) => keyName(i)));
  for (const key of keys) expect(key.environments.map((e) => e.content)).toEqual([materialOf(key.name)]);
}

/**
 * Someone runs apply again against a fast Manager: it creates exactly what is missing, plan
 * then shows no changes, and no key was created (or attempted) twice over both runs.
 */
async function expectReRunConverges(): Promise<void> {
  const missing = KEYS - liveKeys().length;
  sandbox.setFaults({ latencyMs: 0 });
  const again = await cli(['apply', '--auto-approve']);
  expect(again.stderr).toBe('');
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(`Apply complete: ${missing} created, 0 updated, 0 deleted.`);
  const final = await cli(['plan', '--detailed-exitcode']);
  expect(final.code).toBe(0);
  expectAllKeys();
  expect(listKeysCreatedTwice(proxy.calls())).toEqual([]);
  expect(listDuplicateCreateAttempts(proxy.calls())).toEqual([]);
}

describe('SIGINT mid-apply', () => {
  it('finishes the operations in flight, starts no new one, reports done and not done, exits 130; plan shows exactly the rest; apply converges', async () => {
    await start();
    const apply = spawnApply();
    await apply.waitForStdout(/: creating\.\.\./);
    apply.child.kill('SIGINT');
    const postsAtSignal = sandbox.requests().filter((r) => r.method === 'POST').length;
    const run = await apply.done;

    expect(run.code).toBe(130);
    expect(run.stderr).toContain('SIGINT: finishing the operations in flight, starting no new ones');
    const summary = /Apply interrupted: (\d+) created, 0 updated, 0 deleted; 0 partial, 0 failed, (\d+) not run\./.exec(run.stdout);
    expect(summary).not.toBeNull();
    const created = Number(summary![1]);
    const notRun = Number(summary![2]);
    expect(created + notRun).toBe(KEYS);
    expect(created).toBeGreaterThan(0);

    // Every operation that started finished, and it is what the Manager holds.
    const started = [...run.stdout.matchAll(/^bulk\/(k\d+): creating\.\.\./gm)].map((m) => m[1]!);
    const finished = [...run.stdout.matchAll(/^bulk\/(k\d+): created after/gm)].map((m) => m[1]!);
    expect(finished.sort()).toEqual(started.sort());
    expect(
      liveKeys()
        .map((k) => k.name)
        .sort(),
    ).toEqual(started.sort());
    expect(started).toHaveLength(created);
    // No new operation started after the signal: at most the two slots in flight had yet to send.
    const posts = sandbox.requests().filter((r) => r.method === 'POST').length;
    expect(posts).toBe(created);
    expect(posts).toBeLessThanOrEqual(postsAtSignal + 2);
    expect(created).toBeLessThan(KEYS / 2);
    // What was not done is listed, and the way on is named.
    expect(run.stdout.match(/: skipped: interrupted before it started/g)).toHaveLength(notRun);
    expect(run.stdout).toContain('Run plan to see what remains; apply again converges.');

    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`Plan: ${KEYS - created} to create, 0 to update, 0 to delete.`);
    for (const name of started) expect(plan.stdout).not.toContain(`+ key bulk/${name}\n`);

    expect(liveKeys()).toHaveLength(created);
    await expectReRunConverges();
  });

  it('a second SIGINT stops at once, and a re-run still converges', async () => {
    await start();
    const apply = spawnApply();
    await apply.waitForStdout(/: creating\.\.\./);
    apply.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 5));
    apply.child.kill('SIGINT');
    const run = await apply.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('SIGINT again: stopping now. Run plan to see what remains.');
    await waitForQuietSandbox(sandbox);
    await expectReRunConverges();
  });
});

describe('SIGKILL mid-apply', () => {
  it('a re-run converges with nothing lost or created twice', async () => {
    await start();
    const apply = spawnApply();
    await apply.waitForStdout(/: created after[\s\S]*: created after/);
    apply.child.kill('SIGKILL');
    const run = await apply.done;
    expect(run.signal).toBe('SIGKILL');
    // The Manager finishes what reached it; then someone runs apply again.
    await waitForQuietSandbox(sandbox);
    const before = liveKeys().length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(KEYS);

    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`Plan: ${KEYS - before} to create, 0 to update, 0 to delete.`);
    await expectReRunConverges();
    expect(countCommittedCreates(proxy.calls()).size).toBe(KEYS);
  });
});
