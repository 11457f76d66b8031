import { badRequest } from './http-error.js';

/**
 * An optional enum query parameter, matched case-sensitively as the Manager's enums are.
 * @throws 400 `bad_request` for a value outside `allowed`.
 */
export function readEnum<T extends string>(query: Readonly<Record<string, string>>, name: string, allowed: readonly T[]): T | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(`Invalid value for ${name}: (${value}). Allowed values: ${allowed.join(', ')}.`);
  }
  return value as T;
}
