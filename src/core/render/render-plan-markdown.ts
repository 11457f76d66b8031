import { diffLines } from 'diff';
import { REDACTED } from '../../common/secret.js';
import type { ChangeEntry } from '../model/apply-report.js';
import type { Blocker, CreateEntry, DeleteEntry, FieldChange, Notice, Plan, PlanEntry, UpdateEntry } from '../model/plan.js';
import { summarizePlan, type PlanSummary } from '../plan/summarize-plan.js';
import { escapeMarkdownLineStart, escapeMarkdownText, fencedBlock, printableLine } from './markdown-text.js';
import {
  countNoun,
  describeJwkImpactLine,
  describeJwkImpactShort,
  describeSource,
  describeSourcedSetting,
  formatChangeCounts,
  formatDriftLine,
  formatSummaryLine,
} from './wording.js';

/** Options of the Markdown renderer. */
export interface MarkdownRenderOptions {
  /** Label the run as a drift check: "Drift detected" / "No drift" instead of changes wording. */
  readonly drift?: boolean;
  /**
   * Upper bound on the output's length in UTF-16 code units (`string.length`); default
   * 65,536, GitHub's comment limit. GitHub counts characters, and a string never has more
   * characters than code units, so this bound is safe. At least {@link MIN_MARKDOWN_LENGTH}.
   */
  readonly maxLength?: number;
  /** Replaces `apinizer-keys plan` (or `apinizer-keys drift check`) in the heading; shown as plain text. */
  readonly title?: string;
}

/** The first line of every comment, so a workflow can find and update its own comment. */
export const MARKDOWN_MARKER = '<!-- apinizer-keys-plan -->';

/** GitHub's limit on the body of an issue or pull-request comment. */
export const DEFAULT_MARKDOWN_LENGTH = 65_536;

/** The smallest `maxLength` accepted: room for the heading, summary, caution and warning blocks. */
export const MIN_MARKDOWN_LENGTH = 2_000;

/** Details and notices stop this far below `maxLength` (at most a tenth of it), leaving room for what a workflow adds. */
const DETAILS_RESERVE = 5_000;

/** Caps on single pieces of untrusted text, in escaped code units. */
const TITLE_LIMIT = 200;
const PROJECT_NAME_LIMIT = 100;
const PROJECT_LIST_LIMIT = 2_000;
const BLOCKER_MESSAGE_LIMIT = 2_000;
const BLOCKER_HINT_LIMIT = 1_000;
const NOTICE_LINE_LIMIT = 500;
const NOTICES_SHOWN = 20;

const TABLE_HEAD = '| Address | Action | JWK action | Affected JWKs |\n| --- | --- | --- | --- |';
const ACTION_CELLS: Record<ChangeEntry['action'], string> = { create: '+ create', update: '~ update', delete: '- delete' };

/**
 * The plan as a GitHub/GitLab pull-request comment body: a marker comment, a heading with
 * the outcome, the summary line, a caution block for blockers, a warning block for deletes,
 * a table of changes, field-level details in a collapsed `<details>`, notices, and a footer.
 *
 * Pure: the same plan and options always give the same text. Never longer than `maxLength`
 * code units. When the plan does not fit, what goes first is, in order: the notices and
 * details (they stop about 5,000 below `maxLength`; a note says how many entries were left
 * out), then create and update rows of the table (a note counts them), then delete rows
 * (a note says `N more deletes — see the job log`). The heading, summary line, caution and
 * warning blocks are always there. Untrusted text (names, messages, the title) is escaped
 * so it cannot break the table or inject HTML; material only ever shows as `(sensitive)`.
 */
