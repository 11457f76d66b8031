/** Only local references into `$defs` occur in the file-format schema. */
const LOCAL_REF = /^#\/\$defs\/([^/]+)$/;

type SchemaObject = Record<string, unknown>;

/**
 * A copy of a JSON Schema with every `#/$defs/…` reference replaced by (a copy of) the
 * definition, and `$defs` dropped. Why: ajv compiles a referenced definition into a
 * separate function and appends its errors with `concat`, copying every error found so far
 * on each call, so a file with one error per key took time quadratic in the number of
 * errors (32k unknown fields: 15 s). Inlined, each error is one push. A reference with
 * sibling keywords keeps them and gets the definition through `allOf`, which adds no errors
 * of its own. The schema must not be recursive: a cycle throws.
 */
export function inlineSchemaRefs(schema: SchemaObject): SchemaObject {
  const defs = isSchemaObject(schema.$defs) ? schema.$defs : {};
  const { $defs: _defs, ...root } = schema;
  return inlineNode(root, defs, []) as SchemaObject;
}

function inlineNode(node: unknown, defs: SchemaObject, stack: readonly string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineNode(item, defs, stack));
  if (!isSchemaObject(node)) return node;
  const copy: SchemaObject = {};
  for (const [name, value] of Object.entries(node)) {
    if (name !== '$ref') copy[name] = inlineNode(value, defs, stack);
  }
  if (typeof node.$ref !== 'string') return copy;
  const target = resolveDefinition(node.$ref, defs, stack);
  if (Object.keys(copy).length === 0) return target;
  const allOf: unknown[] = Array.isArray(copy.allOf) ? (copy.allOf as unknown[]) : [];
  return { ...copy, allOf: [...allOf, target] };
}

function resolveDefinition(ref: string, defs: SchemaObject, stack: readonly string[]): unknown {
  const name = LOCAL_REF.exec(ref)?.[1];
  const definition = name === undefined ? undefined : defs[name];
  if (name === undefined || definition === undefined) throw new Error(`cannot inline schema reference ${ref}`);
  if (stack.includes(name)) throw new Error(`schema reference ${ref} is recursive and cannot be inlined`);
  return inlineNode(definition, defs, [...stack, name]);
}

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
