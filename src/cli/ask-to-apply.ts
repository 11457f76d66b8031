import { AppError } from '../common/app-error.js';
import type { Plan } from '../core/model/plan.js';
import { summarizePlan } from '../core/model/plan-summary.js';
import { askForApproval } from './confirm.js';

/**
 * Asks on the terminal whether to apply, naming how many keys go and how many JWKs are
 * deleted or detached. Without a terminal it refuses: an unattended apply must say
 * --auto-approve, or apply a saved plan.
 */
export async function askToApply(plan: Plan): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new AppError({
      code: 'not_confirmed',
      fault: 'user',
      message: 'Refusing to apply without confirmation: there is no terminal to ask on. Nothing was changed.',
      hint: 'Review the plan and pass --auto-approve, or apply a saved plan.',
    });
  }
  const summary = summarizePlan(plan);
  const deletes =
    summary.delete > 0
      ? `\n  ${summary.delete} key(s) will be DELETED permanently and undeployed from every environment;` +
        ` ${summary.jwks.deleted} JWK(s) will be deleted and ${summary.jwks.detached} detached.`
      : '';
  const approved = await askForApproval(
    `\nDo you want to perform these actions?${deletes}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `,
  );
  if (!approved) {
    throw new AppError({ code: 'not_confirmed', fault: 'user', message: 'Apply cancelled at the prompt. Nothing was changed.' });
  }
}
