import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../common/app-error.js';
import { compareText } from '../common/compare-text.js';
import { toPlanDocument } from '../core/model/plan-document.js';
import type { RecordedPlanInput } from './record-plan.js';
import { takeFingerprints } from './record-plan.js';
import type { SavedPlanFile } from './saved-plan-file.js';

/**
 * Refuses a saved plan whose inputs changed: the desired files, the live state of any
 * project it covers, or the material it would send; and, as the last word, a plan made
 * now whose document differs from the saved one in any way. Throws `stale_plan`; changes nothing.
 */
export function assertSavedPlanCurrent(saved: SavedPlanFile, now: RecordedPlanInput): void {
  const fingerprints = takeFingerprints(now.plan, now.snapshot, saved.record.salt);
  const before = new Map(saved.record.materials.map((m) => [JSON.stringify([m.address, m.environment]), m.fingerprint]));
  const { record } = saved;
  const projects = new Set([
    ...Object.keys(record.desired),
    ...Object.keys(fingerprints.desired),
    ...Object.keys(record.live),
    ...Object.keys(fingerprints.live),
  ]);
  for (const project of [...projects].sort(compareText)) {
    const changed: string[] = [];
    if (fingerprints.desired[project] !== record.desired[project]) changed.push('its desired state in the files changed');
    if (fingerprints.live[project] !== record.live[project]) changed.push('its live state in the Manager changed');
    for (const m of fingerprints.materials) {
      if (m.project === project && before.get(JSON.stringify([m.address, m.environment])) !== m.fingerprint) {
        changed.push(`the material of ${m.address} in environment ${m.environment} changed`);
      }
    }
    if (changed.length > 0) throw stale(`project "${project}" changed since the plan was made.`, changed);
  }
  // Said first, with why: "differs" alone would hide, say, a key secret missing from this job.
  const [blocker, ...more] = now.plan.blockers;
  if (blocker !== undefined)
    throw stale(`a plan made now is refused: ${blocker.message}`, [blocker.hint, ...more.map((other) => other.message)]);
  if (!isDeepStrictEqual(toPlanDocument(now.plan), saved.planDocument)) {
    throw stale('a plan made now differs from the saved one.', []);
  }
}

/** The error for a saved plan that no longer describes what apply would do. */
export function stale(what: string, details: readonly string[]): AppError {
  return new AppError({
    code: 'stale_plan',
    fault: 'user',
    message: `Saved plan is stale: ${what} Run plan again.`,
    details: details.map((detail) => `(${detail})`),
  });
}
