/**
 * The sandbox's initial state, as written in a seed file (YAML or JSON) or in code.
 * These types mirror `schemas/sandbox-seed.schema.json`, the definition of the format
 * (`test/sandbox/seed-schema.test.ts` holds them to it): a field the schema lets be `null`
 * ("as if absent") is `| null` here. See `src/sandbox/README.md` for an example.
 */
export interface SandboxSeed {
  readonly projects?: readonly SeedProject[] | null;
  /** Bearer tokens accepted by the API. */
  readonly tokens?: readonly SeedToken[] | null;
  /** Users that may obtain a token with `POST /apiops/auth/token` (client credentials). */
  readonly users?: readonly SeedUser[] | null;
}

/** A project with its environments, keys and JWKs. */
export interface SeedProject {
  readonly name: string;
  readonly description?: string | null;
  readonly environments?: readonly SeedEnvironment[] | null;
  readonly keys?: readonly SeedKey[] | null;
  readonly jwks?: readonly SeedJwk[] | null;
}

/** An environment reachable from a project. Without `id`, a stable one is generated. */
export interface SeedEnvironment {
  readonly name: string;
  readonly id?: string;
  /** E.g. `PRODUCTION`, `TEST`; default `TEST`. */
  readonly type?: string | null;
  readonly description?: string | null;
  readonly accessUrl?: string | null;
}

/** A crypto key, deployed to the listed environments of its project. */
export interface SeedKey {
  readonly name: string;
  /** Any string: `SECRET_KEY`, `PRIVATE_KEY`, `PUBLIC_KEY`, or older values like `RSA`. */
  readonly keyType: string;
  /**
   * For a SECRET_KEY: `AES`, `DES`, `DESede` or `RSA` (case-sensitive), shown by the current
   * generation. Absent means `AES` (the current Manager requires one); `null` seeds a key
   * stored without one, as an older Manager made it.
   */
  readonly algorithm?: string | null;
  readonly description?: string | null;
  /** Without it, a stable id is generated. */
  readonly id?: string;
  readonly environments?: readonly SeedKeyEnvironment[] | null;
}

/** A key's material in one environment. */
export interface SeedKeyEnvironment {
  /** An environment of the project. */
  readonly name: string;
  /** Base64 of the key file (canonical base64 with padding). */
  readonly content: string;
  readonly alias?: string | null;
}

/** The `sourceType`s the API documents for JWKs. */
export const JWK_SOURCE_TYPES = ['URL', 'COPY_PASTE', 'CERTIFICATE', 'PUBLIC_KEY', 'PRIVATE_KEY', 'KEYSTORE', 'GENERATE'] as const;
/** Where a JWK's material came from. */
export type JwkSourceType = (typeof JWK_SOURCE_TYPES)[number];

/**
 * A JWK of a project. For `sourceType` `PUBLIC_KEY`/`PRIVATE_KEY`, `sourceKey` names the key it
 * was made from (its `sourceId` is that key's id in the current generation, its name in the
 * older ones); leave it out to seed an already detached JWK.
 * `URL` JWKs need `sourceUrl`.
 */
export interface SeedJwk {
  readonly name: string;
  readonly sourceType: JwkSourceType;
  readonly sourceKey?: string | null;
  readonly sourceUrl?: string | null;
  readonly description?: string | null;
  /** JWK `kty`; default derived from `algorithm` (`RSA`, `EC` or `oct`). */
  readonly type?: string | null;
  /** Default: a stable id derived from project and name. */
  readonly kid?: string | null;
  /** Default `SIGNATURE`. */
  readonly useType?: string | null;
  /** Default `RS256`. */
  readonly algorithm?: string | null;
}

/** Permissions a token or user can hold in a project. */
export const SEED_PERMISSIONS = ['READ', 'MANAGE', 'DEPLOY_UNDEPLOY', 'EXPORT_IMPORT'] as const;
/**
 * One permission in a project (the sandbox's view of Apinizer's SECRETS privileges).
 * EXPORT_IMPORT lets a token read raw key material (Export Key File); `*` holds it too.
 */
export type SeedPermission = (typeof SEED_PERMISSIONS)[number];

/** `"*"`: every permission on every project; otherwise permissions by project name. */
export type SeedGrants = '*' | { readonly [project: string]: readonly SeedPermission[] };

/** An API access token. */
export interface SeedToken {
  readonly token: string;
  readonly projects: SeedGrants;
  /** An expired token answers 401 as expired (`Token was expired!` / `token_expired`). */
  readonly expired?: boolean | null;
}

/** A user for the client-credentials token endpoint. */
export interface SeedUser {
  readonly username: string;
  readonly password: string;
  readonly projects: SeedGrants;
}
