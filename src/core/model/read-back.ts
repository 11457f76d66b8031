/**
 * Reading back after apply: the Manager's word that a change was made is checked against
 * what it shows afterwards, since a Manager may answer success and not do it (or not all of it).
 */

/** One way the live state differs from what an applied operation intended. */
export interface ReadBackMismatch {
  /** `key`, `description`, `type`, `algorithm`, `environments.<name>`, `environments.<name>.alias` or `jwks.<name>`. */
  readonly field: string;
  /** What the plan intended, e.g. `"new text"`, `deployed`, `absent`. */
  readonly planned: string;
  /** What the Manager shows now. */
  readonly actual: string;
}

/**
 * What the read back found for one operation: `confirmed` (the Manager shows what was
 * planned), `unconfirmed` (it answered success but shows otherwise), or `not-checked` (the
 * operation failed or was not run, so there is nothing the Manager claimed to have done).
 */
export type ReadBackVerdict =
  | { readonly status: 'confirmed' }
  | { readonly status: 'unconfirmed'; readonly mismatches: readonly ReadBackMismatch[] }
  | { readonly status: 'not-checked'; readonly reason: string };

/**
 * The read back of a whole apply: `done` over the projects re-read (possibly none, when no
 * operation succeeded), `skipped` (turned off, or the apply was interrupted), or `failed`
 * (the re-read itself failed: the apply happened but was not verified).
 */
export type ReadBackRun =
  | { readonly status: 'done'; readonly projects: readonly string[] }
  | { readonly status: 'skipped'; readonly reason: 'turned-off' | 'interrupted' }
  | { readonly status: 'failed'; readonly message: string };

/** Counts for the read back line. */
export interface ReadBackCounts {
  /** Operations the read back checked. */
  readonly checked: number;
  readonly confirmed: number;
  readonly unconfirmed: number;
  /** Failed or skipped operations, which are not checked. */
  readonly notChecked: number;
}

/** Counts the verdicts; absent verdicts (the read back did not run) count nowhere. */
export function countReadBack(verdicts: readonly (ReadBackVerdict | undefined)[]): ReadBackCounts {
  const count = (status: ReadBackVerdict['status']) => verdicts.filter((verdict) => verdict?.status === status).length;
  const confirmed = count('confirmed');
  const unconfirmed = count('unconfirmed');
  return { checked: confirmed + unconfirmed, confirmed, unconfirmed, notChecked: count('not-checked') };
}
