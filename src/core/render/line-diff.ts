import { diffLines } from 'diff';

/** One line of a line diff: `+` added, `-` removed, ` ` kept. */
export interface DiffLine {
  readonly sign: '+' | '-' | ' ';
  readonly line: string;
}

/** The line diff of two multi-line values, one entry per line, for every renderer to style its own way. */
export function listLineDiff(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const sign = part.added ? '+' : part.removed ? '-' : ' ';
    for (const line of part.value.replace(/\n$/, '').split('\n')) lines.push({ sign, line });
  }
  return lines;
}
