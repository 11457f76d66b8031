/**
 * Live state as read from the Manager, normalized from either documented reply shape.
 * Live key material is never kept: the newer API returns it encrypted, and where the
 * older API returns it in plain, only its fingerprint is kept.
 */

/** One environment a live key is deployed to. */
export interface LiveKeyEnvironment {
  /** Present when the reply or the environment list gave the name. */
  readonly environmentName?: string;
  /** Present in newer list replies. */
  readonly environmentId?: string;
  readonly alias?: string;
  /**
   * True when the reply has no `alias` field at all (the legacy reference lists none): the
   * alias is then unknown, not empty, and is not compared.
   */
  readonly aliasUnknown?: boolean;
  /** SHA-256 (hex) of the decoded plain material; only from the older reply shape. */
  readonly materialSha256?: string;
}

/** A crypto key of a project, as the Manager reports it. */
export interface LiveKey {
  /** Some replies carry an id; JWKs may reference a key by it. */
  readonly id?: string;
  readonly name: string;
  readonly description: string;
  /** `SECRET_KEY` | `PRIVATE_KEY` | `PUBLIC_KEY`, or an older-reference value like `RSA`. */
  readonly keyType: string;
  /** `AES` | `DES` | `DESede` | `RSA` for a SECRET_KEY; absent when the Manager reports none (null, older generations). */
  readonly algorithm?: string;
  readonly environments: readonly LiveKeyEnvironment[];
}

/** An environment reachable from a project. */
export interface LiveEnvironment {
  readonly id?: string;
  readonly name: string;
  readonly type?: string;
  readonly status?: string;
}

/** A JWK of a project, from the JWK list (never with material). */
export interface LiveJwk {
  readonly name: string;
  readonly description?: string;
  /** `URL`, `COPY_PASTE`, `CERTIFICATE`, `PUBLIC_KEY`, `PRIVATE_KEY`, `KEYSTORE` or `GENERATE`. */
  readonly sourceType?: string;
  /** For JWKs made from a key: the key's name or id. */
  readonly sourceId?: string;
  readonly type?: string;
  readonly kid?: string;
}

/** Everything the planner needs to know about one live project. */
export interface LiveProject {
  readonly name: string;
  /** Keys with environment names resolved wherever the Manager allowed it. */
  readonly keys: readonly LiveKey[];
  readonly environments: readonly LiveEnvironment[];
  /** Read only for projects whose plan deletes keys or re-parses JWKs. */
  readonly jwks?: readonly LiveJwk[];
  /**
   * True when the Manager answered like the current API reference (its
   * `projects/{p}/environments/` path exists), whose PUT changes only the fields sent. Older
   * generations replace the whole key on PUT, so a body without the environment list would
   * undeploy it everywhere: absent or false means every update sends the whole key.
   */
  readonly partialUpdates?: boolean;
}

/** Live state of the projects a plan covers, by project name. */
export type LiveState = ReadonlyMap<string, LiveProject>;

/** Per-environment outcome of a deploy or undeploy, from a create, update or delete reply. */
export interface EnvironmentResult {
  readonly environmentName: string;
  /** The gateway pod, when the Manager reports results per pod (OpenAPI `DeploymentResult.detailList`). */
  readonly pod?: string;
  readonly success: boolean;
  readonly message?: string;
}

/** The `deploymentResult` of a create, update or delete reply. */
export interface DeploymentResult {
  readonly success: boolean;
  readonly message?: string;
  /** Per environment (and pod). Empty when the Manager gave no per-environment detail: then nothing is confirmed per environment. */
  readonly environments: readonly EnvironmentResult[];
}
