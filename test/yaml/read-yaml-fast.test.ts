import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AppError } from '../../src/common/app-error.js';
import { readPlainYamlFast, readYamlDocument } from '../../src/yaml/index.js';

/** The fast reader vouches for `text` only where the position-keeping reader reads the same data. */
function expectNoDisagreement(text: string): boolean {
  const fast = readPlainYamlFast(text);
  if (!fast) return false;
  let slow: unknown;
  try {
    slow = readYamlDocument({ content: text, file: 'f.yaml' }).data;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    throw new Error(`the fast reader accepted what the slow one refuses: ${JSON.stringify(text)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  expect(fast.data).toStrictEqual(slow);
  return true;
}

const PIECES = [
  ...['a', 'b', 'k', '1', '0o7', '017', '0x1F', '1e3', '.5', '-.inf', '.NaN', '~', 'null', 'NULL', 'true', 'False', 'yes', 'on', 'off'],
  ...['1_000', '0b11', '2001-12-14', '12:30', '<<', '=', '__proto__', 'é', '😀', '\\', '\\n', '\\x41', '\\u00e9', '\\U0001F600', '\\_'],
  ...[': ', ':', ' ', '  ', '\n', '\n  ', '\n    ', '\r\n', '- ', '-', '[', ']', '{', '}', ', ', ',', '"', "'", '#', ' #c', '? '],
  ...['x:y', '"a\\\n b"', "'a\n\n b'", ' \n', '\n\n', '-1', '+', '.', '0.', '00', '1.5e+3', '"\\t"', '\\"', '\u00a0'],
  ...['|', '|-', '|+', '>', '>-', '|2', '\n  x\n', '---', '...', '---\n', '%YAML 1.2\n', '&a ', '*a', '!!str ', '!x ', '\t', '@', '`'],
];

describe('readPlainYamlFast', () => {
  it('reads plain YAML as the position-keeping reader does, YAML 1.2 core schema scalars included', () => {
    const text = 'a: 1\nb: 0o17\nc: 017\nd: 0x1F\ne: 1e3\nf: .5\ng: -.inf\nh: ~\ni: yes\nj: on\nk: 1_000\nl: 2001-12-14\nm: "1"\nn:\n';
    expect(expectNoDisagreement(text)).toBe(true);
    expect(readPlainYamlFast(text)?.data).toMatchObject({ a: 1, b: 15, c: 17, d: 31, e: 1000, h: null, i: 'yes', j: 'on', k: '1_000' });
  });

  it.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a collection key', '[a]: 1\n'],
    ['a null key', '~: 1\n'],
    ['a number key, which js-yaml spells by value', '1.10: 1\n'],
    ['a hexadecimal key', 'a: { 0x1F: 1 }\n'],
    ['an infinity key', '.inf: 1\n'],
    ['a boolean key', 'True: 1\n'],
    ['a quoted key that reads as a number unquoted', "'12': 1\n"],
    ['a tab', 'a:\t1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
  ])('leaves %s to the position-keeping reader', (_what, text) => {
    expect(readPlainYamlFast(text)).toBeUndefined();
  });

  it('never vouches for text the position-keeping reader reads differently or refuses', () => {
    let vouched = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        if (expectNoDisagreement(pieces.join(''))) vouched += 1;
      }),
      { numRuns: 5000 },
    );
    expect(vouched).toBeGreaterThan(100);
  });
});
