import { AppError } from '../../common/app-error.js';
import { summarizePlan } from '../../core/plan/summarize-plan.js';
import { makePlanDocument, renderPlanJson } from '../../core/render/render-plan-json.js';
import { renderPlanMarkdown } from '../../core/render/render-plan-markdown.js';
import { renderPlanText } from '../../core/render/render-plan-text.js';
import type { Plan } from '../../core/model/plan.js';
import { recordPlan } from '../../saved-plan/record-plan.js';
import { MAX_SAVED_PLAN_BYTES, serializeSavedPlan } from '../../saved-plan/saved-plan-file.js';
import { buildPlan, refuseBlockedPlan, type BuiltPlan, type PlanFlags } from '../build-plan.js';
import { EXIT } from '../exit-codes.js';
import { writeOutputFile } from '../write-output-file.js';
import { createOutput, type Output } from '../output.js';
import { createPlanTooLargeError } from '../read-plan-file.js';

/** Flags of `plan`. */
export interface PlanCommandFlags extends PlanFlags {
  readonly format: 'text' | 'json' | 'markdown';
  readonly detailedExitcode?: boolean;
  /** `--drift`: a drift check, worded as drift. */
  readonly drift?: boolean;
  /** `--out FILE`: save the plan for `apply FILE`. */
  readonly out?: string;
}

/** `apinizer-keys plan`: shows what apply would do. Returns the exit status. */
export async function runPlanCommand(flags: PlanCommandFlags): Promise<number> {
  if (flags.out !== undefined && flags.file.includes('-')) {
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: 'A saved plan cannot be made from standard input: apply FILE must read the same input again.',
      hint: 'Pass the desired state as files with -f.',
    });
  }
  const output = createOutput({ ...flags, machineReadable: flags.format !== 'text' });
  const built = await buildPlan(flags, output);
  built.client.close();
  const { plan } = built;
  output.result(renderPlan(plan, flags, output.color));
  refuseBlockedPlan(plan);
  if (flags.out !== undefined) await savePlan(flags.out, flags, built, output);
  return flags.detailedExitcode && summarizePlan(plan).hasChanges ? EXIT.changes : EXIT.ok;
}

function renderPlan(plan: Plan, flags: PlanCommandFlags, color: boolean): string {
  switch (flags.format) {
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return renderPlanMarkdown(plan, { drift: flags.drift });
    case 'text':
      return renderPlanText(plan, { color, verbose: flags.verbose ?? false, drift: flags.drift });
  }
}

async function savePlan(path: string, flags: PlanCommandFlags, built: BuiltPlan, output: Output): Promise<void> {
  const record = recordPlan(built.desired, built.run, {
    manager: built.manager,
    files: flags.file,
    options: {
      targets: flags.target,
      replaceContent: flags.replaceContent,
      jwkDeleteAction: flags.jwkDeleteAction,
      allowMassDelete: flags.allowMassDelete ?? false,
      allowOutsideFiles: flags.allowOutsideFiles ?? false,
    },
  });
  const text = serializeSavedPlan(makePlanDocument(built.plan), record);
  // Never write a plan that apply FILE would refuse to read.
  if (Buffer.byteLength(text, 'utf8') > MAX_SAVED_PLAN_BYTES) throw createPlanTooLargeError(path);
  await writeOutputFile(path, text);
  output.note(`Saved the plan to ${path}. Apply exactly this plan with: apinizer-keys apply ${path}`);
}
