import { unzipSync, type UnzipFileInfo } from 'fflate';
import { AppError } from '../common/app-error.js';
import { Secret } from '../common/secret.js';
import type { CallContext } from './call-context.js';
import type { ExportLimits } from './export-limits.js';

/** One file of an export: its name as the Manager gave it, and its bytes (a Secret). */
export interface ExportedFile {
  readonly name: string;
  readonly content: Secret<Uint8Array>;
}

/** Whether the bytes start like a ZIP (a local file header, or the end record of an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/**
 * The files of an Export Key File ZIP, read with fflate within `limits`: more entries, a
 * larger entry or more bytes in all than allowed (as the archive's directory declares them,
 * which is also all fflate will inflate into) is an error, as is an archive fflate cannot
 * read or an entry stored with a method other than store or deflate. Directories are skipped.
 */
export function readKeyArchive(bytes: Uint8Array, limits: ExportLimits, context: CallContext): ExportedFile[] {
  let entries = 0;
  let total = 0;
  let refusal: string | undefined;
  const names = new Set<string>();
  const admit = (file: UnzipFileInfo): boolean => {
    if (refusal !== undefined || file.name.endsWith('/')) return false;
    entries += 1;
    total += file.originalSize;
    // fflate keys entries by name: a second one would silently replace the first.
    if (names.has(file.name)) refusal = `two entries named ${JSON.stringify(file.name.slice(0, 100))}`;
    else if (entries > limits.maxEntries) refusal = `more than ${limits.maxEntries} entries`;
    // Deflate never grows data by more than a few bytes per 16 KiB block: a compressed entry
    // far larger than its declared size lies about it (fflate would inflate all of it, then cut).
    else if (file.compression === 8 && file.size > file.originalSize + Math.ceil(file.originalSize / 16_384) * 5 + 64)
      refusal = `an entry whose ${file.size} compressed bytes cannot inflate to the ${file.originalSize} it declares`;
    else if (file.compression === 0 && file.size !== file.originalSize) refusal = `a stored entry whose sizes disagree`;
    else if (file.originalSize > limits.maxEntryBytes) refusal = `an entry of ${file.originalSize} bytes (at most ${limits.maxEntryBytes})`;
    else if (total > limits.maxTotalBytes) refusal = `more than ${limits.maxTotalBytes} bytes once inflated`;
    else if (file.compression !== 0 && file.compression !== 8) refusal = `an entry compressed with method ${file.compression}`;
    names.add(file.name);
    return refusal === undefined;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: admit });
  } catch {
    throw archiveError(context, 'it is not a ZIP archive that can be read');
  }
  if (refusal !== undefined) {
    for (const content of Object.values(files)) content.fill(0);
    throw archiveError(context, `it holds ${refusal}`);
  }
  return Object.entries(files).map(([name, content]) => ({ name, content: new Secret(content) }));
}

function archiveError(context: CallContext, why: string): AppError {
  return new AppError({
    code: 'bad_reply',
    fault: 'manager',
    message: `Could not ${context.action}: the Manager at ${context.baseUrl} sent a ZIP that was refused: ${why}.`,
    hint: 'Key files are small; check the key in the Manager, and report the reply (run with --debug).',
    http: { method: context.method, path: context.path },
  });
}
