import type { ApinizerClient } from '../apinizer/client.js';
import type { Limiter } from '../common/limiter.js';
import type { DesiredState } from '../core/model/desired-state.js';
import type { LiveState } from '../core/model/live-state.js';
import type { MaterialGaps, MaterialTable } from '../core/model/material.js';
import type { Plan } from '../core/model/plan.js';
import { makePlan, type PlanOptions } from '../core/plan/make-plan.js';
import { isKeyInScope, listProjectsInScope, makeTargetScope } from '../core/plan/select-targets.js';
import { listProjectsNeedingJwks } from '../core/plan/summarize-plan.js';
import { resolveMaterials, type MaterialIo } from '../desired/resolve-materials.js';
import { readJwks, readLiveProjects, type ReadNote } from './read-live-state.js';

/** What planning against a Manager needs besides the desired state. */
export interface PlanAgainstManagerOptions {
  readonly client: ApinizerClient;
  readonly limit: Limiter;
  readonly materialIo: MaterialIo;
  readonly planOptions: PlanOptions;
  readonly note: ReadNote;
}

/** A plan and what it was made from. */
export interface PlannedRun {
  readonly plan: Plan;
  readonly live: LiveState;
  readonly materials: MaterialTable;
  /** Material not available here (unset `env:` variables), by material key. */
  readonly materialGaps: MaterialGaps;
}

/**
 * Reads what the plan needs and plans: material of the keys in scope and each project in
 * scope once, side by side; then the JWK lists of just the projects whose plan deletes or
 * updates keys (both affect JWKs), and plans again with them.
 */
export async function planAgainstManager(desired: DesiredState, options: PlanAgainstManagerOptions): Promise<PlannedRun> {
  const scope = makeTargetScope(options.planOptions.targets, desired);
  // Material is read locally and live state over the network: neither needs the other.
  const [{ table: materials, gaps: materialGaps }, firstRead] = await Promise.all([
    resolveMaterials(desired, (key) => key.state === 'present' && isKeyInScope(scope, key.project, key.name), options.materialIo),
    readLiveProjects(options.client, listProjectsInScope(scope, desired), options.limit, options.note),
  ]);
  let live: LiveState = firstRead;
  let plan = makePlan({ desired, live, materials, materialGaps, options: options.planOptions });
  const needingJwks = listProjectsNeedingJwks(plan);
  if (needingJwks.length > 0) {
    live = await readJwks(options.client, live, needingJwks, options.limit);
    plan = makePlan({ desired, live, materials, materialGaps, options: options.planOptions });
  }
  return { plan, live, materials, materialGaps };
}
