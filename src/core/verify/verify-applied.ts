import type { OperationResult } from '../model/apply-report.js';
import type { LiveState } from '../model/live-state.js';
import type { ReadBackVerdict } from '../model/read-back.js';
import { checkAppliedEntry } from './check-applied-entry.js';
import { isCheckable } from './list-read-back-targets.js';

/**
 * Each operation's result with its read-back verdict: whether `live`, the projects re-read
 * after the apply, shows what the operation intended. Pure: plan entries, outcomes and the
 * re-read state in, verdicts out. `live` must hold every project
 * {@link listReadBackTargets} named; the JWK list only where it said so.
 */
export function verifyApplied(results: readonly OperationResult[], live: LiveState): OperationResult[] {
  return results.map((result) => ({ ...result, readBack: judge(result, live) }));
}

function judge({ entry, outcome }: OperationResult, live: LiveState): ReadBackVerdict {
  if (!isCheckable(outcome)) {
    return { status: 'not-checked', reason: outcome.status === 'failed' ? 'failed, so not checked' : 'not run, so not checked' };
  }
  const project = live.get(entry.project);
  // A target the caller did not re-read is a bug in the caller, not a finding about the Manager.
  if (!project) throw new Error(`project ${entry.project} was not read back`);
  const mismatches = checkAppliedEntry(entry, project);
  return mismatches.length === 0 ? { status: 'confirmed' } : { status: 'unconfirmed', mismatches };
}