export function renderPlanMarkdown(plan: Plan, options: MarkdownRenderOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_LENGTH;
  if (!Number.isSafeInteger(maxLength) || maxLength < MIN_MARKDOWN_LENGTH) {
    throw new RangeError(`maxLength must be an integer of at least ${MIN_MARKDOWN_LENGTH}, not ${maxLength}.`);
  }
  const drift = options.drift ?? false;
  const summary = summarizePlan(plan);
  const refused = plan.blockers.length > 0;
  const changes = plan.entries.filter(isChange);
  const deletes = changes.filter((entry): entry is DeleteEntry => entry.action === 'delete');
  const softLimit = maxLength - Math.min(DETAILS_RESERVE, Math.floor(maxLength / 10));
  const changeWord = drift ? 'difference' : 'change';

  const doc = new Layout();
  doc.set('head', `${MARKDOWN_MARKER}\n${renderHeading(summary, refused, drift, options.title)}`);
  doc.set('summary', drift ? formatDriftLine(summary, refused) : formatSummaryLine(summary, refused));
  doc.set('footer', `<sub>Plan format ${plan.formatVersion} · apinizer-keys</sub>`);
  if (deletes.length > 0) {
    doc.set('warning', renderWarning(deletes, summary, refused, Math.min(PROJECT_LIST_LIMIT, Math.floor(maxLength / 10))));
  }
  if (refused) {
    // The blockers may take half of what is left; the table keeps the rest.
    const compact = renderCaution(plan.blockers, 0);
    doc.set('caution', compact);
    doc.set('caution', renderCaution(plan.blockers, compact.length + Math.floor((maxLength - doc.length()) / 2)));
  }

  // Notes that must always fit, reserved at their longest (counts are at most these totals).
  const detailsNote = (left: number) => `_Details of ${countNoun(left, changeWord)} left out to keep this comment within ${maxLength} characters; the job log has the full plan._`;
  const noticesNote = (left: number) => `_${countNoun(left, 'notice')} left out; the job log lists them._`;
  let reserved = 0;
  if (changes.length > 0) reserved += Layout.cost(detailsNote(changes.length));
  if (plan.notices.length > 0) reserved += Layout.cost(noticesNote(plan.notices.length));

  if (changes.length > 0) {
    const table = fitTable(changes, deletes.length, maxLength - doc.length() - reserved);
    doc.set('table', table.table);
    doc.set('tableNotes', table.notes);
  }
  if (changes.length > 0) {
    const details = fitDetails(changes, changeWord, softLimit - doc.length(), detailsNote);
    doc.set('details', details ?? detailsNote(changes.length));
  }
  if (plan.notices.length > 0) {
    const notices = fitNotices(plan.notices, softLimit - doc.length());
    doc.set('notices', notices ?? noticesNote(plan.notices.length));
  }

  const text = doc.render();
  if (text.length > maxLength) throw new Error(`internal error: Markdown plan is ${text.length} long, over ${maxLength}`);
  return text;
}

function isChange(entry: PlanEntry): entry is ChangeEntry {
  return entry.action !== 'no-op';
}

type Slot = 'head' | 'summary' | 'caution' | 'warning' | 'table' | 'tableNotes' | 'details' | 'notices' | 'footer';
const SLOT_ORDER: readonly Slot[] = ['head', 'summary', 'caution', 'warning', 'table', 'tableNotes', 'details', 'notices', 'footer'];

/** The comment's blocks in output order, joined by blank lines, with a final newline. */
class Layout {
  private readonly blocks = new Map<Slot, string>();

  /** What adding one block of this text costs. */
  static cost(text: string): number {
    return text.length + 2;
  }

  set(slot: Slot, text: string): void {
    if (text === '') this.blocks.delete(slot);
    else this.blocks.set(slot, text);
  }

  length(): number {
    let length = 0;
    for (const text of this.blocks.values()) length += Layout.cost(text);
    // n blocks have n - 1 separators of 2 and one final newline.
    return this.blocks.size === 0 ? 0 : length - 1;
  }

  render(): string {
    const parts = SLOT_ORDER.map((slot) => this.blocks.get(slot)).filter((text): text is string => text !== undefined);
    return `${parts.join('\n\n')}\n`;
  }
}

