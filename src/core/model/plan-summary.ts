import type { JwkEffect, Plan, PlanAction, PlanEntry } from './plan.js';

/** Counts derived from a plan, for summary lines and warnings. */
export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly noop: number;
  /** Whether applying would change anything. */
  readonly hasChanges: boolean;
  /** JWKs affected by deletes and updates, by effect. */
  readonly jwks: Readonly<Record<JwkEffect, number>>;
  /** Projects with at least one delete, sorted. */
  readonly projectsWithDeletes: readonly string[];
}

/** Derives the summary; the plan itself stores no counts. */
export function summarizePlan(plan: Plan): PlanSummary {
  const count = (action: PlanAction) => plan.entries.filter((entry) => entry.action === action).length;
  const jwks: Record<JwkEffect, number> = { deleted: 0, detached: 0, reparsed: 0 };
  for (const entry of plan.entries) {
    for (const jwk of affectedJwksOf(entry) ?? []) jwks[jwk.effect] += 1;
  }
  const summary = { create: count('create'), update: count('update'), delete: count('delete'), noop: count('no-op') };
  return {
    ...summary,
    hasChanges: summary.create + summary.update + summary.delete > 0,
    jwks,
    projectsWithDeletes: [...new Set(plan.entries.filter((e) => e.action === 'delete').map((e) => e.project))],
  };
}

/** The JWKs an entry affects; undefined when not read or not applicable. */
export function affectedJwksOf(entry: PlanEntry) {
  return entry.action === 'delete' || entry.action === 'update' ? entry.affectedJwks : undefined;
}
