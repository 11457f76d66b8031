#!/usr/bin/env node
import { handleError } from './cli/handle-error.js';
import { createProgram, type ExitStatus } from './cli/program.js';

const debug = process.argv.includes('--debug');

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
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.exitCode = handleError(error, debug);
  });
