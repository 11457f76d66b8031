/**
 * End to end: JSON output and exit codes. `plan --format json` and
 * `apply --format json` print one JSON document on stdout (progress on stderr) that
 * validates against schemas/plan.schema.json, also when the apply fails; and
 * `plan --detailed-exitcode` exits 0 / 2 / 1 in every format, printing the whole JSON with 2.
 */
import { describe, expect, it } from '@jest/globals';
import {
  DESIRED_YAML,
  ENV_VAR,
  FILE_TEXT,
  KEY_FILE,
  INVENTORY,
  gitopsDesired,
  gitopsSeed,
  inGitopsWorld,
  parseStdout,
  planSchemaErrors,
  type CliRun,
} from './gitops-support.js';
import { desiredFile } from '../support/scenario.js';

/** The parts of the JSON document the assertions read. */
interface Sourced {
  value: string;
  source: string;
}
interface EnvironmentSpec {
  name: string;
  alias?: string;
  source: string;
  material: string;
}
interface Entry {
  address: string;
  action: string;
  reason: string;
  spec?: { type: string; description: string; environments: EnvironmentSpec[] };
  changes?: { field: string; before?: string; after?: string; sensitive: boolean }[];
  jwkDeleteAction?: Sourced;
  jwkUpdateAction?: Sourced;
  environments?: string[];
  affectedJwks?: { name: string; effect: string }[];
  cause?: string;
}
interface EnvironmentResult {
  environmentName: string;
  success: boolean;
  message?: string;
}
interface Result {
  address: string;
  action: string;
  status: string;
  deployment?: { success: boolean; environments: EnvironmentResult[] };
  code?: string;
  message?: string;
  reason?: string;
}
interface PlanDocument {
  formatVersion: number;
  projects: string[];
  entries: Entry[];
  blockers: { kind: string; address?: string }[];
  summary: {
    create: number;
    update: number;
    delete: number;
    hasChanges: boolean;
    jwks: { deleted: number; detached: number };
    projectsWithDeletes: string[];
  };
  apply?: { success: boolean; interrupted: boolean; counts: Record<string, number>; results: Result[] };
}

/** stdout as one schema-valid document. */
function documentOf(run: CliRun): PlanDocument {
  const document = parseStdout(run);
  expect(planSchemaErrors(document)).toEqual([]);
  return document as unknown as PlanDocument;
}

function entry(document: PlanDocument, address: string): Entry {
  const found = document.entries.find((e) => e.address === address);
  if (!found) throw new Error(`no entry ${address} in ${JSON.stringify(document.entries.map((e) => e.address))}`);
  return found;
}

function result(document: PlanDocument, address: string): Result {
  const found = document.apply?.results.find((r) => r.address === address);
  if (!found) throw new Error(`no apply result for ${address} in ${JSON.stringify(document.apply)}`);
  return found;
}

/** Environment results of one operation, as `name:success`, sorted. */
function environmentOutcomes(r: Result): string[] {
  return (r.deployment?.environments ?? []).map((e) => `${e.environmentName}:${e.success}`).sort();
}

