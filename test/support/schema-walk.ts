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

/** Where a schema falls short of the rules for our schemas; both lists are empty for a good one. */
export interface SchemaGaps {
  /** Properties whose node (after one `$ref` step) lacks a `title` or a `description`. */
  readonly undescribed: string[];
  /** Object nodes that do not say whether unknown fields are allowed (`additionalProperties`). */
  readonly open: string[];
}

/**
 * Walks every node of a schema for {@link SchemaGaps}, as JSON-pointer-like paths from `#`.
 * Conditions (`if`/`then`/`else`) only narrow properties declared elsewhere, so their
 * properties need no description; `not: { type: [...] }` says what a value must not be and
 * declares no mapping, so it needs no `additionalProperties`.
 */
export function findSchemaGaps(schema: Schema): SchemaGaps {
  const { deref } = walkSchema(schema);
  const undescribed: string[] = [];
  const open: string[] = [];
  const visit = (node: unknown, where: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Schema;
    const types: unknown[] = Array.isArray(record.type) ? record.type : [record.type];
    if (types.includes('object') && record.additionalProperties === undefined && !where.endsWith('/not')) open.push(where);
    if (typeof record.properties === 'object' && record.properties !== null && !/\/(if|then|else)\b/.test(where)) {
      for (const [name, property] of Object.entries(record.properties as Record<string, Schema>)) {
        const target = deref(property);
        if (typeof target.title !== 'string' || typeof target.description !== 'string') undescribed.push(`${where}/${name}`);
      }
    }
    for (const [name, child] of Object.entries(record)) visit(child, `${where}/${name}`);
  };
  visit(schema, '#');
  return { undescribed, open };
}

/** The sorted names of a `{ field: true }` list. */
export function sortedNames(record: Record<string, true>): string[] {
  return Object.keys(record).sort();
}
