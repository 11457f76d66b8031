import { formatErrorLine, formatLocation, toAppError } from '../common/app-error.js';
import { printableLines, printableText } from '../core/render/printable.js';
import { EXIT } from './exit-codes.js';

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
    if (appError.stack) lines.push(appError.stack);
    if (appError.cause?.stack) lines.push(`Caused by: ${appError.cause.stack}`);
  }
  process.stderr.write(`${printableText(lines.join('\n'), false)}\n`);
  return appError.code === 'interrupted' ? EXIT.interrupted : EXIT.error;
}
