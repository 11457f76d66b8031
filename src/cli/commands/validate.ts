// The use case's own module, not the engine's index: validate loads nothing of plan or apply.
import { validateDesired } from '../../engine/validate-desired.js';
import { EXIT } from '../exit-codes.js';
import { createOutput, type OutputFlags } from '../output.js';

/** Flags of `validate`. */
export interface ValidateFlags extends OutputFlags {
  readonly file: readonly string[];
  readonly allowOutsideFiles?: boolean;
}

/** `apinizer-keys validate`: offline checks of the desired-state file(s). */
export async function runValidateCommand(flags: ValidateFlags): Promise<number> {
  const output = createOutput(flags);
  const desired = await validateDesired(
    { files: flags.file, sources: { allowOutsideFiles: flags.allowOutsideFiles ?? false } },
    { cwd: process.cwd(), env: process.env },
  );
  const keys = desired.projects.reduce((sum, project) => sum + project.keys.length, 0);
  output.result(
    `Valid: ${desired.documents.length} file(s), ${desired.projects.length} project(s), ${keys} key(s). ` +
      'Environment names and env-variable material are checked by plan.',
  );
  return EXIT.ok;
}
