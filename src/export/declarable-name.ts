/**
 * The file format's key names, as the planner reads them (core/plan/find-unaddressable-names,
 * held equal to `$defs/name` and `$defs/addressableName` of schemas/desired-state.schema.json
 * by a test): export and plan must agree on which live keys a file can hold.
 */
export { isDeclarableName } from '../core/plan/find-unaddressable-names.js';

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
