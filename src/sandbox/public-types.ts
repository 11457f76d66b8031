import type { SandboxSeed } from './seed-types.js';
import type { SandboxSnapshot } from './snapshot.js';

/**
 * Faults the sandbox injects so that retry, rate-limit and partial-failure handling can
 * be exercised. All random faults are decided by a seeded PRNG, so a run is repeatable.
 */
export interface FaultSettings {
  /** Delay added before handling every `/apiops` request, in milliseconds (default 0). */
  latencyMs: number;
  /** 0..1: chance of a 500 `internal_error` reply before anything is done (not even auth). */
  failureRate: number;
  /**
   * 0..1: chance that a successful key or JWK mutation (POST/PUT/DELETE) is carried out and
   * then answered 500 anyway: the ambiguous failure a client must survive when it retries.
   */
  commitThenFailRate: number;
  /** 0..1: chance of a 429 `rate_limit_exceeded` reply (with `Retry-After`) before anything is done. */
  rateLimitRate: number;
  /** Seconds announced in `Retry-After` and `retry_after` of a 429 (default 1; 0 allowed). */
  retryAfterSeconds: number;
  /** HTTP methods the three random faults apply to (default GET, POST, PUT, DELETE). */
  faultMethods: string[];
  /** Environment names whose undeploy (key DELETE, or removal by PUT) reports `success: false` inside HTTP 200. */
  failUndeployEnvironments: string[];
  /** Environment names whose deploy (key POST/PUT) reports `success: false` inside HTTP 200. */
  failDeployEnvironments: string[];
  /**
   * Which documented form `deploymentResult` takes (default `environmentResults`): the key
   * pages' `environmentResults`, the OpenAPI `DeploymentResult` nested per environment and
   * per gateway pod (`detailList`), or no per-environment detail at all (`none`).
   */
  deploymentShape: DeploymentShape;
  /**
   * In the current generation a PUT that supplies `cryptoKeyInfoEnvironmentList` undeploys the
   * environments the list leaves out (undocumented). True keeps them instead.
   */
  putKeepsOmittedEnvironments: boolean;
  /**
   * Fields a key POST/PUT answers success for but does not store: each keeps its value from
   * before the write (on a create: empty). `description`, `algorithm`, `alias`. Default none.
   */
  ignoreFieldsOnWrite: IgnorableField[];
  /** Environment names a key POST/PUT reports deployed but does not store on the key. Default none. */
  dropEnvironmentsOnWrite: string[];
  /** True: a key DELETE answers success (with its undeploy results) and changes nothing. */
  keepDeletedKeys: boolean;
  /** True: a key DELETE with `jwkDeleteAction=DELETE` detaches the key's JWKs instead of deleting them, as if it ignored the parameter. */
  keepJwksOnDelete: boolean;
  /** Key lists return only the first N entries while `resultCount` stays the true total; null: all. */
  keyListLimit: number | null;
  /**
   * A token obtained from credentials is accepted for this many authenticated requests and then
   * answers 401 as expired (counted from when it was issued); null: no such limit.
   */
  tokenLifetimeRequests: number | null;
}

/** The key fields {@link FaultSettings.ignoreFieldsOnWrite} can leave unchanged. */
export type IgnorableField = 'description' | 'algorithm' | 'alias';

/** Every {@link IgnorableField}. */
export const IGNORABLE_FIELDS: readonly IgnorableField[] = ['description', 'algorithm', 'alias'];

/** The documented forms of a `deploymentResult`; see {@link FaultSettings.deploymentShape}. */
export type DeploymentShape = 'environmentResults' | 'detailList' | 'none';

/** Every {@link DeploymentShape}. */
export const DEPLOYMENT_SHAPES: readonly DeploymentShape[] = ['environmentResults', 'detailList', 'none'];

/**
 * Which generation of Apinizer's API reference the sandbox speaks: `current` (docs.apinizer.com
 * from 2026-07: `status` envelopes, 400 for nearly every error, no key material in reads,
 * partial PUT), `2026-01` (`success: true`, encrypted content by environment id, `error` /
 * `error_description` errors) or `legacy` (`management-api-docs`: `status: "SUCCESS"`, plain
 * `publicKey`/`privateKey` by environment name).
 */
export type SandboxApi = 'current' | '2026-01' | 'legacy';

/** Every {@link SandboxApi}, newest first. */
export const SANDBOX_APIS: readonly SandboxApi[] = ['current', '2026-01', 'legacy'];

/** The generation a sandbox speaks when not told: the reference as published today. */
export const DEFAULT_SANDBOX_API: SandboxApi = 'current';

/** How to start a sandbox. Every field is optional. */
export interface SandboxOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; default 0 (a free port). */
  port?: number;
  /** Initial state; default {@link DEMO_SEED}. */
  seed?: SandboxSeed;
  faults?: Partial<FaultSettings>;
  /** Default {@link DEFAULT_SANDBOX_API}. */
  api?: SandboxApi;
  /**
   * Lifetime of tokens issued by `POST /apiops/auth/token`, in seconds (default 3600; fractions
   * allowed so tests need not wait long). `expires_in` announces it rounded up.
   */
  tokenLifetimeSeconds?: number;
  /** Seeds the PRNG that rolls the fault dice; default 1. */
  randomSeed?: number;
}

/** One `/apiops` request as the sandbox saw it. */
export interface RequestLogEntry {
  method: string;
  /** The raw path as requested (still URL-encoded), without the query. */
  path: string;
  /** Decoded query parameters; the last one wins when a name repeats. */
  query: Record<string, string>;
  /** Final status sent, including injected faults; 0 if no reply was sent. */
  status: number;
}

/** A running sandbox. */
export interface SandboxHandle {
  /** Manager URL, e.g. `http://127.0.0.1:PORT`; the API lives under `url + '/apiops'`. */
  readonly url: string;
  /** A token with every permission on every project (seeded tokens work too). */
  readonly token: string;
  /** A copy of the request log, in arrival order (only `/apiops` requests). */
  requests(): RequestLogEntry[];
  clearRequests(): void;
  /** Merges into the current fault settings; throws an AppError on invalid values. */
  setFaults(faults: Partial<FaultSettings>): void;
  /** Switches the generation spoken from the next request on; throws an AppError on other values. */
  setApi(api: SandboxApi): void;
  /**
   * Replaces a key's material in one environment by hand (as in the Manager UI), changing
   * nothing else: `content` is the base64 of the new key file, null leaves no material there.
   * Throws an AppError when the key or environment does not exist.
   */
  replaceMaterial(project: string, key: string, environment: string, content: string | null): void;
  /** A deep copy of the state, with each key's plain base64 content per environment. */
  snapshot(): SandboxSnapshot;
  /** Stops accepting, closes keep-alive sockets, resolves once closed. */
  close(): Promise<void>;
}
