/**
 * Shell-style glob match for key names: `*` matches any run of characters, `?` one
 * character, everything else itself. Names hold no path separators, so no `**`.
 */
export function matchGlob(pattern: string, name: string): boolean {
  return compileGlob(pattern).test(name);
}

const cache = new Map<string, RegExp>();

function compileGlob(pattern: string): RegExp {
  let compiled = cache.get(pattern);
  if (!compiled) {
    const body = Array.from(pattern, (ch) => {
      if (ch === '*') return '.*';
      if (ch === '?') return '.';
      return ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    }).join('');
    compiled = new RegExp(`^${body}$`, 'su');
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** The first pattern that matches the name, if any. */
export function findMatchingGlob(patterns: readonly string[], name: string): string | undefined {
  // A loop, not find(): called once per key, and a closure per call adds up at 100,000 keys.
  for (const pattern of patterns) if (matchGlob(pattern, name)) return pattern;
  return undefined;
}
