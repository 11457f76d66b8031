/** The few ANSI styles the text output uses. */
export type Style = 'green' | 'yellow' | 'red' | 'bold' | 'dim' | 'cyan';

const CODES: Record<Style, [number, number]> = {
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  cyan: [36, 39],
  bold: [1, 22],
  dim: [2, 22],
};

/** Paints text; a no-op when colour is off (NO_COLOR, not a TTY, --no-color). */
export type Painter = (style: Style, text: string) => string;

/** A painter for the given colour setting. */
export function makePainter(color: boolean): Painter {
  if (!color) return (_style, text) => text;
  return (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;
}
