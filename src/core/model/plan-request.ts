import type { JwkDeleteAction } from './domain.js';

/**
 * Everything that shapes a plan besides the content of the files and the live state: what
 * the command line is parsed into, what the planner reads, and what a saved plan records
 * verbatim (so `apply FILE` plans from exactly the same request). Plain, serializable data.
 */
export interface PlanRequest {
  /** `-f` arguments: files, directories or `-`; empty means `apinizer-keys.yaml`. */
  readonly files: readonly string[];
  /** `--target`: project names or `project/key` addresses; empty means everything. */
  readonly targets: readonly string[];
  /** `--replace-content`: addresses whose material is re-sent although nothing else changed. */
  readonly replaceContent: readonly string[];
  /** Settings the command line sets for this run. */
  readonly overrides: {
    /** `--jwk-delete-action`: ranks between the project's setting and the file's defaults. */
    readonly jwkDeleteAction?: JwkDeleteAction;
  };
  /** Guards lifted for this run. */
  readonly guards: {
    /** `--allow-mass-delete`: lifts the mass-deletion guard (never the protection or empty-project guards). */
    readonly allowMassDelete: boolean;
  };
  /**
   * `--compare-material`: read the live material of every declared key in scope through
   * Export Key File and compare it, in every project; a missing permission is then an error.
   * Absent (saved plans of earlier versions) means off.
   */
  readonly compareMaterial?: boolean;
  /** Where material may come from. */
  readonly sources: {
    /** `--allow-outside-files`: `file:` sources may point outside the working directory. */
    readonly allowOutsideFiles: boolean;
  };
}

/** A request with every part defaulted: the whole file, no overrides, every guard on. */
export function makePlanRequest(parts: Partial<PlanRequest> = {}): PlanRequest {
  return {
    files: parts.files ?? [],
    targets: parts.targets ?? [],
    replaceContent: parts.replaceContent ?? [],
    overrides: parts.overrides ?? {},
    guards: parts.guards ?? { allowMassDelete: false },
    compareMaterial: parts.compareMaterial ?? false,
    sources: parts.sources ?? { allowOutsideFiles: false },
  };
}
