/**
 * The file format's key names (`$defs/name` and `$defs/addressableName` of
 * schemas/desired-state.schema.json): not empty, no leading or trailing whitespace, no control
 * characters, not `.` or `..`. A test keeps this pattern equal to the schema's.
 */
export const NAME_PATTERN = /^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u;

/** Whether a live key name can be written as a key entry of a desired-state file. */
export function isDeclarableName(name: string): boolean {
  return NAME_PATTERN.test(name) && name !== '.' && name !== '..';
}

/**
 * An ignore glob that matches the name, for a live key {@link isDeclarableName} refuses; or
 * undefined for the empty name, which no glob can hold. The glob format has no escape, so each
 * `*` and `?` of the name is written as `?`, which matches it (and any other one character).
 * That cannot reach a key the file declares: the glob keeps the name's other characters as
 * they are, so its leading or trailing whitespace, its control character, or its being `.` or
 * `..`, and every name it matches is one the file cannot declare either.
 */
export function toIgnoreGlob(name: string): string | undefined {
  return name === '' ? undefined : name.replace(/[*?]/g, '?');
}
