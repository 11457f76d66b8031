import { REDACTED, type Secret } from '../../common/secret.js';

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

/**
 * Material that could not be read where the plan runs, by {@link materialKey}: only sources
 * that may legitimately be absent there (an unset or empty environment variable, typical of
 * a pull-request job without the key secrets). The text says what and where
 * (`file:line:col: Key p/k, environment production: environment variable X is not set.`).
 * The planner makes it a `missing_material` blocker only where the plan must send that material.
 */
export type MaterialGaps = ReadonlyMap<string, string>;
