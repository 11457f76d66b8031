import type { JwkDeleteAction } from '../core/model/domain.js';
import { makePlanRequest, type PlanRequest } from '../core/model/plan-request.js';

/** The command-line flags that shape a plan, as commander parses them. */
export interface PlanRequestFlags {
  readonly file: readonly string[];
  readonly target: readonly string[];
  readonly replaceContent: readonly string[];
  readonly jwkDeleteAction?: JwkDeleteAction;
  readonly allowMassDelete?: boolean;
  readonly allowOutsideFiles?: boolean;
  /** `--compare-material`. */
  readonly compareMaterial?: boolean;
}

/** Each planning flag, and whether it was given: the one mapping between flags and the request. */
const PLANNING_FLAGS: readonly { readonly flag: string; readonly given: (flags: PlanRequestFlags) => boolean }[] = [
  { flag: '--file', given: (flags) => flags.file.length > 0 },
  { flag: '--target', given: (flags) => flags.target.length > 0 },
  { flag: '--replace-content', given: (flags) => flags.replaceContent.length > 0 },
  { flag: '--jwk-delete-action', given: (flags) => flags.jwkDeleteAction !== undefined },
  { flag: '--allow-mass-delete', given: (flags) => flags.allowMassDelete === true },
  { flag: '--allow-outside-files', given: (flags) => flags.allowOutsideFiles === true },
  { flag: '--compare-material', given: (flags) => flags.compareMaterial === true },
];

/** The request the flags describe. */
export function toPlanRequest(flags: PlanRequestFlags): PlanRequest {
  return makePlanRequest({
    files: flags.file,
    targets: flags.target,
    replaceContent: flags.replaceContent,
    overrides: flags.jwkDeleteAction === undefined ? {} : { jwkDeleteAction: flags.jwkDeleteAction },
    guards: { allowMassDelete: flags.allowMassDelete ?? false },
    compareMaterial: flags.compareMaterial ?? false,
    sources: { allowOutsideFiles: flags.allowOutsideFiles ?? false },
  });
}

/** The planning flags given, by name: `apply FILE` takes none (the saved request is used). */
export function listGivenPlanningFlags(flags: PlanRequestFlags): string[] {
  return PLANNING_FLAGS.filter((entry) => entry.given(flags)).map((entry) => entry.flag);
}
