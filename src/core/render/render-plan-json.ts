import type { Plan } from '../model/plan.js';
import { summarizePlan } from '../plan/summarize-plan.js';

/**
 * The plan as JSON: the model itself plus derived summary counts. Material serializes
 * as `(sensitive)` through its own toJSON, so nothing here has to remember to redact.
 */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify({ ...plan, summary: summarizePlan(plan) }, null, 2)}\n`;
}

/**
 * The plan's JSON document as plain data, exactly as `renderPlanJson` prints it (material
 * already `(sensitive)`): what saved plans store and compare.
 */
export function makePlanDocument(plan: Plan): Record<string, unknown> {
  return JSON.parse(renderPlanJson(plan)) as Record<string, unknown>;
}
