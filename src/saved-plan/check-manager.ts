import { AppError } from '../common/app-error.js';
import type { SavedPlanFile } from './saved-plan-file.js';

/**
 * Refuses to apply a saved plan to a Manager other than the one it was made against: its
 * fingerprints and entries describe that Manager, and applying them elsewhere would change
 * keys nobody reviewed. Both URLs are normalized API roots (`https://host/apiops`), so
 * `…/apiops/` and `…` name the same Manager. Throws `stale_plan`; changes nothing.
 */
export function assertSavedPlanManager(saved: SavedPlanFile, path: string, manager: string): void {
  if (saved.record.manager === manager) return;
  throw new AppError({
    code: 'stale_plan',
    fault: 'user',
    message: `Saved plan ${path} was made against the Manager ${saved.record.manager}, not ${manager}. Nothing was changed.`,
    hint: `Run plan --out again against ${manager}, or point --url / APINIZER_URL at ${saved.record.manager} if that is the Manager you meant.`,
  });
}
