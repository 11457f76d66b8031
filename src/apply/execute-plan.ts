import type { ApinizerClient } from '../apinizer/client.js';
import type { Limiter } from '../common/limiter.js';
import type { ApplyReport, OperationOutcome, OperationResult } from '../core/model/apply-report.js';
import { listChangeEntries, type ChangeEntry, type Plan } from '../core/model/plan.js';
import { runOperation } from './run-operation.js';

/** Failures that say the run's credentials no longer work: the run stops starting operations. */
const HALTING_CODES: ReadonlySet<string> = new Set(['unauthorized', 'token_expired']);

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
  // Set by the first operation the Manager refused for the credentials: every later one would
  // be refused the same way (and an expired token or a locked account is not made better by
  // sending the rest), so nothing more is started.
  let halted: string | undefined;
  const whyNotStarted = (): string | undefined =>
    options.isStopping() ? 'interrupted before it started' : halted === undefined ? undefined : `not started: ${halted}`;
  const run = async (entry: ChangeEntry): Promise<OperationOutcome> => {
    const outcome = await options.limit(async (): Promise<OperationOutcome> => {
      const reason = whyNotStarted();
      if (reason !== undefined) return { status: 'skipped', reason };
      options.onEvent({ type: 'start', entry });
      const done = await runOperation(client, entry);
      // Inside the slot: the next operation waiting for it must already see the halt.
      if (done.status === 'failed' && HALTING_CODES.has(done.code))
        halted ??= `an earlier operation was refused (${done.code}), so the credentials no longer work`;
      return done;
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
        const reason = whyNotStarted() ?? `a create or update in project "${project}" did not fully succeed, so its deletes were not run`;
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
