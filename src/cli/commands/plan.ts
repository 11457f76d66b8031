import { summarizePlan } from '../../core/model/plan-summary.js';
import type { Plan } from '../../core/model/plan.js';
import { AppError, toAppError } from '../../common/app-error.js';
import { renderFailureMarkdown } from '../../core/render/render-failure-markdown.js';
import { renderPlanJson } from '../../core/render/render-plan-json.js';
import { renderPlanMarkdown } from '../../core/render/render-plan-markdown.js';
import { renderPlanText } from '../../core/render/render-plan-text.js';
import { assertSavableRequest, planChanges, refuseBlockedPlan, serializePlanForApply } from '../../engine/index.js';
import { readConnection, type ConnectionFlags } from '../connection.js';
import { EXIT } from '../exit-codes.js';
import { createOutput, type Output, type OutputFlags } from '../output.js';
import { runWatched } from '../still-working.js';
import { toPlanRequest, type PlanRequestFlags } from '../plan-request-flags.js';
import { writeOutputFile } from '../write-output-file.js';

/** Flags of `plan`. */
export interface PlanCommandFlags extends PlanRequestFlags, ConnectionFlags, OutputFlags {
  readonly format: 'text' | 'json' | 'markdown';
  readonly detailedExitcode?: boolean;
  /** `--drift`: a drift check, worded as drift. */
  readonly drift?: boolean;
  /** `--out FILE`: save the plan for `apply FILE`. */
  readonly out?: string;
  /** `--max-length N`: the most characters the Markdown output may have (what a comment holds around it). */
  readonly maxLength?: number;
}

/**
 * `apinizer-keys plan`: shows what apply would do. Returns the exit status. With
 * `--format markdown`, a plan that fails before it is shown still writes a Markdown report
 * of the error on stdout (the error line stays on stderr, the exit status 1), so a
 * pull-request comment made from stdout says what went wrong instead of being empty.
 */
export async function runPlanCommand(flags: PlanCommandFlags): Promise<number> {
  const output = createOutput({ ...flags, machineReadable: flags.format !== 'text' });
  let shown = false;
  try {
    return await planAndShow(flags, output, () => (shown = true));
  } catch (error) {
    if (flags.format === 'markdown' && !shown) {
      output.result(renderFailureMarkdown(toAppError(error), { drift: flags.drift, maxLength: flags.maxLength }));
    }
    throw error;
  }
}

async function planAndShow(flags: PlanCommandFlags, output: Output, markShown: () => void): Promise<number> {
  if (flags.maxLength !== undefined && flags.format !== 'markdown') {
    // Refused rather than ignored: a length bound that silently does nothing is a surprise later.
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `--max-length bounds Markdown output only, and this plan is --format ${flags.format}.`,
      hint: 'Add --format markdown, or drop --max-length.',
    });
  }
  const request = toPlanRequest(flags);
  const workspace = { cwd: process.cwd(), env: process.env };
  // Read when the session opens, after the files loaded: their errors come first.
  const connection = () => readConnection(flags, process.env, output);
  // Refused before any request: a saved plan must be one apply can read again.
  if (flags.out !== undefined) assertSavableRequest(request);
  const planned = await runWatched(output, process.env, 'reading the Manager', (watched) =>
    planChanges(request, connection, workspace, { note: watched.verbose, warn: watched.note }),
  );
  output.result(renderPlan(planned.plan, flags, output.color));
  markShown();
  refuseBlockedPlan(planned.plan);
  if (flags.out !== undefined) {
    await writeOutputFile(flags.out, serializePlanForApply(planned, flags.out));
    output.note(`Saved the plan to ${flags.out}. Apply exactly this plan with: apinizer-keys apply ${flags.out}`);
  }
  return flags.detailedExitcode && summarizePlan(planned.plan).hasChanges ? EXIT.changes : EXIT.ok;
}

function renderPlan(plan: Plan, flags: PlanCommandFlags, color: boolean): string {
  switch (flags.format) {
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return renderPlanMarkdown(plan, { drift: flags.drift, maxLength: flags.maxLength });
    case 'text':
      return renderPlanText(plan, { color, verbose: flags.verbose ?? false, drift: flags.drift });
  }
}