describe('plan --format json', () => {
  it.concurrent('prints one schema-valid document with every change, its reason, fields, JWK action and affected JWKs', () =>
    inGitopsWorld(async (world) => {
      const run = await world.cli(['plan', '--format', 'json', '--replace-content', 'payments/change', '-v']);
      expect(run.code).toBe(0);
      // The world has already checked stdout and stderr for every fixture material in every form.
      const document = documentOf(run);

      expect(document.formatVersion).toBe(1);
      expect(document.projects).toEqual(['inventory', 'payments']);
      expect(document.entries.filter((e) => e.action !== 'no-op').map((e) => `${e.action} ${e.address}`)).toEqual([
        'update payments/change',
        'create payments/fresh',
        'delete payments/gone',
      ]);
      for (const e of document.entries) expect(e.reason).toMatch(/\S/);

      const fresh = entry(document, 'payments/fresh');
      expect(fresh.reason).toBe('not in the Manager');
      expect(fresh.spec).toEqual({
        type: 'SECRET_KEY',
        algorithm: 'AES',
        description: 'brand new',
        environments: [
          { name: 'production', source: `env ${ENV_VAR}`, material: '(sensitive)' },
          { name: 'staging', source: `file ${KEY_FILE}`, material: '(sensitive)' },
        ],
      });

      const change = entry(document, 'payments/change');
      expect(change.reason).toMatch(/description/);
      expect(change.changes).toContainEqual({ field: 'description', before: 'old text', after: 'new text', sensitive: false });
      const material = change.changes!.filter((c) => c.sensitive);
      expect(material.length).toBeGreaterThan(0);
      for (const c of material) {
        expect(c.field).toMatch(/content/);
        // Material is never shown: no value at all, or "(sensitive)".
        for (const value of [c.before, c.after]) if (value !== undefined) expect(value).toBe('(sensitive)');
      }
      expect(change.spec?.environments).toEqual([{ name: 'production', source: 'inline base64', material: '(sensitive)' }]);
      expect(change.jwkUpdateAction).toEqual({ value: 'NULLIFY', source: 'api-default' });
      expect(change.affectedJwks).toEqual([]);

      const gone = entry(document, 'payments/gone');
      expect(gone.cause).toBe('prune');
      expect(gone.reason).toMatch(/prune/);
      expect(gone.jwkDeleteAction).toEqual({ value: 'DELETE', source: 'project' });
      expect(gone.environments).toEqual(['production', 'staging']);
      expect(gone.affectedJwks).toEqual([{ name: 'gone-jwk', effect: 'deleted' }]);

      expect(document.summary).toMatchObject({ create: 1, update: 1, delete: 1, hasChanges: true, projectsWithDeletes: ['payments'] });
      expect(document.summary.jwks).toMatchObject({ deleted: 1, detached: 0 });
      expect(world.mutationsSince()).toEqual([]);
    }),
  );
});

describe('apply --format json', () => {
  it.concurrent('prints one schema-valid document with each operation and environment result; progress goes to stderr', () =>
    inGitopsWorld(async (world) => {
      const run = await world.cli(['apply', '--auto-approve', '--format', 'json']);
      expect(run.code).toBe(0);
      // The world has already checked stdout and stderr for every fixture material in every form.
      const document = documentOf(run);
      expect(run.stderr).toContain('payments/fresh: creating');
      expect(run.stderr).toContain('Apply complete');
      expect(run.stdout).not.toContain('creating');

      expect(document.entries.filter((e) => e.action !== 'no-op')).toHaveLength(3);
      expect(document.apply).toMatchObject({
        success: true,
        interrupted: false,
        counts: { created: 1, updated: 1, deleted: 1, partial: 0, failed: 0, skipped: 0 },
      });
      expect(document.apply!.results.map((r) => `${r.action} ${r.address} ${r.status}`).sort()).toEqual([
        'create payments/fresh succeeded',
        'delete payments/gone succeeded',
        'update payments/change succeeded',
      ]);
      expect(environmentOutcomes(result(document, 'payments/fresh'))).toEqual(['production:true', 'staging:true']);
      expect(environmentOutcomes(result(document, 'payments/change'))).toEqual(['production:true']);
      expect(environmentOutcomes(result(document, 'payments/gone'))).toEqual(['production:true', 'staging:true']);

      // Nothing left to do: still one document, with no results.
      const again = await world.cli(['apply', '--auto-approve', '--format', 'json']);
      expect(again.code).toBe(0);
      const none = documentOf(again);
      expect(none.summary.hasChanges).toBe(false);
      expect(none.apply).toMatchObject({ success: true, results: [] });
    }),
  );

  it.concurrent('prints a schema-valid document for an apply an environment did not confirm, and exits 1', () =>
    inGitopsWorld(async (world) => {
      world.sandbox.setFaults({ failUndeployEnvironments: ['production'] });
      const run = await world.cli(['apply', '--auto-approve', '--format', 'json']);
      expect(run.code).toBe(1);
      const document = documentOf(run);
      expect(document.apply?.success).toBe(false);
      expect(document.apply?.counts).toMatchObject({ created: 1, updated: 1, partial: 1, failed: 0 });
      const gone = result(document, 'payments/gone');
      expect(gone.status).toBe('partial');
      expect(gone.deployment?.success).toBe(false);
      expect(environmentOutcomes(gone)).toEqual(['production:false', 'staging:true']);
      expect(gone.deployment?.environments.find((e) => e.environmentName === 'production')?.message).toMatch(/\S/);
    }),
  );

  it.concurrent('prints a schema-valid document with the error of each failed operation and the skipped ones, and exits 1', () =>
    inGitopsWorld(
      async (world) => {
        // A user with MANAGE but without DEPLOY_UNDEPLOY: every key write is answered 403.
        const run = await world.cli(['apply', '--auto-approve', '--format', 'json'], { APINIZER_TOKEN: 'no-deploy' });
        expect(run.code).toBe(1);
        const document = documentOf(run);
        expect(document.apply?.success).toBe(false);
        for (const address of ['payments/fresh', 'payments/change']) {
          const failed = result(document, address);
          expect(failed.status).toBe('failed');
          expect(failed.code).toMatch(/\S/);
          expect(failed.message).toContain('DEPLOY_UNDEPLOY');
        }
        // Deletes of a project whose creates and updates failed are not run.
        const gone = result(document, 'payments/gone');
        expect(gone.status).toBe('skipped');
        expect(gone.reason).toMatch(/\S/);
        expect(document.apply?.counts).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 2, skipped: 1 });
        expect(world.mutationsSince().filter((m) => m.startsWith('DELETE'))).toEqual([]);
      },
      {
        seed: {
          ...gitopsSeed(),
          tokens: [{ token: 'no-deploy', projects: { payments: ['READ', 'MANAGE'], inventory: ['READ', 'MANAGE'] } }],
        },
      },
    ),
  );
});

