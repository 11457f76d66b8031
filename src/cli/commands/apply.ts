import { executePlan } from '../../apply/execute-plan.js';
import { AppError } from '../../common/app-error.js';
import { isApplySuccessful } from '../../core/model/apply-report.js';
import type { Plan } from '../../core/model/plan.js';
import { summarizePlan } from '../../core/plan/summarize-plan.js';
import { renderApplyJson } from '../../core/render/render-apply-json.js';
import { renderApplySummary, renderOperationEnd, renderOperationStart } from '../../core/render/render-apply-text.js';
import { renderPlanText } from '../../core/render/render-plan-text.js';
import { buildPlan, refuseBlockedPlan, type BuiltPlan, type PlanFlags } from '../build-plan.js';
import { askForApproval } from '../confirm.js';
import { EXIT } from '../exit-codes.js';
import { guardInterrupts } from '../interrupt.js';
import { createOutput, type Output } from '../output.js';
import { readPlanFile } from '../read-plan-file.js';
import { resolveManager } from '../connection.js';
import { assertSavedPlanManager } from '../../saved-plan/check-manager.js';
import { assertSavedPlanCurrent } from '../../saved-plan/record-plan.js';
import { parseSavedPlan } from '../../saved-plan/saved-plan-file.js';
import { makePlanDocument } from '../../core/render/render-plan-json.js';

/** Flags of `apply`. */
export interface ApplyCommandFlags extends PlanFlags {
  readonly format: 'text' | 'json';
  readonly autoApprove?: boolean;
}

/**
 * `apinizer-keys apply [PLANFILE]`: plans (or loads and re-checks a saved plan), shows the
 * plan, asks unless approved, and carries it out. Returns the exit status.
 */
export async function runApplyCommand(planFile: string | undefined, flags: ApplyCommandFlags): Promise<number> {
  const json = flags.format === 'json';
  const output = createOutput({ ...flags, machineReadable: json });
  const { plan, client, limit } = planFile === undefined ? await buildPlan(flags, output) : await loadSavedPlan(planFile, flags, output);
  try {
    output.progress(renderPlanText(plan, { color: output.color, verbose: flags.verbose ?? false }));
    refuseBlockedPlan(plan);
    if (!summarizePlan(plan).hasChanges) {
      if (json) output.result(renderApplyJson(plan, { results: [], interrupted: false }));
      return EXIT.ok;
    }
    // A saved plan was reviewed when it was made: the file is the approval.
    if (planFile === undefined && !flags.autoApprove) await confirmApply(plan);
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

/**
 * Loads a saved plan and makes the plan again from the same files and options; refuses,
 * changing nothing, if it was made against another Manager or anything it was made from
 * has changed since.
 */
async function loadSavedPlan(path: string, flags: ApplyCommandFlags, output: Output): Promise<BuiltPlan> {
  const given = PLANNING_FLAGS.filter((name) => {
    const value = flags[name];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
  });
  if (given.length > 0) {
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `apply ${path} applies the saved plan as it is and takes no planning options (got ${given.join(', ')}).`,
      hint: 'Drop them, or make a new plan with them.',
    });
  }
  const saved = parseSavedPlan(await readPlanFile(path), path);
  // Before connecting: a plan for another Manager must not even read from this one.
  assertSavedPlanManager(saved, path, resolveManager(flags, process.env).base.baseUrl);
  const { options, files } = saved.record;
  const built = await buildPlan(
    {
      ...flags,
      file: files,
      target: options.targets,
      replaceContent: options.replaceContent,
      jwkDeleteAction: options.jwkDeleteAction,
      allowMassDelete: options.allowMassDelete,
      allowOutsideFiles: options.allowOutsideFiles,
    },
    output,
  );
  try {
    assertSavedPlanCurrent(saved, built.desired, built.run, makePlanDocument(built.plan));
  } catch (error) {
    built.client.close();
    throw error;
  }
  return built;
}

const PLANNING_FLAGS = ['file', 'target', 'replaceContent', 'jwkDeleteAction', 'allowMassDelete', 'allowOutsideFiles'] as const;

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
