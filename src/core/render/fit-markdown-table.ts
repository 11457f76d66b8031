import { type ChangeEntry } from '../model/plan.js';
import { Layout } from './markdown-layout.js';
import { escapeMarkdownLineStart, escapeMarkdownText } from './markdown-text.js';
import { changesJwks, countNoun, describeJwkImpactShort, describeSourcedSetting } from './wording.js';

const TABLE_HEAD = '| Address | Action | JWK action | Affected JWKs |\n| --- | --- | --- | --- |';
const ACTION_CELLS: Record<ChangeEntry['action'], string> = { create: '+ create', update: '~ update', delete: '- delete' };

/** Where the whole plan is when the comment cannot hold it. */
const FULL_LIST = "the full list is in the plan's text or JSON output (job log or artifact)";

/**
 * The changes a comment must name even when it cannot show them all: deletes, and updates
 * that change JWKs. Each kind has its own list under the table, worded for it.
 */
interface ListKind {
  readonly of: (entry: ChangeEntry) => boolean;
  /** `Keys deleted (3)`: the head (in bold) when no entry of the kind has a row. */
  readonly all: (count: number) => string;
  /** `3 more deletes, not in the table`: the head (in bold) after rows of the kind. */
  readonly more: (count: number) => string;
}

const LIST_KINDS: readonly ListKind[] = [
  {
    of: (entry) => entry.action === 'delete',
    all: (count) => `Keys deleted (${count})`,
    more: (count) => `${count} more ${count === 1 ? 'delete' : 'deletes'}, not in the table`,
  },
  {
    of: (entry) => entry.action === 'update' && changesJwks(entry),
    all: (count) => `Updates that change JWKs (${count})`,
    more: (count) => `${count} more ${count === 1 ? 'update' : 'updates'} that change JWKs, not in the table`,
  },
];

/** Whether a change's row is kept before any create or update row: it deletes, or it changes JWKs. */
function isKeptFirst(entry: ChangeEntry): boolean {
  return LIST_KINDS.some((kind) => kind.of(entry));
}

/** The table block and the block of notes under it; either may be empty. */
export interface FittedTable {
  readonly table: string;
  readonly notes: string;
}

/**
 * The table of changes and the notes on what it leaves out, within `budget` (the cost of
 * both blocks). Every delete and every update that changes JWKs is named: as a row while
 * all of them fit (in plan order, with the same priority), and otherwise those past the
 * rows that fit are listed under the table, deletes and updates apart, by project,
 * comma-separated; the other create and update rows go first (a note counts them). Only
 * when even the names do not fit does a note say exactly how many are not listed here and
 * where the full list is. `maxLength` is only quoted in that note.
 */
export function fitTable(changes: readonly ChangeEntry[], budget: number, maxLength: number): FittedTable {
  const rows = changes.map(renderRow);
  const full = `${TABLE_HEAD}\n${rows.join('\n')}`;
  if (Layout.cost(full) <= budget) return { table: full, notes: '' };

  const first = changes.filter(isKeptFirst);
  const otherCount = changes.length - first.length;
  const otherNote =
    otherCount > 0 ? `_${countNoun(otherCount, 'create or update row', 'create and update rows')} not shown; see the job log._` : '';
  const firstRows = rows.filter((_row, i) => isKeptFirst(changes[i]!));
  const tableCost = (kept: readonly string[]) => (kept.length === 0 ? 0 : Layout.cost(`${TABLE_HEAD}\n${kept.join('\n')}`));
  const notesCost = (notes: readonly string[]) => {
    const present = notes.filter((note) => note !== '');
    return present.length === 0 ? 0 : Layout.cost(present.join('\n\n'));
  };

  // Every delete and JWK-changing update as a row, then as many other rows as fit, in plan order.
  if (tableCost(firstRows) + notesCost([otherNote]) <= budget) {
    return fitOtherRows(changes, rows, budget, tableCost, notesCost);
  }

  // The first `kept` of them as rows and the rest by name: a row costs more than its name
  // in a list, so the total mostly grows with `kept`; find the most that fit (any `kept`
  // the search settles on was checked to fit).
  const listsWith = (kept: number) =>
    LIST_KINDS.map((kind) => listEntries(kind, first.slice(kept).filter(kind.of), first.slice(0, kept).some(kind.of)));
  const costWith = (kept: number) => tableCost(firstRows.slice(0, kept)) + notesCost([...listsWith(kept), otherNote]);
  if (costWith(0) <= budget) {
    let low = 0;
    let high = first.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (costWith(middle) <= budget) low = middle;
      else high = middle - 1;
    }
    const table = low > 0 ? `${TABLE_HEAD}\n${firstRows.slice(0, low).join('\n')}` : '';
    return { table, notes: joinNotes([...listsWith(low), otherNote]) };
  }
  // Not even the names fit: as many as do, deletes first, and exactly how many are not listed.
  const groups = LIST_KINDS.map((kind) => ({ kind, entries: first.filter(kind.of) })).filter((group) => group.entries.length > 0);
  // Each later list is reserved at its shortest, so an earlier one cannot crowd it out.
  let left = budget - notesCost([otherNote]) - groups.reduce((sum, group) => sum + Layout.cost(noneListed(group, maxLength)), 0);
  const lists: string[] = [];
  for (const group of groups) {
    left += Layout.cost(noneListed(group, maxLength));
    const list = cutList(group.kind, group.entries, left, maxLength);
    lists.push(list);
    left -= Layout.cost(list);
  }
  return { table: '', notes: joinNotes([...lists, otherNote]) };
}

