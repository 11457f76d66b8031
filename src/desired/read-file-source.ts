import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { describeFsError } from '../common/describe-fs-error.js';

/** Key files are small; anything larger is a wrong path, refused before reading. */
export const MAX_MATERIAL_BYTES = 1024 * 1024;

/** What reading a `file:` source needs. */
export interface FileSourceIo {
  readFile(path: string): Promise<Buffer>;
  /** Files must lie inside this directory (after resolving symbolic links and `..`). */
  readonly rootDir: string;
  readonly allowOutsideFiles: boolean;
}

/** The bytes of a `file:` source, or why it cannot be used (a message safe to print). */
export type FileSourceResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly problem: string };

/**
 * Reads a key file. Symbolic links and `..` are resolved first, so a link inside the
 * working tree cannot smuggle in `~/.ssh/id_rsa`; files outside `rootDir` are refused
 * unless `allowOutsideFiles` is set.
 */
export async function readFileSource(path: string, resolvedPath: string, io: FileSourceIo): Promise<FileSourceResult> {
  const root = io.allowOutsideFiles ? undefined : await realpath(io.rootDir).catch(() => resolve(io.rootDir));
  const outside = {
    ok: false as const,
    problem: `file ${path} is outside ${root ?? io.rootDir}; pass --allow-outside-files to read files outside it`,
  };
  // Checked before the file is touched, so the answer never tells whether an outside file exists.
  if (root !== undefined && !isInside(root, resolvedPath) && !isInside(resolve(io.rootDir), resolvedPath)) return outside;
  let real: string;
  try {
    real = await realpath(resolvedPath);
  } catch (error) {
    return { ok: false, problem: `cannot read file ${path}: ${describeFsError(error)}` };
  }
  if (root !== undefined && !isInside(root, real)) return outside;
  try {
    const info = await stat(real);
    if (!info.isFile()) return { ok: false, problem: `file ${path} is not a regular file` };
    if (info.size > MAX_MATERIAL_BYTES) return { ok: false, problem: `file ${path} is larger than 1 MiB; it is not a key file` };
    return { ok: true, bytes: await io.readFile(real) };
  } catch (error) {
    return { ok: false, problem: `cannot read file ${path}: ${describeFsError(error)}` };
  }
}

function isInside(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot !== '' && fromRoot !== '..' && !fromRoot.startsWith(`..${sep}`) && !isAbsolute(fromRoot);
}
