import type { PlanRequest } from '../model/plan-request.js';
import type { PlanSnapshot } from '../model/snapshot.js';
import { PLAN_FORMAT_VERSION, type Blocker, type Notice, type Plan, type PlanEntry, type PlanWarning } from '../model/plan.js';
import { compareText } from '../../common/compare-text.js';
import { findCaseVariants, makeCaseVariantWarnings } from './find-case-variants.js';
import { guardDeletions } from './guard-deletions.js';
import { planProject } from './plan-project.js';
import { resolveComparisonMode } from './select-material-comparisons.js';
import { isProjectInScope, makeTargetScope, type TargetScope } from './select-targets.js';

/**
 * Diffs the desired state against the live state, once. Pure: no I/O, no clock, no
 * randomness; the same input always gives the same plan, with entries sorted by project,
 * then key. JWK impact is left unknown here: `attachJwkImpact` adds it once the JWK
 * lists of the projects that need them (`listProjectsNeedingJwks`) are read.
 */
export function makePlan(snapshot: PlanSnapshot, request: PlanRequest): Plan {
  const { desired, live } = snapshot;
  const scope = makeTargetScope(request.targets, desired);
  const replaceContent = new Set(request.replaceContent);
  const entries: PlanEntry[] = [];
  const blockers: Blocker[] = [];
  const notices: Notice[] = [];
  const warnings: PlanWarning[] = [];
  const projects: string[] = [];

  const sorted = [...desired.projects].sort((a, b) => compareText(a.name, b.name));
  for (const project of sorted) {
    if (!isProjectInScope(scope, project.name)) continue;
    projects.push(project.name);
    const liveProject = live.get(project.name);
    const skipped = snapshot.comparisons?.skipped.get(project.name);
    if (skipped !== undefined) notices.push({ kind: 'material_not_compared', address: project.name, message: skipped });
    const planned = planProject({
      project,
      live: liveProject,
      defaults: desired.defaults,
      materials: snapshot.materials,
      materialGaps: snapshot.materialGaps,
      overrides: request.overrides,
      scope,
      replaceContent,
      comparisonMode: skipped === undefined ? resolveComparisonMode(project, desired.defaults, request) : undefined,
      comparisons: snapshot.comparisons,
    });
    // Appended one by one: spreading a project's 100k+ entries into push() overflows the stack.
    for (const entry of planned.entries) entries.push(entry);
    for (const notice of planned.notices) notices.push(notice);
    for (const blocker of planned.blockers) blockers.push(blocker);
    const ignore = [...(desired.defaults.ignore ?? []), ...(project.settings.ignore ?? [])];
    const caseVariants = findCaseVariants({ project, live: liveProject, ignore, scope });
    for (const warning of makeCaseVariantWarnings(project.name, caseVariants, planned.entries)) warnings.push(warning);
    const guarded = guardDeletions({
      project,
      live: liveProject,
      defaults: desired.defaults,
      entries: planned.entries,
      guards: request.guards,
      caseVariants,
    });
    for (const blocker of guarded) blockers.push(blocker);
  }
  if (request.targets.length > 0 || request.replaceContent.length > 0) {
    for (const blocker of findUnmatchedTargets(scope, request, entries, notices, blockers)) blockers.push(blocker);
  }
  // Left out when empty, so a plan without warnings keeps the document it always had.
  return { formatVersion: PLAN_FORMAT_VERSION, projects, entries, blockers, notices, ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * A `--target` or `--replace-content` that matches nothing is most likely a typo; in CI
 * a silent no-op would look like success, so it blocks the plan.
 */
function findUnmatchedTargets(
  scope: TargetScope,
  request: PlanRequest,
  entries: readonly PlanEntry[],
  notices: readonly Notice[],
  planned: readonly Blocker[],
): Blocker[] {
  const addresses = new Set([...entries, ...notices, ...planned].map((item) => item.address).filter((address) => address !== undefined));
  const blockers: Blocker[] = [];
  for (const target of request.targets) {
    if (scope.projects.has(target) || addresses.has(target)) continue;
    blockers.push({
      kind: 'unknown_target',
      project: target,
      message: `--target ${target} matches no project of the file and no key of its projects.`,
      hint: 'Use a project name from the file, or project/key.',
    });
  }
  const replaceable = new Set(
    entries.filter((entry) => entry.action === 'update' || entry.action === 'create').map((entry) => entry.address),
  );
  for (const address of request.replaceContent) {
    if (replaceable.has(address) || planned.some((blocker) => blocker.address === address)) continue;
    blockers.push({
      kind: 'unknown_target',
      project: address,
      message: `--replace-content ${address} matches no key that the file declares present.`,
      hint: 'Use the address project/key of a key in the file.',
    });
  }
  return blockers;
}
