import type { DesiredState } from './desired-state.js';
import type { LiveState } from './live-state.js';
import type { MaterialGaps, MaterialTable } from './material.js';
import type { MaterialComparisons } from './material-comparison.js';

/**
 * Everything a plan is made from, gathered before planning: the desired state, the live
 * state of every project in scope (JWK lists are added later, only where the plan needs
 * them), and the material of the present keys in scope. Plain data, no handles.
 */
export interface PlanSnapshot {
  readonly desired: DesiredState;
  readonly live: LiveState;
  /** Material of every present key in scope that could be read. */
  readonly materials: MaterialTable;
  /**
   * Material that could not be read where the plan runs (an unset variable in a job without
   * the key secrets). A blocker only where the plan must send or compare it; otherwise a notice.
   */
  readonly materialGaps?: MaterialGaps;
  /** What comparing live material found, where it was asked for (verdicts only, never material). */
  readonly comparisons?: MaterialComparisons;
}
