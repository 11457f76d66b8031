import { AppError, formatErrorLine } from '../common/app-error.js';
import { describeFsError } from '../common/describe-fs-error.js';
import type { InterruptGuard } from '../engine/index.js';
import { EXIT } from './exit-codes.js';
import { findFallbackStream, findOutputFailure, onOutputLost, writeDiagnostic, type Output, type OutputFailure } from './output.js';

/**
 * How far the run got: nothing changed yet (stopping at once loses nothing); an apply is
 * changing the Manager (its own guard stops it gracefully); or it has changed it.
 */
type Phase = 'before-change' | 'changing' | 'changed';

// Process-wide, as signals and the output streams are.
let phase: Phase = 'before-change';
/** What stopped the apply first; it decides the exit status (see {@link settleExitStatus}). */
let firstStop: 'signal' | 'output' | undefined;

/** What the process guard needs to know of the command. */
export interface ProcessGuardOptions {
  /** The command changes the Manager (apply): a stop before any change says that nothing was changed. */
  readonly changes: boolean;
  /** Handle SIGINT/SIGTERM; false for a command with its own handling (sandbox). */
  readonly signals: boolean;
}

/**
 * The process-wide handling of SIGINT/SIGTERM and of a failed write to stdout or stderr,
 * outside an apply's own guard ({@link guardInterrupts}). Before any change the run stops at
 * once, as nothing is lost by it: a signal says so in one line and exits 130, whichever the
 * signal (one outcome, one code, as the README's table and the apply guard have it); a
 * closed stdout exits 141, the code of a tool killed by SIGPIPE, so that a cut-short run
 * never passes for its result (the old exit 0 here read as "no changes"), quietly unless the
 * command changes things; any other write failure is one `Error:` line and exit 1.
 * After an apply changed something, a signal stops at once and points at plan.
 */
export function guardProcess(options: ProcessGuardOptions): void {
  if (options.signals) {
    const onSignal = (signal: NodeJS.Signals) => {
      if (phase === 'changing') return; // the apply's guard decides
      writeDiagnostic(
        phase === 'changed'
          ? `\n${signal}: stopping now. Run plan to see what remains.`
          : `\n${signal}: ${describeEarlyStop(options, 'interrupted')}.`,
      );
      process.exit(EXIT.interrupted);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  onOutputLost((failure) => {
    if (phase === 'changing') return;
    if (phase === 'changed') return writeDiagnostic(describeLoss(failure, undefined, true));
    // A reader that went away on purpose (`plan | head`) needs no line; a run that changes things says it did not.
    if (failure.code !== 'EPIPE' || options.changes)
      writeDiagnostic(describeLoss(failure, options.changes ? describeEarlyStop(options, 'stopped') : undefined, false));
    process.exit(exitStatusOfLoss(failure));
  });
}

/**
 * The exit status of a run whose command ended with `status`: a failed write overrides it (the
 * output asked for was not delivered), unless a signal had stopped the apply first.
 */
export function settleExitStatus(status: number): number {
  const failure = findOutputFailure();
  return failure === undefined || firstStop === 'signal' ? status : exitStatusOfLoss(failure);
}

/**
 * The guard of an apply's execution. First signal, or first failed write to stdout or stderr
 * (`apply | head`, a full disk): no new operation starts, in-flight requests finish (a read
 * back under way is abandoned), and the apply reports what was and was not done, on the
 * stream that still works. A signal after that: exit at once.
 */
export function guardInterrupts(output: Output): InterruptGuard {
  phase = 'changing';
  let stopping = false;
  let announceStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (announceStop = resolve));
  const stop = (cause: 'signal' | 'output') => {
    stopping = true;
    firstStop = cause;
    announceStop();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      output.note(`\n${signal}${firstStop === 'signal' ? ' again' : ''}: stopping now. Run plan to see what remains.`);
      process.exit(EXIT.interrupted);
    }
    stop('signal');
    output.note(`\n${signal}: finishing the operations in flight, starting no new ones (send again to stop at once).`);
  };
  const stopForOutput = (failure: OutputFailure) => {
    if (stopping) return output.note(describeLoss(failure, undefined, true));
    stop('output');
    output.note(describeLoss(failure, 'finishing the operations in flight, starting no new ones', true));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopWatchingOutput = onOutputLost(stopForOutput);
  return {
    isStopping: () => stopping,
    stopped,
    dispose: () => {
      phase = 'changed';
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stopWatchingOutput();
    },
  };
}

function describeEarlyStop(options: ProcessGuardOptions, how: 'interrupted' | 'stopped'): string {
  return options.changes ? `${how} before any change; nothing was changed` : `${how}; nothing was changed`;
}

/**
 * One line on a failed write: what failed, `then` (what the run does about it), and, while
 * the run goes on, where the rest of its output goes. A closed stdout is no error of the run,
 * so only other failures are `Error:` lines (with a hint).
 */
function describeLoss(failure: OutputFailure, then: string | undefined, goesOn: boolean): string {
  const fallback = goesOn ? findFallbackStream(failure) : undefined;
  const rest = fallback === undefined ? '' : `the rest of the output goes to ${fallback}`;
  const after = [then, rest].filter((part) => part !== undefined && part !== '').join('; ');
  if (failure.code === 'EPIPE') return `\n${failure.stream} was closed by its reader${after === '' ? '' : `: ${after}`}.`;
  const reason = describeFsError({ code: failure.code });
  const cause = `Cannot write to ${failure.stream}: ${reason.includes(failure.code) ? reason : `${reason} (${failure.code})`}.`;
  const full = failure.code === 'ENOSPC' || failure.code === 'EDQUOT';
  return formatErrorLine(
    new AppError({
      code: 'usage',
      fault: 'user',
      message: after === '' ? cause : `${cause} ${after.charAt(0).toUpperCase()}${after.slice(1)}.`,
      hint: full ? 'Free space on that device, or send the output elsewhere.' : `Check where ${failure.stream} goes.`,
    }),
  );
}

function exitStatusOfLoss(failure: OutputFailure): number {
  return failure.code === 'EPIPE' ? EXIT.outputClosed : EXIT.error;
}
