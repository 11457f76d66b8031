import {
  listChangeEntries,
  type Blocker,
  type DeleteEntry,
  type Plan,
  type PlanEntry,
  type PlannedEnvironment,
  type PlanWarning,
  type UpdateEntry,
} from '../model/plan.js';
import { summarizePlan } from '../model/plan-summary.js';
import { renderFieldChange } from './render-field-change.js';
import { printableLines } from './printable.js';
import { makePainter, type Painter } from './style.js';
import {
  changesJwks,
  countNoun,
  describeJwkChange,
  describeJwkChangeTotals,
  describeJwkImpactLine,
  describeSource,
  describeSourcedSetting,
  describeUpdateBody,
  formatDriftLine,
  formatSummaryLine,
  type JwkChange,
} from './wording.js';

/** Keys named again in the closing JWK section; the rest are counted (each is shown in full above). */
const JWK_CHANGES_SHOWN = 20;

/** Options of the text renderer. */
export interface TextRenderOptions {
  readonly color: boolean;
  /** Also list no-op keys and the keys left alone (ignored, not managed). */
  readonly verbose: boolean;
  /** A drift check: worded as what differs live from the file. */
  readonly drift?: boolean;
}

/**
 * The plan as Terraform-style text: `+` create, `~` update, `-` delete, then the deletes and
 * updates that delete, detach or re-parse JWKs named again (so one is not lost among a
 * thousand creates), the warnings, the blockers, and the summary line.
 * Every line is printable: a name or description cannot add a line or steer the terminal.
 */
export function renderPlanText(plan: Plan, options: TextRenderOptions): string {
  const paint = makePainter(options.color);
  const changes = listChangeEntries(plan);
  const lines: string[] = [];
  if (changes.length > 0) {
    lines.push(
      options.drift
        ? 'Drift detected: the live state differs from the file. Applying the file would:'
        : 'apinizer-keys will perform the following actions:',
      '',
    );
    for (const entry of changes) for (const line of [...renderEntry(entry, paint), '']) lines.push(line);
  }
  if (options.verbose) for (const line of renderQuiet(plan, paint)) lines.push(line);
  const jwkChanges = changes.filter(changesJwks);
  if (jwkChanges.length > 0) lines.push(...renderJwkChanges(jwkChanges, plan.blockers.length > 0, paint));
  // Never only under -v: a warning is what the file most likely did not mean.
  if (plan.warnings !== undefined && plan.warnings.length > 0) lines.push(...renderWarnings(plan.warnings, paint));
  if (plan.blockers.length > 0) lines.push(...renderBlockers(plan.blockers, paint));
  const summary = summarizePlan(plan);
  const refused = plan.blockers.length > 0;
  const line = options.drift ? formatDriftLine(summary, refused) : formatSummaryLine(summary, refused);
  lines.push(paint(summary.hasChanges || refused ? 'bold' : 'green', line));
  return `${printableLines(lines, options.color).join('\n')}\n`;
}

function renderEntry(entry: PlanEntry, paint: Painter): string[] {
  switch (entry.action) {
    case 'create':
      return [
        paint('dim', `  # ${entry.address} will be created (${entry.reason})`),
        `  ${paint('green', '+')} key ${paint('bold', entry.address)}`,
        `      type:        ${entry.spec.type}`,
        ...(entry.spec.algorithm !== undefined ? [`      algorithm:   ${entry.spec.algorithm}`] : []),
        `      description: ${JSON.stringify(entry.spec.description)}`,
        ...entry.spec.environments.map((env) => `      ${paint('green', '+')} ${describeEnvironment(env)}`),
      ];
    case 'update':
      return renderUpdate(entry, paint);
    case 'delete':
      return renderDelete(entry, paint);
    case 'no-op':
      return [];
  }
}

function renderUpdate(entry: UpdateEntry, paint: Painter): string[] {
  return [
    paint('dim', `  # ${entry.address} will be updated in place (${entry.reason})`),
    `  ${paint('yellow', '~')} key ${paint('bold', entry.address)}`,
    ...entry.changes.flatMap((change) => renderFieldChange(change, paint, '      ')),
    `      sends: ${describeUpdateBody(entry)}`,
    // Bold as a delete's when it detaches or re-parses JWKs: that is no less lasting.
    `      JWK update action: ${changesJwks(entry) ? paint('bold', describeSourcedSetting(entry.jwkUpdateAction)) : describeSourcedSetting(entry.jwkUpdateAction)}, scope ${describeSourcedSetting(entry.updateScope)}`,
    `      ${describeJwkImpactLine(entry.affectedJwks)}`,
  ];
}

function renderDelete(entry: DeleteEntry, paint: Painter): string[] {
  return [
    paint('dim', `  # ${entry.address} will be ${paint('red', 'deleted')} (${entry.reason})`),
    `  ${paint('red', '-')} key ${paint('bold', entry.address)}`,
    `      undeployed from: ${entry.environments.join(', ') || '(no environments)'}`,
    `      JWK delete action: ${paint('bold', describeSourcedSetting(entry.jwkDeleteAction))}`,
    `      ${describeJwkImpactLine(entry.affectedJwks)}`,
  ];
}

function renderQuiet(plan: Plan, paint: Painter): string[] {
  const noops = plan.entries.filter((entry) => entry.action === 'no-op');
  const lines = [
    ...noops.map((entry) => paint('dim', `  = ${entry.address}: ${entry.reason}`)),
    ...plan.notices.map((notice) => paint('dim', `  . ${notice.address}: ${notice.message}`)),
  ];
  return lines.length > 0 ? [...lines, ''] : [];
}

function renderBlockers(blockers: readonly Blocker[], paint: Painter): string[] {
  return [
    paint('red', paint('bold', 'This plan is refused; nothing will be changed:')),
    ...blockers.flatMap((blocker) => [`  ${paint('red', '✗')} ${blocker.message}`, `    ${blocker.hint}`]),
    '',
  ];
}

function renderJwkChanges(changes: readonly JwkChange[], refused: boolean, paint: Painter): string[] {
  const totals = describeJwkChangeTotals(changes);
  const lead = refused ? `This plan would affect ${totals.jwks}` : `Applying this plan affects ${totals.jwks}`;
  const shown = changes.slice(0, JWK_CHANGES_SHOWN);
  const left = changes.length - shown.length;
  return [
    paint('yellow', paint('bold', `${lead} (${totals.effects}):`)),
    ...shown.map(
      (entry) =>
        `  ${paint('yellow', '!')} ${entry.address}: ${describeJwkChange(entry)}: ${entry.affectedJwks.map((jwk) => jwk.name).join(', ')}`,
    ),
    ...(left > 0 ? [`  … and ${countNoun(left, 'more key')}, each shown above`] : []),
    '',
  ];
}

function renderWarnings(warnings: readonly PlanWarning[], paint: Painter): string[] {
  return [
    paint('yellow', paint('bold', `Warning${warnings.length === 1 ? '' : 's'}: this plan may not do what the file means:`)),
    ...warnings.flatMap((warning) => [`  ${paint('yellow', '!')} ${warning.message}`, `    ${warning.hint}`]),
    '',
  ];
}

function describeEnvironment(env: PlannedEnvironment): string {
  const alias = env.alias ? ` alias ${JSON.stringify(env.alias)}` : '';
  return `environment ${env.name}${alias}, content ${describeSource(env)}`;
}
