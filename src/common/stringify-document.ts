/**
 * A JSON document as the tool writes it: indented by two, ending in a newline. JSON.stringify
 * leaves DEL, the C1 controls and the Unicode line and paragraph separators raw; in JSON they
 * can only stand inside strings, so they are written as `\u` escapes too, and a document
 * printed to a terminal or a log cannot steer it, whatever names the Manager sent.
 */
export function stringifyDocument(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${text}\n`;
}
