import { AppError, formatLocation, type ErrorCode, type SourceLocation } from '../common/app-error.js';

/** One located problem, the unit a file's errors are collected in. */
export interface Violation {
  readonly location: SourceLocation;
  readonly message: string;
}

/** A file with thousands of errors helps no one; past this many, the rest are counted. */
const MAX_DETAILS = 50;

/**
 * One {@link AppError} for all problems found in the user's input, so a run reports
 * everything to fix at once: the first problem is the error's message and location,
 * every further one a `file:line:col: message` detail line.
 */
export function createViolationsError(
  code: ErrorCode,
  violations: readonly [Violation, ...Violation[]],
  hint?: string,
): AppError {
  const [first, ...rest] = violations;
  const details = rest.slice(0, MAX_DETAILS).map((violation) => `${formatLocation(violation.location)}: ${violation.message}`);
  if (rest.length > MAX_DETAILS) details.push(`… and ${rest.length - MAX_DETAILS} more`);
  return new AppError({ code, fault: 'user', message: first.message, location: first.location, details, hint });
}

/** Orders violations as they appear in the file: by line, then column. */
export function sortByLocation<T extends Violation>(violations: readonly T[]): T[] {
  return [...violations].sort(
    (a, b) => a.location.line - b.location.line || a.location.column - b.location.column,
  );
}

/** Narrows an array to a non-empty tuple. */
export function isNonEmpty<T>(items: readonly T[]): items is readonly [T, ...T[]] {
  return items.length > 0;
}
