import type { Secret } from '../common/secret.js';
import type { KeyType } from '../core/model/domain.js';

/** One environment of a key to create or update. */
export interface KeyWriteEnvironment {
  readonly environmentName: string;
  readonly alias?: string;
  /** Base64 of the key file. */
  readonly content: Secret<string>;
}

/** The full form of a key, as a create or update sends it. */
export interface KeyWrite {
  readonly name: string;
  readonly description: string;
  readonly keyType: KeyType;
  readonly environments: readonly KeyWriteEnvironment[];
}

/**
 * The create/update body. Material is revealed only here, into the object got serializes
 * right away; the caller must not keep or print the result.
 */
export function buildKeyBody(key: KeyWrite): Record<string, unknown> {
  return {
    name: key.name,
    description: key.description,
    keyType: key.keyType,
    cryptoKeyInfoEnvironmentList: key.environments.map((environment) => ({
      environmentName: environment.environmentName,
      content: environment.content.reveal(),
      ...(environment.alias === undefined ? {} : { alias: environment.alias }),
    })),
  };
}
