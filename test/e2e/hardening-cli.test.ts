/**
 * End to end: hardening of the CLI found by a hostile review. A saved plan is bound to the
 * Manager it was made against; `apply FILE` reads a bounded amount; every numeric flag of
 * every command is a plain decimal within a documented range; the sandbox takes
 * `--api <generation>` instead of `--legacy`. Runs the built CLI (`npm run build` first).
 * Flag tests need no Manager: commander refuses the value before any command runs.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxHandle, SandboxSeed } from '../../src/sandbox/index.js';
import { listMutations } from '../support/e2e.js';
import type { CliRun } from '../support/run-cli.js';
import { schemaErrors } from '../support/schema-errors.js';
import { shareWorld } from '../support/world.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PUBLIC_KEY_PEM = readFileSync(join(ROOT, 'examples', 'keys', 'jwt-verification.test-key.pub.pem'), 'utf8');

/** Live state of both Managers: one project with an environment and no keys yet. */
const seed: SandboxSeed = { projects: [{ name: 'shop', environments: [{ name: 'production' }], keys: [] }] };

/** Desired state: create shop/verify (a public key: no secret needed for the test). */
const DESIRED_YAML = `version: 1
projects:
  shop:
    keys:
      verify:
        type: PUBLIC_KEY
        description: verifies tokens
        environments:
          production: { content: { file: verify.test-key.pub.pem } }
`;

/** The workdir of every test here; its CLI is told of no Manager unless a run's `env` names one. */
const offline = shareWorld({ connect: false, files: { 'apinizer-keys.yaml': DESIRED_YAML, 'verify.test-key.pub.pem': PUBLIC_KEY_PEM } });

/** Runs exactly `args` (flags are under test: nothing is added) in the shared workdir. */
function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return offline().cli(args, env, { decorate: false });
}

/** The API root as the tool names a sandbox. */
function apiRoot(sandbox: SandboxHandle): string {
  return `${sandbox.url}/apiops`;
}

describe('a saved plan is bound to the Manager it was made against', () => {
  const worldA = shareWorld({ seed });
  const worldB = shareWorld({ seed });
  let managerA: SandboxHandle;
  let managerB: SandboxHandle;

  beforeEach(() => {
    managerA = worldA().sandbox;
    managerB = worldB().sandbox;
  });

  it('records the normalized Manager, refuses another one before sending it anything, and applies to the same one however it is written', async () => {
    const planned = await cli(['plan', '--out', 'bound.json', '--url', `${managerA.url}/`, '--no-color'], {
      APINIZER_TOKEN: managerA.token,
    });
    expect(planned.stderr).toContain('Saved the plan to bound.json');
    expect(planned.code).toBe(0);
    const text = await readFile(join(offline().dir, 'bound.json'), 'utf8');
    const document = JSON.parse(text) as { savedPlan: { manager: string; formatVersion: number } };
    expect(document.savedPlan.manager).toBe(apiRoot(managerA));
    expect(document.savedPlan.formatVersion).toBe(2);

    // The savedPlan def of the schema describes the new field (and requires it).
    expect(schemaErrors('plan', document.savedPlan, 'savedPlan')).toEqual([]);
    const { manager: _manager, ...withoutManager } = document.savedPlan;
    expect(schemaErrors('plan', withoutManager, 'savedPlan')).not.toEqual([]);

    managerA.clearRequests();
    managerB.clearRequests();
    // B named by the environment, and by --url over an environment that names A.
    const [byEnv, byFlag] = await Promise.all([
      cli(['apply', 'bound.json', '--no-color'], { APINIZER_URL: managerB.url, APINIZER_TOKEN: managerB.token }),
      cli(['apply', 'bound.json', '--url', managerB.url, '--no-color'], { APINIZER_URL: managerA.url, APINIZER_TOKEN: managerB.token }),
    ]);
    for (const run of [byEnv, byFlag]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `Error: Saved plan bound.json was made against the Manager ${apiRoot(managerA)}, not ${apiRoot(managerB)}. Nothing was changed. ` +
          `Run plan --out again against ${apiRoot(managerB)}, or point --url / APINIZER_URL at ${apiRoot(managerA)} if that is the Manager you meant.\n`,
      );
      expect(run.stdout).not.toMatch(/creating|Apply complete/);
    }
    // Refused before connecting: B was not even read.
    expect(managerB.requests()).toEqual([]);
    expect(managerA.requests()).toEqual([]);

    // The same Manager, written with /apiops/ and a trailing slash: the binding is on the normalized URL.
    const applied = await cli(['apply', 'bound.json', '--no-color'], {
      APINIZER_URL: `${apiRoot(managerA)}/`,
      APINIZER_TOKEN: managerA.token,
    });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(listMutations(managerA)).toEqual(['POST /apiops/projects/shop/keys/']);
    expect(managerB.requests()).toEqual([]);
  });

  it('refuses an older saved plan, which does not record its Manager, as incompatible', async () => {
    const planned = await cli(['plan', '--out', 'older.json', '--url', managerB.url, '--no-color'], { APINIZER_TOKEN: managerB.token });
    expect(planned.code).toBe(0);
    const document = JSON.parse(await readFile(join(offline().dir, 'older.json'), 'utf8')) as { savedPlan: Record<string, unknown> };
    // What apinizer-keys 0.1 wrote: format version 1, no manager.
    delete document.savedPlan.manager;
    document.savedPlan.formatVersion = 1;
    document.savedPlan.toolVersion = '0.1.0';
    await writeFile(join(offline().dir, 'older.json'), JSON.stringify(document));

    managerB.clearRequests();
    const run = await cli(['apply', 'older.json', '--no-color'], { APINIZER_URL: managerB.url, APINIZER_TOKEN: managerB.token });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: older\.json is a saved plan of format version 1, which does not record the Manager it was made against, written by apinizer-keys 0\.1\.0; this apinizer-keys \S+ reads format version 2\. Run plan --out again with this version, against the Manager to apply to\.\n$/,
    );
    expect(managerB.requests()).toEqual([]);
  });
});

