/**
 * The report of `doctor`: every check with its verdict and what to do, per project what the
 * Manager shows, and the API generation read from its replies. Plain data; `--format json`
 * prints it as is (`schemas/doctor-report.schema.json`).
 */
import type { ApiReading } from './infer-api.js';

/** Version of the JSON report format; bumped on any incompatible change. */
export const DOCTOR_FORMAT_VERSION = 1;

/**
 * A check's verdict: `ok`; `warning` (plan and apply work, but look at it); `problem` (plan or
 * apply will fail or could do harm: exit 1); `unknown` (can not be known without writing, or
 * an earlier step failed).
 */
export type FindingStatus = 'ok' | 'warning' | 'problem' | 'unknown';

/** The groups of checks, in the order they are run and shown. */
export type FindingArea = 'url' | 'reachability' | 'token' | 'api' | 'projects' | 'permissions';

/** One check. */
export interface DoctorFinding {
  readonly area: FindingArea;
  /** Stable name of the check, e.g. `reachability.tls`, `project.environments`. */
  readonly check: string;
  readonly status: FindingStatus;
  /** The project the finding is about, for project checks. */
  readonly project?: string;
  /** What was found, in one sentence. */
  readonly message: string;
  /** What to do, for warnings, problems and unknowns. */
  readonly fix?: string;
}

/** What the Manager shows of one project. Counts are absent where the read failed. */
export interface DoctorProject {
  readonly name: string;
  readonly visible: boolean;
  readonly environments?: readonly string[];
  /** Environments the desired-state file names in this project that the Manager does not have. */
  readonly missingEnvironments: readonly string[];
  readonly keys?: number;
  /** `resultCount` of the key list, when the Manager gave one. */
  readonly keysResultCount?: number;
  /** `complete` (as many as `resultCount` says), `incomplete` (fewer), or `unknown` (no `resultCount`, one smaller than the list, or not read). */
  readonly keyList: 'complete' | 'incomplete' | 'unknown';
  readonly jwks?: number;
}

/** The whole report. */
export interface DoctorReport {
  readonly formatVersion: typeof DOCTOR_FORMAT_VERSION;
  /** The API root checked (`https://host/apiops`); absent when the URL was refused. */
  readonly manager?: string;
  /** True when nothing is a `problem`: plan and apply can be trusted with this Manager, as far as reading shows. */
  readonly ok: boolean;
  /** Where the projects came from: the desired-state file, or every project the token sees. */
  readonly scope: 'file' | 'visible';
  readonly api: ApiReading;
  readonly projects: readonly DoctorProject[];
  readonly findings: readonly DoctorFinding[];
}

/** Counts of findings by status, for the summary line. */
export function countFindings(report: DoctorReport): Record<FindingStatus, number> {
  const counts: Record<FindingStatus, number> = { ok: 0, warning: 0, problem: 0, unknown: 0 };
  for (const finding of report.findings) counts[finding.status] += 1;
  return counts;
}
