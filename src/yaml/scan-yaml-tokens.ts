import { loadYaml } from './yaml-runtime.js';

/** A tag as written (`!custom`, `!!binary`) and where. */
export interface TagToken {
  readonly offset: number;
  readonly source: string;
}

/** The opening bracket of a flow collection that is never closed. */
export interface UnclosedBracket {
  readonly offset: number;
  readonly bracket: '[' | '{';
}

/** What the composed document no longer tells: where tags are written and which brackets stay open. */
export interface YamlTokenScan {
  /** In file order. */
  readonly tags: readonly TagToken[];
  /** In file order (outer before inner). */
  readonly unclosed: readonly UnclosedBracket[];
}

/**
 * Reads the concrete syntax tree of `text` for two things the composed document loses: the
 * position of each tag (a node's range starts at its value, after the tag), and the opening
 * bracket of a flow collection that has no closing one (the parser reports those where the
 * input ends). Walks with an explicit stack, so deep nesting cannot overflow the call stack.
 * Run only when needed: it parses the text a second time.
 */
export function scanYamlTokens(text: string): YamlTokenScan {
  const tags: TagToken[] = [];
  const unclosed: UnclosedBracket[] = [];
  const pending: unknown[] = [...new (loadYaml().Parser)().parse(text)];
  while (pending.length > 0) {
    const item = pending.pop();
    if (Array.isArray(item)) {
      // one push per item: spreading a list of 100k entries would exceed the argument limit
      for (const child of item as unknown[]) pending.push(child);
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const token = item as Record<string, unknown>;
    if (token.type === 'tag' && typeof token.offset === 'number' && typeof token.source === 'string') {
      tags.push({ offset: token.offset, source: token.source });
    }
    if (token.type === 'flow-collection') {
      const open = findOpeningBracket(token);
      if (open && !isClosed(token)) unclosed.push(open);
    }
    for (const value of Object.values(token)) if (typeof value === 'object' && value !== null) pending.push(value);
  }
  const byOffset = (a: { offset: number }, b: { offset: number }): number => a.offset - b.offset;
  return { tags: tags.sort(byOffset), unclosed: unclosed.sort(byOffset) };
}

function findOpeningBracket(token: Record<string, unknown>): UnclosedBracket | undefined {
  const start = token.start as { offset?: unknown; source?: unknown } | undefined;
  if (typeof start?.offset !== 'number' || (start.source !== '[' && start.source !== '{')) return undefined;
  return { offset: start.offset, bracket: start.source };
}

function isClosed(token: Record<string, unknown>): boolean {
  const end = Array.isArray(token.end) ? (token.end as { type?: unknown }[]) : [];
  return end.some((part) => part.type === 'flow-seq-end' || part.type === 'flow-map-end');
}
