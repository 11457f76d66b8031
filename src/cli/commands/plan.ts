import { writeFile } from 'node:fs/promises';
import { AppError } from '../../common/app-error.js';
import { summarizePlan } from '../../core/plan/summarize-plan.js';
import { renderPlanJson } from '../../core/render/render-plan-json.js';
import { renderPlanText } from '../../core/render/render-plan-text.js';
import { recordPlan } from '../../saved-plan/record-plan.js';
import { serializeSavedPlan } from '../../saved-plan/saved-plan-file.js';
import { buildPlan, refuseBlockedPlan, type BuiltPlan, type PlanFlags } from '../build-plan.js';
import { EXIT } from '../exit-codes.js';
import { createOutput, type Output } from '../output.js';

/** Flags of `plan`. */
export interface PlanCommandFlags extends PlanFlags {
  readonly format: 'text' | 'json';
  readonly detailedExitcode?: boolean;
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
  output.result(
    flags.format === 'json' ? renderPlanJson(plan) : renderPlanText(plan, { color: output.color, verbose: flags.verbose ?? false }),
  );
  refuseBlockedPlan(plan);
  if (flags.out !== undefined) await savePlan(flags.out, flags, built, output);
  return flags.detailedExitcode && summarizePlan(plan).hasChanges ? EXIT.changes : EXIT.ok;
}

async function savePlan(path: string, flags: PlanCommandFlags, built: BuiltPlan, output: Output): Promise<void> {
  const record = recordPlan(built.desired, built.run, {
    files: flags.file,
    options: {
      targets: flags.target,
      replaceContent: flags.replaceContent,
      jwkDeleteAction: flags.jwkDeleteAction,
      allowMassDelete: flags.allowMassDelete ?? false,
      allowOutsideFiles: flags.allowOutsideFiles ?? false,
    },
  });
  const document = JSON.parse(renderPlanJson(built.plan)) as Record<string, unknown>;
  await writeFile(path, serializeSavedPlan(document, record));
  output.note(`Saved the plan to ${path}. Apply exactly this plan with: apinizer-keys apply ${path}`);
}