function renderHeading(summary: PlanSummary, refused: boolean, drift: boolean, title: string | undefined): string {
  const name = escapeMarkdownText(title ?? (drift ? 'apinizer-keys drift check' : 'apinizer-keys plan'), TITLE_LIMIT);
  let outcome: string;
  if (refused) outcome = 'refused';
  else if (!summary.hasChanges) outcome = drift ? 'No drift' : 'no changes';
  else outcome = drift ? `Drift detected (${formatChangeCounts(summary)})` : formatChangeCounts(summary);
  return `### ${name}: ${outcome}`;
}

function renderCaution(blockers: readonly Blocker[], budget: number): string {
  const head = ['> [!CAUTION]', `> **This plan is refused; nothing will be changed.** ${countNoun(blockers.length, 'blocker')} to resolve first:`];
  const more = (left: number) => `> - _${left} more ${left === 1 ? 'blocker' : 'blockers'} — see the job log._`;
  const lines = [...head];
  let length = head.join('\n').length;
  const reserve = more(blockers.length).length + 1;
  for (const [i, blocker] of blockers.entries()) {
    const item = `> - ${escapeMarkdownLineStart(blocker.message, BLOCKER_MESSAGE_LIMIT)}\n>   ${escapeMarkdownText(blocker.hint, BLOCKER_HINT_LIMIT)}`;
    const last = i === blockers.length - 1;
    if (length + item.length + 1 + (last ? 0 : reserve) > budget) {
      lines.push(more(blockers.length - i));
      break;
    }
    lines.push(item);
    length += item.length + 1;
  }
  return lines.join('\n');
}

function renderWarning(deletes: readonly DeleteEntry[], summary: PlanSummary, refused: boolean, projectBudget: number): string {
  const jwks = { deleted: 0, detached: 0, unread: 0 };
  for (const entry of deletes) {
    if (entry.affectedJwks === undefined) jwks.unread += 1;
    for (const jwk of entry.affectedJwks ?? []) if (jwk.effect === 'deleted' || jwk.effect === 'detached') jwks[jwk.effect] += 1;
  }
  const projects = summary.projectsWithDeletes;
  const keys = countNoun(deletes.length, 'key');
  const lead = refused ? `**This plan would delete ${keys}**` : `**Applying this plan deletes ${keys}**`;
  const lines = [
    '> [!WARNING]',
    `> ${lead} in ${countNoun(projects.length, 'project')}: ${listProjects(projects, projectBudget)}.`,
    `> JWKs made from ${deletes.length === 1 ? 'it' : 'them'}: ${jwks.deleted} deleted, ${jwks.detached} detached${
      jwks.unread > 0 ? ` (JWK list not read for ${countNoun(jwks.unread, 'key')})` : ''
    }.`,
    `> Deletion is permanent and undeploys ${deletes.length === 1 ? 'the key' : 'each key'} from every environment.`,
  ];
  return lines.join('\n');
}

/** Project names, escaped and comma-separated, up to `budget` code units, then `and N more`. */
function listProjects(projects: readonly string[], budget: number): string {
  const names: string[] = [];
  let length = 0;
  for (const [i, project] of projects.entries()) {
    const name = escapeMarkdownText(project, PROJECT_NAME_LIMIT);
    const more = i === projects.length - 1 ? 0 : ` and ${projects.length - i} more`.length;
    if (length + name.length + 2 + more > budget && names.length > 0) {
      return `${names.join(', ')} and ${projects.length - i} more`;
    }
    names.push(name);
    length += name.length + 2;
  }
  return names.join(', ');
}

