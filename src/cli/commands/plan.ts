import { renderPlanJson } from '../../core/render/render-plan-json.js';
import { renderPlanText } from '../../core/render/render-plan-text.js';
import { summarizePlan } from '../../core/plan/summarize-plan.js';
import { buildPlan, refuseBlockedPlan, type PlanFlags } from '../build-plan.js';
import { EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';

/** Flags of `plan`. */
export interface PlanCommandFlags extends PlanFlags {
  readonly format: 'text' | 'json';
  readonly detailedExitcode?: boolean;
}

/** `apinizer-keys plan`: shows what apply would do. Returns the exit status. */
export async function runPlanCommand(flags: PlanCommandFlags): Promise<number> {
  const output = createOutput({ ...flags, machineReadable: flags.format !== 'text' });
  const { plan, client } = await buildPlan(flags, output);
  client.close();
  output.result(
    flags.format === 'json' ? renderPlanJson(plan) : renderPlanText(plan, { color: output.color, verbose: flags.verbose ?? false }),
  );
  refuseBlockedPlan(plan);
  return flags.detailedExitcode && summarizePlan(plan).hasChanges ? EXIT.changes : EXIT.ok;
}
