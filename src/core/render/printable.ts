/**
 * Text that reaches a terminal, a CI log or a comment may hold names and messages the
 * Manager chose. A control character in them could clear the screen, set the window title,
 * move the cursor over a line already printed, or (a newline or carriage return) forge a
 * whole plan line; an invisible or bidirectional formatting character could make a name
 * read as another. Such characters are shown as escapes instead: `\n`, `\r`, `\u001b`, `\u202e`.
 */

// C0 controls but tab, DEL, C1 controls (U+009B is a one-character CSI on some terminals),
// the Unicode line and paragraph separators, and the characters that show as nothing or as a
// plain space and so can disguise a name: no-break and other spaces (U+00A0, U+2000–U+200A,
// U+202F, U+205F, U+3000), soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul
// and Khmer fillers, Mongolian selectors, zero-width space, LRM/RLM, bidi embeddings,
// overrides and isolates, word joiner, invisible operators and deprecated format characters,
// Braille blank, variation selectors, BOM, interlinear annotations, tag characters. (ZWNJ and
// ZWJ stay: scripts and emoji need them.)
const UNSAFE =
  '\u0000-\u0008\u000b-\u001f\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f' +
  '\u2000-\u200b\u200e\u200f\u2028-\u202f\u205f-\u206f\u2800\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb' +
  '\u{e0000}-\u{e007f}';
// Combining marks (the grapheme joiner, variation selectors, tags) are listed alone on
// purpose: each is matched by itself, since it is what must be escaped.
const matchUnsafe = (newline: boolean, flags: string): RegExp => new RegExp(`[${newline ? '\n' : ''}${UNSAFE}]`, flags);
const CONTROLS = matchUnsafe(true, 'gu');
// The same without the newline, for blocks of lines.
const CONTROLS_BUT_NEWLINE = matchUnsafe(false, 'gu');
// The same, to test for one (a global expression would carry lastIndex from one test to the next).
const ANY_UNSAFE = matchUnsafe(false, 'u');
// Exactly the SGR codes `makePainter` writes (see style.ts), and nothing else of ESC's.
// eslint-disable-next-line no-control-regex
const OWN_STYLES = /(\u001b\[(?:1|2|22|31|32|33|36|39)m)/;

function escapeControl(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  const code = ch.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Whether the text holds a character {@link printableText} would show as an escape. */
export function hasUnsafeCharacters(text: string): boolean {
  return ANY_UNSAFE.test(text);
}

/** One line, every control character but tab shown as an escape: it cannot become two lines. */
export function printableLine(text: string): string {
  return text.replace(CONTROLS, escapeControl);
}

/**
 * Output text for a terminal or log: newlines and tabs stay, every other control character is
 * shown as an escape, and, when colour is on, the painter's own style codes stay. A style code
 * from the Manager's text survives then too: it can colour text, not move or hide it.
 */
export function printableText(text: string, color: boolean): string {
  if (!color) return text.replace(CONTROLS_BUT_NEWLINE, escapeControl);
  return text
    .split(OWN_STYLES)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(CONTROLS_BUT_NEWLINE, escapeControl)))
    .join('');
}

/**
 * A note, warning or log line: one line, whatever it quotes (leading newlines, which set a
 * note apart from the progress before it, stay).
 */
export function printableNote(text: string, color: boolean): string {
  const body = text.replace(/^\n+/, '');
  return `${text.slice(0, text.length - body.length)}${printableLines([body], color).join('')}`;
}

/** Lines for a terminal or log, each kept one line: {@link printableLine}, keeping the painter's style codes when colour is on. */
export function printableLines(lines: readonly string[], color: boolean): string[] {
  if (!color) return lines.map(printableLine);
  return lines.map((line) =>
    line
      .split(OWN_STYLES)
      .map((part, index) => (index % 2 === 1 ? part : printableLine(part)))
      .join(''),
  );
}