/** One table row. Settings are escaped too: a plan may come back from a saved file. */
function renderRow(entry: ChangeEntry): string {
  const cells = [escapeMarkdownText(entry.address), ACTION_CELLS[entry.action]];
  switch (entry.action) {
    case 'create':
      cells.push('', '');
      break;
    case 'update':
      cells.push(escapeMarkdownText(describeSourcedSetting(entry.jwkUpdateAction)), describeJwkImpactShort(entry.affectedJwks));
      break;
    case 'delete':
      cells.push(escapeMarkdownText(describeSourcedSetting(entry.jwkDeleteAction)), describeJwkImpactShort(entry.affectedJwks));
      break;
  }
  return `| ${cells.join(' | ')} |`;
}

/**
 * The table and the notes on rows left out, within `budget` (the cost of both blocks).
 * Delete rows come first in what is kept, create and update rows next, in plan order;
 * kept rows are shown in plan order.
 */
function fitTable(changes: readonly ChangeEntry[], deleteCount: number, budget: number): { table: string; notes: string } {
  const rows = changes.map(renderRow);
  const full = `${TABLE_HEAD}\n${rows.join('\n')}`;
  if (Layout.cost(full) <= budget) return { table: full, notes: '' };

  const otherCount = changes.length - deleteCount;
  const otherNote = (left: number) => `_${countNoun(left, 'create or update row', 'create and update rows')} not shown; see the job log._`;
  const deleteNote = (left: number) => `**${left} more ${left === 1 ? 'delete' : 'deletes'} — see the job log.**`;
  const notesCost = (deletesLeft: number, othersLeft: number) => {
    const notes = [deletesLeft > 0 ? deleteNote(deletesLeft) : '', othersLeft > 0 ? otherNote(othersLeft) : ''].filter((n) => n !== '');
    return notes.length === 0 ? 0 : Layout.cost(notes.join('\n\n'));
  };

  const keep = new Array<boolean>(changes.length).fill(false);
  let used = Layout.cost(TABLE_HEAD);
  let deletesKept = 0;
  let othersKept = 0;
  // Deletes: reserve both notes at their longest while any may be needed.
  for (const [i, entry] of changes.entries()) {
    if (entry.action !== 'delete') continue;
    const cost = rows[i]!.length + 1;
    if (used + cost + notesCost(deleteCount, otherCount) > budget) break;
    keep[i] = true;
    used += cost;
    deletesKept += 1;
  }
  if (deletesKept === deleteCount) {
    for (const [i, entry] of changes.entries()) {
      if (entry.action === 'delete') continue;
      const cost = rows[i]!.length + 1;
      if (used + cost + notesCost(0, otherCount) > budget) break;
      keep[i] = true;
      used += cost;
      othersKept += 1;
    }
  }
  const kept = rows.filter((_row, i) => keep[i]);
  const notes = [
    deletesKept < deleteCount ? deleteNote(deleteCount - deletesKept) : '',
    othersKept < otherCount ? otherNote(otherCount - othersKept) : '',
  ].filter((note) => note !== '');
  // With no room even for a row, the notes alone say what is missing.
  return { table: kept.length > 0 ? `${TABLE_HEAD}\n${kept.join('\n')}` : '', notes: notes.join('\n\n') };
}

/**
 * The collapsed details of as many entries as fit in `budget` (the block's cost), in plan
 * order, with a note on the rest; undefined when not even one entry fits.
 */
function fitDetails(
  changes: readonly ChangeEntry[],
  changeWord: string,
  budget: number,
  note: (left: number) => string,
): string | undefined {
  const total = changes.length;
  const open = (shown: number, cut: boolean) =>
    `<details><summary>Details (${cut ? `first ${shown} of ` : ''}${countNoun(total, changeWord)})</summary>\n\n`;
  const close = '\n\n</details>';
  // Reserved at the longest: the summary with "first N of" and the note, with counts at their largest.
  const blocks: string[] = [];
  let used = open(total, true).length + close.length + note(total).length + 2;
  for (const entry of changes) {
    const block = fencedBlock('diff', renderDetailLines(entry).join('\n'));
    if (used + block.length + 2 > budget) break;
    blocks.push(block);
    used += block.length + 2;
  }
  if (blocks.length === 0) return undefined;
  const left = total - blocks.length;
  return `${open(blocks.length, left > 0)}${blocks.join('\n\n')}${left > 0 ? `\n\n${note(left)}` : ''}${close}`;
}

