import { formatErrorLine, formatLocation, toAppError } from '../common/app-error.js';
import { printableLine, printableLines } from '../core/render/printable.js';
import { EXIT } from './exit-codes.js';
import { writeDiagnostic } from './output.js';

/**
 * The one place errors become output: a single `Error:` line (then, for a problem in a
 * file, its source line with a caret, masked where it may hold material; then one line per
 * further problem of the same kind), the stack only with --debug, and the exit status.
 */
export function handleError(error: unknown, debug: boolean): number {
  const appError = toAppError(error);
  // A message may quote the Manager: each stays one line, with no control character in it.
  const lines = printableLines(
    [formatErrorLine(appError), ...(appError.excerpt ?? []), ...appError.details.map((detail) => `  ${detail}`)],
    false,
  );
  if (debug) {
    lines.push(`  code: ${appError.code}, fault: ${appError.fault}`);
    if (appError.http) lines.push(`  request: ${appError.http.method} ${appError.http.path} → ${appError.http.status ?? 'no reply'}`);
    if (appError.location) lines.push(`  at ${formatLocation(appError.location)}`);
    // A stack repeats its message, which may quote the Manager: only the frames are printed.
    lines.push(...listFrames(appError.stack));
    if (appError.cause)
      lines.push(printableLine(`Caused by: ${appError.cause.name}: ${appError.cause.message}`), ...listFrames(appError.cause.stack));
  }
  // On stdout when stderr is gone: the error is the one line that must reach someone.
  writeDiagnostic(printableLines(lines, false).join('\n'));
  return appError.code === 'interrupted' ? EXIT.interrupted : EXIT.error;
}

/** The `at …` lines of a stack, without the message it starts with. */
function listFrames(stack: string | undefined): string[] {
  return (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
}
