import { redactSecretLike } from './redact-secret-like.js';

/** What a schema type name means to a YAML author: `object` is a mapping, `array` a list. */
export function describeType(type: string): string {
  const names: Readonly<Record<string, string>> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    null: 'nothing',
  };
  return type
    .split(',')
    .map((one) => names[one] ?? one)
    .join(' or ');
}

/** The kind of a value, never the value itself: it may be key material. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    default:
      return typeof value;
  }
}

/** A short quote of a value for fields with a closed set of values (never material fields). */
export function previewValue(value: unknown): string {
  if (typeof value === 'string') {
    const safe = redactSecretLike(value);
    return JSON.stringify(safe.length > 40 ? `${safe.slice(0, 40)}…` : safe);
  }
  if (typeof value === 'number') return String(value);
  return describeValue(value);
}
