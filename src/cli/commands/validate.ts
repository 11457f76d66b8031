import { toAppError } from '../../common/app-error.js';
import { renderValidateJson, toInvalidDocument, toValidDocument } from '../../core/render/render-validate-json.js';
// The use case's own module, not the engine's index: validate loads nothing of plan or apply.
import { validateDesired } from '../../engine/validate-desired.js';
import { EXIT } from '../exit-codes.js';
import { createOutput, type OutputFlags } from '../output.js';

/** Flags of `validate`. */
export interface ValidateFlags extends OutputFlags {
  readonly file: readonly string[];
  readonly allowOutsideFiles?: boolean;
  readonly format: 'text' | 'json';
}

/**
 * `apinizer-keys validate`: offline checks of the desired-state file(s). With `--format
 * json` the result is one document on stdout, valid or with every error located; a failure
 * still prints its error line on stderr and exits 1.
 */
export async function runValidateCommand(flags: ValidateFlags): Promise<number> {
  const json = flags.format === 'json';
  const output = createOutput({ ...flags, machineReadable: json });
  const desired = await validateDesired(
    { files: flags.file, sources: { allowOutsideFiles: flags.allowOutsideFiles ?? false } },
    { cwd: process.cwd(), env: process.env },
  ).catch((error: unknown) => {
    if (json) output.result(renderValidateJson(toInvalidDocument(toAppError(error))));
    throw error;
  });
  const keys = desired.projects.reduce((sum, project) => sum + project.keys.length, 0);
  if (json) {
    output.result(
      renderValidateJson(
        toValidDocument({ files: desired.documents.map((document) => document.file), projects: desired.projects.length, keys }),
      ),
    );
    return EXIT.ok;
  }
  output.result(
    `Valid: ${desired.documents.length} file(s), ${desired.projects.length} project(s), ${keys} key(s). ` +
      'Environment names and env-variable material are checked by plan.',
  );
  return EXIT.ok;
}
