import { AppError, formatLocation, type SourceLocation } from '../common/app-error.js';
import { MAX_SHOWN_VIOLATIONS, renderSourceExcerpt } from '../yaml/index.js';

/** Where to read up on the format, in every seed error. */
export const SEED_HINT = 'See schemas/sandbox-seed.schema.json (and src/sandbox/README.md) for the seed format.';

/** One problem of a seed; located when the seed came from text. */
export interface SeedProblem {
  readonly message: string;
  readonly location?: SourceLocation;
}

/**
 * One `invalid_document` error for every problem of a seed, in the order given (file order
 * for parsed seeds): the first in the message with a count of the rest, and each on its own
 * detail line, `file:line:col: …` when located, at most {@link MAX_SHOWN_VIOLATIONS} of them.
 * `origin` is named in the message when there is no location to name it. Given the seed's
 * `text`, the first problem's line is quoted with a caret (masked where it may hold material).
 */
export function createSeedError(problems: readonly SeedProblem[], origin: string, text?: string): AppError {
  const [first] = problems;
  // a rejected seed always has a problem to show; without one this is our bug, not the user's
  if (!first) throw new Error('createSeedError needs at least one problem');
  const shown = problems.slice(0, MAX_SHOWN_VIOLATIONS);
  const details = shown.map((problem) => (problem.location ? `${formatLocation(problem.location)}: ${problem.message}` : problem.message));
  const hidden = problems.length - shown.length;
  if (hidden > 0) details.push(`… and ${hidden.toLocaleString('en-US')} more ${hidden === 1 ? 'error' : 'errors'}.`);
  const rest = problems.length - 1;
  const more = rest > 0 ? ` (and ${rest.toLocaleString('en-US')} more problem${rest > 1 ? 's' : ''})` : '';
  const gist = `${first.message.replace(/\.$/, '')}${more}`;
  return new AppError({
    code: 'invalid_document',
    fault: 'user',
    // a question (did you mean …?) ends the sentence itself
    message: `Invalid sandbox seed${first.location ? '' : ` ${origin}`}: ${gist}${/[?!]$/.test(gist) ? '' : '.'}`,
    hint: SEED_HINT,
    details,
    problems: shown,
    ...(hidden > 0 ? { moreProblems: hidden } : {}),
    ...(first.location ? { location: first.location } : {}),
    ...(first.location && text !== undefined ? { excerpt: renderSourceExcerpt(text, first.location) } : {}),
  });
}

/**
 * A problem the YAML reader found (syntax, encoding, size, tags, duplicate keys, aliases)
 * restated as a seed error: seeds report every problem as `invalid_document`, and the
 * message says which file format was being read.
 */
export function restateAsSeedError(error: AppError): AppError {
  return new AppError({
    code: 'invalid_document',
    fault: 'user',
    message: `Invalid sandbox seed: ${error.message}`,
    hint: error.hint ?? SEED_HINT,
    details: error.details,
    ...(error.problems ? { problems: error.problems } : {}),
    ...(error.moreProblems === undefined ? {} : { moreProblems: error.moreProblems }),
    ...(error.excerpt ? { excerpt: error.excerpt } : {}),
    ...(error.location ? { location: error.location } : {}),
  });
}
