import { type PLAN_FORMAT_VERSION, type Plan } from './plan.js';
import { summarizePlan } from './plan-summary.js';

/**
 * The canonical plan document: the plan itself as plain JSON data (material already
 * `(sensitive)`, through its own toJSON) plus the derived summary. It is what
 * `--format json` prints and what a saved plan stores and compares, one definition for both.
 */
export type PlanDocument = Record<string, unknown> & { readonly formatVersion: typeof PLAN_FORMAT_VERSION };

/** The plan's document. Plain data: no class instances, no undefined fields. */
export function toPlanDocument(plan: Plan): PlanDocument {
  return JSON.parse(JSON.stringify({ ...plan, summary: summarizePlan(plan) })) as PlanDocument;
}

/**
 * The plan a document describes, without material (a document never holds any: the
 * caller adds it back from what it resolved itself). Only the structure is taken; that the
 * document is one the planner would make now is for the caller to establish (a saved plan
 * is compared with a fresh plan's document before this is used).
 */
export function fromPlanDocument(document: PlanDocument): Plan {
  const { summary: _summary, ...plan } = document as PlanDocument & { summary?: unknown };
  const entries = (plan['entries'] as Plan['entries']).map((entry) =>
    entry.action === 'create' || entry.action === 'update'
      ? { ...entry, spec: { ...entry.spec, environments: entry.spec.environments.map(({ material: _m, ...environment }) => environment) } }
      : entry,
  );
  return { ...(plan as unknown as Plan), entries };
}
