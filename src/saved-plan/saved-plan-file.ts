import { AppError } from '../common/app-error.js';
import { VERSION } from '../common/version.js';
import type { PlanRequest } from '../core/model/plan-request.js';
import type { PlanDocument } from '../core/model/plan-document.js';
import { MAX_DOCUMENT_BYTES } from '../yaml/input-limits.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { getPlanFileValidator } from './plan-file-schema.js';
import { stringifyDocument } from '../common/stringify-document.js';

/**
 * Version of the saved-plan envelope; any other one is refused. 2 added `manager`: a
 * version-1 file does not say which Manager it was made against, so it cannot be checked.
 */
export const SAVED_PLAN_FORMAT_VERSION = 2;

/**
 * Largest plan file `apply FILE` reads (and `plan --out` writes), so a wrong path
 * (`/dev/zero`, a log) cannot exhaust memory. Four times the desired-state limit: a plan is
 * pretty-printed JSON with an entry and fingerprints per key, larger than the YAML it came from.
 */
export const MAX_SAVED_PLAN_BYTES = 4 * MAX_DOCUMENT_BYTES;

/**
 * What a saved plan records besides the plan itself: how it was made and fingerprints of
 * everything it was made from. Never material: only keyed fingerprints of it.
 */
export interface SavedPlanRecord {
  readonly formatVersion: typeof SAVED_PLAN_FORMAT_VERSION;
  readonly toolVersion: string;
  /**
   * The Manager's API root the plan was made against, normalized (`https://host/apiops`):
   * its fingerprints describe that Manager only, so `apply FILE` refuses any other.
   */
  readonly manager: string;
  /** The request the plan was made from, verbatim: apply plans again from exactly it. */
  readonly request: PlanRequest;
  /** Hash of each project's desired state (with the defaults), by project name. */
  readonly desired: Readonly<Record<string, string>>;
  /** Hash of each project's live state, by project name. */
  readonly live: Readonly<Record<string, string>>;
  /** Random key of the material fingerprints. */
  readonly salt: string;
  /** Keyed fingerprint of the material of each environment that creates and updates send. */
  readonly materials: readonly MaterialFingerprint[];
}

/** The fingerprint of one environment's material. */
export interface MaterialFingerprint {
  readonly project: string;
  readonly address: string;
  readonly environment: string;
  readonly fingerprint: string;
}

/** A parsed plan file: the plan's JSON document with the record under `savedPlan`. */
export interface SavedPlanFile {
  /** The plan document exactly as written, without `savedPlan`. */
  readonly planDocument: PlanDocument;
  readonly record: SavedPlanRecord;
}

/** The file's text: the JSON plan document plus the record. */
export function serializeSavedPlan(planDocument: PlanDocument, record: SavedPlanRecord): string {
  return stringifyDocument({ ...planDocument, savedPlan: record });
}

/** The record for a new plan file. */
export function makeSavedPlanRecord(fields: Omit<SavedPlanRecord, 'formatVersion' | 'toolVersion'>): SavedPlanRecord {
  return { formatVersion: SAVED_PLAN_FORMAT_VERSION, toolVersion: VERSION, ...fields };
}

/** Parses a plan file, refusing anything that is not a saved plan this version understands. */
export function parseSavedPlan(text: string, path: string): SavedPlanFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notAPlan(path, 'it is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || !('savedPlan' in parsed)) {
    throw notAPlan(path, 'it has no savedPlan record (was it written by plan --out?)');
  }
  const { savedPlan, ...planDocument } = parsed as { savedPlan: Partial<SavedPlanRecord> } & PlanDocument;
  if (savedPlan?.formatVersion !== SAVED_PLAN_FORMAT_VERSION) {
    // Version 1 predates the Manager binding: say so, since that is why it cannot be applied.
    const why = savedPlan?.formatVersion === 1 ? ', which does not record the Manager it was made against' : '';
    throw new AppError({
      code: 'stale_plan',
      fault: 'user',
      message: `${path} is a saved plan of format version ${String(savedPlan?.formatVersion)}${why}, written by apinizer-keys ${String(savedPlan?.toolVersion)}; this apinizer-keys ${VERSION} reads format version ${SAVED_PLAN_FORMAT_VERSION}.`,
      hint: 'Run plan --out again with this version, against the Manager to apply to.',
    });
  }
  if (!hasRecordShape(savedPlan)) throw notAPlan(path, 'its savedPlan record is incomplete');
  const validate = getPlanFileValidator();
  if (!validate(parsed)) {
    throw notAPlan(path, `it does not match the plan file format: ${describePlanFileError(validate.errors ?? [])} (a hand-edited file?)`);
  }
  return { planDocument: planDocument, record: savedPlan };
}

/** The fields apply reads; a record missing any of them was not written by plan --out. */
function hasRecordShape(record: Partial<SavedPlanRecord>): record is SavedPlanRecord {
  const object = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  const request = record.request;
  return (
    typeof record.manager === 'string' &&
    typeof record.salt === 'string' &&
    Array.isArray(record.materials) &&
    object(record.desired) &&
    object(record.live) &&
    object(request) &&
    Array.isArray(request?.files) &&
    Array.isArray(request?.targets) &&
    Array.isArray(request?.replaceContent) &&
    object(request?.overrides) &&
    typeof request?.guards?.allowMassDelete === 'boolean' &&
    typeof request?.sources?.allowOutsideFiles === 'boolean'
  );
}

function notAPlan(path: string, why: string): AppError {
  return new AppError({
    code: 'usage',
    fault: 'user',
    message: `${path} is not a saved plan: ${why}.`,
    hint: 'Write one with plan --out FILE.',
  });
}

/**
 * The error that says what was edited. Each branch of an entry's oneOf fails in its own way
 * (a delete lacks a create's spec), so the first error blames a field nobody removed; an
 * unknown field, then a wrong value, then a missing field is what an edit leaves behind.
 */
function describePlanFileError(errors: readonly ErrorObject[]): string {
  const rank = (error: ErrorObject): number =>
    error.keyword === 'additionalProperties'
      ? 0
      : error.keyword === 'required'
        ? 2
        : error.keyword === 'oneOf' || error.keyword === 'anyOf'
          ? 3
          : 1;
  const [telling] = [...errors].sort((a, b) => rank(a) - rank(b));
  if (telling === undefined) return '/ is invalid';
  const where = telling.instancePath || '/';
  if (telling.keyword === 'additionalProperties')
    return `${where} has an unknown field ${JSON.stringify(String(telling.params['additionalProperty']))}`;
  return `${where} ${telling.message ?? 'is invalid'}`;
}
