import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { AppError } from '../common/app-error.js';
import { checkAgainstSchema, compileSchema, formatPath, readFileBounded } from '../yaml/index.js';

const require = createRequire(import.meta.url);

/** Recordings are larger than seeds: one body per exchange. */
const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

/**
 * One recorded exchange as the replay reads it: `schemas/recording.schema.json` is the
 * definition (the sandbox shares no code with the client that writes it).
 */
export interface ReplayExchange {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status?: number;
  readonly contentType?: string;
  readonly location?: string;
  readonly replyBody?: unknown;
  readonly networkError?: string;
}

/** A recording file, checked against its schema. */
export interface ReplayRecording {
  readonly formatVersion: 1;
  readonly anonymized: boolean;
  readonly exchanges: readonly ReplayExchange[];
}

let validator: ValidateFunction | undefined;

/** Checks a parsed recording against `schemas/recording.schema.json`. */
export function validateRecording(value: unknown, origin: string): ReplayRecording {
  validator ??= compileSchema(require('../../schemas/recording.schema.json') as Record<string, unknown>);
  const problems = checkAgainstSchema(validator, value);
  if (problems.length === 0) return value as ReplayRecording;
  throw new AppError({
    code: 'invalid_document',
    fault: 'user',
    message: `${origin} is not a recording of apinizer-keys doctor --record.`,
    details: problems.slice(0, 20).map((problem) => `${formatPath(problem.path)}: ${problem.message}`),
    hint: 'Give the file doctor --record wrote (schemas/recording.schema.json).',
  });
}

/** Reads, parses and checks a recording file. */
export async function loadRecordingFile(path: string): Promise<ReplayRecording> {
  let text: string;
  try {
    text = (await readFileBounded(path, path, MAX_RECORDING_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new AppError({
      code: 'invalid_document',
      fault: 'user',
      message: `Cannot read recording ${path}${typeof code === 'string' ? ` (${code})` : ''}.`,
      hint: 'Check the path given to --replay.',
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError({
      code: 'invalid_document',
      fault: 'user',
      message: `${path} is not JSON.`,
      hint: 'Give the file doctor --record wrote.',
    });
  }
  return validateRecording(value, path);
}
