import type { JwkDeleteAction, JwkUpdateAction, KeyType, UpdateScope } from '../core/model/domain.js';

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
  readonly description?: string;
  readonly protect?: boolean;
  readonly jwkDeleteAction?: JwkDeleteAction;
  readonly jwkUpdateAction?: JwkUpdateAction;
  readonly updateScope?: UpdateScope;
  readonly environments?: Readonly<Record<string, RawEnvironment>>;
}

/** `defaults:`. */
export interface RawDefaults {
  readonly jwkDeleteAction?: JwkDeleteAction;
  readonly jwkUpdateAction?: JwkUpdateAction;
  readonly updateScope?: UpdateScope;
  readonly prune?: boolean;
  readonly ignore?: readonly string[];
  readonly protect?: readonly string[];
  readonly maxDeletions?: number;
}

/** One entry under `projects:`: settings plus keys. */
export interface RawProject extends RawDefaults {
  readonly allowEmpty?: boolean;
  readonly keys?: Readonly<Record<string, RawKey>>;
}

/** A whole validated file. */
export interface DocumentBody {
  readonly version: 1;
  readonly defaults?: RawDefaults;
  readonly projects?: Readonly<Record<string, RawProject>>;
}
