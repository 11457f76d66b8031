import { listChangeEntries, type Blocker, type DeleteEntry, type Plan, type PlanWarning } from '../model/plan.js';
import { summarizePlan, type PlanSummary } from '../model/plan-summary.js';
import { fitTable } from './fit-markdown-table.js';
import { Layout } from './markdown-layout.js';
import { escapeMarkdownLineStart, escapeMarkdownText } from './markdown-text.js';
import { renderJwkWarning } from './render-jwk-warning.js';
import { fitDetails, fitNotices } from './render-markdown-details.js';
import { changesJwks, countNoun, formatChangeCounts, formatDriftLine, formatSummaryLine } from './wording.js';

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

/** The smallest `maxLength` accepted: room for the heading, summary, caution and warning blocks (each at its shortest). */
export const MIN_MARKDOWN_LENGTH = 2_000;

/** Details and notices stop this far below `maxLength` (at most a tenth of it), leaving room for what a workflow adds. */
const DETAILS_RESERVE = 5_000;

/** Caps on single pieces of untrusted text, in escaped code units. */
const TITLE_LIMIT = 200;
const PROJECT_NAME_LIMIT = 100;
const PROJECT_LIST_LIMIT = 2_000;
/** The JWK warning's list of keys, at most (and at most a tenth of `maxLength`). */
const JWK_LIST_LIMIT = 4_000;
const BLOCKER_MESSAGE_LIMIT = 2_000;
const BLOCKER_HINT_LIMIT = 1_000;

/**
 * The plan as a GitHub/GitLab pull-request comment body: a marker comment, a heading with
 * the outcome, the summary line, a caution block for blockers, a warning block for the
 * plan's warnings (names that differ from live ones only in case), one for deletes, one
 * naming each delete or update that deletes, detaches or re-parses JWKs (with the JWK
 * action, its source and the JWK names), a table of changes, field-level details in a
 * collapsed `<details>`, notices, and a footer.
 *
 * Pure: the same plan and options always give the same text. Never longer than `maxLength`
 * code units. When the plan does not fit, what goes first is, in order: the notices and
 * details (they stop about 5,000 below `maxLength`; a note says how many entries were left
 * out), then create and update rows of the table (a note counts them), then the rows of
 * deletes and of updates that change JWKs, whose addresses are then listed comma-separated
 * under the table instead; only if even that list does not fit does a note say exactly how
 * many are not listed and that the plan's text or JSON output has them all. The heading,
 * summary line, caution and warning blocks are always there (blockers, warnings and keys
 * whose JWKs change listed as far as they fit, then counted). Untrusted text (names, messages, the title) is escaped
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
  const changes = listChangeEntries(plan);
  const deletes = changes.filter((entry): entry is DeleteEntry => entry.action === 'delete');
  const jwkChanges = changes.filter(changesJwks);
  const softLimit = maxLength - Math.min(DETAILS_RESERVE, Math.floor(maxLength / 10));
  const changeWord = drift ? 'difference' : 'change';

  const doc = new Layout();
  doc.set('head', `${MARKDOWN_MARKER}\n${renderHeading(summary, refused, drift, options.title)}`);
  doc.set('summary', drift ? formatDriftLine(summary, refused) : formatSummaryLine(summary, refused));
  doc.set('footer', `<sub>Plan format ${plan.formatVersion} · apinizer-keys</sub>`);
  if (deletes.length > 0) {
    doc.set('warning', renderWarning(deletes, summary, refused, Math.min(PROJECT_LIST_LIMIT, Math.floor(maxLength / 10))));
  }
  if (jwkChanges.length > 0) {
    doc.set('jwkWarning', renderJwkWarning(jwkChanges, refused, Math.min(JWK_LIST_LIMIT, Math.floor(maxLength / 10))));
  }
  const warnings = plan.warnings ?? [];
  // Both at their shortest first, so the blockers' share cannot crowd the warnings out.
  if (warnings.length > 0) doc.set('planWarnings', renderPlanWarnings(warnings, 0));
  if (refused) {
    // The blockers may take half of what is left; the table keeps the rest.
    const compact = renderCaution(plan.blockers, 0);
    doc.set('caution', compact);
    doc.set('caution', renderCaution(plan.blockers, compact.length + Math.floor((maxLength - doc.length()) / 2)));
  }
  if (warnings.length > 0) {
    // The warnings may take half of what is left after that.
    const compact = renderPlanWarnings(warnings, 0);
    doc.set('planWarnings', renderPlanWarnings(warnings, compact.length + Math.floor((maxLength - doc.length()) / 2)));
  }

  // Notes that must always fit, reserved at their longest (counts are at most these totals).
  const detailsNote = (left: number) =>
    `_Details of ${countNoun(left, changeWord)} left out to keep this comment within ${maxLength} characters; the job log has the full plan._`;
  const noticesNote = (left: number) => `_${countNoun(left, 'notice')} left out; the job log lists them._`;
  let reserved = 0;
  if (changes.length > 0) reserved += Layout.cost(detailsNote(changes.length));
  if (plan.notices.length > 0) reserved += Layout.cost(noticesNote(plan.notices.length));

  if (changes.length > 0) {
    const table = fitTable(changes, maxLength - doc.length() - reserved, maxLength);
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

function renderHeading(summary: PlanSummary, refused: boolean, drift: boolean, title: string | undefined): string {
  const name = escapeMarkdownText(title ?? (drift ? 'apinizer-keys drift check' : 'apinizer-keys plan'), TITLE_LIMIT);
  let outcome: string;
  if (refused) outcome = 'refused';
  else if (!summary.hasChanges) outcome = drift ? 'No drift' : 'no changes';
  else outcome = drift ? `Drift detected (${formatChangeCounts(summary)})` : formatChangeCounts(summary);
  return `### ${name}: ${outcome}`;
}

function renderCaution(blockers: readonly Blocker[], budget: number): string {
  const head = [
    '> [!CAUTION]',
    `> **This plan is refused; nothing will be changed.** ${countNoun(blockers.length, 'blocker')} to resolve first:`,
  ];
  return renderAlertList(head, blockers, 'blocker', budget);
}

function renderPlanWarnings(warnings: readonly PlanWarning[], budget: number): string {
  const head = ['> [!WARNING]', `> **${countNoun(warnings.length, 'warning')}: this plan may not do what the file means.**`];
  return renderAlertList(head, warnings, 'warning', budget);
}

/** An alert block listing items (message, then hint) within `budget`, then how many more there are. */
function renderAlertList(
  head: readonly string[],
  items: readonly Pick<Blocker, 'message' | 'hint'>[],
  noun: string,
  budget: number,
): string {
  const more = (left: number) => `> - _${left} more ${left === 1 ? noun : `${noun}s`} — see the job log._`;
  const lines = [...head];
  let length = head.join('\n').length;
  const reserve = more(items.length).length + 1;
  for (const [i, item] of items.entries()) {
    const text = `> - ${escapeMarkdownLineStart(item.message, BLOCKER_MESSAGE_LIMIT)}\n>   ${escapeMarkdownText(item.hint, BLOCKER_HINT_LIMIT)}`;
    const last = i === items.length - 1;
    if (length + text.length + 1 + (last ? 0 : reserve) > budget) {
      lines.push(more(items.length - i));
      break;
    }
    lines.push(text);
    length += text.length + 1;
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
