import { describe, expect, it } from '@jest/globals';
import { readDesiredStateSchema } from '../../src/desired/desired-state-schema.js';
import { compileSchema } from '../../src/yaml/index.js';

type Node = Record<string, unknown>;
const schema = readDesiredStateSchema();

/** Every subschema with a `default` or `examples`, by JSON pointer. */
function listAnnotated(node: unknown, where: string, found: [string, Node][] = []): [string, Node][] {
  if (typeof node !== 'object' || node === null) return found;
  const record = node as Node;
  if ('default' in record || 'examples' in record) found.push([where, record]);
  for (const [name, child] of Object.entries(record))
    if (name !== 'examples' && name !== 'default') listAnnotated(child, `${where}/${name}`, found);
  return found;
}

const annotated = listAnnotated(schema, '#');

describe('defaults and examples of the desired-state schema (what editors offer)', () => {
  it('are there for the settings with a default and the values people type', () => {
    expect(annotated.map(([where]) => where)).toEqual(
      expect.arrayContaining([
        '#/properties/version',
        '#/$defs/jwkDeleteAction',
        '#/$defs/prune',
        '#/$defs/key/properties/state',
        '#/$defs/content',
        '#/$defs/content/properties/env',
      ]),
    );
  });

  it.each(annotated)('%s: each one is a value the schema itself accepts', (_where, node) => {
    const { default: fallback, examples, ...rest } = node;
    const validate = compileSchema({ $schema: schema.$schema, $defs: schema.$defs, ...rest });
    const values = [...(fallback === undefined ? [] : [fallback]), ...((examples as unknown[] | undefined) ?? [])];
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect({ value, valid: validate(value) }).toEqual({ value, valid: true });
  });
});
