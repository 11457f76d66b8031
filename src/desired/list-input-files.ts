import { describeFsError } from '../common/describe-fs-error.js';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../common/app-error.js';

/** The file read when no `-f` is given. */
export const DEFAULT_FILE = 'apinizer-keys.yaml';

/** One input to read: a file, or standard input. */
export type InputFile =
  { readonly kind: 'file'; readonly label: string; readonly path: string } | { readonly kind: 'stdin'; readonly label: '-' };

const YAML_NAME = /\.ya?ml$/i;

/**
 * Expands the `-f` arguments into the files to read, in order: a file as given, a
 * directory as its `*.yaml`/`*.yml` files sorted by name (not recursive; hidden files are
 * skipped so `-f .` in a repository root does not pick up CI configs), `-` as stdin.
 * A file reached twice is read once.
 */
export async function listInputFiles(files: readonly string[], cwd: string): Promise<InputFile[]> {
  if (files.length === 0) return [await findDefaultFile(cwd)];
  const inputs: InputFile[] = [];
  const seen = new Set<string>();
  for (const entry of files) {
    if (entry === '-') {
      if (seen.has('-')) throw usage('Standard input (-) is given more than once.');
      seen.add('-');
      inputs.push({ kind: 'stdin', label: '-' });
      continue;
    }
    for (const input of await expandEntry(entry, cwd)) {
      if (seen.has(input.path)) continue;
      seen.add(input.path);
      inputs.push(input);
    }
  }
  return inputs;
}

async function findDefaultFile(cwd: string): Promise<InputFile> {
  const path = resolve(cwd, DEFAULT_FILE);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `No ${DEFAULT_FILE} in ${cwd}.`,
      hint: `Create ${DEFAULT_FILE}, or pass -f with a file, a directory of YAML files, or - for standard input.`,
    });
  }
  return { kind: 'file', label: DEFAULT_FILE, path };
}

async function expandEntry(entry: string, cwd: string): Promise<Extract<InputFile, { kind: 'file' }>[]> {
  const path = resolve(cwd, entry);
  const info = await stat(path).catch((error: unknown) => {
    throw usage(`Cannot read ${entry}: ${describeFsError(error)}.`);
  });
  // pipes count as files, so `-f <(sops -d keys.yaml)` works; the bounded read copes with endless ones
  if (!info.isDirectory()) return [{ kind: 'file', label: entry, path }];

  const names = (await readdir(path)).filter((name) => YAML_NAME.test(name) && !name.startsWith('.')).sort();
  const found: Extract<InputFile, { kind: 'file' }>[] = [];
  for (const name of names) {
    const filePath = join(path, name);
    // a directory named `x.yaml` or a dangling link is not an input
    if ((await stat(filePath).catch(() => undefined))?.isFile()) found.push({ kind: 'file', label: join(entry, name), path: filePath });
  }
  if (found.length === 0) throw usage(`No *.yaml or *.yml files in directory ${entry}.`);
  return found;
}

function usage(message: string): AppError {
  return new AppError({ code: 'usage', fault: 'user', message });
}
