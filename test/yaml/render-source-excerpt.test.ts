/** The source line under an error, with a caret, never showing what may be key material. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MASKED_LINE, renderSourceExcerpt } from '../../src/yaml/render-source-excerpt.js';

const at = (line: number, column: number) => ({ line, column });

describe('renderSourceExcerpt', () => {
  it('quotes the line with a caret under the column', () => {
    const text = 'version: 1\nprojects:\n  payments:\n    keys:\n      k:\n        descriptin: hello\n';
    expect(renderSourceExcerpt(text, at(6, 9))).toEqual(['  6 |         descriptin: hello', '    |         ^']);
  });

  it('widens the gutter with the line number', () => {
    const text = `${'# x\n'.repeat(120)}  bad: [\n`;
    expect(renderSourceExcerpt(text, at(121, 8))).toEqual(['  121 |   bad: [', '      |        ^']);
  });

  it('puts the caret after the end of the line for a column past it, and gives nothing for a line the text lacks', () => {
    expect(renderSourceExcerpt('key: [', at(1, 7))).toEqual(['  1 | key: [', '    |       ^']);
    expect(renderSourceExcerpt('key: 1', at(5, 1))).toEqual([]);
  });

  it('shows control characters and tabs as one character each, so the caret stays aligned', () => {
    const [line, caret] = renderSourceExcerpt('a:\t\u001b[31mx: y', at(1, 10));
    expect(line).toBe('  1 | a: ?[31mx: y');
    expect(caret).toBe('    |          ^');
    expect(line).not.toContain('\u001b');
  });

  it('cuts a long line around the column', () => {
    const text = `description: ${'word '.repeat(100)}oops: here ${'more '.repeat(60)}`;
    const column = text.indexOf('oops') + 1;
    const [line, caret] = renderSourceExcerpt(text, at(1, column));
    expect(line!.length).toBeLessThan(140);
    expect(line).toMatch(/^ {2}1 \| …word/);
    expect(line!.endsWith('…')).toBe(true);
    expect(line![caret!.indexOf('^')]).toBe('o');
    expect(line!.slice(caret!.indexOf('^'), caret!.indexOf('^') + 4)).toBe('oops');
  });

  it.each([
    ['inline base64 material', 'production: { content: { base64: "c2VjcmV0" } }', 1],
    ['a misspelt base64 field', '          staging: { content: { bse64: "c2VjcmV0" } }', 1],
    ['a seed key environment', "  - { name: production, content: 'c2VjcmV0' }", 1],
    ['a seed token', '  - token: short-token', 1],
    ['a seed password', '    password: hunter2', 1],
    ['a misspelt content key in a seed', "  - { name: production, contnt: 'aGk=' }", 1],
    ['a misspelt password', '    pasword: hunter2', 1],
    ['an inline environments mapping', '      k: { type: SECRET_KEY, environments: { production: { content: { env: X } } } }', 1],
    ['a long base64-like run anywhere', 'description: dGhpcyBpcyBhIHNlY3JldCBrZXkgbWF0ZXJpYWw', 1],
  ])('masks a line with %s', (_label, text, line) => {
    expect(renderSourceExcerpt(text, at(line, 3))).toEqual([`  ${line} | ${MASKED_LINE}`]);
  });

  it("masks every line of a key's environments, however misspelt, but not its other fields", () => {
    const text = [
      'keys:',
      '  k:',
      '    type: SECRET_KEY',
      '    descriptin: x',
      '    envirnments:',
      '      production:',
      '        alias: a',
    ].join('\n');
    expect(renderSourceExcerpt(text, at(4, 5))).toEqual(['  4 |     descriptin: x', '    |     ^']);
    for (const line of [5, 6, 7]) expect(renderSourceExcerpt(text, at(line, 1))).toEqual([`  ${line} | ${MASKED_LINE}`]);
  });

  it('masks the lines of a block under content, base64 or tokens', () => {
    const text = [
      'k:',
      '  production:',
      '    content:',
      '      bse64: c2VjcmV0',
      '  staging:',
      '    content:',
      '      base64: |',
      '        c2VjcmV0',
      '        Zm9vYmFy',
      'tokens:',
      '  - abc',
    ].join('\n');
    for (const line of [3, 4, 6, 7, 8, 9, 10, 11]) expect(renderSourceExcerpt(text, at(line, 1))).toEqual([`  ${line} | ${MASKED_LINE}`]);
    expect(renderSourceExcerpt(text, at(2, 3))[0]).toBe('  2 |   production:');
    expect(renderSourceExcerpt(text, at(5, 3))[0]).toBe('  5 |   staging:');
  });

  it('shows a content that only names a file or a variable', () => {
    expect(renderSourceExcerpt('    content: { file: keys/prod.pem }', at(1, 5))[0]).toBe('  1 |     content: { file: keys/prod.pem }');
    expect(renderSourceExcerpt('content: { env: STAGING_KEY }   # from CI', at(1, 1))[0]).toBe(
      '  1 | content: { env: STAGING_KEY }   # from CI',
    );
  });

  it('never shows material written as base64, on its line or in a block under it', () => {
    fc.assert(
      fc.property(
        fc.base64String({ minLength: 4, maxLength: 200 }).filter((text) => text.length >= 4),
        fc.constantFrom('inline', 'block', 'seed'),
        fc.nat({ max: 12 }),
        (material, form, column) => {
          const text =
            form === 'inline'
              ? `keys:\n  k:\n    environments:\n      production: { content: { base64: "${material}" } }\n`
              : form === 'block'
                ? `keys:\n  k:\n    environments:\n      production:\n        content:\n          base64: >-\n            ${material}\n`
                : `projects:\n  - name: p\n    keys:\n      - name: k\n        environments:\n          - name: production\n            content: ${material}\n`;
          // Material that is also a word of the document ("name" is base64 too) is not a leak when shown.
          fc.pre(!text.replace(material, '').includes(material));
          const lines = text.split('\n').length;
          for (let line = 1; line <= lines; line += 1) {
            const shown = renderSourceExcerpt(text, at(line, column + 1)).join('\n');
            expect(shown).not.toContain(material);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
