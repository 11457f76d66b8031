/**
 * A recording of the HTTP exchanges of a run (`doctor --record`): what was asked and what the
 * Manager answered, redacted at the client's edge, so that a reported incompatibility can be
 * replayed by the sandbox. The file format is `schemas/recording.schema.json`.
 */

/** Version of the recording file format; bumped on any incompatible change. */
export const RECORDING_FORMAT_VERSION = 1;

/** What stands in for a value the recording must not hold (a token, credentials, material). */
export const RECORDING_REDACTED = '(redacted)';

/** One request and its reply (one attempt: a retried request appears once per attempt). */
export interface RecordedExchange {
  readonly method: string;
  /** Path relative to the API root, still URL-encoded: `projects/p/keys/`. */
  readonly path: string;
  /** Query parameters, decoded (the last one wins when a name repeats). */
  readonly query: Readonly<Record<string, string>>;
  /** The request body (JSON or form fields), redacted; absent for none. */
  readonly requestBody?: unknown;
  /** HTTP status; absent when no reply arrived (then `networkError`). */
  readonly status?: number;
  /** The reply's media type (`application/json`), when it gave one. */
  readonly contentType?: string;
  /** `Location` of a redirect (never followed). */
  readonly location?: string;
  /** The reply body: parsed JSON, or text for a non-JSON reply; redacted. Absent for an empty body. */
  readonly replyBody?: unknown;
  /** The network error code when no reply arrived (`ECONNREFUSED`, `ETIMEDOUT`, …). */
  readonly networkError?: string;
}

/** A whole recording file. */
export interface Recording {
  readonly formatVersion: typeof RECORDING_FORMAT_VERSION;
  /** `apinizer-keys/<version>` that recorded it. */
  readonly recordedBy: string;
  /** True when project, key, JWK and environment names were replaced (`--anonymize`). */
  readonly anonymized: boolean;
  readonly exchanges: readonly RecordedExchange[];
}
