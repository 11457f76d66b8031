import { describe, expect, it } from '@jest/globals';
import { parseWithoutPositions, parseWithPositions } from '../../src/desired/parse-desired-document.js';
import { catchAppError, parseErrors, parseText } from './helpers.js';

// A mapping key YAML reads as a number, boolean or null would name something else than it
// says (`1.10` names `1.1`): refused, located, on both parsing paths; quoted, it is a name.

/** A project `p` whose only key is named `name` as written (unquoted or quoted). */
function keyNamed(name: string): string {
  return `version: 1\nprojects:\n  p:\n    keys:\n      ${name}:\n        state: absent\n`;
}

const NON_STRINGS: readonly [written: string, readAs: string][] = [
  ['1.10', 'the number 1.1'],
  ['0x1F', 'the integer 31'],
  ['0o17', 'the integer 15'],
  ['1e1', 'the integer 10'],
  ['12', 'the integer 12'],
  ['-0', 'the integer 0'],
  ['.inf', 'the number infinity'],
  ['-.Inf', 'the number -infinity'],
  ['.nan', 'the number NaN'],
  ['true', 'the boolean true'],
  ['FALSE', 'the boolean false'],
  ['~', 'null (no value)'],
  ['null', 'null (no value)'],
  ['Null', 'null (no value)'],
];

describe('parseDesiredDocument: mapping keys that YAML reads as something else than a string', () => {
  it.each(NON_STRINGS)('refuses the key %s, saying what it is read as and how to quote it', (written, readAs) => {
    const { code, lines } = parseErrors(keyNamed(written));
    expect(code).toBe('invalid_yaml');
    expect(lines).toEqual([
      `f.yaml:5:7: Mapping key ${written} is read as ${readAs}, not as the name "${written}"; quote it to keep it as written: '${written}': …`,
    ]);
    const error = catchAppError(() => parseText(keyNamed(written)));
    expect(error.fault).toBe('user');
    expect(error.hint).toContain('a quoted key is kept exactly as written');
    // the fast path does not vouch for it, so it cannot accept what the other path refuses
    expect(parseWithoutPositions({ content: keyNamed(written), file: 'f.yaml', baseDir: '/work' })).toBeUndefined();
  });

  it.each(NON_STRINGS.map(([written]) => [written]))('takes %s quoted as the name written, on both paths', (written) => {
    for (const quoted of [`'${written}'`, `"${written}"`]) {
      const input = { content: keyNamed(quoted), file: 'f.yaml', baseDir: '/work' };
      expect(Object.keys(parseText(keyNamed(quoted)).body.projects?.p?.keys ?? {})).toEqual([written]);
      expect(Object.keys(parseWithPositions(input).body.projects?.p?.keys ?? {})).toEqual([written]);
    }
  });

  it('keeps plain keys that are strings as written, 2026-12-01 included (YAML 1.2 has no timestamps)', () => {
    for (const written of ['2026-12-01', '1.2.3', '0b101', '1_000', 'yes', 'off', 'Infinity', 'NaN', '0x', 'v1.10']) {
      expect(Object.keys(parseText(keyNamed(written)).body.projects?.p?.keys ?? {})).toEqual([written]);
    }
  });

  it('refuses them as project and environment names, in flow mappings and at the top, all in one error', () => {
    const text = `version: 1
projects:
  1.10:
    keys:
      k: { type: PRIVATE_KEY, environments: { 0x1F: { content: { env: K } }, prod: { content: { env: K } } } }
  ok:
    prune: true
true: 1
`;
    const { code, lines } = parseErrors(text);
    expect(code).toBe('invalid_yaml');
    expect(lines).toEqual([
      `f.yaml:3:3: Mapping key 1.10 is read as the number 1.1, not as the name "1.10"; quote it to keep it as written: '1.10': …`,
      `f.yaml:5:47: Mapping key 0x1F is read as the integer 31, not as the name "0x1F"; quote it to keep it as written: '0x1F': …`,
      `f.yaml:8:1: Mapping key true is read as the boolean true, not as the name "true"; quote it to keep it as written: 'true': …`,
    ]);
  });

  it('refuses empty, tagged, collection and alias keys that are no string, each where it is written', () => {
    expect(parseErrors('version: 1\nprojects:\n  : {}\n').lines).toEqual([
      'f.yaml:3:3: Mapping key is missing (YAML reads an empty key as null); write the name before the `:`.',
    ]);
    expect(parseErrors('version: 1\nprojects:\n  !!int "12": {}\n').lines).toEqual([
      'f.yaml:3:9: Mapping key "12" is tagged to be read as the integer 12, not a name; remove the tag.',
    ]);
    expect(parseErrors('version: 1\nprojects:\n  [p]: {}\n').lines).toEqual([
      'f.yaml:3:3: Mapping key is a list; a key must be a name: write it as a string, e.g. in quotes.',
    ]);
    expect(parseErrors('version: &n 1\nprojects:\n  *n : {}\n').lines).toEqual([
      'f.yaml:3:3: Mapping key *n stands for the integer 1, not a name; write the name itself, in quotes, instead of the alias.',
    ]);
    // an alias for a string is that string
    expect(
      Object.keys(
        parseText('version: 1\nprojects:\n  a: { keys: { k: { state: absent, description: &n q } } }\n  *n : {}\n').body.projects ?? {},
      ),
    ).toEqual(['a', 'q']);
  });
});
