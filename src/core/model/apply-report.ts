import type { ErrorCode } from '../../common/app-error.js';
import type { DeploymentResult } from './live-state.js';
import type { ChangeEntry } from './plan.js';

/**
 * How one operation ended. Only what the Manager confirmed counts as done:
 * - `succeeded`: confirmed, every environment deployed/undeployed;
 * - `partial`: the change was made but some environment reported `success: false`;
 * - `already-done`: a delete found the key gone, or a create found it already there as planned;
 * - `failed`: the Manager refused or could not be reached; nothing is known to have changed;
 * - `skipped`: not attempted, with the reason.
 */
export type OperationOutcome =
  | { readonly status: 'succeeded'; readonly deployment: DeploymentResult; readonly durationMs: number; readonly note?: string }
  | { readonly status: 'partial'; readonly deployment: DeploymentResult; readonly durationMs: number }
  | { readonly status: 'already-done'; readonly durationMs: number; readonly note: string }
  | { readonly status: 'failed'; readonly code: ErrorCode; readonly message: string; readonly durationMs: number }
  | { readonly status: 'skipped'; readonly reason: string };

/** One executed (or skipped) plan entry. */
export interface OperationResult {
  readonly entry: ChangeEntry;
  readonly outcome: OperationOutcome;
}

/** Everything an apply did, in plan order. */
export interface ApplyReport {
  readonly results: readonly OperationResult[];
  /** True when the run was interrupted (SIGINT/SIGTERM) before every operation started. */
  readonly interrupted: boolean;
}

/** Counts for the apply summary line. */
export interface ApplyCounts {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly partial: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Derives the counts; `created`/`updated`/`deleted` count only confirmed changes (incl. already done). */
export function countApplyResults(report: ApplyReport): ApplyCounts {
  const confirmed = (action: ChangeEntry['action']) =>
    report.results.filter((r) => r.entry.action === action && (r.outcome.status === 'succeeded' || r.outcome.status === 'already-done'))
      .length;
  const status = (s: OperationOutcome['status']) => report.results.filter((r) => r.outcome.status === s).length;
  return {
    created: confirmed('create'),
    updated: confirmed('update'),
    deleted: confirmed('delete'),
    partial: status('partial'),
    failed: status('failed'),
    skipped: status('skipped'),
  };
}

/** Whether everything in the plan was carried out and confirmed. */
export function isApplySuccessful(report: ApplyReport): boolean {
  const counts = countApplyResults(report);
  return !report.interrupted && counts.partial + counts.failed + counts.skipped === 0;
}
