import type { LiveProject } from '../core/model/live-state.js';
import { readLiveProjects } from '../live/read-live-state.js';
import type { Connection } from './connection.js';
import { withSession } from './session.js';
import type { RunHooks } from './workspace.js';

/** The live state of the named projects, for `export`; and the Manager it came from. */
export interface ExportedLive {
  readonly projects: readonly LiveProject[];
  readonly manager: string;
}

/** `export`: reads each named project once. Changes nothing. */
export function exportLive(projects: readonly string[], connection: Connection, hooks: RunHooks = {}): Promise<ExportedLive> {
  return withSession(connection, async (session) => {
    const live = await readLiveProjects(session.client, [...new Set(projects)], session.limit, hooks.note ?? (() => undefined));
    return { projects: [...live.values()], manager: session.manager };
  });
}
