import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringifyDocument } from '../../src/common/stringify-document.js';

const RAW = /[\u007f-\u009f\u2028\u2029]/;

describe('stringifyDocument', () => {
  it('writes DEL, C1 and the line separators as escapes, indented by two, with a final newline', () => {
    expect(stringifyDocument({ name: 'a\u009b31m\u2028b\u007f\\\u0085' })).toBe(
      '{\n  "name": "a\\u009b31m\\u2028b\\u007f\\\\\\u0085"\n}\n',
    );
  });

  it('parses back to the same value, with none of them raw, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const text = stringifyDocument(value);
        expect(text).not.toMatch(RAW);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
