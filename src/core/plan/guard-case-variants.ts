import { formatLocation } from '../../common/app-error.js';
import type { DesiredKey } from '../model/desired-state.js';
import type { Blocker, DeleteEntry } from '../model/plan.js';
import { describeDifference, type CaseVariant } from './find-case-variants.js';

/**
 * The refusal of a prune delete whose key the file evidently means under a case variant of
 * its name: the variant says `protect: true`, or `state: absent` with its own
 * `jwkDeleteAction`. Names are case-sensitive, so that entry is about another (missing)
 * key and its settings would silently not apply: the delete would go ahead unprotected, or
 * with the project's JWK action instead of the one written for it. Undefined when no
 * variant of the deleted key says either. (An `absent` variant without settings means the
 * delete the plan makes anyway, with the same settings: a warning says so, nothing blocks.)
 */
export function guardCaseVariant(entry: DeleteEntry, variants: readonly CaseVariant[]): Blocker | undefined {
  if (entry.cause !== 'prune') return undefined;
  const declared = variants.find(({ declared, liveName }) => liveName === entry.key && findSafetySetting(declared) !== undefined)?.declared;
  if (declared === undefined) return undefined;
  const wanted = findSafetySetting(declared)!;
  const effect =
    declared.protect === true
      ? 'so the delete would go ahead unprotected'
      : `so the delete would use JWK delete action ${entry.jwkDeleteAction.value} (from ${entry.jwkDeleteAction.source}) instead`;
  const exact = JSON.stringify(entry.key);
  return {
    kind: 'case_variant',
    project: entry.project,
    address: entry.address,
    message:
      `Refusing to delete ${entry.address} (${entry.reason}): the file's entry ${JSON.stringify(declared.name)} at ${formatLocation(declared.location)} ` +
      `differs from it ${describeDifference(declared.name, entry.key)} and says ${wanted}, which does not apply to this key, ${effect}.`,
    hint:
      declared.protect === true
        ? `Names are case-sensitive: write the exact name ${exact} in the file. If ${JSON.stringify(declared.name)} is meant as another key, list ${exact} under its exact name too (with state: absent if it is to be deleted).`
        : `Names are case-sensitive: write the exact name ${exact} in the file.`,
  };
}

/** The setting of an entry that a delete of its key must honour, as the file says it; undefined when it has none. */
function findSafetySetting(declared: DesiredKey): string | undefined {
  if (declared.protect === true) return 'protect: true';
  if (declared.state === 'absent' && declared.jwkDeleteAction !== undefined)
    return `state: absent with jwkDeleteAction: ${declared.jwkDeleteAction}`;
  return undefined;
}
