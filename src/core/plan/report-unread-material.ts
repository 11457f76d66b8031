import type { Blocker, Notice } from '../model/plan.js';
import type { UnreadMaterial } from './make-key-spec.js';

/** Why the plan needs an environment's material: what it does with it. */
export type MaterialUse = 'create' | 'update' | 'compare' | 'compare-live';

const NEEDS: Record<MaterialUse, (address: string, environment: string) => string> = {
  create: (address, environment) => `Cannot create key ${address}: the material of environment "${environment}" could not be read here`,
  update: (address, environment) =>
    `Cannot update key ${address}: the update sends the whole key, and the material of environment "${environment}" could not be read here`,
  compare: (address, environment) =>
    `Cannot compare key ${address} with the Manager, which reports a fingerprint of its material: the material of environment "${environment}" could not be read here`,
  'compare-live': (address, environment) =>
    `Cannot compare the material of key ${address} with the Manager's (--compare-material): the material of environment "${environment}" could not be read here`,
};

const HINT = 'Set the variable in this job, or run the plan where the key secrets are available.';

/** The outcome for a key's unread material: blockers where the plan needs it, notices (verbose output) where it does not. */
export interface UnreadMaterialReport {
  readonly blockers: Blocker[];
  readonly notices: Notice[];
}

/**
 * Sorts a key's unread material into what blocks the plan and what it can do without.
 * `needed` says, per environment, why the plan needs the material, if it does.
 */
export function reportUnreadMaterial(
  project: string,
  address: string,
  unread: readonly UnreadMaterial[],
  needed: (environment: string) => MaterialUse | undefined,
): UnreadMaterialReport {
  const report: UnreadMaterialReport = { blockers: [], notices: [] };
  for (const { environment, gap } of unread) {
    const use = needed(environment);
    if (use !== undefined) {
      report.blockers.push({
        kind: 'missing_material',
        project,
        address,
        message: `${NEEDS[use](address, environment)}: ${gap}`,
        hint: HINT,
      });
    } else {
      report.notices.push({
        kind: 'material_not_read',
        address,
        message: `material of environment "${environment}" not read, and not needed: this plan does not send it (${gap})`,
      });
    }
  }
  return report;
}
