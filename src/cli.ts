#!/usr/bin/env node
import { handleError } from './cli/handle-error.js';
import { guardProcess, settleExitStatus } from './cli/interrupt.js';
import { watchOutputStreams } from './cli/output.js';
import { createProgram, type ExitStatus } from './cli/program.js';

const debug = process.argv.includes('--debug');

// A failed write to stdout or stderr (a reader that went away, a full disk) is reported and
// stops the run (an apply gracefully), never a stack trace: see guardProcess.
watchOutputStreams();

function finish(status: ExitStatus): void {
  status.then(
    (code) => {
      process.exitCode = settleExitStatus(code);
    },
    (error: unknown) => {
      process.exitCode = settleExitStatus(handleError(error, debug));
    },
  );
}

createProgram(finish)
  // Signals are handled for the commands that talk to the Manager about changes; the sandbox
  // stops on them by itself (closing its server), the others keep the default.
  .hook('preAction', (_program, command) => {
    const name = command.name();
    guardProcess({ changes: name === 'apply', signals: name === 'apply' || name === 'plan' });
  })
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.exitCode = settleExitStatus(handleError(error, debug));
  });
