import { readFile } from 'node:fs/promises';
import type { MaterialIo } from '../desired/resolve-materials.js';

/** Where a run reads its files and secrets from: the working directory and the environment. */
export interface Workspace {
  /** Relative `-f` paths and `file:` sources resolve against it; `file:` sources must stay inside it. */
  readonly cwd: string;
  /** Environment variables, for `env:` sources. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Hooks a use case reports through; all optional output, never input. */
export interface RunHooks {
  /** Verbose notes: what was read beyond the minimum, and why. */
  readonly note?: (line: string) => void;
  /** Warnings that must be seen (stderr), such as a material comparison that was skipped. */
  readonly warn?: (line: string) => void;
}

/** The file and variable access material resolution needs. */
export function makeMaterialIo(workspace: Workspace, allowOutsideFiles: boolean): MaterialIo {
  return { env: workspace.env, readFile: (path) => readFile(path), rootDir: workspace.cwd, allowOutsideFiles };
}
