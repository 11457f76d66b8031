import { countApplyResults, isApplySuccessful, type ApplyReport, type OperationOutcome } from '../model/apply-report.js';
import type { Plan } from '../model/plan.js';
import { summarizePlan } from '../model/plan-summary.js';
import { countReadBack } from '../model/read-back.js';
import { NO_ENVIRONMENT_DETAIL } from './wording.js';
import { stringifyDocument } from '../../common/stringify-document.js';

/**
 * An apply as one JSON document: the plan that was applied, and each operation's outcome.
 * A deployment without per-environment results carries `note` saying so, so an empty
 * `environments` is not mistaken for "every environment confirmed". Each operation carries
 * its read-back verdict, and `apply.readBack` what the read back as a whole did.
 */
export function renderApplyJson(plan: Plan, report: ApplyReport): string {
  const document = {
    ...plan,
    summary: summarizePlan(plan),
    apply: {
      success: isApplySuccessful(report),
      interrupted: report.interrupted,
      counts: countApplyResults(report),
      results: report.results.map(({ entry, outcome, readBack }) => ({
        address: entry.address,
        action: entry.action,
        ...describeOutcome(outcome),
        ...(readBack === undefined ? {} : { readBack }),
      })),
      ...(report.readBack === undefined ? {} : { readBack: describeReadBack(report) }),
    },
  };
  return stringifyDocument(document);
}

/** The read back of the whole apply, with its counts where it ran. */
function describeReadBack(report: ApplyReport): Record<string, unknown> | undefined {
  const run = report.readBack;
  if (run?.status !== 'done') return run;
  return { ...run, counts: countReadBack(report.results.map((result) => result.readBack)) };
}

function describeOutcome(outcome: OperationOutcome): OperationOutcome | Record<string, unknown> {
  if (!('deployment' in outcome) || outcome.deployment.environments.length > 0) return outcome;
  return { ...outcome, deployment: { ...outcome.deployment, note: NO_ENVIRONMENT_DETAIL } };
}
