import type { KeyType } from './domain.js';

/**
 * Comparing live key material with the file's (`--compare-material`, `compareMaterial`):
 * what to compare, and what the comparison found. Only verdicts reach the planner, never
 * material: the live bytes are read, compared and dropped by the engine.
 */

/** Why a project's material is compared: the flag (a failure to read is an error) or a file setting (a warning). */
export type ComparisonMode = 'flag' | 'setting';

/** One key whose live material is to be read (one Export Key File request) and compared. */
export interface MaterialComparisonTarget {
  readonly project: string;
  readonly key: string;
  readonly type: KeyType;
  readonly mode: ComparisonMode;
  /** Environments deployed live whose desired material was read: the ones compared. */
  readonly environments: readonly string[];
}

/**
 * What comparing found for one environment: the same key (`matches`), another one
 * (`differs`), or none at all (`missing`: the Manager holds no material there).
 */
export type MaterialVerdict = 'matches' | 'differs' | 'missing';

/** The outcome of comparing: verdicts by `materialKey`, and projects a setting asked for that could not be compared. */
export interface MaterialComparisons {
  readonly verdicts: ReadonlyMap<string, MaterialVerdict>;
  /** Project name → why its comparison was skipped (a missing permission, a Manager without the endpoint). */
  readonly skipped: ReadonlyMap<string, string>;
}
