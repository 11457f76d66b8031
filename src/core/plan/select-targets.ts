import { formatAddress } from '../model/domain.js';
import type { DesiredState } from '../model/desired-state.js';

/**
 * Which projects and keys a run covers. Names may themselves contain `/`, so a target
 * is never split: it matches a project whose name it equals, or a key whose address it equals.
 */
export interface TargetScope {
  /** No `--target` given: everything in the file. */
  readonly all: boolean;
  /** Targets that equal a project name. */
  readonly projects: ReadonlySet<string>;
  /** Targets that name no project of the file: key addresses. */
  readonly addresses: ReadonlySet<string>;
}

/** Builds the scope from `--target` values. */
export function makeTargetScope(targets: readonly string[] | undefined, desired: DesiredState): TargetScope {
  if (!targets || targets.length === 0) return { all: true, projects: new Set(), addresses: new Set() };
  const projectNames = new Set(desired.projects.map((project) => project.name));
  // A target that names a project of the file is that project, never also a key address:
  // with projects `a` and `a/b`, `--target a/b` must not reach key `b` of project `a`.
  return {
    all: false,
    projects: new Set(targets.filter((target) => projectNames.has(target))),
    addresses: new Set(targets.filter((target) => !projectNames.has(target))),
  };
}

/** Whether any key of the project may be in scope (so the project must be read). */
export function isProjectInScope(scope: TargetScope, project: string): boolean {
  if (scope.all || scope.projects.has(project)) return true;
  const prefix = `${project}/`;
  for (const address of scope.addresses) if (address.startsWith(prefix)) return true;
  return false;
}

/** Whether one key is in scope. */
export function isKeyInScope(scope: TargetScope, project: string, key: string): boolean {
  return scope.all || scope.projects.has(project) || scope.addresses.has(formatAddress(project, key));
}

/** The projects of the file that a run must read, sorted as in the file. */
export function listProjectsInScope(scope: TargetScope, desired: DesiredState): string[] {
  return desired.projects.map((project) => project.name).filter((name) => isProjectInScope(scope, name));
}
