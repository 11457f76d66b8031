import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { checkAgainstSchema, compileSchema, locateViolations, MAX_SHOWN_VIOLATIONS, readYamlDocument } from '../../src/yaml/index.js';
import { catchAppError } from '../support/catch-app-error.js';

const TEXT = 'list:\n  - name: a\n  - { name: b, tags: [x, y] }\nempty:\n';

describe('readYamlDocument', () => {
  it('gives the plain data and the SHA-256 of the bytes', () => {
    const document = readYamlDocument({ content: TEXT, file: 'f.yaml' });
    expect(document.data).toEqual({ list: [{ name: 'a' }, { name: 'b', tags: ['x', 'y'] }], empty: null });
    expect(document.sha256).toBe(createHash('sha256').update(TEXT).digest('hex'));
  });

  it('locates values and keys by path, through lists and flow collections', () => {
    const { locator } = readYamlDocument({ content: TEXT, file: 'f.yaml' });
    expect(locator.locateValue(['list', 1, 'tags', 1])).toEqual({ file: 'f.yaml', line: 3, column: 26 });
    expect(locator.locateKey(['list', 1, 'tags'])).toEqual({ file: 'f.yaml', line: 3, column: 16 });
    expect(locator.locateValue(['list', 0, 'name'])).toEqual({ file: 'f.yaml', line: 2, column: 11 });
    // a value left empty (`empty:`) is where it would be written; a path that does not exist, at its nearest ancestor
    expect(locator.locateValue(['empty'])).toEqual({ file: 'f.yaml', line: 4, column: 7 });
    expect(locator.locateKey(['empty'])).toEqual({ file: 'f.yaml', line: 4, column: 1 });
    expect(locator.locateValue(['list', 0, 'missing'])).toEqual({ file: 'f.yaml', line: 2, column: 5 });
  });

  it('reads JSON, which is YAML, with positions', () => {
    const { data, locator } = readYamlDocument({ content: '{\n  "a": [1,\n    2]\n}\n', file: 'f.json' });
    expect(data).toEqual({ a: [1, 2] });
    expect(locator.locateValue(['a', 1])).toEqual({ file: 'f.json', line: 3, column: 5 });
  });

  it('reports every duplicate key of the file in one error, located, at most 50 lines', () => {
    const text = Array.from({ length: 80 }, (_, index) => `m${index}: { k: 1, k: 2 }`).join('\n');
    const error = catchAppError(() => readYamlDocument({ content: text, file: 'f.yaml' }));
    expect(error.code).toBe('invalid_yaml');
    expect(error.location).toEqual({ file: 'f.yaml', line: 1, column: 13 });
    expect(error.message).toBe('Duplicate key "k" in one mapping, first declared at f.yaml:1:7.');
    expect(error.details).toHaveLength(MAX_SHOWN_VIOLATIONS);
    expect(error.details.at(-1)).toBe('… and 30 more errors.');
  });
});

describe('checkAgainstSchema and locateViolations', () => {
  const validate = compileSchema({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    properties: { mode: { enum: ['FAST', 'SAFE'] }, size: { type: 'integer' } },
  });

  it('finds nothing in a valid document', () => {
    expect(checkAgainstSchema(validate, { mode: 'FAST' })).toEqual([]);
  });

  it('turns schema errors into located, actionable messages in file order', () => {
    const { data, locator } = readYamlDocument({ content: 'size: big\nmod: FAST\nmode: fast\n', file: 'f.yaml' });
    const violations = locateViolations(checkAgainstSchema(validate, data), locator);
    expect(violations).toEqual([
      { location: { file: 'f.yaml', line: 1, column: 7 }, message: 'size: expected an integer, found a string.' },
      { location: { file: 'f.yaml', line: 2, column: 1 }, message: 'document: unknown field "mod"; did you mean "mode"?' },
      { location: { file: 'f.yaml', line: 3, column: 7 }, message: 'mode: expected one of FAST, SAFE, found "fast"; did you mean FAST?' },
    ]);
  });
});
