import type { Plan } from '../model/plan.js';
import { toPlanDocument } from '../model/plan-document.js';

/** The plan as JSON: its canonical document, pretty-printed. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(toPlanDocument(plan), null, 2)}\n`;
}
