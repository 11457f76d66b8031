import { countApplyResults, isApplySuccessful, type ApplyReport } from '../model/apply-report.js';
import type { Plan } from '../model/plan.js';
import { summarizePlan } from '../plan/summarize-plan.js';

/** An apply as one JSON document: the plan that was applied, and each operation's outcome. */
export function renderApplyJson(plan: Plan, report: ApplyReport): string {
  const document = {
    ...plan,
    summary: summarizePlan(plan),
    apply: {
      success: isApplySuccessful(report),
      interrupted: report.interrupted,
      counts: countApplyResults(report),
      results: report.results.map(({ entry, outcome }) => ({ address: entry.address, action: entry.action, ...outcome })),
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
