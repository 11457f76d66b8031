/** A plain object (not an array, not null): a JSON object in a request body, fault settings or the like. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
