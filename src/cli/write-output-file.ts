import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../common/app-error.js';
import { describeFsError } from '../common/describe-fs-error.js';

/**
 * Writes a file the user asked for (`plan --out`, `export -o`). A path that cannot be
 * written is the user's to fix, so it is reported as such, not as an internal error.
 */
export async function writeOutputFile(path: string, text: string, options: { createDirectory?: boolean } = {}): Promise<void> {
  try {
    if (options.createDirectory) await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const full = code === 'ENOSPC' || code === 'EDQUOT';
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `Cannot write ${path}: ${describeFsError(error)}.`,
      hint: full ? 'Free space on that device (or write elsewhere), then run again.' : 'Check that its directory exists and is writable.',
      cause: error,
    });
  }
}
