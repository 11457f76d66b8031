/**
 * End to end: a flaky Manager. A 200-operation apply through 20% 500s and 10% 429s
 * converges with live state equal to desired and no key created twice; creates that the
 * Manager saved but answered 500 are confirmed by reading back; a Manager slower than
 * --timeout is one clear error line.
 */
import { describe, expect, it } from '@jest/globals';
import type { SandboxSeed, SnapshotProject } from '../../src/sandbox/index.js';
import { listMutations, toBase64 } from '../support/e2e.js';
import type { CliRun } from '../support/run-cli.js';
import { openWorld, type WorldOptions } from '../support/world.js';
import {
  countCommittedCreates,
  expectOneErrorLine,
  listDuplicateCreateAttempts,
  listKeysCreatedTwice,
  startRecordingProxy,
} from './reliability-support.js';

/** A world on `seed` and `yaml` whose CLI talks to the sandbox through a recording proxy. */
async function startWorld(seed: SandboxSeed, yaml: string, options: Pick<WorldOptions, 'faults' | 'randomSeed'> = {}) {
  // 2026-01: its 500 text says when a change was saved before the failure, which lets the
  // recording proxy count committed creates; the current generation's text does not.
  const world = await openWorld({ seed, api: '2026-01', files: { 'apinizer-keys.yaml': yaml }, ...options });
  const proxy = await startRecordingProxy(world.sandbox.url);
  world.defer(() => proxy.close());
  world.pointAt(proxy.url);
  return { sandbox: world.sandbox, proxy, dir: world.dir, cli: (args: readonly string[]): Promise<CliRun> => world.cli(args) };
}

const PROJECTS = ['alpha', 'beta'] as const;
const CREATES = 70;
const UPDATES = 15;
const DELETES = 15;

const materialOf = (project: string, key: string) => toBase64(`TEST ONLY: ${project}/${key} material`);
const OLD = toBase64('TEST ONLY: old material');

/** Each project: UPDATES keys whose description changes and DELETES keys marked absent. */
function mixedSeed(): SandboxSeed {
  return {
    projects: PROJECTS.map((name) => ({
      name,
      environments: [{ name: 'production' }, { name: 'staging' }],
      keys: [
        ...Array.from({ length: UPDATES }, (_, i) => ({
          name: `u${i}`,
          keyType: 'SECRET_KEY',
          description: 'old',
          environments: [{ name: 'production', content: materialOf(name, `u${i}`) }],
        })),
        ...Array.from({ length: DELETES }, (_, i) => ({
          name: `d${i}`,
          keyType: 'SECRET_KEY',
          environments: [{ name: 'production', content: OLD }],
        })),
      ],
    })),
  };
}

/** Per project: CREATES creates (two environments), UPDATES description updates, DELETES deletes. */
function mixedYaml(): string {
  const out = ['version: 1', 'projects:'];
  for (const project of PROJECTS) {
    out.push(`  ${project}:`, '    keys:');
    for (let i = 0; i < CREATES; i++) {
      const m = materialOf(project, `c${i}`);
      out.push(
        `      c${i}: { type: SECRET_KEY, algorithm: AES, description: "created ${i}", environments: { production: { content: { base64: "${m}" } }, staging: { alias: "s${i}", content: { base64: "${m}" } } } }`,
      );
    }
    for (let i = 0; i < UPDATES; i++) {
      out.push(
        `      u${i}: { type: SECRET_KEY, algorithm: AES, description: "new", environments: { production: { content: { base64: "${materialOf(project, `u${i}`)}" } } } }`,
      );
    }
    for (let i = 0; i < DELETES; i++) out.push(`      d${i}: { state: absent }`);
  }
  return `${out.join('\n')}\n`;
}

/** Live state equals the desired state of {@link mixedYaml}, material included. */
function expectConverged(project: SnapshotProject): void {
  const keys = new Map(project.keys.map((key) => [key.name, key]));
  expect(project.keys).toHaveLength(CREATES + UPDATES);
  for (let i = 0; i < CREATES; i++) {
    const key = keys.get(`c${i}`);
    expect(key).toMatchObject({ keyType: 'SECRET_KEY', description: `created ${i}` });
    expect(key!.environments.map((e) => [e.environmentName, e.content, e.alias]).sort()).toEqual([
      ['production', materialOf(project.name, `c${i}`), null],
      ['staging', materialOf(project.name, `c${i}`), `s${i}`],
    ]);
  }
  for (let i = 0; i < UPDATES; i++) expect(keys.get(`u${i}`)?.description).toBe('new');
  for (let i = 0; i < DELETES; i++) expect(keys.has(`d${i}`)).toBe(false);
}

