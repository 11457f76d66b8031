/**
 * Shared fixture of the GitOps end-to-end tests (issue 5): a seed, a desired-state file with
 * every kind of material source, and small helpers around the built CLI and the sandbox.
 * Not a test file itself (jest only runs `*.test.ts`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { startSandbox, type SandboxApi, type SandboxHandle, type SandboxSeed, type SnapshotProject } from '../../src/sandbox/index.js';
import { listMutations, makeWorkdir, sandboxEnv, toBase64 } from '../support/e2e.js';
import { runCli, type CliRun } from '../support/run-cli.js';

export { listMutations, toBase64 };
export type { CliRun };

// Test material only, never real keys. Each one is distinct so a leak names its source.
/** Live material of every seeded key (and the inline material of the no-op key). */
export const LIVE_TEXT = 'TEST ONLY: live material of the seeded keys';
/** Live material of the key the plan deletes (only ever seen in the legacy reply shape). */
export const GONE_TEXT = 'TEST ONLY: live material of the key to delete';
/** Inline `base64:` material of the key the plan updates. */
export const INLINE_TEXT = 'TEST ONLY: inline material of payments/change';
/** `env:` material of the key the plan creates (production). */
export const ENV_TEXT = 'TEST ONLY: env material of payments/fresh';
/** `file:` material of the key the plan creates (staging). */
export const FILE_TEXT = '-----BEGIN TEST SECRET-----\nTEST ONLY: file material of payments/fresh\n-----END TEST SECRET-----\n';

export const LIVE = toBase64(LIVE_TEXT);
export const GONE = toBase64(GONE_TEXT);
export const INLINE = toBase64(INLINE_TEXT);

export const ENV_VAR = 'FRESH_SECRET';
export const KEY_FILE = 'keys/fresh.test-key.pem';

/** Every piece of material the fixture holds, by where it comes from. */
export const ALL_MATERIAL: Readonly<Record<string, string>> = {
  'live (seed)': LIVE_TEXT,
  'live of the deleted key (seed)': GONE_TEXT,
  'inline base64': INLINE_TEXT,
  'env variable': ENV_TEXT,
  'file source': FILE_TEXT,
};

/** The forms in which a piece of material could leak into a file: raw text, base64, base64 without padding, hex SHA-256. */
export function leakForms(text: string): string[] {
  const base64 = toBase64(text);
  return [text, text.trim(), base64, base64.replace(/=+$/, ''), createHash('sha256').update(text).digest('hex')];
}

/**
 * `payments`: `keep` (no-op), `change` (description update), `gone` (pruned; its JWK `gone-jwk`
 * is deleted through the project's jwkDeleteAction DELETE), and a URL JWK.
 * `inventory`: listed in the file, matching it (no-op). `other`: not in the file.
 */
export function gitopsSeed(): SandboxSeed {
  return {
    projects: [
      {
        name: 'payments',
        environments: [{ name: 'production' }, { name: 'staging' }],
        keys: [
          { name: 'keep', keyType: 'SECRET_KEY', description: 'unchanged', environments: [{ name: 'production', content: LIVE }] },
          { name: 'change', keyType: 'SECRET_KEY', description: 'old text', environments: [{ name: 'production', content: LIVE }] },
          {
            name: 'gone',
            keyType: 'PRIVATE_KEY',
            environments: [
              { name: 'production', content: GONE },
              { name: 'staging', content: GONE },
            ],
          },
        ],
        jwks: [
          { name: 'gone-jwk', sourceType: 'PRIVATE_KEY', sourceKey: 'gone' },
          { name: 'url-jwk', sourceType: 'URL', sourceUrl: 'https://example.com/jwks.json' },
        ],
      },
      {
        name: 'inventory',
        environments: [{ name: 'production' }],
        keys: [{ name: 'inv', keyType: 'SECRET_KEY', description: 'inventory key', environments: [{ name: 'production', content: LIVE }] }],
      },
      {
        name: 'other',
        environments: [{ name: 'production' }],
        keys: [{ name: 'o1', keyType: 'SECRET_KEY', description: 'not in the file', environments: [{ name: 'production', content: LIVE }] }],
      },
    ],
  };
}

