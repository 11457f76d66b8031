import type { DesiredState } from '../core/model/desired-state.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import { loadDesiredState } from '../desired/load-desired-state.js';
import type { Workspace } from './workspace.js';

/** Loads the desired state a request names. Offline: a bad file fails before any request. */
export function loadDesired(request: Pick<PlanRequest, 'files'>, workspace: Workspace): Promise<DesiredState> {
  return loadDesiredState({ files: request.files, cwd: workspace.cwd });
}
