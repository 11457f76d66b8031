/** Reads a JSON Schema's parts for tests that check it against the TypeScript types. */

/** A JSON Schema node, read loosely. */
export type Schema = Record<string, unknown>;

/** Lookups into one schema document and its local `$defs`. */
export interface SchemaWalk {
  readonly defs: Record<string, Schema>;
  /** Follows a local `$ref` one step; returns the node itself otherwise. */
  readonly deref: (node: Schema) => Schema;
  /** The sorted property names of a node (after one `$ref` step); none for a missing node. */
  readonly fieldsOf: (node: Schema | undefined) => string[];
}

export function walkSchema(schema: Schema): SchemaWalk {
  const defs = (schema.$defs ?? {}) as Record<string, Schema>;
  const deref = (node: Schema): Schema => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    const target = defs[ref.replace('#/$defs/', '')];
    if (!target) throw new Error(`dangling $ref ${ref}`);
    return target;
  };
  const fieldsOf = (node: Schema | undefined): string[] => (node ? Object.keys(deref(node).properties ?? {}).sort() : []);
  return { defs, deref, fieldsOf };
}

/** The sorted names of a `{ field: true }` list. */
export function sortedNames(record: Record<string, true>): string[] {
  return Object.keys(record).sort();
}
