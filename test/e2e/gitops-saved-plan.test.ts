/**
 * End to end: saved plans. `plan --out FILE` then `apply FILE` applies exactly the
 * reviewed plan with no prompt; a plan whose live state, desired input or material changed
 * is refused without changing anything; the file holds no key material; bad plan files and
 * planning options are refused. The built CLI runs against an in-process sandbox; every test
 * has its own sandbox and workdir, so the tests run concurrently.
 *
 * As in CI, where the pull-request job plans and the merge job applies in another checkout,
 * most tests apply one plan file made once (`reviewedPlan`) in a fresh sandbox with the same
 * seed and a fresh workdir holding the same files. The first test shows that this applies.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectNoLeaks } from '../support/find-leaks.js';
import { handEditBody } from '../support/scenario.js';
import {
  ALL_MATERIAL,
  DESIRED_YAML,
  ENV_TEXT,
  ENV_VAR,
  FILE_TEXT,
  FULL_PLAN_MUTATIONS,
  KEY_FILE,
  LIVE,
  LIVE_TEXT,
  inGitopsWorld,
  planSchemaErrors,
  type CliRun,
  type World,
} from './gitops-support.js';

const STALE_MESSAGE = 'Saved plan is stale: project "payments" changed since the plan was made. Run plan again.';

/** `plan --out plan.json` in the world; fails the test if it did not work. */
async function savePlan(world: World, args: readonly string[] = []): Promise<CliRun> {
  const run = await world.cli(['plan', '--out', 'plan.json', ...args]);
  if (run.code !== 0) throw new Error(`plan --out failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** The reviewed plan: made once, with --format json, in its own world. */
interface ReviewedPlan {
  /** The plan file's text. */
  readonly file: string;
  /** What `plan --format json --out` printed. */
  readonly run: CliRun;
}
let reviewed: Promise<ReviewedPlan> | undefined;

function reviewedPlan(): Promise<ReviewedPlan> {
  reviewed ??= inGitopsWorld(async (world) => {
    const run = await savePlan(world, ['--format', 'json']);
    if (world.mutationsSince().length > 0) throw new Error('plan --out changed the sandbox');
    return { file: await readFile(join(world.dir, 'plan.json'), 'utf8'), run };
  });
  return reviewed;
}

/**
 * Puts the reviewed plan into the world's workdir as plan.json. Each world's sandbox stands
 * in for the one Manager the CI jobs share, on another port; so the copy names this world's
 * URL as its Manager (the refusal of another Manager is tested in hardening-cli.test.ts).
 */
async function copyReviewedPlan(world: World): Promise<void> {
  const document = JSON.parse((await reviewedPlan()).file) as { savedPlan: { manager: string } };
  document.savedPlan.manager = `${world.sandbox.url}/apiops`;
  await writeFile(join(world.dir, 'plan.json'), JSON.stringify(document, null, 2));
}

/** Mutations sent since the last clearRequests(), sorted. */
function sortedMutations(world: World): string[] {
  return world.mutationsSince().sort();
}

/** Requests (any method) whose path names the project. */
function requestsTo(world: World, project: string): string[] {
  return world.sandbox
    .requests()
    .filter((request) => request.path.split('/').includes(project))
    .map((request) => `${request.method} ${request.path}`);
}

/** Applies plan.json (requests counted from here) and expects exactly the full plan, with no request naming `untouched`. */
async function applyFullPlan(world: World, untouched: string): Promise<CliRun> {
  world.sandbox.clearRequests();
  const applied = await world.cli(['apply', 'plan.json']);
  expect(applied.stderr).toBe('');
  expect(applied.code).toBe(0);
  expect(sortedMutations(world)).toEqual(FULL_PLAN_MUTATIONS);
  expect(requestsTo(world, untouched)).toEqual([]);
  return applied;
}

/** A key update as the Manager's UI would send it: same material, new description. */
function describeAs(name: string, description: string): unknown {
  return handEditBody(name, description, { production: LIVE });
}

describe('apply of a saved plan', () => {
  it.concurrent('applies exactly the saved plan without a prompt, then plans no changes; the same file again is stale', () =>
    inGitopsWorld(async (world) => {
      const { run: planned } = await reviewedPlan();
      expect((JSON.parse(planned.stdout) as { summary: unknown }).summary).toMatchObject({ create: 1, update: 1, delete: 1 });
      expect(planned.stderr).toContain('plan.json');
      await copyReviewedPlan(world);

      // No --auto-approve and no terminal: the file is the approval.
      const applied = await applyFullPlan(world, 'other');
      expect(applied.stdout).not.toContain('Do you want to perform these actions?');
      expect(applied.stdout).toContain('Apply complete: 1 created, 1 updated, 1 deleted.');

      const payments = world.project('payments');
      expect(payments.keys.map((key) => key.name).sort()).toEqual(['change', 'fresh', 'keep']);
      expect(payments.keys.find((key) => key.name === 'change')?.description).toBe('new text');
      // A description change alone sends only the description (the current API's PUT is partial).
      expect(world.storedText('payments', 'change', 'production')).toBe(LIVE_TEXT);
      expect(world.storedText('payments', 'fresh', 'production')).toBe(ENV_TEXT);
      expect(world.storedText('payments', 'fresh', 'staging')).toBe(FILE_TEXT);
      expect(payments.jwks.map((jwk) => jwk.name)).toEqual(['url-jwk']);

      const again = await world.cli(['plan', '--detailed-exitcode']);
      expect(again.stdout).toContain('No changes.');
      expect(again.code).toBe(0);

      // The plan was made against a live state that its own apply has changed.
      world.sandbox.clearRequests();
      const twice = await world.cli(['apply', 'plan.json']);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('Saved plan is stale');
      expect(world.mutationsSince()).toEqual([]);
    }),
  );

  it.concurrent('still applies after a project that the file does not list changed', () =>
    inGitopsWorld(async (world) => {
      await copyReviewedPlan(world);
      await world.api('PUT', 'projects/other/keys/o1/', describeAs('o1', 'edited in the Manager'));
      await world.api('POST', 'projects/other/jwks/', { name: 'late-jwk', sourceType: 'PRIVATE_KEY', keyName: 'o1' });
      await applyFullPlan(world, 'other');
    }),
  );

  it.concurrent('still applies after a project excluded with --target changed, and applies only the target', () =>
    inGitopsWorld(async (world) => {
      await savePlan(world, ['--target', 'payments']);
      // inventory is listed in the file but outside the plan's target.
      await world.api('PUT', 'projects/inventory/keys/inv/', describeAs('inv', 'edited in the Manager'));
      await applyFullPlan(world, 'inventory');
      expect(world.project('inventory').keys[0]?.description).toBe('edited in the Manager');
    }),
  );

  // The desired input is fingerprinted per project: editing only the section of a project the
  // plan does not cover leaves the plan current.
  it.concurrent('still applies after the desired input of a project excluded with --target changed', () =>
    inGitopsWorld(async (world) => {
      await savePlan(world, ['--target', 'payments']);
      const path = join(world.dir, 'apinizer-keys.yaml');
      const text = await readFile(path, 'utf8');
      await writeFile(path, text.replace('description: inventory key', 'description: inventory key, edited'));
      await applyFullPlan(world, 'inventory');
    }),
  );
});

/** What one stale-plan scenario observed. */
interface StaleOutcome {
  readonly run: CliRun;
  /** Mutations the sandbox saw from the start of `apply FILE`. */
  readonly mutations: string[];
  readonly stateBefore: string;
  readonly stateAfter: string;
}

/** One input changed after `plan --out`, and the detail line the refusal must give for it. */
interface StaleCause {
  /** Changes the input; returns extra env for the apply, if any. */
  readonly change: (world: World) => Promise<Record<string, string> | void>;
  /** The line after the first that says which part of project "payments" changed. */
  readonly detail: string;
}

const LIVE_CHANGED = '(its live state in the Manager changed)';

const STALE_CAUSES: Readonly<Record<string, StaleCause>> = {
  'a live key changed (new description)': {
    change: async (world) => void (await world.api('PUT', 'projects/payments/keys/keep/', describeAs('keep', 'edited in the Manager'))),
    detail: LIVE_CHANGED,
  },
  'a live key was deleted': {
    change: async (world) => void (await world.api('DELETE', 'projects/payments/keys/keep/?jwkDeleteAction=NULLIFY')),
    detail: LIVE_CHANGED,
  },
  'a JWK was made from the key the plan deletes': {
    change: async (world) =>
      void (await world.api('POST', 'projects/payments/jwks/', { name: 'late-jwk', sourceType: 'PRIVATE_KEY', keyName: 'gone' })),
    detail: LIVE_CHANGED,
  },
  'the desired-state file was edited': {
    change: async (world) => {
      const path = join(world.dir, 'apinizer-keys.yaml');
      const text = await readFile(path, 'utf8');
      await writeFile(path, text.replace('description: new text', 'description: newer text'));
    },
    detail: '(its desired state in the files changed)',
  },
  "a file source's content changed": {
    change: async (world) => writeFile(join(world.dir, KEY_FILE), FILE_TEXT.replace('-----END', 'rotated\n-----END')),
    detail: '(the material of payments/fresh in environment staging changed)',
  },
  "an env variable's value differs at apply time": {
    change: () => Promise.resolve({ [ENV_VAR]: 'TEST-ONLY-another-env-material' }),
    detail: '(the material of payments/fresh in environment production changed)',
  },
};

const staleOutcomes = new Map<string, Promise<StaleOutcome>>();

/** Runs the scenario of one cause once; the behaviour and the message tests share it. */
function staleOutcome(cause: string): Promise<StaleOutcome> {
  let outcome = staleOutcomes.get(cause);
  if (!outcome) {
    outcome = inGitopsWorld(async (world) => {
      await copyReviewedPlan(world);
      const env = (await STALE_CAUSES[cause]!.change(world)) ?? {};
      const stateBefore = JSON.stringify(world.sandbox.snapshot().projects);
      world.sandbox.clearRequests();
      const run = await world.cli(['apply', 'plan.json'], env);
      return { run, mutations: world.mutationsSince(), stateBefore, stateAfter: JSON.stringify(world.sandbox.snapshot().projects) };
    });
    staleOutcomes.set(cause, outcome);
  }
  return outcome;
}

describe('a stale saved plan is refused, changing nothing', () => {
  it.concurrent.each(Object.keys(STALE_CAUSES))('when %s', async (cause) => {
    const { run, mutations, stateBefore, stateAfter } = await staleOutcome(cause);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: Saved plan is stale: .+ Run plan again\.$/m);
    expect(mutations).toEqual([]);
    expect(stateAfter).toBe(stateBefore);
    expect(run.stdout).not.toMatch(/creating|updating|deleting|Apply complete/);
  });

  // The first line is the same for any fingerprint that differs; the lines after it say
  // which part of the project changed, and each cause names its own.
  it.concurrent.each(Object.keys(STALE_CAUSES))('with the message naming project "payments" and what changed when %s', async (cause) => {
    const { run } = await staleOutcome(cause);
    const [first, ...details] = run.stderr.trim().split('\n');
    expect(first).toBe(`Error: ${STALE_MESSAGE}`);
    expect(details.map((line) => line.trim())).toContain(STALE_CAUSES[cause]!.detail);
  });
});

describe('the plan file', () => {
  it.concurrent.each(['current', 'legacy'] as const)('holds no key material of the fixture, only fingerprints (%s API)', (api) =>
    inGitopsWorld(
      async (world) => {
        // The current shape uses the reviewed plan; the legacy shape returns live material in plain.
        const { run, file: text } =
          api !== 'legacy'
            ? await reviewedPlan()
            : { run: await savePlan(world, ['--format', 'json']), file: await readFile(join(world.dir, 'plan.json'), 'utf8') };
        expectNoLeaks(text, ALL_MATERIAL, 'the plan file');
        expectNoLeaks(run.stdout, ALL_MATERIAL, 'plan --format json --out');
        // It does describe where the material comes from, just not the material.
        expect(text).toContain(`env ${ENV_VAR}`);
        expect(text).toContain(`file ${KEY_FILE}`);

        const document = JSON.parse(text) as {
          savedPlan?: {
            formatVersion: number;
            toolVersion: string;
            desired: string;
            live: Record<string, string>;
            materials: { address: string; environment: string; fingerprint: string }[];
          };
        };
        expect(planSchemaErrors(document)).toEqual([]);
        expect(document).toHaveProperty('savedPlan.formatVersion');
        const saved = document.savedPlan!;
        expect(saved.formatVersion).toBe(2);
        expect(saved.toolVersion).toMatch(/^\d+\.\d+\.\d+/);
        expect(Object.keys(saved.desired).sort()).toEqual(['inventory', 'payments']);
        for (const hash of Object.values(saved.desired)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(Object.keys(saved.live).sort()).toEqual(['inventory', 'payments']);
        for (const hash of Object.values(saved.live)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
        // Only material the plan sends: a partial update of payments/change sends none.
        expect(saved.materials.map((m) => `${m.address} ${m.environment}`).sort()).toEqual([
          ...(api === 'legacy' ? ['payments/change production'] : []),
          'payments/fresh production',
          'payments/fresh staging',
        ]);
        for (const { fingerprint } of saved.materials) expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
        expect(world.mutationsSince()).toEqual([]);
      },
      { api },
    ),
  );

  it.concurrent(
    'is refused with an unknown format version, when it is not a plan, or with planning options; the valid file then applies',
    () =>
      inGitopsWorld(async (world) => {
        await copyReviewedPlan(world);
        const { file: text, run: plain } = await reviewedPlan();
        // What plan --format json prints is the plan document without the savedPlan record.
        await writeFile(join(world.dir, 'plain.json'), plain.stdout);
        const saved = JSON.parse(text) as { savedPlan: { formatVersion: number } };
        saved.savedPlan.formatVersion = 99;
        await writeFile(join(world.dir, 'future.json'), JSON.stringify(saved));
        world.sandbox.clearRequests();

        const [future, yaml, planJson, missing, target, file] = await Promise.all([
          world.cli(['apply', 'future.json']),
          world.cli(['apply', 'apinizer-keys.yaml']),
          world.cli(['apply', 'plain.json']),
          world.cli(['apply', 'nothing-here.json']),
          world.cli(['apply', 'plan.json', '--target', 'payments']),
          world.cli(['apply', 'plan.json', '-f', 'apinizer-keys.yaml']),
        ]);
        for (const run of [future, yaml, planJson, missing, target, file]) {
          expect(run.code).toBe(1);
          expect(run.stdout).not.toMatch(/creating|updating|deleting|Apply complete/);
        }
        expect(future.stderr).toContain('future.json');
        expect(future.stderr).toMatch(/format version 99\b/);
        expect(future.stderr).toMatch(/format version 2\b/);
        expect(yaml.stderr).toMatch(/apinizer-keys\.yaml is not a saved plan/);
        expect(planJson.stderr).toMatch(/plain\.json is not a saved plan/);
        expect(missing.stderr).toContain('nothing-here.json');
        expect(target.stderr).toMatch(/no planning options.*target/);
        expect(file.stderr).toMatch(/no planning options.*file/);
        expect(world.mutationsSince()).toEqual([]);

        const applied = await world.cli(['apply', 'plan.json']);
        expect(applied.code).toBe(0);
        expect(sortedMutations(world)).toEqual(FULL_PLAN_MUTATIONS);
      }),
  );

  it.concurrent('cannot be made from standard input', () =>
    inGitopsWorld(async (world) => {
      const run = await world.cli(['plan', '-f', '-', '--out', 'plan.json'], {}, { input: DESIRED_YAML });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/standard input/);
      expect(existsSync(join(world.dir, 'plan.json'))).toBe(false);
      // Without --out the same input plans fine, so the refusal is about --out.
      const plain = await world.cli(['plan', '-f', '-'], {}, { input: DESIRED_YAML });
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete.');
    }),
  );
});
