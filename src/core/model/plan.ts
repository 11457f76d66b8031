import type { JwkDeleteAction, JwkUpdateAction, KeyType, SecretKeyAlgorithm, UpdateScope } from './domain.js';
import type { Material } from './material.js';

/** Version of the plan's JSON form. Bump on any incompatible change to these types. */
export const PLAN_FORMAT_VERSION = 1;

/** Where an effective setting came from, highest precedence first. */
export type SettingSource = 'key' | 'project' | 'flag' | 'defaults' | 'api-default';

/** A setting's effective value and where it came from. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: SettingSource;
}

/** One environment of a key as the plan will write it. */
export interface PlannedEnvironment {
  readonly name: string;
  readonly alias?: string;
  /** Where the material comes from, safe to print: `file keys/a.pem`, `env VAR`, `inline base64`. */
  readonly source: string;
  /**
   * Serializes as `(sensitive)`. Absent only where the plan does not send it (an update of
   * changed fields, or a no-op) and the source could not be read (an unset variable):
   * a plan for a description change works without the key secrets.
   */
  readonly material?: Material;
}

/** The full desired form of a key, sent as the body of a create or update. */
export interface KeySpec {
  readonly type: KeyType;
  /** SECRET_KEY only. */
  readonly algorithm?: SecretKeyAlgorithm;
  readonly description: string;
  readonly environments: readonly PlannedEnvironment[];
}

/** One field an update changes. `before`/`after` are absent for sensitive fields. */
export interface FieldChange {
  /** `description`, `type`, `algorithm`, `environments.<name>`, `environments.<name>.alias`, `environments.<name>.content`, `content`. */
  readonly field: string;
  readonly before?: string;
  readonly after?: string;
  readonly sensitive: boolean;
}

/** What a delete or update does to a JWK made from the key. */
export type JwkEffect = 'deleted' | 'detached' | 'reparsed';

/** A JWK affected by a delete or update. */
export interface AffectedJwk {
  readonly name: string;
  readonly effect: JwkEffect;
}

interface EntryBase {
  /** `project/key`. */
  readonly address: string;
  readonly project: string;
  readonly key: string;
  /** Why this action, in a few words. */
  readonly reason: string;
}

/** A key the Manager does not have. */
export interface CreateEntry extends EntryBase {
  readonly action: 'create';
  readonly spec: KeySpec;
}

/**
 * What an update's PUT carries. Updates are partial in the current API: `changed-fields`
 * sends only the changed description and/or algorithm, with no environment list, so the
 * stored material stays as it is and none is needed; `everything` sends the whole key with
 * every environment's material (a change of environments, aliases, type or material, or
 * `--replace-content`).
 */
export type UpdateBody = 'changed-fields' | 'everything';

/** A key whose live form differs from the file, or whose material is to be re-sent. */
export interface UpdateEntry extends EntryBase {
  readonly action: 'update';
  readonly spec: KeySpec;
  readonly changes: readonly FieldChange[];
  readonly sends: UpdateBody;
  readonly jwkUpdateAction: Sourced<JwkUpdateAction>;
  readonly updateScope: Sourced<UpdateScope>;
  /** Undefined until the project's JWK list is attached. */
  readonly affectedJwks?: readonly AffectedJwk[];
  /** The live key's id, when the Manager gave one (JWKs may reference it). */
  readonly liveId?: string;
}

/** A live key to remove: `state: absent` in the file, or not in the file with prune on. */
export interface DeleteEntry extends EntryBase {
  readonly action: 'delete';
  readonly cause: 'absent' | 'prune';
  readonly jwkDeleteAction: Sourced<JwkDeleteAction>;
  /** Environments the key is undeployed from. */
  readonly environments: readonly string[];
  /** Undefined until the project's JWK list is attached. */
  readonly affectedJwks?: readonly AffectedJwk[];
  readonly liveId?: string;
}

/** A key that already matches the file. */
export interface NoopEntry extends EntryBase {
  readonly action: 'no-op';
}

/** One planned action per key address. */
export type PlanEntry = CreateEntry | UpdateEntry | DeleteEntry | NoopEntry;

/** A plan entry that changes something. */
export type ChangeEntry = Exclude<PlanEntry, { action: 'no-op' }>;

/** The entries of a plan that change something, in plan order. */
export function listChangeEntries(plan: Pick<Plan, 'entries'>): ChangeEntry[] {
  return plan.entries.filter((entry): entry is ChangeEntry => entry.action !== 'no-op');
}

/** The action kinds, in the order `Plan:` summaries name them. */
export type PlanAction = PlanEntry['action'];

/** Why a plan must not be applied. Any blocker makes `plan` and `apply` fail, changing nothing. */
export interface Blocker {
  readonly kind:
    | 'protected'
    | 'empty_project'
    | 'mass_delete'
    | 'unknown_environment'
    | 'unknown_target'
    | 'missing_material'
    | 'unaddressable_name'
    | 'case_variant';
  readonly project: string;
  readonly address?: string;
  /** What is wrong, one sentence. */
  readonly message: string;
  /** The ways out. */
  readonly hint: string;
}

/** Something the plan left alone on purpose, shown in verbose output. */
export interface Notice {
  readonly kind: 'ignored' | 'unmanaged' | 'undeclarable' | 'legacy_type' | 'material_not_read' | 'material_not_compared';
  readonly address: string;
  readonly message: string;
}

/**
 * Something the plan does that the file most likely does not mean, shown in every output
 * (unlike a notice); it does not block by itself. `case_variant`: a name in the file and a
 * live name of the same project differ only in letter case or Unicode normalization, so the
 * plan treats them as two keys (names are case-sensitive) where the file probably means one.
 */
export interface PlanWarning {
  readonly kind: 'case_variant';
  readonly project: string;
  /** The address the file declares. */
  readonly address: string;
  /** The live key the file's name is a variant of. */
  readonly liveAddress: string;
  /** What is wrong and what the plan does as written, one sentence. */
  readonly message: string;
  /** The way out. */
  readonly hint: string;
}

/**
 * The plan: plain, read-only data, the one value every renderer and the apply
 * executor work from. Entries are sorted by project, then key name.
 */
export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  /** Projects the plan covers, sorted. */
  readonly projects: readonly string[];
  readonly entries: readonly PlanEntry[];
  readonly blockers: readonly Blocker[];
  readonly notices: readonly Notice[];
  /**
   * Present only when there is one: a plan without warnings has the document it had before
   * warnings existed, so format version 1 readers and saved plans see no change.
   */
  readonly warnings?: readonly PlanWarning[];
}