describe('apply FILE reads a bounded amount', () => {
  const LIMIT = 20 * 1024 * 1024;

  it('refuses /dev/zero at once, naming the file and the limit', async () => {
    const started = Date.now();
    const run = await cli(['apply', '/dev/zero']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: Plan file \/dev\/zero is larger than the limit of 20 MiB for saved plans\. .*plan --out/);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    // Unbounded, it read ~600 MB before failing; bounded, it stops after 20 MiB.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a file one byte over the limit, and reads one at the limit', async () => {
    await writeFile(join(offline().dir, 'over.json'), Buffer.alloc(LIMIT + 1, ' '));
    await writeFile(join(offline().dir, 'at.json'), Buffer.alloc(LIMIT, ' '));
    const [over, at] = await Promise.all([cli(['apply', 'over.json']), cli(['apply', 'at.json'])]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('Error: Plan file over.json is larger than the limit of 20 MiB for saved plans.');
    expect(at.code).toBe(1);
    // Read in full, then refused for what it is: not JSON.
    expect(at.stderr).toContain('Error: at.json is not a saved plan: it is not JSON.');
  });
});

/** A flag value commander must refuse, and the range the message must name. */
interface Refusal {
  readonly args: readonly string[];
  readonly flag: string;
  readonly value: string;
  readonly expected: string;
}

const CONNECTION_FLAGS = [
  {
    flag: '--timeout <ms>',
    name: '--timeout',
    expected: 'a whole number from 100 to 600000',
    bad: ['4294967296', '2147483648', '99', '600001', '0'],
  },
  { flag: '--retries <n>', name: '--retries', expected: 'a whole number from 0 to 20', bad: ['21', '1000000'] },
  { flag: '--retry-delay <ms>', name: '--retry-delay', expected: 'a whole number from 0 to 60000', bad: ['60001', '4294967296'] },
  { flag: '--parallelism <n>', name: '--parallelism', expected: 'a whole number from 1 to 64', bad: ['0', '65', '100000'] },
] as const;

/** Not numbers here, though Number() takes most of them. */
const NOT_NUMBERS = ['0x10', '1e3', '5abc', '-1', '', ' 5', '5.0'];

const SANDBOX_FLAGS = [
  { flag: '--port <port>', name: '--port', expected: 'a whole number from 0 to 65535', bad: ['99999', '65536', ...NOT_NUMBERS] },
  { flag: '--latency <ms>', name: '--latency', expected: 'a whole number from 0 to 60000', bad: ['60001', '4294967296', ...NOT_NUMBERS] },
  {
    flag: '--failure-rate <rate>',
    name: '--failure-rate',
    expected: 'a decimal number from 0 to 1',
    bad: ['1.5', '2', '-0.5', '.5', '1e-1', '0x1', '', ' 0.5'],
  },
  { flag: '--rate-limit-rate <rate>', name: '--rate-limit-rate', expected: 'a decimal number from 0 to 1', bad: ['1.01', 'NaN', '0.5abc'] },
] as const;

function refusals(): Refusal[] {
  const cases: Refusal[] = [];
  for (const command of ['plan', 'apply', 'export']) {
    for (const { flag, name, expected, bad } of CONNECTION_FLAGS) {
      // Every bad value on plan; a sample on the commands that share the options.
      const values = command === 'plan' ? [...bad, ...NOT_NUMBERS] : [bad[0]];
      for (const value of values) cases.push({ args: [command, `${name}=${value}`], flag, value, expected });
    }
  }
  for (const { flag, name, expected, bad } of SANDBOX_FLAGS) {
    for (const value of bad) cases.push({ args: ['sandbox', `${name}=${value}`], flag, value, expected });
  }
  return cases;
}

/** Runs `items` through `run`, a few at a time (a shared 2-core machine). */
async function mapInBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(run))));
  return results;
}