function fitNotices(notices: readonly Notice[], budget: number): string | undefined {
  const open = `<details><summary>Notices (${countNoun(notices.length, 'key')} left alone)</summary>\n\n`;
  const close = '\n\n</details>';
  const more = (left: number) => `- _and ${left} more; the job log lists them._`;
  const lines: string[] = [];
  let used = Layout.cost(open + close) + more(notices.length).length + 1;
  for (const notice of notices.slice(0, NOTICES_SHOWN)) {
    const line = `- ${escapeMarkdownLineStart(`${notice.address}: ${notice.message}`, NOTICE_LINE_LIMIT)}`;
    if (used + line.length + 1 > budget) break;
    lines.push(line);
    used += line.length + 1;
  }
  if (lines.length === 0) return undefined;
  if (lines.length < notices.length) lines.push(more(notices.length - lines.length));
  return `${open}${lines.join('\n')}${close}`;
}

/**
 * One entry as diff lines: `+` created, `-` deleted or removed, `~` changed, blank for
 * context. Every line is made printable, so no value can start a line of its own.
 */
function renderDetailLines(entry: ChangeEntry): string[] {
  switch (entry.action) {
    case 'create':
      return renderCreateDetail(entry).map(printableLine);
    case 'update':
      return renderUpdateDetail(entry).map(printableLine);
    case 'delete':
      return renderDeleteDetail(entry).map(printableLine);
  }
}

function renderCreateDetail(entry: CreateEntry): string[] {
  return [
    `+ create ${entry.address} (${entry.reason})`,
    `+     type: ${entry.spec.type}`,
    `+     description: ${JSON.stringify(entry.spec.description)}`,
    ...entry.spec.environments.map(
      (env) =>
        `+     environment ${env.name}${env.alias ? ` alias ${JSON.stringify(env.alias)}` : ''}: ${describeSource(env)}`,
    ),
  ];
}

function renderUpdateDetail(entry: UpdateEntry): string[] {
  return [
    `~ update ${entry.address} (${entry.reason})`,
    ...entry.changes.flatMap(renderFieldChangeDetail),
    `      material re-sent: ${entry.spec.environments.map((env) => `${env.name} ${describeSource(env)}`).join(', ')}`,
    `      JWK update action: ${describeSourcedSetting(entry.jwkUpdateAction)}, scope ${describeSourcedSetting(entry.updateScope)}`,
    `      ${describeJwkImpactLine(entry.affectedJwks)}`,
  ];
}

function renderDeleteDetail(entry: DeleteEntry): string[] {
  return [
    `- delete ${entry.address} (${entry.reason})`,
    `-     undeployed from: ${entry.environments.join(', ') || '(no environments)'}`,
    `-     JWK delete action: ${describeSourcedSetting(entry.jwkDeleteAction)}`,
    `-     ${describeJwkImpactLine(entry.affectedJwks)}`,
  ];
}

/** A changed field: sensitive ones without value, single-line values as `-`/`+` pairs, multi-line ones as a line diff. */
function renderFieldChangeDetail(change: FieldChange): string[] {
  const field = change.field;
  if (change.sensitive) return [`~     ${field}: ${REDACTED} (will be re-sent)`];
  const before = change.before ?? '';
  const after = change.after ?? '';
  if (!before.includes('\n') && !after.includes('\n')) {
    return [`-     ${field}: ${JSON.stringify(before)}`, `+     ${field}: ${JSON.stringify(after)}`];
  }
  const lines = [`~     ${field}:`];
  for (const part of diffLines(before, after)) {
    const sign = part.added ? '+' : part.removed ? '-' : ' ';
    for (const line of part.value.replace(/\n$/, '').split('\n')) lines.push(`${sign}         ${line}`);
  }
  return lines;
}