/** `N created, N updated, N deleted` of an apply's summary line. */
function summaryCounts(run: CliRun): [number, number, number] {
  const match = /Apply (?:complete|failed): (\d+) created, (\d+) updated, (\d+) deleted/.exec(run.stdout);
  if (!match) throw new Error(`no apply summary in:\n${run.stdout}\n${run.stderr}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

describe('a flaky Manager: 20% 500s and 10% 429s', () => {
  it('a 200-operation apply converges, counts only confirmed work, retries visibly, and creates no key twice', async () => {
    const { sandbox, proxy, cli } = await startWorld(mixedSeed(), mixedYaml(), {
      randomSeed: 20240601,
      faults: { failureRate: 0.2, rateLimitRate: 0.1, retryAfterSeconds: 0 },
    });

    const runs: CliRun[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const run = await cli(['apply', '--auto-approve', '--retries', '8', '--parallelism', '50', ...(attempt === 0 ? ['-v'] : [])]);
      runs.push(run);
      expect([0, 1]).toContain(run.code);
      if (run.code === 0) break;
      // A run that did not converge says so, and names each failure with the Manager's reason.
      expect(run.stdout).toContain('Apply failed:');
      expect(run.stdout).toContain('Run plan to see what remains; apply again converges.');
      for (const line of run.stdout.split('\n').filter((l) => l.includes('FAILED'))) {
        expect(line).toMatch(/rate limiting requests|failed \(HTTP 5\d\d/);
      }
    }
    expect(runs.at(-1)?.code).toBe(0);
    expect(runs.at(-1)?.stdout).toContain('Apply complete:');

    // Every retry is visible with -v: method, path, attempt, wait and reason.
    expect(runs[0]!.stderr).toMatch(/retry: (GET|PUT|DELETE) \/apiops\/\S+ attempt \d+ in \d+ ms \(HTTP 500\)/);
    expect(runs[0]!.stderr).toMatch(/retry: (GET|PUT|DELETE) \/apiops\/\S+ attempt \d+ in \d+ ms \(HTTP 429\)/);

    // Summaries count only what the Manager confirmed: over all runs, each change exactly once.
    const totals = runs.map(summaryCounts).reduce((a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
    expect(totals).toEqual([CREATES * 2, UPDATES * 2, DELETES * 2]);

    // No key created twice: per key, one create carried out, and never one refused as existing.
    expect(listKeysCreatedTwice(proxy.calls())).toEqual([]);
    expect(listDuplicateCreateAttempts(proxy.calls())).toEqual([]);
    const committed = countCommittedCreates(proxy.calls());
    expect(committed.size).toBe(CREATES * 2);
    // The faults really happened, on creates too.
    const log = sandbox.requests();
    expect(log.filter((r) => r.status === 500).length).toBeGreaterThan(20);
    expect(log.filter((r) => r.status === 429).length).toBeGreaterThan(10);
    expect(log.some((r) => r.method === 'POST' && r.status === 500)).toBe(true);

    for (const project of sandbox.snapshot().projects) expectConverged(project);
    sandbox.setFaults({ failureRate: 0, rateLimitRate: 0 });
    const plan = await cli(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('creates the Manager saved but answered 500 are confirmed by reading back: no duplicate, no error', async () => {
    const { sandbox, proxy, cli } = await startWorld(mixedSeed(), mixedYaml(), {
      randomSeed: 7,
      faults: { commitThenFailRate: 0.5, retryAfterSeconds: 0, faultMethods: ['POST'] },
    });
    const run = await cli(['apply', '--auto-approve', '--target', 'alpha']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Apply complete: ${CREATES} created, ${UPDATES} updated, ${DELETES} deleted.`);
    expect(run.stdout).toContain('created (confirmed by reading it back)');
    expect(run.stdout).not.toContain('FAILED');

    const log = sandbox.requests();
    const savedThenFailed = log.filter((r) => r.method === 'POST' && r.status === 500).length;
    expect(savedThenFailed).toBeGreaterThan(10);
    expect(listKeysCreatedTwice(proxy.calls())).toEqual([]);
    expect(listDuplicateCreateAttempts(proxy.calls())).toEqual([]);
    expect(countCommittedCreates(proxy.calls()).size).toBe(CREATES);
    // Exactly one create request per key: none re-sent after it was saved.
    expect(log.filter((r) => r.method === 'POST').length).toBe(CREATES);

    expectConverged(sandbox.snapshot().projects.find((p) => p.name === 'alpha')!);
    sandbox.setFaults({ commitThenFailRate: 0 });
    const plan = await cli(['plan', '--detailed-exitcode', '--target', 'alpha']);
    expect(plan.code).toBe(0);
  });

  it('a delete the Manager saved but answered 500 is retried, and the retry finding the key gone is success (already absent)', async () => {
    // Every delete is carried out and then answered 500: each is retried once and meets "not found".
    const { sandbox, cli } = await startWorld(mixedSeed(), mixedYaml(), {
      faults: { commitThenFailRate: 1, retryAfterSeconds: 0, faultMethods: ['DELETE'] },
    });
    const run = await cli(['apply', '--auto-approve', '--target', 'beta', '--parallelism', '40']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Apply complete: ${CREATES} created, ${UPDATES} updated, ${DELETES} deleted.`);
    expect(run.stdout.match(/^beta\/d\d+: already absent after/gm)).toHaveLength(DELETES);
    const deletes = sandbox.requests().filter((r) => r.method === 'DELETE');
    expect(deletes.filter((r) => r.status === 500)).toHaveLength(DELETES);
    expect(deletes.filter((r) => r.status === 400)).toHaveLength(DELETES);
    expectConverged(sandbox.snapshot().projects.find((p) => p.name === 'beta')!);
  });
});

describe('a Manager slower than --timeout', () => {
  it('is one clear error line naming the Manager and the timeout, exit 1, no stack trace, nothing changed', async () => {
    const { sandbox, cli } = await startWorld(mixedSeed(), mixedYaml(), { faults: { latencyMs: 600 } });
    const run = await cli(['apply', '--auto-approve', '--timeout', '150', '--retries', '1']);
    const line = expectOneErrorLine(run);
    expect(line).toMatch(/could not reach the Manager at http:\/\/127\.0\.0\.1:\d+\/apiops: no reply within 150 ms/);
    expect(line).toContain('timeout');
    expect(line).toContain('(after 1 retry)');
    expect(listMutations(sandbox)).toEqual([]);
  });
});
