import type { OperationOutcome, OperationResult } from '../model/apply-report.js';

/** A project to re-read after an apply, and whether its JWK list is needed too. */
export interface ReadBackTarget {
  readonly project: string;
  /** True when a checked delete was to delete or keep JWKs: only then is the JWK list read. */
  readonly jwks: boolean;
}

/**
 * Whether the Manager claimed to have done an operation, so reading it back means something:
 * succeeded, partial (the change was made, some environment did not confirm) or already done.
 * Failed and skipped operations claimed nothing.
 */
export function isCheckable(outcome: OperationOutcome): boolean {
  return outcome.status === 'succeeded' || outcome.status === 'partial' || outcome.status === 'already-done';
}

/** The projects with a checkable operation, in plan order, each re-read once. */
export function listReadBackTargets(results: readonly OperationResult[]): ReadBackTarget[] {
  const targets = new Map<string, boolean>();
  for (const { entry, outcome } of results) {
    if (!isCheckable(outcome)) continue;
    const needsJwks = entry.action === 'delete' && (entry.affectedJwks?.length ?? 0) > 0;
    targets.set(entry.project, (targets.get(entry.project) ?? false) || needsJwks);
  }
  return [...targets].map(([project, jwks]) => ({ project, jwks }));
}
