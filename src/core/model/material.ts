import { REDACTED, Secret } from '../../common/secret.js';

/**
 * Resolved key material for one environment of one key: the base64 the API expects,
 * kept as a {@link Secret}, and its SHA-256 fingerprint (hex, over the decoded bytes).
 * Serializes as {@link REDACTED}: the fingerprint is written out only where a format
 * asks for it explicitly (saved plans).
 */
export class Material {
  readonly sha256: string;
  readonly base64: Secret<string>;

  constructor(base64: Secret<string>, sha256: string) {
    this.base64 = base64;
    this.sha256 = sha256;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/** Key of a {@link MaterialTable}: one entry per environment of a key. */
export function materialKey(project: string, key: string, environment: string): string {
  return JSON.stringify([project, key, environment]);
}

/** Resolved material of every environment of the keys in scope, by {@link materialKey}. */
export type MaterialTable = ReadonlyMap<string, Material>;
