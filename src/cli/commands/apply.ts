import { isApplySuccessful } from '../../core/model/apply-report.js';
import { renderApplyJson } from '../../core/render/render-apply-json.js';
import { renderApplySummary, renderOperationEnd, renderOperationStart } from '../../core/render/render-apply-text.js';
import { renderPlanText } from '../../core/render/render-plan-text.js';
import { applyChanges, type AppliedChanges, type ApplyHooks } from '../../engine/index.js';
import { askToApply } from '../ask-to-apply.js';
import { readConnection, type ConnectionFlags } from '../connection.js';
import { EXIT } from '../exit-codes.js';
import { guardInterrupts } from '../interrupt.js';
import { createOutput, type Output, type OutputFlags } from '../output.js';
import { toPlanRequest, type PlanRequestFlags } from '../plan-request-flags.js';
import { runWatched, type StillWorking } from '../still-working.js';
import type { Plan } from '../../core/model/plan.js';

/** Flags of `apply`. */
export interface ApplyCommandFlags extends PlanRequestFlags, ConnectionFlags, OutputFlags {
  readonly format: 'text' | 'json';
  readonly autoApprove?: boolean;
  /** False with `--no-read-back`. */
  readonly readBack?: boolean;
}

/** `apinizer-keys apply`: plans, shows the plan, asks unless approved, and carries it out. Returns the exit status. */
export async function runApplyCommand(flags: ApplyCommandFlags): Promise<number> {
  const output = createOutput({ ...flags, machineReadable: flags.format === 'json' });
  // Read when the session opens, after the files loaded: their errors come first.
  const connection = () => readConnection(flags, process.env, output);
  const applied = await runWatched(output, process.env, 'waiting on the Manager', (watched, ticker) =>
    applyChanges(
      toPlanRequest(flags),
      connection,
      { cwd: process.cwd(), env: process.env },
      {
        ...makeApplyHooks(flags, watched),
        // No "still working" lines over the question: the wait is the user's.
        ...(flags.autoApprove ? {} : { approve: (plan: Plan) => pausedFor(ticker, () => askToApply(plan)) }),
      },
    ),
  );
  return reportApplied(applied, flags, output);
}

async function pausedFor(ticker: StillWorking, ask: () => Promise<void>): Promise<void> {
  ticker.pause();
  try {
    await ask();
  } finally {
    ticker.resume();
  }
}

/** How an apply shows its progress: the plan, each operation as it starts and ends. */
export function makeApplyHooks(flags: Pick<ApplyCommandFlags, 'verbose' | 'readBack'>, output: Output): ApplyHooks {
  return {
    note: output.verbose,
    warn: output.note,
    readBack: flags.readBack !== false,
    showPlan: (plan) => output.progress(renderPlanText(plan, { color: output.color, verbose: flags.verbose ?? false })),
    guardInterrupts: () => guardInterrupts(output),
    onEvent: (event) => {
      if (event.type === 'start') output.progress(renderOperationStart(event.entry, output.color));
      else output.progress(renderOperationEnd(event.entry, event.outcome, output.color).join('\n'));
    },
  };
}

/** Prints the summary (and the JSON document) and gives the exit status. */
export function reportApplied({ plan, report }: AppliedChanges, flags: Pick<ApplyCommandFlags, 'format'>, output: Output): number {
  if (report.results.length > 0 || report.interrupted) output.progress(['', ...renderApplySummary(report, output.color)].join('\n'));
  if (flags.format === 'json') output.result(renderApplyJson(plan, report));
  if (report.interrupted) return EXIT.interrupted;
  return isApplySuccessful(report) ? EXIT.ok : EXIT.error;
}
