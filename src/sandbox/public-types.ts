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
}

/**
 * Which documented reply shape the sandbox speaks: `current` (newer reference: `success: true`,
 * encrypted content with environment ids) or `legacy` (older reference: `status: "SUCCESS"`,
 * plain `publicKey`/`privateKey` with environment names).
 */
export type ReplyShape = 'current' | 'legacy';

/** How to start a sandbox. Every field is optional. */
export interface SandboxOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; default 0 (a free port). */
  port?: number;
  /** Initial state; default {@link DEMO_SEED}. */
  seed?: SandboxSeed;
  faults?: Partial<FaultSettings>;
  /** Default `current`. */
  replyShape?: ReplyShape;
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
  setReplyShape(shape: ReplyShape): void;
  /** A deep copy of the state, with each key's plain base64 content per environment. */
  snapshot(): SandboxSnapshot;
  /** Stops accepting, closes keep-alive sockets, resolves once closed. */
  close(): Promise<void>;
}
