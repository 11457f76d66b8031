import { AppError } from '../common/app-error.js';

/** Largest input file read; bounds memory and parse time. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** The error for an input over a size limit, located at the file's start. */
export function createTooLargeError(label: string, limit: number): AppError {
  return new AppError({
    code: 'invalid_document',
    fault: 'user',
    message: `The file is larger than ${formatSize(limit)}.`,
    hint: 'Split it into several files or keep key material in separate files.',
    location: { file: label, line: 1, column: 1 },
  });
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}