describe('numeric flags', () => {
  it('refuse values out of range or not plain decimals with a usage error naming the flag, the value and the range', async () => {
    const cases = refusals();
    const runs = await mapInBatches(cases, 6, (refusal) => cli(refusal.args));
    const problems = cases.flatMap((refusal, index) => {
      const run = runs[index]!;
      const line = `error: option '${refusal.flag}' argument '${refusal.value}' is invalid. Expected ${refusal.expected}.`;
      return run.code === 1 && run.stderr.startsWith(`${line}\n`) && !run.stderr.includes('internal error') && run.stdout === ''
        ? []
        : [{ args: refusal.args, code: run.code, stderr: run.stderr, expected: line }];
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it('also refuse a value given as the next argument, such as --retries -1', async () => {
    const run = await cli(['plan', '--retries', '-1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: option '--retries <n>' argument '-1' is invalid. Expected a whole number from 0 to 20.");
  });

  it('accept both ends of every range (the run then stops at the missing Manager, not at the flag)', async () => {
    const ends = [
      '--timeout=100',
      '--timeout=600000',
      '--retries=0',
      '--retries=20',
      '--retry-delay=0',
      '--retry-delay=60000',
      '--parallelism=1',
      '--parallelism=64',
    ];
    // export reads no desired-state file, so the first thing after the flags is the Manager.
    const runs = await mapInBatches(ends, 4, (flag) => cli(['export', '--project', 'shop', flag]));
    expect(runs.map((run, index) => `${ends[index]} → ${run.stderr.trim()}`)).toEqual(
      ends.map((flag) => `${flag} → Error: No Manager URL is set. Set APINIZER_URL (e.g. https://manager.example.com) or pass --url.`),
    );
  });

  it('are documented with their ranges in the help text', async () => {
    const [plan, sandbox] = await Promise.all([cli(['plan', '--help']), cli(['sandbox', '--help'])]);
    const flat = (run: CliRun) => run.stdout.replace(/\s+/g, ' ');
    expect(flat(plan)).toContain('requests in flight at once, 1-64');
    expect(flat(plan)).toContain('retries on network errors, 429 and 5xx (POST only after 429), 0-20');
    expect(flat(plan)).toContain('base of the exponential backoff between retries, in ms, 0-60000');
    expect(flat(plan)).toContain('timeout of one request attempt in ms, 100-600000');
    expect(flat(sandbox)).toContain('port, 0-65535 (0 = any free port)');
    expect(flat(sandbox)).toContain('delay added to every API request, in ms, 0-60000');
    expect(flat(sandbox)).toContain('share of API requests answered with 500, 0-1');
    expect(flat(sandbox)).toContain('share of API requests answered with 429, 0-1');
  });
});

describe('sandbox --api', () => {
  it('lists the generations in the help, and --legacy is gone', async () => {
    const [help, legacy] = await Promise.all([cli(['sandbox', '--help']), cli(['sandbox', '--legacy'])]);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--api <generation>');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('(choices: "current", "2026-01", "legacy")');
    expect(help.stdout).not.toContain('--legacy');
    expect(legacy.code).toBe(1);
    expect(legacy.stderr).toContain("error: unknown option '--legacy'");
  });

  it.each(['bogus', '', 'LEGACY', '2026-1'])('refuses the generation %j with a usage error listing the valid ones', async (value) => {
    const run = await cli(['sandbox', `--api=${value}`, '--port', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: option '--api <generation>' argument '${value}' is invalid. Allowed choices are current, 2026-01, legacy.`,
    );
    expect(run.stdout).toBe('');
  });

  it.each(['current', '2026-01', 'legacy'])('starts with --api %s and answers in that generation', async (generation) => {
    const sandbox = offline().spawn(['sandbox', '--port', '0', '--api', generation], {}, { decorate: false });
    let spoken: string;
    try {
      // The last line: the signal handlers are in place right after it (before it, SIGINT kills).
      await sandbox.waitForStdout(/Press Ctrl\+C to stop\./);
      const url = /Sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(sandbox.stdout())![1]!;
      const token = /Token: (\S+)/.exec(sandbox.stdout())![1]!;
      spoken = await detectGeneration(url, token);
    } finally {
      sandbox.child.kill('SIGINT');
    }
    const ended = await sandbox.done;
    expect(ended.stderr).toBe('');
    // Its exit status after SIGINT is the sandbox's business; what matters here is that the
    // flag was taken and reached the sandbox.
    expect(ended.stdout).toContain('Sandbox stopped.');
    expect(spoken).toBe(generation);
  });
});

/**
 * Which API generation a sandbox speaks, from two replies that differ (src/sandbox/README.md):
 * an unknown path is a Spring 404 only in `current`; a key list says `success: true` only in `2026-01`.
 */
async function detectGeneration(url: string, token: string): Promise<string> {
  const headers = { Authorization: `Bearer ${token}` };
  const unknown = (await (await fetch(`${url}/apiops/no-such-path/`, { headers })).json()) as Record<string, unknown>;
  if ('timestamp' in unknown) return 'current';
  const keys = (await (await fetch(`${url}/apiops/projects/demo/keys/`, { headers })).json()) as Record<string, unknown>;
  return keys.success === true ? '2026-01' : keys.status === 'SUCCESS' ? 'legacy' : `unknown: ${JSON.stringify(keys)}`;
}

describe('the order of errors', () => {
  it.each([['plan'], ['apply', '--auto-approve']])(
    '%s reports a broken desired-state file before a missing Manager URL',
    async (...args: string[]) => {
      await writeFile(join(offline().dir, 'broken.yaml'), 'version: 1\nprojects:\n  p:\n    keys:\n      k: { type: NOPE }\n');
      const run = await cli([...args, '-f', 'broken.yaml', '--no-color'], { APINIZER_URL: '', APINIZER_TOKEN: '' });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^Error: broken\.yaml:5:/);
      expect(run.stderr).not.toContain('No Manager URL');
    },
  );

  it('plan with a valid file and no Manager URL still says what to set', async () => {
    const run = await cli(['plan', '--no-color'], { APINIZER_URL: '', APINIZER_TOKEN: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No Manager URL is set. Set APINIZER_URL');
  });
});

describe('a reader that goes away', () => {
  it('ends the CLI quietly (no stack trace) with 141, as a tool killed by SIGPIPE, when stdout is closed under it', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI_PATH } = await import('../support/run-cli.js');
    const child = spawn(process.execPath, [CLI_PATH, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The reader closes before the sandbox prints its address: the write fails with EPIPE.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(141);
  });
});
