import { Secret } from '../../common/secret.js';
import { Material } from './material.js';
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

/**
 * Stands in, in a plan made only to be shown, for material the document marks as sent
 * (`"(sensitive)"`): the renderers then say `(sensitive) from …` as for the plan that was
 * made, where a plan without it would say `(not read here)`. It holds nothing, and such a
 * plan is never executed.
 */
const SHOWN_MATERIAL = new Material(new Secret(''), '');

/**
 * The plan a document describes, for display only (`show PLANFILE`): like
 * {@link fromPlanDocument}, but an environment whose material the document marks as sent
 * keeps a placeholder, so the plan renders exactly as when it was made.
 */
export function fromPlanDocumentForDisplay(document: PlanDocument): Plan {
  const { summary: _summary, ...plan } = document as PlanDocument & { summary?: unknown };
  const entries = (plan['entries'] as Plan['entries']).map((entry) =>
    entry.action === 'create' || entry.action === 'update'
      ? {
          ...entry,
          spec: {
            ...entry.spec,
            environments: entry.spec.environments.map(({ material, ...environment }) =>
              material === undefined ? environment : { ...environment, material: SHOWN_MATERIAL },
            ),
          },
        }
      : entry,
  );
  return { ...(plan as unknown as Plan), entries };
}
