import type { JwkDeleteAction, JwkUpdateAction } from '../model/domain.js';
import type { LiveJwk } from '../model/live-state.js';
import type { AffectedJwk, JwkEffect } from '../model/plan.js';
import { compareText } from './compare-text.js';

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
