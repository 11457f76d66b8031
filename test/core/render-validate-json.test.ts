/** The `validate --format json` document: the model with a format version, valid against its schema. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { AppError } from '../../src/common/app-error.js';
import { renderValidateJson, toInvalidDocument, toValidDocument } from '../../src/core/render/render-validate-json.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/validate-result.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true }).compile(schema);

function expectSchemaValid(document: unknown): void {
  const ok = validate(document);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('validate --format json document', () => {
  it('says what a valid input holds', () => {
    const document = toValidDocument({ files: ['a.yaml', 'b.yaml'], projects: 2, keys: 5 });
    expect(document).toEqual({ formatVersion: 1, valid: true, files: ['a.yaml', 'b.yaml'], projects: 2, keys: 5 });
    expectSchemaValid(document);
  });

  it('lists every problem an error reports, each located, with the error code', () => {
    const error = new AppError({
      code: 'invalid_document',
      fault: 'user',
      message: 'first',
      hint: 'See the schema.',
      location: { file: 'a.yaml', line: 3, column: 5 },
      problems: [
        { message: 'first', location: { file: 'a.yaml', line: 3, column: 5 } },
        { message: 'second', location: { file: 'a.yaml', line: 9, column: 1 } },
      ],
      moreProblems: 7,
    });
    const document = toInvalidDocument(error);
    expect(document).toEqual({
      formatVersion: 1,
      valid: false,
      errors: [
        { file: 'a.yaml', line: 3, column: 5, code: 'invalid_document', message: 'first' },
        { file: 'a.yaml', line: 9, column: 1, code: 'invalid_document', message: 'second' },
      ],
      moreErrors: 7,
      hint: 'See the schema.',
    });
    expectSchemaValid(document);
  });

  it('gives a single error of no place in a file nulls for its place', () => {
    const document = toInvalidDocument(new AppError({ code: 'usage', fault: 'user', message: 'Cannot read x.yaml: not found.' }));
    expect(document).toEqual({
      formatVersion: 1,
      valid: false,
      errors: [{ file: null, line: null, column: null, code: 'usage', message: 'Cannot read x.yaml: not found.' }],
      moreErrors: 0,
    });
    expectSchemaValid(document);
  });

  it('is refused by the schema when a valid result carries errors, or an invalid one none', () => {
    expect(validate({ formatVersion: 1, valid: true, files: [], projects: 0, keys: 0, errors: [] })).toBe(false);
    expect(validate({ formatVersion: 1, valid: false, errors: [], moreErrors: 0 })).toBe(false);
    expect(validate({ formatVersion: 2, valid: true, files: [], projects: 0, keys: 0 })).toBe(false);
  });

  it('prints as one pretty JSON document ending in a newline', () => {
    const text = renderValidateJson(toValidDocument({ files: ['a.yaml'], projects: 1, keys: 1 }));
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ formatVersion: 1, valid: true, files: ['a.yaml'], projects: 1, keys: 1 });
  });
});
