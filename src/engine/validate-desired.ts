import type { DesiredState } from '../core/model/desired-state.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import { checkContentSources } from '../desired/resolve-materials.js';
import { loadDesired } from './load-desired.js';
import { makeMaterialIo, type Workspace } from './workspace.js';

/**
 * `validate`: the offline checks of the request's files — schema, duplicates, names, and
 * every `file:` and inline source (env sources are checked by plan: CI secrets are often
 * absent where validate runs). Throws the first class of problems found; returns the state.
 */
export async function validateDesired(request: Pick<PlanRequest, 'files' | 'sources'>, workspace: Workspace): Promise<DesiredState> {
  const desired = await loadDesired(request, workspace);
  const { env: _env, ...io } = makeMaterialIo(workspace, request.sources.allowOutsideFiles);
  await checkContentSources(desired, io);
  return desired;
}
