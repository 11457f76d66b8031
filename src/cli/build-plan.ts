import { readFile } from 'node:fs/promises';
import type { ApinizerClient } from '../apinizer/client.js';
import { AppError } from '../common/app-error.js';
import { createLimiter, type Limiter } from '../common/limiter.js';
import type { JwkDeleteAction } from '../core/model/domain.js';
import type { DesiredState } from '../core/model/desired-state.js';
import type { Plan } from '../core/model/plan.js';
import { loadDesiredState } from '../desired/load-desired-state.js';
import { planAgainstManager, type PlannedRun } from '../live/plan-against-manager.js';
import { connectToManager, resolveManager, type ConnectionFlags } from './connection.js';
import type { Output, OutputFlags } from './output.js';

/** Flags shared by plan and apply. */
export interface PlanFlags extends ConnectionFlags, OutputFlags {
  readonly file: readonly string[];
  readonly target: readonly string[];
  readonly replaceContent: readonly string[];
  readonly jwkDeleteAction?: JwkDeleteAction;
  readonly allowMassDelete?: boolean;
  readonly allowOutsideFiles?: boolean;
  readonly parallelism: number;
}

/** A plan ready to show or apply, what it was made from, and the connection it was made over. */
export interface BuiltPlan {
  readonly plan: Plan;
  readonly desired: DesiredState;
  readonly run: PlannedRun;
  readonly client: ApinizerClient;
  readonly limit: Limiter;
  /** The Manager's normalized API root (`https://host/apiops`), recorded in a saved plan. */
  readonly manager: string;
}

/** Loads the file(s), connects, reads live state and plans. */
export async function buildPlan(flags: PlanFlags, output: Output): Promise<BuiltPlan> {
  const cwd = process.cwd();
  const desired = await loadDesiredState({ files: flags.file, cwd });
  const manager = resolveManager(flags, process.env).base.baseUrl;
  const client = await connectToManager(flags, process.env, output);
  const limit = createLimiter(flags.parallelism);
  const run = await planAgainstManager(desired, {
    client,
    limit,
    materialIo: { env: process.env, readFile: (path) => readFile(path), rootDir: cwd, allowOutsideFiles: flags.allowOutsideFiles ?? false },
    planOptions: {
      targets: flags.target,
      replaceContent: flags.replaceContent,
      jwkDeleteAction: flags.jwkDeleteAction,
      allowMassDelete: flags.allowMassDelete,
    },
    note: output.verbose,
  }).catch((error: unknown) => {
    // Keep-alive sockets and reads still in flight must not hold the process after an error.
    client.close();
    throw error;
  });
  return { plan: run.plan, desired, run, client, limit, manager };
}

/** Turns a plan's blockers into the run's error, after the plan itself was shown. */
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
