import type { ApinizerClient, KeyUpdate, KeyWrite } from '../apinizer/client.js';
import { AppError, toAppError } from '../common/app-error.js';
import type { OperationOutcome } from '../core/model/apply-report.js';
import type { DeploymentResult, LiveKey } from '../core/model/live-state.js';
import type { ChangeEntry, KeySpec, UpdateEntry } from '../core/model/plan.js';
import { diffKey, nameLiveEnvironment } from '../core/plan/diff-key.js';
import { listExpectedEnvironments, markUnreportedEnvironments } from './expected-environments.js';

/** Carries out one plan entry and classifies the result. Never throws for Manager errors. */
export async function runOperation(client: ApinizerClient, entry: ChangeEntry): Promise<OperationOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    switch (entry.action) {
      case 'create':
        return await createKey(client, entry, elapsed);
      case 'update': {
        const deployment = await client.updateKey(entry.project, entry.key, toKeyUpdate(entry), {
          jwkUpdateAction: entry.jwkUpdateAction.value,
          updateScope: entry.updateScope.value,
        });
        return classifyDeployment(deployment, entry, elapsed());
      }
      case 'delete': {
        const deployment = await client.deleteKey(entry.project, entry.key, entry.jwkDeleteAction.value);
        return classifyDeployment(deployment, entry, elapsed());
      }
    }
  } catch (error) {
    const appError = toAppError(error);
    if (entry.action === 'delete' && saysThisKeyIsMissing(appError, entry.key)) {
      return { status: 'already-done', durationMs: elapsed(), note: 'already absent' };
    }
    // The hint says what to do (e.g. which permission is missing); keep it with the message.
    const message =
      entry.action === 'update' && saysThisKeyIsMissing(appError, entry.key)
        ? `${appError.message} The key was removed since the plan was made; run plan again.`
        : [appError.message, appError.hint].filter(Boolean).join(' ');
    return { status: 'failed', code: appError.code, message, durationMs: elapsed() };
  }
}

const CREATE_ATTEMPTS = 3;

/**
 * POST is not idempotent, so it is never retried blindly: after an ambiguous failure
 * (timeout, dropped connection, 5xx) the key is read back and counts as created if it is
 * there as planned; only if it is not there at all is the create tried again. A conflict
 * ("already exist") is read back the same way, so a concurrent change is reported as such.
 */
async function createKey(
  client: ApinizerClient,
  entry: Extract<ChangeEntry, { action: 'create' }>,
  elapsed: () => number,
): Promise<OperationOutcome> {
  const { project, key: name, spec } = entry;
  const body = toKeyWrite(name, spec);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return classifyDeployment(await client.createKey(project, body), entry, elapsed());
    } catch (error) {
      const appError = toAppError(error);
      const ambiguous = appError.code === 'server_error' || appError.code === 'network';
      if (!ambiguous && appError.code !== 'conflict') throw appError;
      const live = await readKeyIfPresent(client, project, name);
      const differences = live ? diffKey(spec, live) : [];
      // A conflict on the first attempt is a key this run did not create: its fields can match
      // while its material, which the Manager does not show, is someone else's. Taking it as
      // done would report the file's material as applied, and let the project's deletes run.
      const someoneElses = appError.code === 'conflict' && attempt === 1;
      if (live && differences.length === 0 && someoneElses && !isMaterialKnownSame(spec, live)) {
        throw new AppError({
          code: 'conflict',
          fault: 'manager',
          message: `Key ${project}/${name} was created by someone else since the plan was made; its fields match the file, but whether its material is the file's can not be seen, so it was not taken as created.`,
          hint: "Run plan again: with --compare-material it shows whether the material differs, and --replace-content sends the file's.",
        });
      }
      if (live && differences.length === 0) {
        const note = ambiguous || attempt > 1 ? 'created (confirmed by reading it back)' : 'already exists as planned';
        return { status: 'already-done', durationMs: elapsed(), note };
      }
      if (live) {
        throw new AppError({
          code: 'conflict',
          fault: 'manager',
          message: `Key ${project}/${name} was created by someone else since the plan was made (differs in ${differences.map((c) => c.field).join(', ')}).`,
          hint: 'Run plan again to see the current state.',
        });
      }
      if (!ambiguous || attempt >= CREATE_ATTEMPTS) throw appError;
    }
  }
}

/** Whether every environment's material is known to be the file's: by the fingerprint older Managers report (diffKey compared it). */
function isMaterialKnownSame(spec: KeySpec, live: LiveKey): boolean {
  return spec.environments.every(
    (env) =>
      env.material === undefined ||
      live.environments.some((candidate) => nameLiveEnvironment(candidate) === env.name && candidate.materialSha256 !== undefined),
  );
}

async function readKeyIfPresent(client: ApinizerClient, project: string, name: string): Promise<LiveKey | undefined> {
  try {
    return await client.getKey(project, name);
  } catch (error) {
    if (saysThisKeyIsMissing(toAppError(error), name)) return undefined;
    throw error;
  }
}

function classifyDeployment(reply: DeploymentResult, entry: ChangeEntry, durationMs: number): OperationOutcome {
  const deployment = markUnreportedEnvironments(reply, listExpectedEnvironments(entry));
  const allConfirmed = deployment.success && deployment.environments.every((env) => env.success);
  return allConfirmed ? { status: 'succeeded', deployment, durationMs } : { status: 'partial', deployment, durationMs };
}

/**
 * Only a reply that names this very key as not found makes a delete "already absent": a
 * 404 from a proxy, a missing project, or a text that names no key says nothing about it.
 */
function saysThisKeyIsMissing(error: AppError, key: string): boolean {
  const missing = error.http?.missing;
  return error.code === 'not_found' && missing?.kind === 'key' && missing.name === key;
}

/** The API body of a create or whole-key update: the only place material is handed to the client. */
export function toKeyWrite(name: string, spec: KeySpec): KeyWrite {
  return {
    name,
    description: spec.description,
    keyType: spec.type,
    ...(spec.algorithm === undefined ? {} : { algorithm: spec.algorithm }),
    environments: spec.environments.map((env) => {
      // The planner blocks any plan that must send material it could not read.
      if (env.material === undefined) throw new Error(`material of ${name} environment ${env.name} is missing from the plan`);
      return { environmentName: env.name, alias: env.alias, content: env.material.base64 };
    }),
  };
}

/** What an update's PUT carries: the changed fields only, or the whole key (see UpdateEntry.sends). */
function toKeyUpdate(entry: UpdateEntry): KeyUpdate {
  if (entry.sends === 'everything') return { kind: 'whole', key: toKeyWrite(entry.key, entry.spec) };
  const changed = new Set(entry.changes.map((change) => change.field));
  return {
    kind: 'fields',
    ...(changed.has('description') ? { description: entry.spec.description } : {}),
    // Always with the algorithm of a secret key: the current API refuses a PUT that would
    // leave a SECRET_KEY without one, and sending the same value changes nothing.
    ...(entry.spec.algorithm !== undefined ? { algorithm: entry.spec.algorithm } : {}),
  };
}
