import { AppError } from '../common/app-error.js';
import { toPlanDocument } from '../core/model/plan-document.js';
import { recordPlan } from '../saved-plan/record-plan.js';
import { MAX_SAVED_PLAN_BYTES, serializeSavedPlan } from '../saved-plan/saved-plan-file.js';
import { createPlanTooLargeError } from '../saved-plan/read-plan-file.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import type { PlannedChanges } from './plan-changes.js';

/** Refuses a request a saved plan cannot be made from: standard input, which apply cannot read again. */
export function assertSavableRequest(request: Pick<PlanRequest, 'files'>): void {
  if (!request.files.includes('-')) return;
  throw new AppError({
    code: 'usage',
    fault: 'user',
    message: 'A saved plan cannot be made from standard input: apply FILE must read the same input again.',
    hint: 'Pass the desired state as files with -f.',
  });
}

/**
 * The text of `plan --out FILE`: the plan's document and the record apply checks it with.
 * Refuses what {@link assertSavableRequest} refuses, and a plan too large for apply to read.
 */
export function serializePlanForApply(planned: PlannedChanges, path: string): string {
  assertSavableRequest(planned.request);
  const text = serializeSavedPlan(toPlanDocument(planned.plan), recordPlan(planned));
  if (Buffer.byteLength(text, 'utf8') > MAX_SAVED_PLAN_BYTES) throw createPlanTooLargeError(path, true);
  return text;
}
