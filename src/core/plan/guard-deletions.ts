import { formatLocation } from '../../common/app-error.js';
import type { DeletionSettings, DesiredProject } from '../model/desired-state.js';
import type { LiveProject } from '../model/live-state.js';
import type { PlanRequest } from '../model/plan-request.js';
import type { Blocker, DeleteEntry, PlanEntry } from '../model/plan.js';
import type { CaseVariant } from './find-case-variants.js';
import { guardCaseVariant } from './guard-case-variants.js';
import { findMatchingGlob } from './match-glob.js';

const LISTED_NAMES = 10;

/** Inputs of the deletion guards of one project. */
export interface DeletionGuardContext {
  readonly project: DesiredProject;
  readonly live: LiveProject | undefined;
  readonly defaults: DeletionSettings;
  readonly entries: readonly PlanEntry[];
  /** `--allow-mass-delete` lifts the mass-deletion guard for one run. */
  readonly guards: PlanRequest['guards'];
  /** Entries of the file whose names differ from a live key's only in case (see findCaseVariants). */
  readonly caseVariants: readonly CaseVariant[];
}

/**
 * Refusals for deletes the file may not have meant: protected keys, keys whose entry is
 * written under a case variant of their name with protection or its own JWK action, a
 * project emptied by accident, and mass pruning. Protection is checked against project and
 * defaults patterns too, so it survives the removal of the key's own entry from the file.
 * Emptying is judged on the outcome, however the file is written (no keys, state: absent,
 * a misspelt name that prunes the real one, --target): a plan that deletes and leaves
 * no live key behind needs allowEmpty.
 */
export function guardDeletions(context: DeletionGuardContext): Blocker[] {
  const deletes = context.entries.filter((entry): entry is DeleteEntry => entry.action === 'delete');
  const blockers = deletes.flatMap((entry) => guardProtected(context, entry));
  if (context.caseVariants.length > 0) {
    for (const entry of deletes) {
      const blocker = guardCaseVariant(entry, context.caseVariants);
      if (blocker) blockers.push(blocker);
    }
  }
  if (deletes.length === 0) return blockers;
  const { project } = context;
  const leavesEmpty = countKeysLeft(context, deletes) === 0;
  if (leavesEmpty && !project.settings.allowEmpty) {
    blockers.push(makeEmptyProjectBlocker(project, deletes));
    return blockers;
  }
  const pruned = deletes.filter((entry) => entry.cause === 'prune');
  if (pruned.length === 0) return blockers;
  // Ignored keys are not this file's to count: they never shrink or grow the limit.
  const ignore = [...(context.defaults.ignore ?? []), ...(project.settings.ignore ?? [])];
  const liveCount = (context.live?.keys ?? []).filter((key) => findMatchingGlob(ignore, key.name) === undefined).length;
  const limit = project.settings.maxDeletions ?? context.defaults.maxDeletions;
  // allowEmpty (emptying is intended) lifts the default half-of-the-keys rule, not an explicit maxDeletions.
  if (project.settings.allowEmpty && (leavesEmpty || project.keys.length === 0) && limit === undefined) return blockers;
  const exceeded = limit !== undefined ? pruned.length > limit : pruned.length > 1 && pruned.length * 2 > liveCount;
  if (exceeded && !context.guards.allowMassDelete) {
    const rule = limit !== undefined ? `maxDeletions is ${limit}` : 'the default limit is half of its keys';
    blockers.push({
      kind: 'mass_delete',
      project: project.name,
      message: `Prune would delete ${pruned.length} of ${liveCount} live keys in project "${project.name}" (${rule}): ${listNames(pruned)}.`,
      hint: 'If intended, list them with state: absent, add ignore patterns, set prune: false, raise maxDeletions, or pass --allow-mass-delete for this run.',
    });
  }
  return blockers;
}

/**
 * Keys the project has after the plan: live keys not deleted (ignored, unmanaged, out of
 * --target scope and blocked ones all stay) plus the keys it creates.
 */
function countKeysLeft(context: DeletionGuardContext, deletes: readonly DeleteEntry[]): number {
  const deleted = new Set(deletes.map((entry) => entry.key));
  const staying = new Set((context.live?.keys ?? []).map((key) => key.name).filter((name) => !deleted.has(name)));
  const created = context.entries.filter((entry) => entry.action === 'create').length;
  return staying.size + created;
}

function makeEmptyProjectBlocker(project: DesiredProject, deletes: readonly DeleteEntry[]): Blocker {
  if (project.keys.length === 0 && deletes.every((entry) => entry.cause === 'prune')) {
    return {
      kind: 'empty_project',
      project: project.name,
      message: `Project "${project.name}" lists no keys, so prune would delete all ${deletes.length} of its live keys: ${listNames(deletes)}.`,
      hint: 'List its keys, set prune: false on the project, or set allowEmpty: true if emptying it is intended.',
    };
  }
  const what = deletes.length === 1 ? 'its only live key' : `all ${deletes.length} of its live keys`;
  return {
    kind: 'empty_project',
    project: project.name,
    message: `This plan would leave project "${project.name}" with no keys: it deletes ${what} (${listNames(deletes)}) and creates none.`,
    hint: 'List the keys that should stay (is a name misspelt, or state: absent on the wrong key?), set prune: false on the project, or set allowEmpty: true if emptying it is intended.',
  };
}

function guardProtected(context: DeletionGuardContext, entry: DeleteEntry): Blocker[] {
  const rule = findProtectionRule(context, entry.key);
  if (!rule) return [];
  const how = entry.cause === 'absent' ? 'it is marked state: absent' : 'it is no longer in the file';
  return [
    {
      kind: 'protected',
      project: entry.project,
      address: entry.address,
      message: `Refusing to delete protected key ${entry.address} (${how}): protected by ${rule}.`,
      hint:
        entry.cause === 'absent'
          ? 'Remove the protection first if the key really must go.'
          : 'Add the key back to the file, add it to ignore, or remove the protection first if it really must go.',
    },
  ];
}

function findProtectionRule(context: DeletionGuardContext, keyName: string): string | undefined {
  const declared = context.project.keys.find((key) => key.name === keyName);
  if (declared?.protect) return `protect: true at ${formatLocation(declared.location)}`;
  const projectPattern = findMatchingGlob(context.project.settings.protect ?? [], keyName);
  if (projectPattern !== undefined) return `project "${context.project.name}" protect pattern "${projectPattern}"`;
  const defaultsPattern = findMatchingGlob(context.defaults.protect ?? [], keyName);
  if (defaultsPattern !== undefined) return `defaults protect pattern "${defaultsPattern}"`;
  return undefined;
}

function listNames(entries: readonly DeleteEntry[]): string {
  const names = entries.slice(0, LISTED_NAMES).map((entry) => entry.key);
  const more = entries.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
}
