import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../common/app-error.js';
import type { DesiredState } from '../core/model/desired-state.js';
import type { Plan } from '../core/model/plan.js';
import type { PlannedRun } from '../live/plan-against-manager.js';
import { compareText } from '../core/plan/compare-text.js';
import { fingerprintDesiredProject, fingerprintLiveProject, fingerprintMaterial } from './fingerprint.js';
import { makeSavedPlanRecord, type MaterialFingerprint, type SavedPlanFile, type SavedPlanRecord } from './saved-plan-file.js';

/** Everything a saved plan is checked against, made the same way at plan and at apply time. */
interface Fingerprints {
  readonly desired: Record<string, string>;
  readonly live: Record<string, string>;
  readonly materials: readonly MaterialFingerprint[];
}

function takeFingerprints(desired: DesiredState, run: PlannedRun, salt: string): Fingerprints {
  const live: Record<string, string> = {};
  for (const [name, project] of run.live) live[name] = fingerprintLiveProject(project);
  const covered = new Set(run.plan.projects);
  const desiredByProject: Record<string, string> = {};
  for (const project of desired.projects) {
    if (covered.has(project.name)) desiredByProject[project.name] = fingerprintDesiredProject(project, desired.defaults);
  }
  return { desired: desiredByProject, live, materials: fingerprintPlannedMaterial(run.plan, salt) };
}

function fingerprintPlannedMaterial(plan: Plan, salt: string): MaterialFingerprint[] {
  return plan.entries.flatMap((entry) =>
    entry.action === 'create' || (entry.action === 'update' && entry.sends === 'everything')
      ? entry.spec.environments.flatMap((env) =>
          // Only material the plan sends counts; an update of changed fields sends none.
          env.material === undefined
            ? []
            : [{ project: entry.project, address: entry.address, environment: env.name, fingerprint: fingerprintMaterial(salt, env.material) }],
        )
      : [],
  );
}

/** The record that `plan --out` writes next to the plan. */
export function recordPlan(
  desired: DesiredState,
  run: PlannedRun,
  inputs: Pick<SavedPlanRecord, 'manager' | 'files' | 'options'>,
): SavedPlanRecord {
  const salt = randomBytes(16).toString('hex');
  return makeSavedPlanRecord({ ...inputs, ...takeFingerprints(desired, run, salt), salt });
}

/**
 * Refuses a saved plan whose inputs changed: the desired files, the live state of any
 * project it covers, or the material it would send; and, as the last word, a plan made
 * now that differs from the saved one in any way. Throws `stale_plan`; changes nothing.
 */
export function assertSavedPlanCurrent(
  saved: SavedPlanFile,
  desired: DesiredState,
  run: PlannedRun,
  planDocumentNow: Record<string, unknown>,
): void {
  const now = takeFingerprints(desired, run, saved.record.salt);
  const before = new Map(saved.record.materials.map((m) => [JSON.stringify([m.address, m.environment]), m.fingerprint]));
  const projects = new Set([...Object.keys(saved.record.desired), ...Object.keys(now.desired), ...Object.keys(saved.record.live), ...Object.keys(now.live)]);
  for (const project of [...projects].sort(compareText)) {
    const changed: string[] = [];
    if (now.desired[project] !== saved.record.desired[project]) changed.push('its desired state in the files changed');
    if (now.live[project] !== saved.record.live[project]) changed.push('its live state in the Manager changed');
    for (const m of now.materials) {
      if (m.project === project && before.get(JSON.stringify([m.address, m.environment])) !== m.fingerprint) {
        changed.push(`the material of ${m.address} in environment ${m.environment} changed`);
      }
    }
    if (changed.length > 0) throw stale(`project "${project}" changed since the plan was made.`, changed);
  }
  if (!isDeepStrictEqual(planDocumentNow, saved.planDocument)) {
    throw stale('a plan made now differs from the saved one.', []);
  }
}

function stale(what: string, details: readonly string[]): AppError {
  return new AppError({
    code: 'stale_plan',
    fault: 'user',
    message: `Saved plan is stale: ${what} Run plan again.`,
    details: details.map((detail) => `(${detail})`),
  });
}