describe('plan --detailed-exitcode', () => {
  const NO_CHANGES_YAML = desiredFile({ inventory: INVENTORY });
  const REFUSED_YAML = gitopsDesired({ protect: ['gone'] });

  /** Each case checks what its run printed, in text and in JSON: every case asserts something in both. */
  const cases: {
    name: string;
    yaml: string;
    env: Record<string, string>;
    code: number;
    text: (run: CliRun) => void;
    json: (run: CliRun) => void;
  }[] = [
    {
      name: 'no changes',
      yaml: NO_CHANGES_YAML,
      env: {},
      code: 0,
      text: (run) => expect(run.stdout).toContain('No changes.'),
      json: (run) => expect(documentOf(run).summary.hasChanges).toBe(false),
    },
    {
      name: 'changes',
      yaml: DESIRED_YAML,
      env: {},
      code: 2,
      text: (run) => expect(run.stdout).toContain('Plan: 1 to create, 1 to update, 1 to delete.'),
      // The whole document is printed with every code, 2 included.
      json: (run) => {
        const document = documentOf(run);
        expect(document.summary.hasChanges).toBe(true);
        expect(document.entries.filter((e) => e.action !== 'no-op').map((e) => e.address)).toEqual([
          'payments/change',
          'payments/fresh',
          'payments/gone',
        ]);
      },
    },
    {
      name: 'a rejected token (401)',
      yaml: DESIRED_YAML,
      env: { APINIZER_TOKEN: 'not-a-valid-token' },
      code: 1,
      text: (run) => expectRejectedToken(run),
      json: (run) => {
        expectRejectedToken(run);
        // No half document on stdout: nothing, or a whole one.
        if (run.stdout.trim() !== '') parseStdout(run);
      },
    },
    {
      name: 'a refused plan',
      yaml: REFUSED_YAML,
      env: {},
      code: 1,
      text: (run) => expect(run.stderr).toMatch(/refused/),
      json: (run) => expect(documentOf(run).blockers.map((b) => b.kind)).toEqual(['protected']),
    },
  ];
  const formats = ['text', 'json'] as const;
  const table = formats.flatMap((format) => cases.map((c) => ({ ...c, format })));

  it.concurrent.each(table)('exits $code for $name with --format $format', ({ name, yaml, env, code, format, text, json }) =>
    inGitopsWorld(
      async (world) => {
        const run = await world.cli(['plan', '--detailed-exitcode', '--format', format], env);
        expect({ name, format, code: run.code }).toEqual({ name, format, code });
        expect(world.mutationsSince()).toEqual([]);
        (format === 'text' ? text : json)(run);
      },
      { files: { 'apinizer-keys.yaml': yaml, [KEY_FILE]: FILE_TEXT } },
    ),
  );
});

/** A run refused for its token: says so on stderr, and shows no plan. */
function expectRejectedToken(run: CliRun): void {
  expect(run.stderr).toMatch(/token/i);
  expect(run.stdout).not.toContain('Plan:');
}
