import type { DesiredState } from '../core/model/desired-state.js';
import type { LiveProject } from '../core/model/live-state.js';
import type { MaterialVerdict } from '../core/model/material-comparison.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import type { PlanSnapshot } from '../core/model/snapshot.js';
import { listMaterialComparisons, resolveComparisonMode } from '../core/plan/select-material-comparisons.js';
import { isKeyInScope, listProjectsInScope, makeTargetScope } from '../core/plan/select-targets.js';
import { resolveMaterials } from '../desired/resolve-materials.js';
import { compareLiveMaterial } from '../live/read-live-material.js';
import { readLiveProjects } from '../live/read-live-state.js';
import type { Session } from './session.js';
import { makeMaterialIo, type RunHooks, type Workspace } from './workspace.js';

/**
 * Reads what a plan is made from: the material of the present keys in scope (locally) and
 * each project in scope once (over the network), side by side, since neither needs the other.
 * Where live material is compared, each project's keys are exported as soon as its key list
 * (and the local material) is in, under the same limiter as every other request; only the
 * verdicts are kept.
 */
export async function gatherSnapshot(
  desired: DesiredState,
  request: PlanRequest,
  session: Session,
  workspace: Workspace,
  hooks: RunHooks,
): Promise<PlanSnapshot> {
  const scope = makeTargetScope(request.targets, desired);
  const note = hooks.note ?? (() => undefined);
  const resolving = resolveMaterials(
    desired,
    (key) => key.state === 'present' && isKeyInScope(scope, key.project, key.name),
    makeMaterialIo(workspace, request.sources.allowOutsideFiles),
  );
  const comparing = desired.projects.some((project) => resolveComparisonMode(project, desired.defaults, request) !== undefined);
  const sink = { verdicts: new Map<string, MaterialVerdict>(), skipped: new Map<string, string>(), warn: hooks.warn ?? note };
  const names = listProjectsInScope(scope, desired);
  const [{ table: materials, gaps: materialGaps }, read] = await Promise.all([
    resolving,
    Promise.all(
      names.map(async (name): Promise<LiveProject | undefined> => {
        const project = (await readLiveProjects(session.client, [name], session.limit, note)).get(name);
        if (comparing && project !== undefined) {
          const { table } = await resolving;
          await compareLiveMaterial(session.client, session.limit, listMaterialComparisons(desired, project, request, table), table, sink);
        }
        return project;
      }),
    ),
  ]);
  const live = new Map(read.filter((project) => project !== undefined).map((project) => [project.name, project]));
  return {
    desired,
    live,
    materials,
    materialGaps,
    ...(comparing ? { comparisons: { verdicts: sink.verdicts, skipped: sink.skipped } } : {}),
  };
}
