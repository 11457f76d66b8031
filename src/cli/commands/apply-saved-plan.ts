import { AppError } from '../../common/app-error.js';
import { applySavedPlan, readSavedPlan } from '../../engine/index.js';
import { readConnection } from '../connection.js';
import { createOutput } from '../output.js';
import { listGivenPlanningFlags } from '../plan-request-flags.js';
import { runWatched } from '../still-working.js';
import { makeApplyHooks, reportApplied, type ApplyCommandFlags } from './apply.js';

/**
 * `apinizer-keys apply PLANFILE`: executes a saved plan as it is, without a prompt (the
 * reviewed file is the approval), if nothing it was made from has changed.
 */
export async function runApplySavedPlanCommand(path: string, flags: ApplyCommandFlags): Promise<number> {
  const given = listGivenPlanningFlags(flags);
  if (given.length > 0) {
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `apply ${path} applies the saved plan as it is and takes no planning options (got ${given.join(', ')}).`,
      hint: 'Drop them, or make a new plan with them.',
    });
  }
  const output = createOutput({ ...flags, machineReadable: flags.format === 'json' });
  // The file first: a wrong path is the error to report, before any missing connection setting.
  const saved = await readSavedPlan(path);
  const connection = readConnection(flags, process.env, output);
  const applied = await runWatched(output, process.env, 'waiting on the Manager', (watched) =>
    applySavedPlan(saved, connection, { cwd: process.cwd(), env: process.env }, makeApplyHooks(flags, watched)),
  );
  return reportApplied(applied, flags, output);
}
