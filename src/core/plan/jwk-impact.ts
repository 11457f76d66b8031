import type { JwkDeleteAction, JwkUpdateAction } from '../model/domain.js';
import type { LiveJwk, LiveState } from '../model/live-state.js';
import type { AffectedJwk, JwkEffect, Plan, PlanEntry } from '../model/plan.js';
import { compareText } from '../../common/compare-text.js';

const KEY_SOURCE_TYPES = new Set(['PUBLIC_KEY', 'PRIVATE_KEY']);

/**
 * JWKs made from a key: `sourceType` PUBLIC_KEY or PRIVATE_KEY and `sourceId` naming the
 * key. The reference does not say whether `sourceId` holds the key's name or its id, so
 * both are matched.
 */
export function findJwksOfKey(jwks: readonly LiveJwk[], keyName: string, keyId: string | undefined): LiveJwk[] {
  return jwks.filter(
    (jwk) =>
      jwk.sourceType !== undefined &&
      KEY_SOURCE_TYPES.has(jwk.sourceType) &&
      jwk.sourceId !== undefined &&
      (jwk.sourceId === keyName || (keyId !== undefined && jwk.sourceId === keyId)),
  );
}

/** What a delete with this action does to each JWK made from the key. */
export function effectOfDelete(action: JwkDeleteAction): JwkEffect {
  return action === 'DELETE' ? 'deleted' : 'detached';
}

/** What an update with this action does to each JWK made from the key. */
export function effectOfUpdate(action: JwkUpdateAction): JwkEffect {
  return action === 'UPDATE' ? 'reparsed' : 'detached';
}

/** The affected JWKs, sorted by name; undefined when the project's JWK list was not read. */
export function describeJwkImpact(
  jwks: readonly LiveJwk[] | undefined,
  keyName: string,
  keyId: string | undefined,
  effect: JwkEffect,
): AffectedJwk[] | undefined {
  if (!jwks) return undefined;
  return findJwksOfKey(jwks, keyName, keyId)
    .map((jwk) => ({ name: jwk.name, effect }))
    .sort((a, b) => compareText(a.name, b.name));
}

/** Projects whose JWK list the plan needs: those with deletes or updates (both touch JWKs). */
export function listProjectsNeedingJwks(plan: Plan): string[] {
  return [...new Set(plan.entries.filter((e) => e.action === 'delete' || e.action === 'update').map((e) => e.project))];
}

/**
 * The plan with the JWKs each delete and update affects, for every project whose JWK list
 * `live` holds; entries of other projects keep `affectedJwks` unknown. Pure: the second
 * half of planning, run once the lists {@link listProjectsNeedingJwks} names are read.
 */
export function attachJwkImpact(plan: Plan, live: LiveState): Plan {
  return { ...plan, entries: plan.entries.map((entry) => withJwkImpact(entry, live.get(entry.project)?.jwks)) };
}

function withJwkImpact(entry: PlanEntry, jwks: readonly LiveJwk[] | undefined): PlanEntry {
  switch (entry.action) {
    case 'delete':
      return { ...entry, affectedJwks: describeJwkImpact(jwks, entry.key, entry.liveId, effectOfDelete(entry.jwkDeleteAction.value)) };
    case 'update':
      return { ...entry, affectedJwks: describeJwkImpact(jwks, entry.key, entry.liveId, effectOfUpdate(entry.jwkUpdateAction.value)) };
    default:
      return entry;
  }
}
