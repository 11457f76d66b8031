import type { ApplyReport } from '../model/apply-report.js';
import { countReadBack, type ReadBackMismatch } from '../model/read-back.js';
import type { Painter } from './style.js';

/** Fields whose values are free text, quoted so an empty or spaced value reads unambiguously. */
const isTextField = (field: string) => field === 'description' || field.endsWith('.alias');

/** `description: planned "new", the Manager shows "old"`. */
export function renderMismatch({ field, planned, actual }: ReadBackMismatch): string {
  const show = (value: string) => (isTextField(field) ? JSON.stringify(value) : value);
  return `${field}: planned ${show(planned)}, the Manager shows ${show(actual)}`;
}

/**
 * The lines naming each operation the read back did not confirm, with every field that
 * differs: enough to act on, not just "inconsistent result".
 */
export function renderUnconfirmed(report: ApplyReport, paint: Painter): string[] {
  const lines: string[] = [];
  for (const { entry, outcome, readBack } of report.results) {
    if (readBack?.status !== 'unconfirmed') continue;
    // "Already done" came from the Manager's own words (not found, already exists), not from a success.
    const answered = outcome.status === 'already-done' ? `the Manager said it was ${outcome.note}` : 'the Manager answered success';
    lines.push(`  ${paint('bold', entry.address)}: ${paint('red', 'UNCONFIRMED')}: ${answered}, but reading it back shows`);
    lines.push(...readBack.mismatches.map((mismatch) => `      ${renderMismatch(mismatch)}`));
  }
  return lines;
}

/** The last line of an apply's summary: what reading back verified, or why nothing was. */
export function renderReadBackLine(report: ApplyReport, paint: Painter): string | undefined {
  const run = report.readBack;
  if (!run) return undefined;
  switch (run.status) {
    case 'skipped':
      return run.reason === 'interrupted'
        ? 'Read back: skipped (interrupted).'
        : paint('yellow', 'Read back: skipped (--no-read-back): what the Manager did was not verified.');
    case 'failed':
      return paint('red', `Read back failed: ${run.message} The changes were applied but not verified; run plan to see the live state.`);
    case 'done': {
      const counts = countReadBack(report.results.map((result) => result.readBack));
      const notChecked = counts.notChecked > 0 ? ` (${counts.notChecked} failed or not run, not checked)` : '';
      if (counts.checked === 0) return `Read back: nothing to check${notChecked}.`;
      const projects = `${run.projects.length} ${run.projects.length === 1 ? 'project' : 'projects'}`;
      const unconfirmed = counts.unconfirmed > 0 ? `; ${counts.unconfirmed} unconfirmed` : '';
      const line = `Read back: ${counts.confirmed} of ${counts.checked} changes confirmed in ${projects}${unconfirmed}${notChecked}.`;
      return paint(counts.unconfirmed > 0 ? 'red' : 'green', line);
    }
  }
}
