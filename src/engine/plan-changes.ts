import type { DesiredState } from '../core/model/desired-state.js';
import type { Plan } from '../core/model/plan.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import type { PlanSnapshot } from '../core/model/snapshot.js';
import { attachJwkImpact, listProjectsNeedingJwks } from '../core/plan/jwk-impact.js';
import { makePlan } from '../core/plan/make-plan.js';
import { readJwks } from '../live/read-live-state.js';
import type { ConnectionSource } from './connection.js';
import { gatherSnapshot } from './gather-snapshot.js';
import { loadDesired } from './load-desired.js';
import { withSession, type Session } from './session.js';
import type { RunHooks, Workspace } from './workspace.js';

/** A plan and everything it was made from. */
export interface PlannedChanges {
  readonly plan: Plan;
  readonly snapshot: PlanSnapshot;
  readonly request: PlanRequest;
  /** The Manager's normalized API root. */
  readonly manager: string;
}

/** `plan`: loads the files, reads the Manager, and plans. Changes nothing. */
export async function planChanges(
  request: PlanRequest,
  connection: ConnectionSource,
  workspace: Workspace,
  hooks: RunHooks = {},
): Promise<PlannedChanges> {
  const desired = await loadDesired(request, workspace);
  return withSession(connection, (session) => planInSession(session, desired, request, workspace, hooks));
}

/**
 * Plans in an open session, in one pass: gather the snapshot, plan, then read the JWK
 * lists of just the projects whose plan deletes or updates keys and attach their impact.
 */
export async function planInSession(
  session: Session,
  desired: DesiredState,
  request: PlanRequest,
  workspace: Workspace,
  hooks: RunHooks,
): Promise<PlannedChanges> {
  const gathered = await gatherSnapshot(desired, request, session, workspace, hooks);
  const plan = makePlan(gathered, request);
  const needing = listProjectsNeedingJwks(plan);
  if (needing.length === 0) return { plan, snapshot: gathered, request, manager: session.manager };
  const snapshot = { ...gathered, live: await readJwks(session.client, gathered.live, needing, session.limit) };
  return { plan: attachJwkImpact(plan, snapshot.live), snapshot, request, manager: session.manager };
}
