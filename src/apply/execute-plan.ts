import type { ApinizerClient } from '../apinizer/client.js';
import type { Limiter } from '../common/limiter.js';
import type { ApplyReport, OperationOutcome, OperationResult } from '../core/model/apply-report.js';
import { listChangeEntries, type ChangeEntry, type Plan } from '../core/model/plan.js';
import { runOperation } from './run-operation.js';

/** Progress of an apply, for the CLI to print as whole lines. */
export type ApplyEvent =
  | { readonly type: 'start'; readonly entry: ChangeEntry }
  | { readonly type: 'end'; readonly entry: ChangeEntry; readonly outcome: OperationOutcome };

/** How to run an apply. */
export interface ExecuteOptions {
  /** Shared bound on requests in flight. */
  readonly limit: Limiter;
  readonly onEvent: (event: ApplyEvent) => void;
  /** Checked before each operation starts; true after SIGINT/SIGTERM. */
  readonly isStopping: () => boolean;
}

/**
 * Carries out exactly the plan's changes. Within a project, creates and updates run
 * before deletes, so a rotated key is never missing; unless all of them succeeded, the
 * project's deletes are skipped. Projects proceed independently, all sharing one
 * limiter, so a slot never idles while work is ready.
 */
export async function executePlan(plan: Plan, client: ApinizerClient, options: ExecuteOptions): Promise<ApplyReport> {
  const changes = listChangeEntries(plan);
  const outcomes = new Map<ChangeEntry, OperationOutcome>();
  const run = async (entry: ChangeEntry): Promise<OperationOutcome> => {
    const outcome = await options.limit(async (): Promise<OperationOutcome> => {
      if (options.isStopping()) return { status: 'skipped', reason: 'interrupted before it started' };
      options.onEvent({ type: 'start', entry });
      return runOperation(client, entry);
    });
    if (outcome.status !== 'skipped') options.onEvent({ type: 'end', entry, outcome });
    outcomes.set(entry, outcome);
    return outcome;
  };

  const byProject = new Map<string, ChangeEntry[]>();
  for (const entry of changes) {
    const list = byProject.get(entry.project);
    if (list) list.push(entry);
    else byProject.set(entry.project, [entry]);
  }
  await Promise.all(
    [...byProject].map(async ([project, inProject]) => {
      const writes = await Promise.all(inProject.filter((entry) => entry.action !== 'delete').map(run));
      const deletes = inProject.filter((entry) => entry.action === 'delete');
      // A partial create (some environment did not deploy) blocks deletes too: deleting the
      // old key of a rotation would leave that environment with neither.
      const blocked = writes.some((outcome) => outcome.status !== 'succeeded' && outcome.status !== 'already-done');
      if (blocked) {
        const reason = options.isStopping()
          ? 'interrupted before it started'
          : `a create or update in project "${project}" did not fully succeed, so its deletes were not run`;
        for (const entry of deletes) outcomes.set(entry, { status: 'skipped', reason });
        return;
      }
      await Promise.all(deletes.map(run));
    }),
  );
  const results: OperationResult[] = changes.map((entry) => ({ entry, outcome: outcomes.get(entry)! }));
  // A signal after the last operation started still makes the run an interrupted one.
  return { results, interrupted: options.isStopping() };
}
