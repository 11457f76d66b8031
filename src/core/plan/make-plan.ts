import type { JwkDeleteAction } from '../model/domain.js';
import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import type { MaterialGaps, MaterialTable } from '../model/material.js';
import { PLAN_FORMAT_VERSION, type Blocker, type Notice, type Plan, type PlanEntry } from '../model/plan.js';
import { compareText } from './compare-text.js';
import { guardDeletions } from './guard-deletions.js';
import { planProject } from './plan-project.js';
import { isProjectInScope, makeTargetScope, type TargetScope } from './select-targets.js';

/** Command-line options that shape a plan. */
export interface PlanOptions {
  /** `--target`: project names or `project/key` addresses. */
  readonly targets?: readonly string[];
  /** `--replace-content`: addresses whose material is re-sent although nothing else changed. */
  readonly replaceContent?: readonly string[];
  /** `--jwk-delete-action`: ranks between the project's setting and the file's defaults. */
  readonly jwkDeleteAction?: JwkDeleteAction;
  /** `--allow-mass-delete`. */
  readonly allowMassDelete?: boolean;
}

/** The planner's whole input: plain data, no handles. */
export interface PlanInput {
  readonly desired: DesiredState;
  /** Live state of every project in scope; JWK lists where already read. */
  readonly live: LiveState;
  /** Material of every present key in scope that could be read. */
  readonly materials: MaterialTable;
  /**
   * Material that could not be read where the plan runs (an unset variable in a job without
   * the key secrets). A blocker only where the plan must send or compare it; otherwise a notice.
   */
  readonly materialGaps?: MaterialGaps;
  readonly options?: PlanOptions;
}

/**
 * Diffs the desired state against the live state. Pure: no I/O, no clock, no randomness;
 * the same input always gives the same plan, with entries sorted by project, then key.
 */
export function makePlan(input: PlanInput): Plan {
  const { desired, live } = input;
  const options = input.options ?? {};
  const scope = makeTargetScope(options.targets, desired);
  const replaceContent = new Set(options.replaceContent ?? []);
  const entries: PlanEntry[] = [];
  const blockers: Blocker[] = [];
  const notices: Notice[] = [];
  const projects: string[] = [];

  const sorted = [...desired.projects].sort((a, b) => compareText(a.name, b.name));
  for (const project of sorted) {
    if (!isProjectInScope(scope, project.name)) continue;
    projects.push(project.name);
    const liveProject = live.get(project.name);
    const planned = planProject({
      project,
      live: liveProject,
      defaults: desired.defaults,
      materials: input.materials,
      materialGaps: input.materialGaps,
      flags: { jwkDeleteAction: options.jwkDeleteAction },
      scope,
      replaceContent,
    });
    // Appended one by one: spreading a project's 100k+ entries into push() overflows the stack.
    for (const entry of planned.entries) entries.push(entry);
    for (const notice of planned.notices) notices.push(notice);
    for (const blocker of planned.blockers) blockers.push(blocker);
    const guarded = guardDeletions({
      project,
      live: liveProject,
      defaults: desired.defaults,
      entries: planned.entries,
      allowMassDelete: options.allowMassDelete ?? false,
    });
    for (const blocker of guarded) blockers.push(blocker);
  }
  if (options.targets?.length || options.replaceContent?.length) {
    for (const blocker of findUnmatchedTargets(scope, options, entries, notices, blockers)) blockers.push(blocker);
  }
  return { formatVersion: PLAN_FORMAT_VERSION, projects, entries, blockers, notices };
}

/**
 * A `--target` or `--replace-content` that matches nothing is most likely a typo; in CI
 * a silent no-op would look like success, so it blocks the plan.
 */
function findUnmatchedTargets(
  scope: TargetScope,
  options: PlanOptions,
  entries: readonly PlanEntry[],
  notices: readonly Notice[],
  planned: readonly Blocker[],
): Blocker[] {
  const addresses = new Set(
    [...entries, ...notices, ...planned].map((item) => item.address).filter((address) => address !== undefined),
  );
  const blockers: Blocker[] = [];
  for (const target of options.targets ?? []) {
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
  for (const address of options.replaceContent ?? []) {
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