/** The desired state: plan = create payments/fresh, update payments/change, delete payments/gone. */
export const DESIRED_YAML = `version: 1
projects:
  payments:
    jwkDeleteAction: DELETE
    keys:
      keep:
        type: SECRET_KEY
        algorithm: AES
        description: unchanged
        environments:
          production: { content: { base64: "${LIVE}" } }
      change:
        type: SECRET_KEY
        algorithm: AES
        description: new text
        environments:
          production: { content: { base64: "${INLINE}" } }
      fresh:
        type: SECRET_KEY
        algorithm: AES
        description: brand new
        environments:
          production: { content: { env: ${ENV_VAR} } }
          staging: { content: { file: ${KEY_FILE} } }
  inventory:
    keys:
      inv:
        type: SECRET_KEY
        algorithm: AES
        description: inventory key
        environments:
          production: { content: { base64: "${LIVE}" } }
`;

/** The mutations an apply of the full plan sends, sorted. */
export const FULL_PLAN_MUTATIONS = [
  'DELETE /apiops/projects/payments/keys/gone/?jwkDeleteAction=DELETE',
  'POST /apiops/projects/payments/keys/',
  'PUT /apiops/projects/payments/keys/change/?jwkUpdateAction=NULLIFY&updateReferencedJwks=false&updateScope=SAME_PROJECT',
].sort();

/** One test's world: its own sandbox and its own working directory. */
export interface World {
  readonly sandbox: SandboxHandle;
  readonly dir: string;
  /** Runs the built CLI in the workdir against the sandbox (with `FRESH_SECRET` set unless overridden). */
  cli(args: readonly string[], env?: Record<string, string | undefined>, options?: { cwd?: string; input?: string }): Promise<CliRun>;
  /** Calls the sandbox's management API as another user would (e.g. through the Apinizer UI). */
  api(method: string, path: string, body?: unknown): Promise<unknown>;
  project(name: string): SnapshotProject;
  close(): Promise<void>;
}

/** Starts a sandbox and makes a workdir with the given files (default: the fixture). */
export async function openWorld(
  options: { seed?: SandboxSeed; files?: Record<string, string>; api?: SandboxApi } = {},
): Promise<World> {
  const sandbox = await startSandbox({ port: 0, seed: options.seed ?? gitopsSeed(), api: options.api });
  const dir = await makeWorkdir(options.files ?? { 'apinizer-keys.yaml': DESIRED_YAML, [KEY_FILE]: FILE_TEXT });
  return {
    sandbox,
    dir,
    cli: (args, env = {}, options = {}) =>
      // `export` prints no colours and has no --no-color option.
      runCli(args[0] === 'export' ? args : [...args, '--no-color'], {
        cwd: options.cwd ?? dir,
        input: options.input,
        env: { ...sandboxEnv(sandbox, { [ENV_VAR]: ENV_TEXT }), ...env },
      }),
    async api(method, path, body) {
      const response = await fetch(`${sandbox.url}/apiops/${path}`, {
        method,
        headers: { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    project(name) {
      const found = sandbox.snapshot().projects.find((project) => project.name === name);
      if (!found) throw new Error(`no project ${name} in the sandbox`);
      return found;
    },
    async close() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `body` in a fresh world and always closes it. */
export async function inWorld<T>(
  body: (world: World) => Promise<T>,
  options?: Parameters<typeof openWorld>[0],
): Promise<T> {
  const world = await openWorld(options);
  try {
    return await body(world);
  } finally {
    await world.close();
  }
}

/** Decoded material the sandbox stores for a key in an environment. */
export function storedText(project: SnapshotProject, key: string, environment: string): string | undefined {
  const entry = project.keys.find((k) => k.name === key)?.environments.find((e) => e.environmentName === environment);
  return entry ? Buffer.from(entry.content, 'base64').toString('utf8') : undefined;
}

const SCHEMA_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'plan.schema.json');
let validatePlanDocument: ValidateFunction | undefined;

/** Schema errors of a plan/apply/saved-plan document against schemas/plan.schema.json (empty = valid). */
export function planSchemaErrors(document: unknown): ErrorObject[] {
  if (!validatePlanDocument) {
    const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
    validatePlanDocument = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  }
  return validatePlanDocument(document) ? [] : [...(validatePlanDocument.errors ?? [])];
}

/** The whole of stdout as one JSON document (throws, with the text, if it is not one). */
export function parseStdout(run: CliRun): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`stdout is not one JSON document (${String(error)}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}
