import { AppError, formatLocation, type ErrorCode, type SourceLocation } from '../common/app-error.js';
import { renderSourceExcerpt } from './render-source-excerpt.js';

/** One located problem, the unit a file's errors are collected in. */
export interface Violation {
  readonly location: SourceLocation;
  readonly message: string;
}

/** A file with thousands of errors helps no one; past this many (the message included), the rest are counted. */
export const MAX_SHOWN_VIOLATIONS = 50;

/**
 * One {@link AppError} for all problems found in the user's input, so a run reports
 * everything to fix at once: the first problem is the error's message and location,
 * further ones `file:line:col: message` detail lines, at most {@link MAX_SHOWN_VIOLATIONS}
 * in all, then `… and 31,950 more errors`. Given the file's `text`, the first problem's
 * line is quoted with a caret under its column (masked where it may hold material).
 */
export function createViolationsError(
  code: ErrorCode,
  violations: readonly [Violation, ...Violation[]],
  hint?: string,
  text?: string,
): AppError {
  const [first, ...rest] = violations;
  const shown = rest.slice(0, MAX_SHOWN_VIOLATIONS - 1);
  const details = shown.map((violation) => `${formatLocation(violation.location)}: ${violation.message}`);
  const hidden = rest.length - shown.length;
  if (hidden > 0) details.push(`… and ${hidden.toLocaleString('en-US')} more ${hidden === 1 ? 'error' : 'errors'}.`);
  return new AppError({
    code,
    fault: 'user',
    message: first.message,
    location: first.location,
    details,
    hint,
    problems: [first, ...shown],
    ...(hidden > 0 ? { moreProblems: hidden } : {}),
    ...(text === undefined ? {} : { excerpt: renderSourceExcerpt(text, first.location) }),
  });
}

/** Orders violations as they appear in the file: by line, then column. */
export function sortByLocation<T extends Violation>(violations: readonly T[]): T[] {
  return [...violations].sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
}

/** Narrows an array to a non-empty tuple. */
export function isNonEmpty<T>(items: readonly T[]): items is readonly [T, ...T[]] {
  return items.length > 0;
}
