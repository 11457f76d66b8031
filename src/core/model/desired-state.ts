import type { SourceLocation } from '../../common/app-error.js';
import type { Secret } from '../../common/secret.js';
import type { JwkDeleteAction, JwkUpdateAction, KeyType, SecretKeyAlgorithm, UpdateScope } from './domain.js';

/**
 * The desired state after loading and validating one or more files. Types here mirror
 * `schemas/desired-state.schema.json` (the source of truth); `test/desired/schema-types.test.ts`
 * keeps them in step.
 */

/** Where an environment's key material comes from. Never the material itself, except inline base64 as a Secret. */
export type ContentSource =
  | {
      readonly kind: 'file';
      /** As written in the file, for messages. */
      readonly path: string;
      /** Absolute, resolved against the directory of the declaring file. */
      readonly resolvedPath: string;
    }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'base64'; readonly value: Secret<string> };

/** One environment a desired key is deployed to. */
export interface DesiredEnvironment {
  readonly name: string;
  readonly alias?: string;
  readonly content: ContentSource;
  readonly location: SourceLocation;
}

/** A key as declared in the file. `state: absent` keys have no type and no environments. */
export interface DesiredKey {
  readonly project: string;
  readonly name: string;
  readonly state: 'present' | 'absent';
  readonly type?: KeyType;
  /** Required for `SECRET_KEY`, refused for the other types (the schema enforces both). */
  readonly algorithm?: SecretKeyAlgorithm;
  /** Omitted in the file means empty: the file is authoritative for the fields it manages. */
  readonly description: string;
  readonly environments: readonly DesiredEnvironment[];
  readonly jwkDeleteAction?: JwkDeleteAction;
  readonly jwkUpdateAction?: JwkUpdateAction;
  readonly updateScope?: UpdateScope;
  /** `protect: true`: the plan refuses to delete this key. */
  readonly protect?: boolean;
  readonly location: SourceLocation;
}

/** Settings that `defaults` and each project may set; the project's win. */
export interface DeletionSettings {
  readonly jwkDeleteAction?: JwkDeleteAction;
  readonly jwkUpdateAction?: JwkUpdateAction;
  readonly updateScope?: UpdateScope;
  /** Default true: live keys of a listed project that the file does not list are deleted. */
  readonly prune?: boolean;
  /** Globs of live key names never planned for anything. */
  readonly ignore?: readonly string[];
  /** Globs of key names the plan refuses to delete. */
  readonly protect?: readonly string[];
  /** Upper bound on prune deletions in one project per run. */
  readonly maxDeletions?: number;
  /**
   * Compare live material through Export Key File (needs SECRETS + EXPORT_IMPORT). Where it
   * cannot be read, comparison is skipped with a warning; `--compare-material` makes that an error.
   */
  readonly compareMaterial?: boolean;
}

/** Settings only a project may set. */
export interface ProjectSettings extends DeletionSettings {
  /** Allow a listed project with no keys to prune every live key. */
  readonly allowEmpty?: boolean;
}

/** A project listed in the file. */
export interface DesiredProject {
  readonly name: string;
  readonly settings: ProjectSettings;
  readonly keys: readonly DesiredKey[];
  readonly location: SourceLocation;
}

/** One input document, for messages and fingerprints. */
export interface SourceDocument {
  /** As given (`-` for stdin), or the file found in a given directory. */
  readonly file: string;
  /** SHA-256 (hex) of the document's bytes. */
  readonly sha256: string;
}

/** All input files merged: projects in name order, keys in name order within each. */
export interface DesiredState {
  readonly defaults: DeletionSettings;
  readonly projects: readonly DesiredProject[];
  readonly documents: readonly SourceDocument[];
}
