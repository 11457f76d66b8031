import { diffWordsWithSpace } from 'diff';
import { REDACTED } from '../../common/secret.js';
import type { FieldChange } from '../model/plan.js';
import { listLineDiff } from './line-diff.js';
import type { Painter } from './style.js';

/**
 * One changed field as text lines: `~ field: "before" → "after"`, with the changed words
 * highlighted when colour is on, and a line diff for multi-line values. Sensitive fields
 * never show a value.
 */
export function renderFieldChange(change: FieldChange, paint: Painter, indent: string): string[] {
  const head = `${indent}${paint('yellow', '~')} ${change.field}`;
  if (change.sensitive) return [`${head}: ${REDACTED} (will be re-sent)`];
  const before = change.before ?? '';
  const after = change.after ?? '';
  if (before.includes('\n') || after.includes('\n')) {
    return [`${head}:`, ...renderLineDiff(before, after, paint, `${indent}    `)];
  }
  return [`${head}: ${renderWordDiff(before, after, paint)}`];
}

function renderWordDiff(before: string, after: string, paint: Painter): string {
  // Control characters and quotes need JSON escaping, which word highlights would split.
  if (needsEscaping(before) || needsEscaping(after)) return `${JSON.stringify(before)} → ${JSON.stringify(after)}`;
  const parts = diffWordsWithSpace(before, after);
  const old = parts
    .filter((p) => !p.added)
    .map((p) => (p.removed ? paint('red', p.value) : p.value))
    .join('');
  const now = parts
    .filter((p) => !p.removed)
    .map((p) => (p.added ? paint('green', p.value) : p.value))
    .join('');
  return `"${old}" → "${now}"`;
}

function needsEscaping(text: string): boolean {
  return JSON.stringify(text) !== `"${text}"`;
}

function renderLineDiff(before: string, after: string, paint: Painter, indent: string): string[] {
  const styles = { '+': 'green', '-': 'red', ' ': 'dim' } as const;
  return listLineDiff(before, after).map(({ sign, line }) => `${indent}${paint(styles[sign], `${sign} ${line}`)}`);
}
