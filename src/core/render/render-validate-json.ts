import type { AppError, ErrorCode } from '../../common/app-error.js';
import { stringifyDocument } from '../../common/stringify-document.js';

/** Version of the `validate --format json` document; bump on any incompatible change. */
export const VALIDATE_FORMAT_VERSION = 1;

/** What a successful validate found. */
export interface ValidatedCounts {
  /** The files read, as given or found in a given directory (`-` for stdin). */
  readonly files: readonly string[];
  readonly projects: number;
  readonly keys: number;
}

/** One error of a failed validate; `file`, `line` and `column` are null for errors about no place in a file. */
export interface ValidateError {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly code: ErrorCode;
  readonly message: string;
}

/** The document `validate --format json` prints (schemas/validate-result.schema.json). */
export type ValidateDocument =
  | ({ readonly formatVersion: typeof VALIDATE_FORMAT_VERSION; readonly valid: true } & ValidatedCounts)
  | {
      readonly formatVersion: typeof VALIDATE_FORMAT_VERSION;
      readonly valid: false;
      readonly errors: readonly ValidateError[];
      /** Errors found beyond those listed (more than are ever shown). */
      readonly moreErrors: number;
      /** How to fix the first error, when there is something to say. */
      readonly hint?: string;
    };

/** The document of a successful validate. */
export function toValidDocument(counts: ValidatedCounts): ValidateDocument {
  return { formatVersion: VALIDATE_FORMAT_VERSION, valid: true, files: [...counts.files], projects: counts.projects, keys: counts.keys };
}

/**
 * The document of a failed validate, from the error alone: every problem it lists (each
 * with its place and the error's code), or the error itself when it is a single one. Only
 * the error's printable text: never its stack or cause.
 */
export function toInvalidDocument(
  error: Pick<AppError, 'code' | 'message' | 'hint' | 'location' | 'problems' | 'moreProblems'>,
): ValidateDocument {
  const problems = error.problems && error.problems.length > 0 ? error.problems : [{ message: error.message, location: error.location }];
  return {
    formatVersion: VALIDATE_FORMAT_VERSION,
    valid: false,
    errors: problems.map((problem) => ({
      file: problem.location?.file ?? null,
      line: problem.location?.line ?? null,
      column: problem.location?.column ?? null,
      code: error.code,
      message: problem.message,
    })),
    moreErrors: error.moreProblems ?? 0,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  };
}

/** The document as printed: pretty JSON and a newline. */
export function renderValidateJson(document: ValidateDocument): string {
  return stringifyDocument(document);
}
