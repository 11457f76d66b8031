/** What every secret prints as, in text, JSON and `util.inspect`. */
export const REDACTED = '(sensitive)';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A value that must never be printed, logged or serialized: an API token, a password,
 * key material. The value sits in a private field, so `JSON.stringify`, template strings,
 * `console.log` and error serializers all see {@link REDACTED}; only `reveal()` gives it out,
 * and only the code that puts it on the wire calls that.
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  /** The secret value itself. Call this only where it leaves for the Manager. */
  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return REDACTED;
  }
}
