import { AppError } from '../../common/app-error.js';
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
  /** `--replay FILE`: answer from a doctor recording instead of an in-memory Manager. */
  readonly replay?: string;
}

/** `apinizer-keys sandbox`: runs the local Apinizer-compatible server until SIGINT/SIGTERM. */
export async function runSandboxCommand(flags: SandboxFlags): Promise<number> {
  const { loadRecordingFile, loadSeedFile, runReplayUntilSignal, runSandboxUntilSignal } = await import('../../sandbox/index.js');
  if (flags.replay !== undefined) {
    const others = (['seed', 'latency', 'failureRate', 'rateLimitRate', 'api'] as const).filter((flag) => flags[flag] !== undefined);
    if (others.length > 0) {
      throw new AppError({
        code: 'usage',
        fault: 'user',
        message: `--replay answers only what the recording holds; it can not be combined with ${others.map(toFlag).join(', ')}.`,
        hint: 'Run the replay with --replay FILE (and --host/--port) only.',
      });
    }
    const recording = await loadRecordingFile(flags.replay);
    await runReplayUntilSignal({ recording, host: flags.host, port: flags.port, origin: flags.replay }, (line) =>
      process.stdout.write(`${line}\n`),
    );
    return EXIT.ok;
  }
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

/** `rateLimitRate` → `--rate-limit-rate`. */
function toFlag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
