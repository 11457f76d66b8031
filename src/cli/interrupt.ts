import type { InterruptGuard } from '../engine/index.js';
import { EXIT } from './exit-codes.js';
import type { Output } from './output.js';

/**
 * How far the run got: nothing changed yet (stopping at once loses nothing); an apply is
 * changing the Manager (its own guard stops it gracefully); or it has changed it.
 */
type Phase = 'before-change' | 'changing' | 'changed';

// Process-wide, as signals are.
let phase: Phase = 'before-change';

/** What the process guard needs to know of the command. */
export interface ProcessGuardOptions {
  /** The command changes the Manager (apply): a stop before any change says that nothing was changed. */
  readonly changes: boolean;
}

/**
 * The process-wide handling of SIGINT/SIGTERM outside an apply's own guard
 * ({@link guardInterrupts}). Before any change the run stops at once, as nothing is lost by
 * it: one line says so, and it exits 130 whichever the signal (one outcome, one code, as the
 * README's table and the apply guard have it). After an apply changed something, a signal
 * stops at once and points at plan.
 */
export function guardProcess(options: ProcessGuardOptions): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (phase === 'changing') return; // the apply's guard decides
    process.stderr.write(
      phase === 'changed'
        ? `\n${signal}: stopping now. Run plan to see what remains.\n`
        : `\n${signal}: ${options.changes ? 'interrupted before any change' : 'interrupted'}; nothing was changed.\n`,
    );
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * First signal: no new operation starts, in-flight requests finish (a read back under way is
 * abandoned), and the apply reports what was and was not done. Second signal: exit at once.
 */
export function guardInterrupts(output: Output): InterruptGuard {
  phase = 'changing';
  let stopping = false;
  let announceStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (announceStop = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      output.note(`\n${signal} again: stopping now. Run plan to see what remains.`);
      process.exit(130);
    }
    stopping = true;
    announceStop();
    output.note(`\n${signal}: finishing the operations in flight, starting no new ones (send again to stop at once).`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    isStopping: () => stopping,
    stopped,
    dispose: () => {
      phase = 'changed';
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
