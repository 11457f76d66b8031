import type { LiveProject } from '../model/live-state.js';
import type { FieldChange, UpdateBody } from '../model/plan.js';

/** Fields a PUT can change on its own, leaving the stored material as it is. */
const PARTIAL_FIELDS: ReadonlySet<string> = new Set(['description', 'algorithm']);

/**
 * What an update's PUT must carry. Only the current API changes just the fields sent;
 * an older Manager's PUT replaces the whole key, so a body without the environment list
 * would undeploy it everywhere. Anything touching environments, aliases, type or material
 * (and `--replace-content`) needs the whole key with every environment's material.
 */
export function chooseUpdateBody(changes: readonly FieldChange[], replaceContent: boolean, live: LiveProject | undefined): UpdateBody {
  if (replaceContent || live?.partialUpdates !== true) return 'everything';
  return changes.every((change) => PARTIAL_FIELDS.has(change.field)) ? 'changed-fields' : 'everything';
}
