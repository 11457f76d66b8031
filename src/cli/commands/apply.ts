import { executePlan } from '../../apply/execute-plan.js';
import { AppError } from '../../common/app-error.js';
import { isApplySuccessful } from '../../core/model/apply-report.js';
import type { Plan } from '../../core/model/plan.js';
import { summarizePlan } from '../../core/plan/summarize-plan.js';
import { renderApplyJson } from '../../core/render/render-apply-json.js';
import { renderApplySummary, renderOperationEnd, renderOperationStart } from '../../core/render/render-apply-text.js';
import { renderPlanText } from '../../core/render/render-plan-text.js';
import { buildPlan, refuseBlockedPlan, type PlanFlags } from '../build-plan.js';
import { askForApproval } from '../confirm.js';
import { EXIT } from '../exit-codes.js';
import { guardInterrupts } from '../interrupt.js';
import { createOutput } from '../output.js';

/** Flags of `apply`. */
export interface ApplyCommandFlags extends PlanFlags {
  readonly format: 'text' | 'json';
  readonly autoApprove?: boolean;
}

/** `apinizer-keys apply`: plans, shows the plan, asks, and carries it out. Returns the exit status. */
export async function runApplyCommand(flags: ApplyCommandFlags): Promise<number> {
  const json = flags.format === 'json';
  const output = createOutput({ ...flags, machineReadable: json });
  const { plan, client, limit } = await buildPlan(flags, output);
  try {
    output.progress(renderPlanText(plan, { color: output.color, verbose: flags.verbose ?? false }));
    refuseBlockedPlan(plan);
    if (!summarizePlan(plan).hasChanges) {
      if (json) output.result(renderApplyJson(plan, { results: [], interrupted: false }));
      return EXIT.ok;
    }
    if (!flags.autoApprove) await confirmApply(plan);
    const interrupts = guardInterrupts(output);
    const report = await executePlan(plan, client, {
      limit,
      isStopping: interrupts.isStopping,
      onEvent: (event) => {
        if (event.type === 'start') output.progress(renderOperationStart(event.entry, output.color));
        else output.progress(renderOperationEnd(event.entry, event.outcome, output.color).join('\n'));
      },
    }).finally(() => interrupts.dispose());
    output.progress(['', ...renderApplySummary(report, output.color)].join('\n'));
    if (json) output.result(renderApplyJson(plan, report));
    if (report.interrupted) return EXIT.interrupted;
    return isApplySuccessful(report) ? EXIT.ok : EXIT.error;
  } finally {
    client.close();
  }
}

async function confirmApply(plan: Plan): Promise<void> {
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
