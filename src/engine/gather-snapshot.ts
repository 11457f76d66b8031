import type { DesiredState } from '../core/model/desired-state.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import type { PlanSnapshot } from '../core/model/snapshot.js';
import { isKeyInScope, listProjectsInScope, makeTargetScope } from '../core/plan/select-targets.js';
import { resolveMaterials } from '../desired/resolve-materials.js';
import { readLiveProjects } from '../live/read-live-state.js';
import type { Session } from './session.js';
import { makeMaterialIo, type RunHooks, type Workspace } from './workspace.js';

/**
 * Reads what a plan is made from: the material of the present keys in scope (locally) and
 * each project in scope once (over the network), side by side, since neither needs the other.
 */
export async function gatherSnapshot(
  desired: DesiredState,
  request: PlanRequest,
  session: Session,
  workspace: Workspace,
  hooks: RunHooks,
): Promise<PlanSnapshot> {
  const scope = makeTargetScope(request.targets, desired);
  const [{ table: materials, gaps: materialGaps }, live] = await Promise.all([
    resolveMaterials(
      desired,
      (key) => key.state === 'present' && isKeyInScope(scope, key.project, key.name),
      makeMaterialIo(workspace, request.sources.allowOutsideFiles),
    ),
    readLiveProjects(session.client, listProjectsInScope(scope, desired), session.limit, hooks.note ?? (() => undefined)),
  ]);
  return { desired, live, materials, materialGaps };
}
