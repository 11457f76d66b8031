import { EXIT } from '../exit-codes.js';

/** Flags of `sandbox`. */
export interface SandboxFlags {
  readonly host: string;
  readonly port: number;
  readonly seed?: string;
  readonly latency?: number;
  readonly failureRate?: number;
  readonly rateLimitRate?: number;
  /** The API generation to imitate; the sandbox's own default when absent. */
  readonly api?: 'current' | '2026-01' | 'legacy';
}

/** `apinizer-keys sandbox`: runs the local Apinizer-compatible server until SIGINT/SIGTERM. */
export async function runSandboxCommand(flags: SandboxFlags): Promise<number> {
  const { loadSeedFile, runSandboxUntilSignal } = await import('../../sandbox/index.js');
  const seed = flags.seed ? await loadSeedFile(flags.seed) : undefined;
  await runSandboxUntilSignal(
    {
      host: flags.host,
      port: flags.port,
      seed,
      // Left out when not given, so the sandbox's DEFAULT_SANDBOX_API decides; an unknown value is refused there.
      ...(flags.api === undefined ? {} : { api: flags.api }),
      faults: {
        latencyMs: flags.latency ?? 0,
        failureRate: flags.failureRate ?? 0,
        rateLimitRate: flags.rateLimitRate ?? 0,
      },
    },
    (line) => process.stdout.write(`${line}\n`),
  );
  return EXIT.ok;
}
