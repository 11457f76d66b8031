import type { DeleteEntry } from '../model/plan.js';
import { type ChangeEntry } from '../model/plan.js';
import { Layout } from './markdown-layout.js';
import { escapeMarkdownLineStart, escapeMarkdownText } from './markdown-text.js';
import { countNoun, describeJwkImpactShort, describeSourcedSetting } from './wording.js';

const TABLE_HEAD = '| Address | Action | JWK action | Affected JWKs |\n| --- | --- | --- | --- |';
const ACTION_CELLS: Record<ChangeEntry['action'], string> = { create: '+ create', update: '~ update', delete: '- delete' };

/** Where the whole plan is when the comment cannot hold it. */
const FULL_LIST = "the full list is in the plan's text or JSON output (job log or artifact)";

/** The table block and the block of notes under it; either may be empty. */
export interface FittedTable {
  readonly table: string;
  readonly notes: string;
}

/**
 * The table of changes and the notes on what it leaves out, within `budget` (the cost of
 * both blocks). Every delete is named: as a row while all of them fit, and otherwise the
 * deletes past the rows that fit are listed under the table, by project, comma-separated;
 * create and update rows go first (a note counts them). Only when even the names do not
 * fit does a note say exactly how many are not listed here and where the full list is.
 * `maxLength` is only quoted in that note.
 */
export function fitTable(changes: readonly ChangeEntry[], budget: number, maxLength: number): FittedTable {
  const rows = changes.map(renderRow);
  const full = `${TABLE_HEAD}\n${rows.join('\n')}`;
  if (Layout.cost(full) <= budget) return { table: full, notes: '' };

  const deletes = changes.filter((entry): entry is DeleteEntry => entry.action === 'delete');
  const otherCount = changes.length - deletes.length;
  const otherNote =
    otherCount > 0 ? `_${countNoun(otherCount, 'create or update row', 'create and update rows')} not shown; see the job log._` : '';
  const deleteRows = rows.filter((_row, i) => changes[i]!.action === 'delete');
  const tableCost = (kept: readonly string[]) => (kept.length === 0 ? 0 : Layout.cost(`${TABLE_HEAD}\n${kept.join('\n')}`));
  const notesCost = (notes: readonly string[]) => {
    const present = notes.filter((note) => note !== '');
    return present.length === 0 ? 0 : Layout.cost(present.join('\n\n'));
  };

  // Every delete as a row, then as many create and update rows as fit, in plan order.
  if (tableCost(deleteRows) + notesCost([otherNote]) <= budget) {
    return fitOtherRows(changes, rows, budget, tableCost, notesCost);
  }

  // The first `kept` deletes as rows and the rest by name: a row costs more than its name
  // in the list, so the total only grows with `kept`; find the most that fit.
  const costWith = (kept: number) =>
    tableCost(deleteRows.slice(0, kept)) + notesCost([listDeletes(deletes.slice(kept), kept > 0), otherNote]);
  if (costWith(0) <= budget) {
    let low = 0;
    let high = deletes.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (costWith(middle) <= budget) low = middle;
      else high = middle - 1;
    }
    const table = low > 0 ? `${TABLE_HEAD}\n${deleteRows.slice(0, low).join('\n')}` : '';
    return { table, notes: joinNotes([listDeletes(deletes.slice(low), low > 0), otherNote]) };
  }
  // Not even the names fit: as many as do, and exactly how many are not listed.
  return { table: '', notes: joinNotes([cutDeleteList(deletes, budget - notesCost([otherNote]), maxLength), otherNote]) };
}

