import { resolve } from 'node:path';
import { AppError } from '../../common/app-error.js';
import { renderDoctorJson, renderDoctorText } from '../../core/doctor/render-doctor.js';
// The use case's own module, not the engine's index: doctor loads nothing of plan or apply.
import { checkManager, serializeRecording } from '../../engine/check-manager.js';
import { readConnection, type ConnectionFlags } from '../connection.js';
import { EXIT } from '../exit-codes.js';
import { createOutput, type OutputFlags } from '../output.js';
import { writeOutputFile } from '../write-output-file.js';

/** Flags of `doctor`. */
export interface DoctorFlags extends ConnectionFlags, OutputFlags {
  readonly file: readonly string[];
  readonly format: 'text' | 'json';
  /** `--record FILE`: write every request and reply of the check, redacted. */
  readonly record?: string;
  /** `--anonymize`: replace project, key, JWK and environment names in the recording. */
  readonly anonymize?: boolean;
}

/** `apinizer-keys doctor`: a read-only check of a Manager. Exit 0 when plan and apply look ready, else 1. */
export async function runDoctorCommand(flags: DoctorFlags): Promise<number> {
  const output = createOutput({ ...flags, machineReadable: flags.format === 'json' });
  if (flags.anonymize && flags.record === undefined) {
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: '--anonymize applies to the recording: it needs --record FILE.',
      hint: 'Run apinizer-keys doctor --record doctor.json --anonymize.',
    });
  }
  if (flags.record !== undefined) refuseRecordingOverInput(flags.record, flags.file);
  // Read after the files loaded, as plan does: a broken file is the error reported first.
  const connection = () => readConnection(flags, process.env, output);
  const { report, recording } = await checkManager({ files: flags.file, anonymize: flags.anonymize === true }, connection, {
    cwd: process.cwd(),
    env: process.env,
  });
  output.result(flags.format === 'json' ? renderDoctorJson(report) : renderDoctorText(report, { color: output.color }));
  if (flags.record !== undefined) {
    await writeOutputFile(flags.record, serializeRecording(recording));
    output.note(
      `Recorded ${recording.exchanges.length} requests and replies to ${flags.record} (no token, credentials or material` +
        `${recording.anonymized ? '; names replaced' : ''}). Replay it with: apinizer-keys sandbox --replay ${flags.record}`,
    );
  }
  return report.ok ? EXIT.ok : EXIT.error;
}

/** `--record` naming a desired-state file would overwrite the file the check just read. */
function refuseRecordingOverInput(record: string, files: readonly string[]): void {
  const target = resolve(record);
  const inputs = (files.length === 0 ? ['apinizer-keys.yaml'] : files).map((file) => resolve(file));
  if (!inputs.includes(target)) return;
  throw new AppError({
    code: 'usage',
    fault: 'user',
    message: `--record ${record} names a desired-state file of this check; it would be overwritten.`,
    hint: 'Record to another file, e.g. --record doctor.json.',
  });
}
