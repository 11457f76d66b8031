import { executePlan, type ApplyEvent } from '../apply/execute-plan.js';
import type { ApplyReport } from '../core/model/apply-report.js';
import type { LiveState } from '../core/model/live-state.js';
import type { Plan } from '../core/model/plan.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import { summarizePlan } from '../core/model/plan-summary.js';
import type { ConnectionSource } from './connection.js';
import { loadDesired } from './load-desired.js';
import { planInSession } from './plan-changes.js';
import { readBackApplied } from './read-back-applied.js';
import { refuseBlockedPlan } from './refuse-blocked-plan.js';
import { withSession, type Session } from './session.js';
import type { RunHooks, Workspace } from './workspace.js';

/** Tracks SIGINT/SIGTERM during an apply. */
export interface InterruptGuard {
  readonly isStopping: () => boolean;
  readonly dispose: () => void;
}

/** What the caller sees and decides during an apply. */
export interface ApplyHooks extends RunHooks {
  /** The plan about to be applied, to show it before anything changes. */
  readonly showPlan: (plan: Plan) => void;
  /** Resolves when the user approves, throws otherwise. Absent: the plan is approved (a saved plan, --auto-approve). */
  readonly approve?: (plan: Plan) => Promise<void>;
  /** Called as execution starts; its `isStopping` is checked before each operation (SIGINT/SIGTERM). */
  readonly guardInterrupts: () => InterruptGuard;
  readonly onEvent: (event: ApplyEvent) => void;
  /**
   * False skips re-reading the changed projects after the operations (`--no-read-back`), so
   * a Manager that answers success without doing it goes unnoticed. Default: on.
   */
  readonly readBack?: boolean;
}

/** An apply: the plan that was shown and executed, and how each operation ended. */
export interface AppliedChanges {
  readonly plan: Plan;
  readonly report: ApplyReport;
}

/** `apply`: plans, shows the plan, asks, and carries out exactly the plan that was shown. */
export async function applyChanges(
  request: PlanRequest,
  connection: ConnectionSource,
  workspace: Workspace,
  hooks: ApplyHooks,
): Promise<AppliedChanges> {
  const desired = await loadDesired(request, workspace);
  return withSession(connection, async (session) => {
    const { plan, snapshot } = await planInSession(session, desired, request, workspace, hooks);
    return executeShownPlan(session, plan, snapshot.live, hooks);
  });
}

/**
 * Shows the plan, refuses a blocked one, asks, executes, and reads the changed projects
 * back (unless turned off). Shared by apply and apply of a saved plan; `planned` is the live
 * state the plan was made from.
 */
export async function executeShownPlan(session: Session, plan: Plan, planned: LiveState, hooks: ApplyHooks): Promise<AppliedChanges> {
  hooks.showPlan(plan);
  refuseBlockedPlan(plan);
  if (!summarizePlan(plan).hasChanges) return { plan, report: { results: [], interrupted: false } };
  if (hooks.approve) await hooks.approve(plan);
  const interrupts = hooks.guardInterrupts();
  try {
    const report = await executePlan(plan, session.client, {
      limit: session.limit,
      isStopping: interrupts.isStopping,
      onEvent: hooks.onEvent,
    });
    if (hooks.readBack === false) return { plan, report: { ...report, readBack: { status: 'skipped', reason: 'turned-off' } } };
    return { plan, report: await readBackApplied(session, report, planned) };
  } finally {
    interrupts.dispose();
  }
}
