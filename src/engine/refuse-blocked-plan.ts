import { AppError } from '../common/app-error.js';
import type { Plan } from '../core/model/plan.js';

/** Turns a plan's blockers into the run's error; called after the plan itself was shown. */
export function refuseBlockedPlan(plan: Plan): void {
  if (plan.blockers.length === 0) return;
  const [first] = plan.blockers;
  throw new AppError({
    code: plan.blockers.every((b) => b.kind === 'unknown_environment') ? 'unknown_environment' : 'plan_refused',
    fault: 'user',
    message:
      plan.blockers.length === 1
        ? `The plan is refused: ${first!.message} Nothing was changed.`
        : `The plan is refused for ${plan.blockers.length} reasons listed above. Nothing was changed.`,
    hint: plan.blockers.length === 1 ? first!.hint : undefined,
  });
}