/** All delete rows are kept; create and update rows follow while they fit. */
function fitOtherRows(
  changes: readonly ChangeEntry[],
  rows: readonly string[],
  budget: number,
  tableCost: (kept: readonly string[]) => number,
  notesCost: (notes: readonly string[]) => number,
): FittedTable {
  const otherCount = changes.filter((entry) => entry.action !== 'delete').length;
  const otherNote = (left: number) => `_${countNoun(left, 'create or update row', 'create and update rows')} not shown; see the job log._`;
  const keep = changes.map((entry) => entry.action === 'delete');
  // Reserved at its longest: the count only shrinks as rows are kept.
  let used = tableCost(rows.filter((_row, i) => keep[i])) || Layout.cost(TABLE_HEAD);
  const reserve = notesCost([otherNote(otherCount)]);
  let othersKept = 0;
  for (const [i, entry] of changes.entries()) {
    if (entry.action === 'delete') continue;
    const cost = rows[i]!.length + 1;
    if (used + cost + reserve > budget) break;
    keep[i] = true;
    used += cost;
    othersKept += 1;
  }
  const kept = rows.filter((_row, i) => keep[i]);
  const notes = othersKept < otherCount ? otherNote(otherCount - othersKept) : '';
  // With no room even for a row, the note alone says what is missing.
  return { table: kept.length > 0 ? `${TABLE_HEAD}\n${kept.join('\n')}` : '', notes };
}

/**
 * The deletes by project, one line each, names comma-separated (the project is said once,
 * so the list stays short): `**3 more deletes, not in the table**, by project:` after
 * rows, `**Keys deleted (3)**, by project:` when no delete has a row.
 */
function listDeletes(deletes: readonly DeleteEntry[], afterRows: boolean): string {
  if (deletes.length === 0) return '';
  const lines = groupByProject(deletes).map((group) => `${group.prefix}${group.names.join(', ')}`);
  return [deleteListHead(deletes.length, afterRows), ...lines].join('\n');
}

function deleteListHead(count: number, afterRows: boolean): string {
  return afterRows
    ? `**${count} more ${count === 1 ? 'delete' : 'deletes'}, not in the table**, by project:`
    : `**Keys deleted (${count})**, by project:`;
}

interface DeleteGroup {
  /** `- project (2): `. */
  readonly prefix: string;
  /** Escaped key names, in plan order. */
  readonly names: readonly string[];
}

/** Entries are sorted by project, so each project's deletes are adjacent. */
function groupByProject(deletes: readonly DeleteEntry[]): DeleteGroup[] {
  const groups: { project: string; names: string[] }[] = [];
  for (const entry of deletes) {
    const last = groups[groups.length - 1];
    if (last && last.project === entry.project) last.names.push(escapeMarkdownText(entry.key));
    else groups.push({ project: entry.project, names: [escapeMarkdownText(entry.key)] });
  }
  return groups.map((group) => ({ prefix: `- ${escapeMarkdownLineStart(group.project)} (${group.names.length}): `, names: group.names }));
}

/** As many names as fit in `budget` (the block's cost), then how many are left out and where they all are. */
function cutDeleteList(deletes: readonly DeleteEntry[], budget: number, maxLength: number): string {
  const head = deleteListHead(deletes.length, false);
  const tail = (left: number) => `**And ${left} more, not listed here to keep this comment within ${maxLength} characters; ${FULL_LIST}.**`;
  const none = `**Keys deleted (${deletes.length}): not listed here to keep this comment within ${maxLength} characters; ${FULL_LIST}.**`;
  // Reserved at its longest: the count only shrinks as names are listed.
  let used = Layout.cost(head) + 1 + tail(deletes.length).length;
  const lines: string[] = [];
  let listed = 0;
  for (const group of groupByProject(deletes)) {
    let line = group.prefix;
    let shown = 0;
    for (const name of group.names) {
      const cost = name.length + (shown === 0 ? group.prefix.length + 1 : 2);
      if (used + cost > budget) break;
      line += shown === 0 ? name : `, ${name}`;
      used += cost;
      shown += 1;
    }
    if (shown > 0) lines.push(line);
    listed += shown;
    if (shown < group.names.length) break;
  }
  if (listed === 0) return none;
  return [head, ...lines, tail(deletes.length - listed)].join('\n');
}

function joinNotes(notes: readonly string[]): string {
  return notes.filter((note) => note !== '').join('\n\n');
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
