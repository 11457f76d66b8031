import type { ErrorCode } from '../../common/app-error.js';
import type { DeploymentResult } from './live-state.js';
import type { ChangeEntry } from './plan.js';
import type { ReadBackRun, ReadBackVerdict } from './read-back.js';

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
  /** What reading the project back after the apply found; absent when the read back did not run. */
  readonly readBack?: ReadBackVerdict;
}

/** Everything an apply did, in plan order. */
export interface ApplyReport {
  readonly results: readonly OperationResult[];
  /** True when the run was interrupted (SIGINT/SIGTERM): before every operation started, or during the read back. */
  readonly interrupted: boolean;
  /** The read back after the operations; absent when nothing was executed. */
  readonly readBack?: ReadBackRun;
}

/** Counts for the apply summary line. */
export interface ApplyCounts {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly partial: number;
  readonly failed: number;
  readonly skipped: number;
  /** Operations the Manager answered as done that the read back found not (fully) done. */
  readonly unconfirmed: number;
}

/**
 * Derives the counts; `created`/`updated`/`deleted` count only changes the Manager confirmed
 * (incl. already done) and the read back did not find undone.
 */
export function countApplyResults(report: ApplyReport): ApplyCounts {
  const confirmed = (action: ChangeEntry['action']) =>
    report.results.filter(
      (r) =>
        r.entry.action === action &&
        (r.outcome.status === 'succeeded' || r.outcome.status === 'already-done') &&
        r.readBack?.status !== 'unconfirmed',
    ).length;
  const status = (s: OperationOutcome['status']) => report.results.filter((r) => r.outcome.status === s).length;
  return {
    created: confirmed('create'),
    updated: confirmed('update'),
    deleted: confirmed('delete'),
    partial: status('partial'),
    failed: status('failed'),
    skipped: status('skipped'),
    unconfirmed: report.results.filter((r) => r.readBack?.status === 'unconfirmed').length,
  };
}

/**
 * Whether everything in the plan was carried out and confirmed, by the Manager's replies and,
 * where it ran, by reading it back: a read back that failed leaves the apply unverified.
 */
export function isApplySuccessful(report: ApplyReport): boolean {
  const counts = countApplyResults(report);
  const unverified = report.readBack?.status === 'failed';
  return !report.interrupted && !unverified && counts.partial + counts.failed + counts.skipped + counts.unconfirmed === 0;
}
