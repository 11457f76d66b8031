import type { JwkDeleteAction, JwkUpdateAction, KeyType, SecretKeyAlgorithm, UpdateScope } from '../core/model/domain.js';
import type { DeletionSettings, ProjectSettings } from '../core/model/desired-state.js';

/**
 * The shape of one input file after schema validation, exactly as written (plain data,
 * before merging). It mirrors `schemas/desired-state.schema.json`; only a value the
 * schema accepted is ever typed as a {@link DocumentBody}.
 */

/** `content:` of an environment: exactly one field is set. */
export interface RawContent {
  readonly file?: string;
  readonly env?: string;
  readonly base64?: string;
}

/** One entry under `environments:`. */
export interface RawEnvironment {
  readonly alias?: string;
  readonly content: RawContent;
}

/** One entry under `keys:`. */
export interface RawKey {
  readonly state?: 'present' | 'absent';
  readonly type?: KeyType;
  /** SECRET_KEY only (the schema requires it there and refuses it elsewhere). */
  readonly algorithm?: SecretKeyAlgorithm;
  readonly description?: string;
  readonly protect?: boolean;
  readonly jwkDeleteAction?: JwkDeleteAction;
  readonly jwkUpdateAction?: JwkUpdateAction;
  readonly updateScope?: UpdateScope;
  readonly environments?: Readonly<Record<string, RawEnvironment>>;
}

/** `defaults:`: exactly the settings model, as the schema spells them. */
export type RawDefaults = DeletionSettings;

/** One entry under `projects:`: settings plus keys. */
export interface RawProject extends ProjectSettings {
  readonly keys?: Readonly<Record<string, RawKey>>;
}

/** A whole validated file. */
export interface DocumentBody {
  readonly version: 1;
  readonly defaults?: RawDefaults;
  readonly projects?: Readonly<Record<string, RawProject>>;
}
