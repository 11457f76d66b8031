import type { ApinizerClient } from '../apinizer/client.js';
import { toAppError } from '../common/app-error.js';
import type { Limiter } from '../common/limiter.js';
import type { ApplyReport } from '../core/model/apply-report.js';
import type { LiveProject, LiveState } from '../core/model/live-state.js';
import { listReadBackTargets, type ReadBackTarget } from '../core/verify/list-read-back-targets.js';
import { verifyApplied } from '../core/verify/verify-applied.js';
import { nameKeyEnvironments } from '../live/read-live-state.js';
import type { Session } from './session.js';

/**
 * Re-reads every project an apply changed and judges each operation against it: one key
 * list per project, plus the JWK list where a delete was to delete or keep JWKs, all in
 * parallel under the session's limiter. `planned` is the live state the plan was made
 * from; its environment lists name the environment ids of key lists (so they are not read
 * again) and tell whether the Manager reports algorithms. A failed re-read is reported in
 * the result, not thrown: the apply happened, it just could not be verified.
 */
export async function readBackApplied(session: Session, report: ApplyReport, planned: LiveState): Promise<ApplyReport> {
  if (report.interrupted) return { ...report, readBack: { status: 'skipped', reason: 'interrupted' } };
  const targets = listReadBackTargets(report.results);
  let live: LiveState;
  try {
    const read = await Promise.all(
      targets.map((target) => rereadProject(session.client, session.limit, target, planned.get(target.project))),
    );
    live = new Map(read.map((project) => [project.name, project]));
  } catch (error) {
    return { ...report, readBack: { status: 'failed', message: toAppError(error).message } };
  }
  return {
    ...report,
    results: verifyApplied(report.results, live),
    readBack: { status: 'done', projects: targets.map((target) => target.project) },
  };
}

async function rereadProject(
  client: ApinizerClient,
  limit: Limiter,
  target: ReadBackTarget,
  planned: LiveProject | undefined,
): Promise<LiveProject> {
  const { project } = target;
  const environments = planned?.environments ?? [];
  const [keys, jwks] = await Promise.all([
    limit(() => client.listKeys(project)),
    target.jwks ? limit(() => client.listJwks(project)) : undefined,
  ]);
  const named = await nameKeyEnvironments(client, project, keys, environments, limit, () => undefined);
  return {
    name: project,
    environments,
    keys: named,
    ...(jwks === undefined ? {} : { jwks }),
    ...(planned?.partialUpdates === undefined ? {} : { partialUpdates: planned.partialUpdates }),
  };
}
