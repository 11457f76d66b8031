import { listLineDiff } from './line-diff.js';
import { type ChangeEntry } from '../model/plan.js';
import { REDACTED } from '../../common/secret.js';
import type { CreateEntry, DeleteEntry, FieldChange, Notice, UpdateEntry } from '../model/plan.js';
import { Layout } from './markdown-layout.js';
import { escapeMarkdownLineStart, fencedBlock } from './markdown-text.js';
import { printableLine } from './printable.js';
import { countNoun, describeJwkImpactLine, describeSource, describeSourcedSetting, describeUpdateBody } from './wording.js';

const NOTICE_LINE_LIMIT = 500;
const NOTICES_SHOWN = 20;

/**
 * The collapsed details of as many entries as fit in `budget` (the block's cost), in plan
 * order, with a note on the rest; undefined when not even one entry fits.
 */
export function fitDetails(
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

export function fitNotices(notices: readonly Notice[], budget: number): string | undefined {
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
    ...(entry.spec.algorithm !== undefined ? [`+     algorithm: ${entry.spec.algorithm}`] : []),
    `+     description: ${JSON.stringify(entry.spec.description)}`,
    ...entry.spec.environments.map(
      (env) => `+     environment ${env.name}${env.alias ? ` alias ${JSON.stringify(env.alias)}` : ''}: ${describeSource(env)}`,
    ),
  ];
}

function renderUpdateDetail(entry: UpdateEntry): string[] {
  return [
    `~ update ${entry.address} (${entry.reason})`,
    ...entry.changes.flatMap(renderFieldChangeDetail),
    `      sends: ${describeUpdateBody(entry)}`,
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
  for (const { sign, line } of listLineDiff(before, after)) lines.push(`${sign}         ${line}`);
  return lines;
}
