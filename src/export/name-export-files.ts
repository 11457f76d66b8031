import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../common/app-error.js';

/** Longest slug kept, in code points: at most 4 bytes each, so with the suffix well under the 255 bytes file systems allow. */
const MAX_SLUG = 48;

/**
 * The file name of each project for `export -o DIR/`, in the order given. A name that is a
 * safe file name as it is (letters, digits, `.`, `_`, `-`; no leading dot, which `plan -f DIR`
 * skips as hidden; lower case and normalized, so that no other project's plain name can be the
 * same file on a case- or normalization-insensitive file system such as macOS's or Windows')
 * is kept: `payments.yaml`. Any other gets a readable slug and the first 8 hex digits of the
 * SHA-256 of its exact name: `team_two-cfaa77ed.yaml`, `Payments-632e1c58.yaml`. So the file
 * name depends on the project's name alone, never on which other projects a run exports, and a
 * later export of one project into the same directory rewrites its own file, not another's.
 * Two names that still meet (a project named exactly like another's hashed file name) are
 * refused before anything is written: an export never overwrites one project with another.
 */
export function nameExportFiles(projects: readonly string[], directory: string): string[] {
  const files = projects.map(toFileName);
  const byFolded = new Map<string, string>();
  files.forEach((file, index) => {
    const folded = foldFileName(file);
    const earlier = byFolded.get(folded);
    if (earlier !== undefined) {
      throw new AppError({
        code: 'usage',
        fault: 'user',
        message: `Projects ${JSON.stringify(earlier)} and ${JSON.stringify(projects[index])} would both be written to ${join(directory, file)}; nothing was written.`,
        hint: 'Export one of them into another directory, or all of them into one file with -o FILE.',
      });
    }
    byFolded.set(folded, projects[index]!);
  });
  return files;
}

function toFileName(project: string): string {
  const slug = Array.from(project.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '_'))
    .slice(0, MAX_SLUG)
    .join('');
  if (slug === project && foldFileName(project) === project) return `${project}.yaml`;
  return `${slug}-${createHash('sha256').update(project).digest('hex').slice(0, 8)}.yaml`;
}

/**
 * A name as a case- and normalization-insensitive file system may see it. Erring towards
 * folding more (compatibility forms, `ß` as `ss`) only gives a name the hash it did not need.
 */
function foldFileName(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}
