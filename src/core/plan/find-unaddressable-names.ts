import { formatAddress } from '../model/domain.js';
import type { Blocker } from '../model/plan.js';

/**
 * Names that cannot be a URL path segment: `.` and `..` are resolved away by every HTTP
 * stack (`keys/../` is the project itself), and an empty one leaves `keys//`. Any request
 * for such a key would reach another resource, so the plan touches nothing until it is renamed.
 */
export function isAddressableName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..';
}

/**
 * The file format's rule for names (`$defs.name` in schemas/desired-state.schema.json; a
 * test holds the two equal): not empty, no leading or trailing whitespace, no control
 * characters. A live key whose name breaks it can not be declared in any file, so leaving
 * it out of the file says nothing about it.
 */
const DECLARABLE_NAME = /^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u;

/** Whether a desired-state file can name a key so: DECLARABLE_NAME, and addressable (not `.` or `..`). */
export function isDeclarableName(name: string): boolean {
  return DECLARABLE_NAME.test(name) && isAddressableName(name);
}

/** The source of DECLARABLE_NAME, for the test that holds it equal to the schema's. */
export const DECLARABLE_NAME_PATTERN = DECLARABLE_NAME.source;

/**
 * One `unaddressable_name` blocker per such name: live ones first (rename in the Manager),
 * then names only the file declares (the loader refuses them; this keeps the planner safe alone).
 */
export function findUnaddressableNames(project: string, liveNames: Iterable<string>, desiredNames: Iterable<string>): Blocker[] {
  const blockers: Blocker[] = [];
  const live = new Set<string>();
  for (const name of liveNames) {
    if (isAddressableName(name) || live.has(name)) continue;
    live.add(name);
    blockers.push({
      kind: 'unaddressable_name',
      project,
      address: formatAddress(project, name),
      message: `Project "${project}" holds a key named ${JSON.stringify(name)}, which cannot be addressed as a URL path segment, so no request can safely reach it.`,
      hint: 'Rename the key in the Manager UI, then plan again; nothing is changed until then.',
    });
  }
  for (const name of desiredNames) {
    if (isAddressableName(name) || live.has(name)) continue;
    blockers.push({
      kind: 'unaddressable_name',
      project,
      address: formatAddress(project, name),
      message: `The file declares key ${JSON.stringify(name)} in project "${project}", a name that cannot be addressed as a URL path segment.`,
      hint: 'Rename the key in the file.',
    });
  }
  return blockers;
}
