import type { ApinizerClient, ExportedFile } from '../apinizer/client.js';
import { AppError } from '../common/app-error.js';
import type { Limiter } from '../common/limiter.js';
import { materialKey, type MaterialTable } from '../core/model/material.js';
import type { MaterialComparisonTarget, MaterialVerdict } from '../core/model/material-comparison.js';
import { isSameMaterial } from './compare-material.js';

/** Where comparisons leave their outcome; shared by every project of a run. */
export interface ComparisonSink {
  readonly verdicts: Map<string, MaterialVerdict>;
  readonly skipped: Map<string, string>;
  /** A visible warning (stderr), for comparisons a setting asked for that cannot be made. */
  readonly warn: (line: string) => void;
}

/**
 * Reads the live material of each target (one Export Key File request per key, the ZIP
 * form, all under the run's limiter) and compares it in memory with the file's: verdicts go
 * to `sink`, the bytes are zeroed right after. For a comparison the flag asked for, a missing
 * permission or a Manager without the endpoint is the run's error; for one a setting asked
 * for, the project's comparison is skipped with a warning, and its other keys are not read.
 */
export async function compareLiveMaterial(
  client: ApinizerClient,
  limit: Limiter,
  targets: readonly MaterialComparisonTarget[],
  materials: MaterialTable,
  sink: ComparisonSink,
): Promise<void> {
  await Promise.all(
    targets.map((target) =>
      limit(async () => {
        if (sink.skipped.has(target.project)) return;
        let files: ExportedFile[];
        try {
          files = await client.exportKeyFile(target.project, target.key);
        } catch (error) {
          if (target.mode !== 'setting' || !isUnavailable(error)) throw error;
          if (!sink.skipped.has(target.project)) {
            sink.skipped.set(target.project, `live material not compared (compareMaterial): ${error.message}`);
            sink.warn(
              `Warning: the live material of project "${target.project}" is not compared: ${error.message} ${error.hint ?? ''}`.trim(),
            );
          }
          return;
        }
        try {
          judgeTarget(target, files, materials, sink.verdicts);
        } finally {
          for (const file of files) file.content.reveal().fill(0);
        }
      }),
    ),
  );
}

/** A comparison that cannot be made here at all: the token may not export, or the Manager cannot. */
function isUnavailable(error: unknown): error is AppError {
  return error instanceof AppError && (error.code === 'forbidden' || error.code === 'endpoint_not_found');
}

function judgeTarget(
  target: MaterialComparisonTarget,
  files: readonly ExportedFile[],
  materials: MaterialTable,
  verdicts: Map<string, MaterialVerdict>,
): void {
  const byEnvironment = matchFiles(target, files);
  for (const environment of target.environments) {
    const id = materialKey(target.project, target.key, environment);
    const material = materials.get(id);
    const file = byEnvironment.get(environment);
    if (material === undefined) continue;
    if (file === undefined) {
      verdicts.set(id, 'missing');
      continue;
    }
    const desired = Buffer.from(material.base64.reveal(), 'base64');
    try {
      verdicts.set(id, isSameMaterial(target.type, desired, file.content.reveal()) ? 'matches' : 'differs');
    } finally {
      desired.fill(0);
    }
  }
}

/**
 * Which environment each file is: `<key>-<environment>.<ext>` as the reference names them,
 * tolerating a sanitized key name (only the `-<environment>` end then decides, the longest
 * environment name first) and a lone file without a usable name for a one-environment key.
 */
export function matchFiles(
  target: Pick<MaterialComparisonTarget, 'project' | 'key' | 'environments'>,
  files: readonly ExportedFile[],
): Map<string, ExportedFile> {
  const matched = new Map<string, ExportedFile>();
  const [only] = target.environments;
  if (files.length === 1 && target.environments.length === 1 && only !== undefined && files[0]!.name === '') {
    matched.set(only, files[0]!);
    return matched;
  }
  for (const file of files) {
    const environment = findEnvironment(file.name, target.key, target.environments);
    if (environment === undefined) continue;
    if (matched.has(environment)) {
      throw new AppError({
        code: 'bad_reply',
        fault: 'manager',
        message: `The Manager exported key '${target.key}' of project '${target.project}' with two files for environment '${environment}'; its material was not compared.`,
        hint: 'Check the key in the Manager, and report the reply (run with --debug).',
      });
    }
    matched.set(environment, file);
  }
  return matched;
}

function findEnvironment(name: string, key: string, environments: readonly string[]): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const stems = [base, base.replace(/\.[A-Za-z0-9]{1,10}$/, '')];
  const exact = environments.find((environment) =>
    stems.some((stem) => stem === `${key}-${environment}` || stem === `${sanitize(key)}-${sanitize(environment)}`),
  );
  // Only these two names: a looser match (any name ending in -<environment>) would take
  // another key's file for this key's. An entry named otherwise is no environment's.
  return exact;
}

function sanitize(name: string): string {
  return name.replace(/[/\\]/g, '_');
}
