import { randomBytes } from 'node:crypto';
import type { PlanSnapshot } from '../core/model/snapshot.js';
import type { Plan } from '../core/model/plan.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import { fingerprintDesiredProject, fingerprintLiveProject, fingerprintMaterial } from './fingerprint.js';
import { makeSavedPlanRecord, type MaterialFingerprint, type SavedPlanRecord } from './saved-plan-file.js';

/** A plan, what it was made from, and against which Manager: what `plan --out` records. */
export interface RecordedPlanInput {
  readonly plan: Plan;
  readonly snapshot: PlanSnapshot;
  readonly request: PlanRequest;
  readonly manager: string;
}

/** Everything a saved plan is checked against, made the same way at plan and at apply time. */
export interface Fingerprints {
  readonly desired: Record<string, string>;
  readonly live: Record<string, string>;
  readonly materials: readonly MaterialFingerprint[];
}

/** Fingerprints of the projects the plan covers, and of the material it sends. */
export function takeFingerprints(plan: Plan, snapshot: PlanSnapshot, salt: string): Fingerprints {
  const live: Record<string, string> = {};
  for (const [name, project] of snapshot.live) live[name] = fingerprintLiveProject(project);
  const covered = new Set(plan.projects);
  const desired: Record<string, string> = {};
  for (const project of snapshot.desired.projects) {
    if (covered.has(project.name)) desired[project.name] = fingerprintDesiredProject(project, snapshot.desired.defaults);
  }
  return { desired, live, materials: fingerprintSentMaterial(plan, salt) };
}

function fingerprintSentMaterial(plan: Plan, salt: string): MaterialFingerprint[] {
  return plan.entries.flatMap((entry) =>
    entry.action === 'create' || (entry.action === 'update' && entry.sends === 'everything')
      ? entry.spec.environments.flatMap((env) =>
          // Only material the plan sends counts; the planner blocks a send of material it could not read.
          env.material === undefined
            ? []
            : [
                {
                  project: entry.project,
                  address: entry.address,
                  environment: env.name,
                  fingerprint: fingerprintMaterial(salt, env.material),
                },
              ],
        )
      : [],
  );
}

/** The record that `plan --out` writes next to the plan, with a fresh random salt. */
export function recordPlan(input: RecordedPlanInput): SavedPlanRecord {
  const salt = randomBytes(16).toString('hex');
  return makeSavedPlanRecord({
    manager: input.manager,
    request: input.request,
    ...takeFingerprints(input.plan, input.snapshot, salt),
    salt,
  });
}
