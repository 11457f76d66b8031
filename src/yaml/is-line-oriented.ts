/**
 * Whether every line of `text` stands alone: blank, a comment, a bare `---` or `...`, or
 * an entry (`key: value`, `key:`, `- value`, `- key: value`) whose quotes and flow
 * brackets close on the same line and whose value is no block scalar. Why: js-yaml and
 * `yaml` disagree on scalars that span lines (how far a continuation line must be
 * indented, which whitespace-only lines count), so a file with one is left to the
 * position-keeping reader. One pass over the characters, no allocation per line.
 */
export function isLineOriented(text: string): boolean {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    if (!isStandaloneLine(text, start, lineEnd)) return false;
    start = end + 1;
  }
  return true;
}

const SPACE = 0x20;
const DASH = 0x2d;

function isStandaloneLine(text: string, from: number, to: number): boolean {
  let at = from;
  while (at < to && text.charCodeAt(at) === SPACE) at++;
  if (at === to || text[at] === '#') return true;
  if (at === from && (text.startsWith('---', at) || text.startsWith('...', at))) return to - at === 3;
  let item = false;
  // `- ` sequence markers, possibly several (`- - a`)
  while (at < to && text.charCodeAt(at) === DASH && (at + 1 === to || text.charCodeAt(at + 1) === SPACE)) {
    item = true;
    at++;
    while (at < to && text.charCodeAt(at) === SPACE) at++;
  }
  if (at === to) return true;
  return scanEntry(text, at, to, item);
}

/** The rest of a line after its indentation and sequence markers. */
function scanEntry(text: string, from: number, to: number, item: boolean): boolean {
  let quote = '';
  let depth = 0;
  let keyed = false;
  let valueStart = item ? from : -1;
  for (let at = from; at < to; at++) {
    const char = text[at]!;
    if (quote === '"') {
      if (char === '\\') at++;
      else if (char === '"') quote = '';
      continue;
    }
    if (quote === "'") {
      if (char === "'" && text[at + 1] === "'") at++;
      else if (char === "'") quote = '';
      continue;
    }
    const startsToken = at === from || text[at - 1] === ' ' || (depth > 0 && '[{,'.includes(text[at - 1]!));
    if ((char === '"' || char === "'") && startsToken) quote = char;
    else if (char === '#' && at > from && text[at - 1] === ' ') break;
    else if ((char === '[' || char === '{') && startsToken) depth++;
    else if ((char === ']' || char === '}') && depth > 0) depth--;
    else if (char === ':' && depth === 0 && !keyed && (at + 1 === to || text[at + 1] === ' ')) {
      keyed = true;
      valueStart = at + 1;
      while (valueStart < to && text[valueStart] === ' ') valueStart++;
    }
  }
  if (quote !== '' || depth !== 0 || (!keyed && !item)) return false;
  const first = text[valueStart];
  return first !== '|' && first !== '>';
}
