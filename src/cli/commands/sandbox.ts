import { EXIT } from '../exit-codes.js';

/** Flags of `sandbox`. */
export interface SandboxFlags {
  readonly host: string;
  readonly port: number;
  readonly seed?: string;
  readonly latency?: number;
  readonly failureRate?: number;
  readonly rateLimitRate?: number;
  readonly legacy?: boolean;
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
      replyShape: flags.legacy ? 'legacy' : 'current',
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
