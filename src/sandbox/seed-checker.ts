/** A place in a seed document: object fields and array indexes from the root. */
export type SeedPath = readonly (string | number)[];

/** One thing wrong with a seed. */
export interface SeedProblem {
  readonly path: SeedPath;
  readonly message: string;
}

/** `projects[0].keys[1].name`; empty for the root. */
export function formatSeedPath(path: SeedPath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects every problem instead of stopping at the first, so a user fixing a seed file
 * sees them all at once.
 */
export class SeedChecker {
  readonly problems: SeedProblem[] = [];

  report(path: SeedPath, message: string): void {
    this.problems.push({ path, message });
  }

  /** The value as a record, reporting `what` when it is not one; unknown fields are reported too. */
  record(value: unknown, path: SeedPath, what: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (!isRecord(value)) {
      this.report(path, `${what} must be a mapping.`);
      return undefined;
    }
    for (const field of Object.keys(value)) {
      if (!allowed.includes(field)) {
        this.report([...path, field], `unknown field "${field}" (allowed: ${allowed.join(', ')}).`);
      }
    }
    return value;
  }

  /** The field as an array (absent = empty). */
  list(owner: Record<string, unknown>, field: string, path: SeedPath): unknown[] {
    const value = owner[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.report([...path, field], 'must be a list.');
      return [];
    }
    return value;
  }

  /** A required non-empty string field; '' when missing (already reported). */
  name(owner: Record<string, unknown>, field: string, path: SeedPath): string {
    const value = owner[field];
    if (typeof value !== 'string' || value.trim() === '') {
      this.report([...path, field], 'is required and must be a non-empty string.');
      return '';
    }
    return value;
  }

  /** An optional string field. */
  optionalString(owner: Record<string, unknown>, field: string, path: SeedPath): string | undefined {
    const value = owner[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.report([...path, field], 'must be a string.');
      return undefined;
    }
    return value;
  }

  /** An optional boolean field. */
  optionalBoolean(owner: Record<string, unknown>, field: string, path: SeedPath): boolean | undefined {
    const value = owner[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.report([...path, field], 'must be true or false.');
      return undefined;
    }
    return value;
  }

  /** Reports `name` when already in `seen` (reporting `what` duplicated), then remembers it. */
  unique(seen: Set<string>, name: string, path: SeedPath, what: string): void {
    if (name === '') return;
    if (seen.has(name)) this.report(path, `duplicate ${what} "${name}".`);
    seen.add(name);
  }
}
