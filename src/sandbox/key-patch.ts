import { validationFailed } from './http-error.js';
import { checkName, parseEnvironmentList } from './key-body.js';
import { algorithmRequired, checkCurrentKeyType, isSecretKeyAlgorithm } from './key-rules.js';
import type { KeyEnvironmentRecord, KeyRecord, ProjectRecord } from './state.js';

/** A checked partial update (current generation): undefined fields are left as they are. */
export interface KeyPatch {
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly keyType: string | undefined;
  /** The algorithm the key ends up with (already resolved against the resulting keyType). */
  readonly algorithm: string | null;
  /** The supplied environments, or undefined when the body leaves the list out. */
  readonly environments: KeyEnvironmentRecord[] | undefined;
}

/**
 * Checks a current-generation PUT body, where every field is optional and `null` counts as
 * omitted. `algorithm` becomes required only when the key ends up a SECRET_KEY without one
 * stored; for other key types it is ignored and cleared.
 * @throws 400 `validation_failed` naming the first problem.
 */
export function parseKeyPatch(body: Record<string, unknown>, project: ProjectRecord, key: KeyRecord): KeyPatch {
  const name = present(body, 'name');
  if (name !== undefined) checkName(name);
  const description = present(body, 'description');
  if (description !== undefined && typeof description !== 'string') throw validationFailed('Key description must be a string.');
  const keyType = present(body, 'keyType');
  if (keyType !== undefined) {
    if (typeof keyType !== 'string') throw validationFailed('keyType must be a string.');
    checkCurrentKeyType(keyType);
  }
  const finalType = keyType ?? key.keyType;
  const list = present(body, 'cryptoKeyInfoEnvironmentList');
  if (list !== undefined && !Array.isArray(list)) throw validationFailed('cryptoKeyInfoEnvironmentList must be a list.');
  return {
    name,
    description,
    keyType,
    algorithm: resolvePatchedAlgorithm(finalType, present(body, 'algorithm'), key.algorithm),
    environments: list === undefined ? undefined : parseEnvironmentList(list, project, 'current', finalType),
  };
}

function resolvePatchedAlgorithm(keyType: string, sent: unknown, stored: string | null): string | null {
  if (keyType !== 'SECRET_KEY') return null;
  if (sent === undefined) {
    if (stored === null) throw algorithmRequired();
    return stored;
  }
  if (!isSecretKeyAlgorithm(sent)) throw algorithmRequired();
  return sent;
}

/** The field's value, with null read as absent (the reference: "null/omitted leaves it untouched"). */
function present(body: Record<string, unknown>, field: string): unknown {
  const value = body[field];
  return value === null ? undefined : value;
}
