/** An empty plan and a saved-plan record of it, for the saved-plan file tests. */
import { toPlanDocument, type PlanDocument } from '../../src/core/model/plan-document.js';
import { makePlanRequest } from '../../src/core/model/plan-request.js';
import { makeSavedPlanRecord, type SavedPlanRecord } from '../../src/saved-plan/saved-plan-file.js';

/** A plan of no projects and no changes. */
export const EMPTY_PLAN: PlanDocument = toPlanDocument({ formatVersion: 1, projects: [], entries: [], blockers: [], notices: [] });

/** The record of a plan made from `apinizer-keys.yaml` against `manager`: one project, fixed hashes and salt, no materials. */
export function makeTestRecord(manager: string): SavedPlanRecord {
  return makeSavedPlanRecord({
    manager,
    request: makePlanRequest({ files: ['apinizer-keys.yaml'] }),
    desired: { payments: 'a'.repeat(64) },
    live: { payments: 'b'.repeat(64) },
    salt: 'c'.repeat(32),
    materials: [],
  });
}
