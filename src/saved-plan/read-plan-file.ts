import { AppError } from '../common/app-error.js';
import { describeFsError } from '../common/describe-fs-error.js';
import { readFileBounded } from '../yaml/read-bounded.js';
import { MAX_SAVED_PLAN_BYTES } from './saved-plan-file.js';

/**
 * Reads the plan file of `apply FILE`, stopping as soon as it proves larger than
 * MAX_SAVED_PLAN_BYTES: a wrong path (`/dev/zero`, a log, a disk image) must not
 * exhaust memory before it is refused.
 */
export async function readPlanFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFileBounded(path, path, MAX_SAVED_PLAN_BYTES);
  } catch (error) {
    // readFileBounded words its limit for desired-state files (split them); a plan cannot
    // be split, so the limit is reported here as a usage error of its own.
    if (error instanceof AppError && error.code === 'invalid_document') throw createPlanTooLargeError(path);
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `Cannot read plan file ${path}: ${describeFsError(error)}.`,
      hint: 'Give the path of a file written by plan --out (relative to the directory apply runs in).',
      cause: error,
    });
  }
  return bytes.toString('utf8');
}

/** The error for a plan file over MAX_SAVED_PLAN_BYTES, when read (`writing` false) or about to be written. */
export function createPlanTooLargeError(path: string, writing = false): AppError {
  const limit = `${MAX_SAVED_PLAN_BYTES / 1024 / 1024} MiB`;
  return new AppError({
    code: 'usage',
    fault: 'user',
    message: writing
      ? `The plan is too large to save to ${path}: saved plans are limited to ${limit}.`
      : `Plan file ${path} is larger than the limit of ${limit} for saved plans.`,
    hint: writing
      ? 'Plan and apply parts of it with --target (a project, or project/key), each saved to its own file.'
      : 'Check the path: it must be a file written by plan --out. For a plan that large, plan and apply parts of it with --target.',
  });
}
