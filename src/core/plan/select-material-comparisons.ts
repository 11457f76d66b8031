import type { DeletionSettings, DesiredProject, DesiredState } from '../model/desired-state.js';
import type { LiveProject } from '../model/live-state.js';
import { materialKey, type MaterialTable } from '../model/material.js';
import type { ComparisonMode, MaterialComparisonTarget } from '../model/material-comparison.js';
import type { PlanRequest } from '../model/plan-request.js';
import { isComparableKeyType, nameLiveEnvironment } from './diff-key.js';
import { isAddressableName } from './find-unaddressable-names.js';
import { findMatchingGlob } from './match-glob.js';
import { isKeyInScope, makeTargetScope } from './select-targets.js';

/**
 * Whether a project's material is compared, and why: the flag turns it on everywhere (and
 * wins), otherwise the project's `compareMaterial`, then the file's defaults.
 */
export function resolveComparisonMode(
  project: DesiredProject,
  defaults: DeletionSettings,
  request: Pick<PlanRequest, 'compareMaterial'>,
): ComparisonMode | undefined {
  if (request.compareMaterial === true) return 'flag';
  return (project.settings.compareMaterial ?? defaults.compareMaterial) === true ? 'setting' : undefined;
}

/**
 * The keys of one live project whose material a plan compares: declared present, in scope,
 * not ignored, live with a type this tool knows, and with at least one environment that is
 * deployed live, whose desired material was read, and whose material the key list did not
 * already fingerprint (the legacy reply shape). Keys the plan creates have nothing to compare.
 */
export function listMaterialComparisons(
  desired: DesiredState,
  live: LiveProject,
  request: Pick<PlanRequest, 'compareMaterial' | 'targets'>,
  materials: MaterialTable,
): MaterialComparisonTarget[] {
  const project = desired.projects.find((candidate) => candidate.name === live.name);
  if (project === undefined) return [];
  const mode = resolveComparisonMode(project, desired.defaults, request);
  if (mode === undefined) return [];
  const scope = makeTargetScope(request.targets, desired);
  const ignore = [...(desired.defaults.ignore ?? []), ...(project.settings.ignore ?? [])];
  const liveByName = new Map(live.keys.map((key) => [key.name, key]));
  const targets: MaterialComparisonTarget[] = [];
  for (const key of project.keys) {
    if (key.state !== 'present' || key.type === undefined || !isAddressableName(key.name)) continue;
    if (!isKeyInScope(scope, project.name, key.name) || findMatchingGlob(ignore, key.name) !== undefined) continue;
    const liveKey = liveByName.get(key.name);
    if (liveKey === undefined || !isComparableKeyType(liveKey.keyType)) continue;
    const deployed = new Map(liveKey.environments.map((environment) => [nameLiveEnvironment(environment), environment]));
    const environments = key.environments
      .map((environment) => environment.name)
      .filter((name) => {
        const liveEnvironment = deployed.get(name);
        return (
          liveEnvironment !== undefined &&
          liveEnvironment.materialSha256 === undefined &&
          materials.has(materialKey(project.name, key.name, name))
        );
      });
    if (environments.length > 0) targets.push({ project: project.name, key: key.name, type: key.type, mode, environments });
  }
  return targets;
}