/** The rows kept first are all there; the other create and update rows follow while they fit. */
function fitOtherRows(
  changes: readonly ChangeEntry[],
  rows: readonly string[],
  budget: number,
  tableCost: (kept: readonly string[]) => number,
  notesCost: (notes: readonly string[]) => number,
): FittedTable {
  const keep = changes.map(isKeptFirst);
  const otherCount = keep.filter((kept) => !kept).length;
  const otherNote = (left: number) => `_${countNoun(left, 'create or update row', 'create and update rows')} not shown; see the job log._`;
  // Reserved at its longest: the count only shrinks as rows are kept.
  let used = tableCost(rows.filter((_row, i) => keep[i])) || Layout.cost(TABLE_HEAD);
  const reserve = notesCost([otherNote(otherCount)]);
  let othersKept = 0;
  for (const [i, kept] of keep.entries()) {
    if (kept) continue;
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
 * Entries of one kind by project, one line each, names comma-separated (the project is said
 * once, so the list stays short): `**3 more deletes, not in the table**, by project:` after
 * rows of the kind, `**Keys deleted (3)**, by project:` when none has a row.
 */
function listEntries(kind: ListKind, entries: readonly ChangeEntry[], afterRows: boolean): string {
  if (entries.length === 0) return '';
  const lines = groupByProject(entries).map((group) => `${group.prefix}${group.names.join(', ')}`);
  return [`**${afterRows ? kind.more(entries.length) : kind.all(entries.length)}**, by project:`, ...lines].join('\n');
}

interface ProjectGroup {
  /** `- project (2): `. */
  readonly prefix: string;
  /** Escaped key names, in plan order. */
  readonly names: readonly string[];
}

/** Entries are sorted by project, so each project's entries are adjacent. */
function groupByProject(entries: readonly ChangeEntry[]): ProjectGroup[] {
  const groups: { project: string; names: string[] }[] = [];
  for (const entry of entries) {
    const last = groups[groups.length - 1];
    if (last && last.project === entry.project) last.names.push(escapeMarkdownText(entry.key));
    else groups.push({ project: entry.project, names: [escapeMarkdownText(entry.key)] });
  }
  return groups.map((group) => ({ prefix: `- ${escapeMarkdownLineStart(group.project)} (${group.names.length}): `, names: group.names }));
}

/** The note for a kind none of whose entries could be named. */
function noneListed(group: { kind: ListKind; entries: readonly ChangeEntry[] }, maxLength: number): string {
  return `**${group.kind.all(group.entries.length)}: not listed here to keep this comment within ${maxLength} characters; ${FULL_LIST}.**`;
}

/** As many names as fit in `budget` (the block's cost), then how many are left out and where they all are. */
function cutList(kind: ListKind, entries: readonly ChangeEntry[], budget: number, maxLength: number): string {
  const head = `**${kind.all(entries.length)}**, by project:`;
  const tail = (left: number) => `**And ${left} more, not listed here to keep this comment within ${maxLength} characters; ${FULL_LIST}.**`;
  // Reserved at its longest: the count only shrinks as names are listed.
  let used = Layout.cost(head) + 1 + tail(entries.length).length;
  const lines: string[] = [];
  let listed = 0;
  for (const group of groupByProject(entries)) {
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
  if (listed === 0) return noneListed({ kind, entries }, maxLength);
  return [head, ...lines, tail(entries.length - listed)].join('\n');
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
