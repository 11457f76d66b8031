/**
 * What `doctor` found out about a Manager, as plain data: gathered by the engine (network,
 * files), judged by {@link assessDoctor}. Nothing here is a secret: no token, no material.
 */
import type { ErrorCode } from '../../common/app-error.js';
import type { RecordedExchange } from '../model/recording.js';

/** An error as doctor reports it: the stable code, the message, what to do. */
export interface FactError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
}

/** One step of reaching the Manager's host: passed, failed (with the system's code), or not tried. */
export type ProbeStep<T extends object = object> =
  | ({ readonly status: 'ok' } & T)
  | { readonly status: 'failed'; readonly code: string; readonly message: string }
  | { readonly status: 'skipped' };

/** DNS, TCP and (for https) TLS to the Manager's host, tried before any HTTP request. */
export interface Reachability {
  readonly host: string;
  readonly port: number;
  /** The proxy requests go through (scheme, host and port only); then DNS, TCP and TLS are the proxy's and skipped here. */
  readonly proxy?: string;
  readonly dns: ProbeStep<{ readonly addresses: readonly string[] }>;
  readonly tcp: ProbeStep<{ readonly address: string }>;
  /** Skipped for http: URLs. */
  readonly tls: ProbeStep<{
    readonly protocol?: string;
    readonly subject?: string;
    readonly issuer?: string;
    /** ISO date the certificate expires. */
    readonly validTo?: string;
    readonly daysLeft?: number;
  }>;
}

/** The URL as given and as the tool will use it. */
export interface UrlFacts {
  /** The API root the tool uses (`https://host/apiops`); absent when the URL was refused. */
  readonly baseUrl?: string;
  readonly refused?: string;
  readonly scheme?: 'http' | 'https';
  /** Whether the given URL already ended in `/apiops`. */
  readonly hadApiSegment?: boolean;
  /** A host that is this machine (plain http is fine there). */
  readonly loopback?: boolean;
}

/** How the run authenticated, and what the Manager said to it. */
export interface TokenFacts {
  readonly kind: 'token' | 'credentials';
  /** For credentials: the token request's outcome and announced lifetime. */
  readonly obtained?:
    { readonly status: 'ok'; readonly expiresInSeconds?: number } | { readonly status: 'failed'; readonly error: FactError };
  /**
   * The first authenticated call (`GET projects/`): accepted (with how many projects it listed
   * and its `resultCount`, when it gave one), refused (401), or failed otherwise.
   */
  readonly check?:
    | { readonly status: 'accepted'; readonly visibleProjects: number; readonly resultCount?: number }
    | { readonly status: 'failed'; readonly error: FactError };
}

/** What reading one project found. `error` on a list means that read failed. */
export interface ProjectFacts {
  readonly name: string;
  /** Environment names the desired-state file uses in this project (empty without a file). */
  readonly namedEnvironments: readonly string[];
  readonly environments: { readonly names: readonly string[] } | { readonly error: FactError };
  readonly keys?: { readonly count: number; readonly resultCount?: number } | { readonly error: FactError };
  readonly jwks?: { readonly count: number; readonly resultCount?: number } | { readonly error: FactError };
}

/** Everything doctor gathered. */
export interface DoctorFacts {
  readonly url: UrlFacts;
  readonly reachability?: Reachability;
  readonly token?: TokenFacts;
  /** Where the project list came from: the desired-state file, or every project the token sees. */
  readonly scope: 'file' | 'visible';
  readonly projects: readonly ProjectFacts[];
  /** Which environments path answered (`current`: `projects/{p}/environments/`). */
  readonly environmentsApi?: 'current' | 'older';
  /** Every exchange of the check (redacted), from which the API generation is read. */
  readonly exchanges: readonly RecordedExchange[];
}
