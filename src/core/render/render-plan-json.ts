import type { Plan } from '../model/plan.js';
import { toPlanDocument } from '../model/plan-document.js';
import { stringifyDocument } from '../../common/stringify-document.js';

/** The plan as JSON: its canonical document, pretty-printed. */
export function renderPlanJson(plan: Plan): string {
  return stringifyDocument(toPlanDocument(plan));
}
