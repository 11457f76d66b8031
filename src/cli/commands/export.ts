import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../common/app-error.js';
import { exportLive } from '../../engine/index.js';
import { nameExportFiles } from '../../export/name-export-files.js';
import { renderExport, renderExportFiles, type ExportedFile } from '../../export/render-export.js';
import { readConnection, type ConnectionFlags } from '../connection.js';
import { EXIT } from '../exit-codes.js';
import { writeOutputFile } from '../write-output-file.js';
import { runWatched } from '../still-working.js';
import { createOutput, type Output, type OutputFlags } from '../output.js';

/** Flags of `export`. */
export interface ExportFlags extends ConnectionFlags, OutputFlags {
  readonly project: readonly string[];
  /** A file, or a directory (existing, or ending in `/`) for one file per project. */
  readonly output?: string;
}

/** `apinizer-keys export`: writes a desired-state file from live state, to start managing an installation. */
export async function runExportCommand(flags: ExportFlags): Promise<number> {
  if (flags.project.length === 0) {
    throw new AppError({ code: 'usage', fault: 'user', message: 'Name the projects to export with --project NAME (repeatable).' });
  }
  const output = createOutput({ ...flags, machineReadable: flags.output === undefined });
  const connection = readConnection(flags, process.env, output);
  const { projects, manager } = await runWatched(output, process.env, 'reading the Manager', () =>
    exportLive(flags.project, connection, { note: output.verbose }),
  );
  if (flags.output === undefined) {
    const exported = renderExport(projects, manager);
    output.result(exported.text);
    noteIgnoredKeys(output, exported);
    return EXIT.ok;
  }
  const perProject = await isDirectoryTarget(flags.output);
  // Every file is named, and checked not to meet another, before the first is written.
  const files = perProject
    ? nameExportFiles(
        projects.map((project) => project.name),
        flags.output,
      ).map((file, index) => ({ path: join(flags.output!, file), projects: [projects[index]!] }))
    : [{ path: flags.output, projects }];
  // One call for all files: their variable names are unique across them, as they are planned together.
  const rendered = renderExportFiles(
    files.map((file) => file.projects),
    manager,
  );
  for (const [index, file] of files.entries()) {
    const exported = rendered[index]!;
    await writeOutputFile(file.path, exported.text, { createDirectory: perProject });
    const keys = file.projects.reduce((sum, project) => sum + project.keys.length, 0) - exported.ignoredKeys.length;
    output.note(
      `Wrote ${file.path}: ${file.projects.length} project(s), ${keys} key(s); set the ${exported.variables.length} variable(s) listed at its top before running plan.`,
    );
    noteIgnoredKeys(output, exported);
  }
  return EXIT.ok;
}

/** Names the live keys written under ignore instead of as entries, so that nobody takes the file for the whole project. */
function noteIgnoredKeys(output: Output, exported: ExportedFile): void {
  if (exported.ignoredKeys.length === 0) return;
  // JSON quoting shows the whitespace at a name's ends, and a tab or newline as its escape.
  const names = exported.ignoredKeys.map(({ project, key }) => `${project}/${JSON.stringify(key)}`).join(', ');
  const unlisted = exported.ignoredKeys.some((key) => key.pattern === undefined)
    ? ' An empty name no glob can hold: plan refuses its project until it is renamed.'
    : '';
  output.note(
    `Not written as keys, as the file format cannot hold their names: ${names}. They are listed under their project's ignore, so plan neither changes nor prunes them; rename them in the Manager to manage them.${unlisted}`,
  );
}

async function isDirectoryTarget(path: string): Promise<boolean> {
  if (path.endsWith('/')) return true;
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
