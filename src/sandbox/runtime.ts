import type { FaultSettings, RequestLogEntry, SandboxApi } from './public-types.js';
import type { SandboxState } from './state.js';

/** The mutable insides of one running sandbox, shared by the HTTP pipeline and the handle. */
export interface SandboxRuntime {
  readonly state: SandboxState;
  faults: FaultSettings;
  /** The generation spoken; read once per request, so a switch never splits a reply. */
  api: SandboxApi;
  /** Lifetime of tokens issued from credentials, in seconds. */
  readonly tokenLifetimeSeconds: number;
  /** Fault dice; seeded, so runs repeat. */
  readonly random: () => number;
  /** Entries are pushed on arrival and get their status when the reply is sent. */
  log: RequestLogEntry[];
  /** Aborted by close(), so that requests waiting out their latency stop waiting. */
  readonly closing: AbortSignal;
}

/** Rolls one fault die: never for rate 0, always for rate 1, else by the PRNG. */
export function rollFault(runtime: SandboxRuntime, method: string, rate: number): boolean {
  if (rate <= 0 || !runtime.faults.faultMethods.includes(method)) return false;
  return runtime.random() < rate;
}
