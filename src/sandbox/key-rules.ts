import { validationFailed } from './http-error.js';
import type { SandboxHttpError } from './http-error.js';

/** The `algorithm`s the current reference accepts for a SECRET_KEY, case-sensitive. */
export const SECRET_KEY_ALGORITHMS = ['AES', 'DES', 'DESede', 'RSA'] as const;

/** The key types the current reference knows; older Managers also took others, such as `RSA` and `EC`. */
export const CURRENT_KEY_TYPES = ['SECRET_KEY', 'PRIVATE_KEY', 'PUBLIC_KEY'] as const;

/** Whether `value` is exactly one of {@link SECRET_KEY_ALGORITHMS}. */
export function isSecretKeyAlgorithm(value: unknown): value is string {
  return (SECRET_KEY_ALGORITHMS as readonly unknown[]).includes(value);
}

/** The current reference's 400 for a SECRET_KEY without a valid algorithm (its exact text). */
export function algorithmRequired(): SandboxHttpError {
  return validationFailed(`algorithm is required for SECRET_KEY! Supported values: ${SECRET_KEY_ALGORITHMS.join(', ')}`);
}

/**
 * The stored algorithm of a key of `keyType` in the current generation: `sent` when it is a
 * SECRET_KEY, else null (the field does not apply to private and public keys, so it is ignored).
 * @throws 400 {@link algorithmRequired} for a SECRET_KEY without a valid one.
 */
export function resolveAlgorithm(keyType: string, sent: unknown): string | null {
  if (keyType !== 'SECRET_KEY') return null;
  if (!isSecretKeyAlgorithm(sent)) throw algorithmRequired();
  return sent;
}

/**
 * @throws 400 for a key type the current reference does not know.
 */
export function checkCurrentKeyType(keyType: string): void {
  if (!(CURRENT_KEY_TYPES as readonly string[]).includes(keyType)) {
    throw validationFailed(`keyType must be one of ${CURRENT_KEY_TYPES.join(', ')}.`);
  }
}
