import { hydrateSavedPlan } from '../saved-plan/hydrate-saved-plan.js';
import { assertSavedPlanManager } from '../saved-plan/check-manager.js';
import { readPlanFile } from '../saved-plan/read-plan-file.js';
import { parseSavedPlan, type SavedPlanFile } from '../saved-plan/saved-plan-file.js';
import { assertSavedPlanCurrent } from '../saved-plan/verify-saved-plan.js';
import { executeShownPlan, type AppliedChanges, type ApplyHooks } from './apply-changes.js';
import type { Connection } from './connection.js';
import { loadDesired } from './load-desired.js';
import { planInSession } from './plan-changes.js';
import { describeManager, withSession } from './session.js';
import type { Workspace } from './workspace.js';

/** A saved plan read from its file, and the path it was read from (for messages). */
export type LoadedSavedPlan = SavedPlanFile & { readonly path: string };

/** Reads and checks a plan file (bounded, against the plan file format); connects to nothing. */
export async function readSavedPlan(path: string): Promise<LoadedSavedPlan> {
  return { ...parseSavedPlan(await readPlanFile(path), path), path };
}

/**
 * `apply FILE`: executes the saved plan's own entries, after verifying that it was made
 * against this Manager and that nothing it was made from has changed (files, live state,
 * material, and a plan made now from the saved request). Any mismatch refuses, changing nothing.
 */
export async function applySavedPlan(
  saved: LoadedSavedPlan,
  connection: Connection,
  workspace: Workspace,
  hooks: ApplyHooks,
): Promise<AppliedChanges> {
  // Before connecting: a plan for another Manager must not even read from this one.
  assertSavedPlanManager(saved, saved.path, describeManager(connection));
  const { request } = saved.record;
  const desired = await loadDesired(request, workspace);
  return withSession(connection, async (session) => {
    const now = await planInSession(session, desired, request, workspace, hooks);
    assertSavedPlanCurrent(saved, now);
    return executeShownPlan(session, hydrateSavedPlan(saved, now.snapshot.materials), now.snapshot.live, { ...hooks, approve: undefined });
  });
}
