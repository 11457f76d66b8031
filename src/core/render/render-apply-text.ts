import { countApplyResults, isApplySuccessful, type ApplyReport, type OperationOutcome } from '../model/apply-report.js';
import { type ChangeEntry } from '../model/plan.js';
import type { EnvironmentResult } from '../model/live-state.js';
import { printableLines } from './printable.js';
import { makePainter, type Painter } from './style.js';
import { renderReadBackLine, renderUnconfirmed } from './render-read-back-text.js';
import { NO_ENVIRONMENT_DETAIL } from './wording.js';

const VERBS: Record<ChangeEntry['action'], [string, string]> = {
  create: ['creating', 'created'],
  update: ['updating', 'updated'],
  delete: ['deleting', 'deleted'],
};

// Names, messages and notes come from the file and the Manager: every exported renderer
// returns printable lines (see printable.ts).

/** The line printed when an operation starts. */
export function renderOperationStart(entry: ChangeEntry, color: boolean): string {
  const paint = makePainter(color);
  const detail = entry.action === 'delete' ? ` (jwkDeleteAction=${entry.jwkDeleteAction.value})` : '';
  return printableLines([`${paint('bold', entry.address)}: ${VERBS[entry.action][0]}...${detail}`], color).join('');
}

/** The lines printed when an operation ends: outcome, duration, and each environment's result. */
export function renderOperationEnd(entry: ChangeEntry, outcome: OperationOutcome, color: boolean): string[] {
  return printableLines(listOperationEndLines(entry, outcome, makePainter(color)), color);
}

function listOperationEndLines(entry: ChangeEntry, outcome: OperationOutcome, paint: Painter): string[] {
  const head = `${paint('bold', entry.address)}: `;
  switch (outcome.status) {
    case 'succeeded':
      return [
        `${head}${paint('green', VERBS[entry.action][1])} after ${seconds(outcome.durationMs)}${outcome.note ? ` (${outcome.note})` : ''}`,
        ...renderEnvironments(outcome.deployment.environments, paint),
      ];
    case 'partial':
      return [
        `${head}${paint('yellow', `${VERBS[entry.action][1]}, but not every environment confirmed`)} after ${seconds(outcome.durationMs)}`,
        ...renderEnvironments(outcome.deployment.environments, paint),
      ];
    case 'already-done':
      return [`${head}${paint('green', outcome.note)} after ${seconds(outcome.durationMs)}`];
    case 'failed':
      return [`${head}${paint('red', 'FAILED')} after ${seconds(outcome.durationMs)}: ${outcome.message}`];
    case 'skipped':
      return [`${head}${paint('yellow', 'skipped')}: ${outcome.reason}`];
  }
}

/**
 * The closing summary: the apply's result, counting only what the Manager confirmed and the
 * read back did not contradict, the operations that need attention, and, last, what
 * reading back verified.
 */
export function renderApplySummary(report: ApplyReport, color: boolean): string[] {
  return printableLines(listSummaryLines(report, makePainter(color)), color);
}

function listSummaryLines(report: ApplyReport, paint: Painter): string[] {
  const counts = countApplyResults(report);
  const done = `${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted`;
  const readBack = renderReadBackLine(report, paint);
  const closing = readBack === undefined ? [] : [readBack];
  if (isApplySuccessful(report)) return [paint('green', paint('bold', `Apply complete: ${done}.`)), ...closing];
  const operationsDone = !report.interrupted && counts.partial + counts.failed + counts.skipped + counts.unconfirmed === 0;
  // Every operation succeeded, but the read back could not run: not a failure, not verified either.
  if (operationsDone) return [paint('yellow', paint('bold', `Apply complete but not verified: ${done}.`)), ...closing];
  const unconfirmed = counts.unconfirmed > 0 ? `, ${counts.unconfirmed} unconfirmed` : '';
  const lines = [
    paint(
      'red',
      paint(
        'bold',
        `Apply ${report.interrupted ? 'interrupted' : 'failed'}: ${done}; ${counts.partial} partial, ${counts.failed} failed, ${counts.skipped} not run${unconfirmed}.`,
      ),
    ),
  ];
  for (const { entry, outcome } of report.results) {
    if (outcome.status === 'partial' || outcome.status === 'failed' || outcome.status === 'skipped') {
      lines.push(
        ...listOperationEndLines(entry, outcome, paint)
          .slice(0, 1)
          .map((line) => `  ${line}`),
      );
    }
  }
  lines.push(...renderUnconfirmed(report, paint));
  lines.push(
    counts.unconfirmed > 0
      ? 'Run plan to see what remains. A Manager that answers success without making the change may do so again: check it before applying again.'
      : 'Run plan to see what remains; apply again converges.',
  );
  return [...lines, ...closing];
}

/**
 * One line per environment (and pod) result. A reply without any is said to be just that,
 * so nothing reads as confirmed per environment that the Manager did not confirm.
 */
function renderEnvironments(environments: readonly EnvironmentResult[], paint: Painter): string[] {
  if (environments.length === 0) return [`    ${paint('dim', `(${NO_ENVIRONMENT_DETAIL})`)}`];
  return environments.map((env) => {
    const mark = env.success ? paint('green', '✓') : paint('red', '✗');
    const pod = env.pod !== undefined ? `, pod ${env.pod}` : '';
    return `    ${mark} ${env.environmentName}${pod}${env.message ? `: ${env.message}` : ''}`;
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
