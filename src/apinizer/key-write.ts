import type { Secret } from '../common/secret.js';
import type { KeyType, SecretKeyAlgorithm } from '../core/model/domain.js';

/** One environment of a key to create or update. */
export interface KeyWriteEnvironment {
  readonly environmentName: string;
  readonly alias?: string;
  /** Base64 of the key file. */
  readonly content: Secret<string>;
}

/** The full form of a key, as a create or a whole-key update sends it. */
export interface KeyWrite {
  readonly name: string;
  readonly description: string;
  readonly keyType: KeyType;
  /** SECRET_KEY only; required there by the current API. */
  readonly algorithm?: SecretKeyAlgorithm;
  readonly environments: readonly KeyWriteEnvironment[];
}

/**
 * What an update sends. `fields`: only the changed description and/or algorithm — the
 * current API's PUT is partial, so the stored environments and material stay as they are.
 * `whole`: the full key with every environment's material.
 */
export type KeyUpdate =
  | { readonly kind: 'whole'; readonly key: KeyWrite }
  | { readonly kind: 'fields'; readonly description?: string; readonly algorithm?: SecretKeyAlgorithm };

/**
 * The create/update body. Material is revealed only here, into the object got serializes
 * right away; the caller must not keep or print the result.
 */
export function buildKeyBody(key: KeyWrite): Record<string, unknown> {
  return {
    name: key.name,
    description: key.description,
    keyType: key.keyType,
    ...(key.algorithm === undefined ? {} : { algorithm: key.algorithm }),
    cryptoKeyInfoEnvironmentList: key.environments.map((environment) => ({
      environmentName: environment.environmentName,
      content: environment.content.reveal(),
      ...(environment.alias === undefined ? {} : { alias: environment.alias }),
    })),
  };
}

/** The PUT body of an update: the whole key, or only the changed fields (no environment list). */
export function buildUpdateBody(update: KeyUpdate): Record<string, unknown> {
  if (update.kind === 'whole') return buildKeyBody(update.key);
  return {
    ...(update.description === undefined ? {} : { description: update.description }),
    ...(update.algorithm === undefined ? {} : { algorithm: update.algorithm }),
  };
}

/** Material an update carries, for scrubbing server texts. */
export function listSentMaterial(update: KeyUpdate | KeyWrite): string[] {
  const key = 'kind' in update ? (update.kind === 'whole' ? update.key : undefined) : update;
  return key === undefined ? [] : key.environments.map((environment) => environment.content.reveal());
}
