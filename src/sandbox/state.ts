import type { SeedPermission } from './seed-types.js';

/**
 * The sandbox's in-memory state. Records are mutable on purpose: handlers run synchronously
 * once a request body is read, so no two handlers ever interleave on the same record.
 */

/** Who may do what: `*` is everything everywhere, otherwise permissions by project name. */
export type Grants = '*' | ReadonlyMap<string, ReadonlySet<SeedPermission>>;

/** An environment reachable from a project. */
export interface EnvironmentRecord {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly accessUrl: string;
}

/** A key's deployment to one environment; `content` is the plain base64 the client sent. */
export interface KeyEnvironmentRecord {
  environmentName: string;
  content: string;
  alias: string | null;
}

/** A crypto key. Its id survives renames. */
export interface KeyRecord {
  readonly id: string;
  name: string;
  description: string;
  keyType: string;
  /** `AES`, `DES`, `DESede` or `RSA` for a SECRET_KEY created in the current generation; else null. */
  algorithm: string | null;
  environments: KeyEnvironmentRecord[];
}

/**
 * A JWK. `sourceKeyId` holds the id of the key it was made from (so it follows renames), or
 * null once detached; replies show that id or, in the older generations, the key's name.
 */
export interface JwkRecord {
  readonly id: string;
  readonly name: string;
  description: string;
  sourceType: string;
  sourceKeyId: string | null;
  sourceUrl: string | null;
  type: string;
  kid: string;
  useType: string;
  algorithm: string;
  environmentName: string | null;
  /** Bumped each time the JWK is re-parsed from its key (`jwkUpdateAction=UPDATE`). */
  revision: number;
  /** Hex digest the fake JWK material is derived from; changes when re-parsed. */
  materialSeed: string;
}

/** A project; maps keep insertion order, which is the order lists are returned in. */
export interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly environments: readonly EnvironmentRecord[];
  keys: Map<string, KeyRecord>;
  jwks: Map<string, JwkRecord>;
}

/** A bearer token. */
export interface TokenRecord {
  readonly grants: Grants;
  readonly expired: boolean;
  /** Set for tokens issued from credentials, which expire; personal (seeded) tokens do not. */
  readonly issued?: IssuedTokenLife;
}

/** How much life a token issued by `POST /apiops/auth/token` has used. */
export interface IssuedTokenLife {
  /** `Date.now()` at or after which it has expired. */
  readonly expiresAt: number;
  /** Authenticated requests it was accepted for so far (for the `tokenLifetimeRequests` fault). */
  uses: number;
}

/** A client-credentials user. */
export interface UserRecord {
  readonly password: string;
  readonly grants: Grants;
}

/** Everything the sandbox knows. */
export interface SandboxState {
  readonly projects: Map<string, ProjectRecord>;
  readonly tokens: Map<string, TokenRecord>;
  readonly users: Map<string, UserRecord>;
  /** Every key id handed out so far, so generated ids never collide with seeded ones. */
  readonly keyIds: Set<string>;
  nextKeyNumber: number;
  nextJwkNumber: number;
  /** Secret behind the opaque "encrypted" content of list replies. */
  readonly cipherSecret: Buffer;
}

/** A fresh key id, never used before in this sandbox. */
export function allocateKeyId(state: SandboxState): string {
  let id: string;
  do {
    id = `key-${String(state.nextKeyNumber).padStart(4, '0')}`;
    state.nextKeyNumber += 1;
  } while (state.keyIds.has(id));
  state.keyIds.add(id);
  return id;
}

/** A fresh JWK id (JWK ids are never seeded, so a counter suffices). */
export function allocateJwkId(state: SandboxState): string {
  const id = `jwk-${String(state.nextJwkNumber).padStart(4, '0')}`;
  state.nextJwkNumber += 1;
  return id;
}

/** Renames a key in place while keeping its position in the project's list. */
export function renameKey(project: ProjectRecord, key: KeyRecord, newName: string): void {
  const oldName = key.name;
  if (oldName === newName) return;
  const reordered = new Map<string, KeyRecord>();
  for (const [name, record] of project.keys) {
    if (name === oldName) reordered.set(newName, record);
    else reordered.set(name, record);
  }
  key.name = newName;
  project.keys = reordered;
}

/** JWKs made from the key: sourceType PUBLIC_KEY/PRIVATE_KEY and a reference to the key's id. */
export function findJwksMadeFromKey(project: ProjectRecord, keyId: string): JwkRecord[] {
  return [...project.jwks.values()].filter(
    (jwk) => (jwk.sourceType === 'PUBLIC_KEY' || jwk.sourceType === 'PRIVATE_KEY') && jwk.sourceKeyId === keyId,
  );
}

/** The name of the key with this id in the project, if there still is one. */
export function findKeyNameById(project: ProjectRecord, keyId: string | null): string | null {
  if (keyId === null) return null;
  for (const key of project.keys.values()) if (key.id === keyId) return key.name;
  return null;
}
