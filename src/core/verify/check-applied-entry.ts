import type { LiveProject } from '../model/live-state.js';
import type { ChangeEntry, CreateEntry, DeleteEntry, UpdateEntry } from '../model/plan.js';
import type { ReadBackMismatch } from '../model/read-back.js';
import { diffKey } from '../plan/diff-key.js';

/**
 * How the re-read project differs from what one applied entry intended; empty when it
 * shows exactly that. Creates and updates are compared with the planner's own
 * {@link diffKey}, so "confirmed" means a new plan would find nothing to do for the key;
 * material is left out, since the Manager never returns it.
 */
export function checkAppliedEntry(entry: ChangeEntry, live: LiveProject): ReadBackMismatch[] {
  return entry.action === 'delete' ? checkDelete(entry, live) : checkWrite(entry, live);
}

function checkWrite(entry: CreateEntry | UpdateEntry, live: LiveProject): ReadBackMismatch[] {
  const key = live.keys.find((candidate) => candidate.name === entry.key);
  if (!key) return [{ field: 'key', planned: 'present', actual: 'absent' }];
  return diffKey(entry.spec, key, { reportsAlgorithms: live.partialUpdates === true })
    .filter((change) => !change.sensitive)
    .map((change) => ({ field: change.field, planned: change.after ?? '', actual: change.before ?? '' }));
}

/** The key must be gone; the JWKs it was to delete gone too, and those it was to keep still there. */
function checkDelete(entry: DeleteEntry, live: LiveProject): ReadBackMismatch[] {
  const mismatches: ReadBackMismatch[] = [];
  if (live.keys.some((candidate) => candidate.name === entry.key)) mismatches.push({ field: 'key', planned: 'absent', actual: 'present' });
  // Without the JWK list (none were affected) there is nothing to check.
  const jwkNames = live.jwks && new Set(live.jwks.map((jwk) => jwk.name));
  for (const jwk of jwkNames ? (entry.affectedJwks ?? []) : []) {
    const present = jwkNames!.has(jwk.name);
    if (jwk.effect === 'deleted' && present) mismatches.push({ field: `jwks.${jwk.name}`, planned: 'deleted', actual: 'present' });
    if (jwk.effect !== 'deleted' && !present) mismatches.push({ field: `jwks.${jwk.name}`, planned: 'kept', actual: 'absent' });
  }
  return mismatches;
}
