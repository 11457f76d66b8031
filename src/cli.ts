#!/usr/bin/env node
import { handleError } from './cli/handle-error.js';
import { guardProcess } from './cli/interrupt.js';
import { createProgram, type ExitStatus } from './cli/program.js';

const debug = process.argv.includes('--debug');

// A reader that went away (`apinizer-keys plan | head`) is not an error of this run: stop
// quietly, as Unix tools do, instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

function finish(status: ExitStatus): void {
  status.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = handleError(error, debug);
    },
  );
}

createProgram(finish)
  // Plan and apply stop on a signal here while they read; the sandbox stops on one by itself
  // (closing its server), the others keep the default.
  .hook('preAction', (_program, command) => {
    const name = command.name();
    if (name === 'apply' || name === 'plan') guardProcess({ changes: name === 'apply' });
  })
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.exitCode = handleError(error, debug);
  });
