import { fromPlanDocumentForDisplay, type PlanDocument } from '../core/model/plan-document.js';
import type { Plan } from '../core/model/plan.js';
import { readSavedPlan } from './apply-saved-plan.js';

/** A saved plan as `show` presents it: the plan and where it came from, nothing of its fingerprints. */
export interface ShownSavedPlan {
  readonly path: string;
  /** The plan, for the renderers; material only ever as a placeholder that renders `(sensitive)`. */
  readonly plan: Plan;
  /** The plan document exactly as `plan --format json` printed it when the plan was made. */
  readonly document: PlanDocument;
  /** The Manager's API root the plan was made against. */
  readonly manager: string;
  /** The apinizer-keys version that wrote the file. */
  readonly toolVersion: string;
}

/**
 * `show PLANFILE`: reads and checks a saved plan exactly as `apply FILE` does (bounded,
 * against the plan file format) and hands back what may be shown. Offline: no Manager, no
 * desired-state files, no material. The record's salt and fingerprints stay here.
 */
export async function showSavedPlan(path: string): Promise<ShownSavedPlan> {
  const saved = await readSavedPlan(path);
  return {
    path,
    plan: fromPlanDocumentForDisplay(saved.planDocument),
    document: saved.planDocument,
    manager: saved.record.manager,
    toolVersion: saved.record.toolVersion,
  };
}
