/**
 * Shared fixture of the GitOps end-to-end tests: a seed, a desired-state file with every kind
 * of material source, the world they make, and the plan-document helpers. Not a test file
 * itself (jest only runs `*.test.ts`).
 */
import type { ErrorObject } from 'ajv';
import type { SandboxSeed } from '../../src/sandbox/index.js';
import type { ProjectSettings } from '../../src/core/model/desired-state.js';
import type { RawProject } from '../../src/desired/document-body.js';
import { toBase64 } from '../support/e2e.js';
import { desiredFile, seedKey, seedKeyJwk, seedProject, seedSecret, seedUrlJwk, wantKey } from '../support/scenario.js';
import { randomSecret } from '../support/find-leaks.js';
import { schemaErrors } from '../support/schema-errors.js';
import type { CliRun } from '../support/run-cli.js';
import { inWorld, type World, type WorldOptions } from '../support/world.js';

export { toBase64 };
export type { CliRun, World };

// Test material only, never real keys: random per run and distinct, so a leak names its source
// and no window of it can match the tool's own words.
/** Live material of every seeded key (and the inline material of the no-op key). */
export const LIVE_TEXT = randomSecret('TEST-ONLY-live');
/** Live material of the key the plan deletes (only ever seen in the legacy reply shape). */
export const GONE_TEXT = randomSecret('TEST-ONLY-gone');
/** Inline `base64:` material of the key the plan updates. */
export const INLINE_TEXT = randomSecret('TEST-ONLY-inline');
/** `env:` material of the key the plan creates (production). */
export const ENV_TEXT = randomSecret('TEST-ONLY-env');
/** `file:` material of the key the plan creates (staging). */
export const FILE_TEXT = `-----BEGIN TEST SECRET-----\n${randomSecret('TEST-ONLY-file')}\n-----END TEST SECRET-----\n`;

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

/**
 * `payments`: `keep` (no-op), `change` (description update), `gone` (pruned; its JWK `gone-jwk`
 * is deleted through the project's jwkDeleteAction DELETE), and a URL JWK.
 * `inventory`: listed in the file, matching it (no-op). `other`: not in the file.
 */
export function gitopsSeed(): SandboxSeed {
  return {
    projects: [
      seedProject(
        'payments',
        ['production', 'staging'],
        [
          seedSecret('keep', 'unchanged', { production: LIVE }),
          seedSecret('change', 'old text', { production: LIVE }),
          seedKey('gone', 'PRIVATE_KEY', { production: GONE, staging: GONE }),
        ],
        [seedKeyJwk('gone-jwk', 'gone'), seedUrlJwk('url-jwk')],
      ),
      seedProject('inventory', ['production'], [seedSecret('inv', 'inventory key', { production: LIVE })]),
      seedProject('other', ['production'], [seedSecret('o1', 'not in the file', { production: LIVE })]),
    ],
  };
}

/** `inventory` as the file asks for it: matching the seed. */
export const INVENTORY: RawProject = { keys: { inv: wantKey('inventory key', { production: { base64: LIVE } }) } };

/** The desired state: plan = create payments/fresh, update payments/change, delete payments/gone; `settings` are added to `payments`. */
export function gitopsDesired(settings: ProjectSettings = {}): string {
  return desiredFile({
    payments: {
      jwkDeleteAction: 'DELETE',
      ...settings,
      keys: {
        keep: wantKey('unchanged', { production: { base64: LIVE } }),
        change: wantKey('new text', { production: { base64: INLINE } }),
        fresh: wantKey('brand new', { production: { env: ENV_VAR }, staging: { file: KEY_FILE } }),
      },
    },
    inventory: INVENTORY,
  });
}

/** The fixture's desired-state file. */
export const DESIRED_YAML = gitopsDesired();

/** The mutations an apply of the full plan sends, sorted. */
export const FULL_PLAN_MUTATIONS = [
  'DELETE /apiops/projects/payments/keys/gone/?jwkDeleteAction=DELETE',
  'POST /apiops/projects/payments/keys/',
  'PUT /apiops/projects/payments/keys/change/?jwkUpdateAction=NULLIFY&updateReferencedJwks=false&updateScope=SAME_PROJECT',
].sort();

/** The world of a GitOps test: the fixture's seed and files, `FRESH_SECRET` set, every fixture material checked for leaks. */
export function gitopsWorld(options: WorldOptions = {}): WorldOptions {
  return {
    seed: gitopsSeed(),
    files: { 'apinizer-keys.yaml': DESIRED_YAML, [KEY_FILE]: FILE_TEXT },
    ...options,
    env: { [ENV_VAR]: ENV_TEXT, ...options.env },
    secrets: ALL_MATERIAL,
  };
}

/** Runs `body` in a fresh GitOps world, closed when it ends (the GitOps tests run concurrently). */
export function inGitopsWorld<T>(body: (world: World) => Promise<T>, options?: WorldOptions): Promise<T> {
  return inWorld(gitopsWorld(options), body);
}

/** Schema errors of a plan/apply/saved-plan document against schemas/plan.schema.json (empty = valid). */
export function planSchemaErrors(document: unknown): ErrorObject[] {
  return schemaErrors('plan', document);
}

/** The whole of stdout as one JSON document (throws, with the text, if it is not one). */
export function parseStdout(run: CliRun): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`stdout is not one JSON document (${String(error)}):\n${run.stdout}\nstderr:\n${run.stderr}`, { cause: error });
  }
}
