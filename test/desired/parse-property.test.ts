import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { AppError } from '../../src/common/app-error.js';
import { parseDesiredDocument } from '../../src/desired/parse-desired-document.js';

const FILE = 'prop.yaml';

/** Parsing either succeeds or throws a located AppError; anything else fails the property. */
function expectDocumentOrLocatedError(content: string | Uint8Array): void {
  try {
    const doc = parseDesiredDocument({ content, file: FILE, baseDir: '/work' });
    expect(doc.body.version).toBe(1);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(['invalid_yaml', 'invalid_document']).toContain(appError.code);
    expect(appError.fault).toBe('user');
    expect(appError.location?.file).toBe(FILE);
    expect(appError.location?.line).toBeGreaterThanOrEqual(1);
    expect(appError.location?.column).toBeGreaterThanOrEqual(1);
    expect(appError.message.length).toBeGreaterThan(0);
  }
}

const words = fc.constantFrom(
  'version',
  'defaults',
  'projects',
  'keys',
  'type',
  'state',
  'environments',
  'content',
  'file',
  'env',
  'base64',
  'alias',
  'description',
  'protect',
  'prune',
  'ignore',
  'maxDeletions',
  'allowEmpty',
  'jwkDeleteAction',
  'SECRET_KEY',
  'PRIVATE_KEY',
  'absent',
  'present',
  'NULLIFY',
  'DELETE',
  ' x',
  '',
  'a\u0000b',
  '__proto__',
  '1',
);
const scalar = fc.oneof(words, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
/** Values shaped like desired-state documents, so the schema's deeper paths get exercised. */
const nearDocument = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), fc.array(tie('value'), { maxLength: 3 })),
  map: fc.dictionary(fc.oneof(words, fc.string()), tie('value'), { maxKeys: 5 }),
})).map;

describe('parseDesiredDocument: properties', () => {
  it('handles any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), expectDocumentOrLocatedError), { numRuns: 100 });
  });

  it('handles any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), expectDocumentOrLocatedError), { numRuns: 200 });
  });

  it('handles any YAML-ish text built from YAML punctuation', () => {
    const piece = fc.constantFrom(
      'version: 1\n',
      'projects:',
      '\n  ',
      '  ',
      '- ',
      ': ',
      '{',
      '}',
      '[',
      ']',
      ',',
      '&a ',
      '*a',
      '!!str ',
      '"',
      "'",
      '#',
      '? ',
      '|',
      '>',
      '---\n',
      'p',
      'keys',
      '\t',
      '%YAML 1.2\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => expectDocumentOrLocatedError(pieces.join(''))),
      { numRuns: 250 },
    );
  });

  it('handles arbitrary JSON-ish values serialized to YAML', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => expectDocumentOrLocatedError(stringify(value))),
      { numRuns: 150 },
    );
  });

  it('handles near-documents serialized to YAML', () => {
    fc.assert(
      fc.property(nearDocument, fc.boolean(), (body, flow) => {
        const document = { version: 1, ...body };
        expectDocumentOrLocatedError(stringify(document, { collectionStyle: flow ? 'flow' : 'block' }));
      }),
      { numRuns: 250 },
    );
  });
});

const FIXTURE = readFileSync(fileURLToPath(new URL('./fixtures/full/apinizer-keys.yaml', import.meta.url)), 'utf8');
const INLINE = 'VEVTVC1TRUNSRVQtbm90LWEtcmVhbC1rZXk=';

/** True when any 8-character window of the fixture's inline material appears in an error's text. */
function leaksInline(error: unknown): boolean {
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  const printed = [appError.message, appError.hint ?? '', ...appError.details].join('\n');
  for (let start = 0; start + 8 <= INLINE.length; start++) {
    if (printed.includes(INLINE.slice(start, start + 8))) return true;
  }
  return false;
}

const BREAKAGE = [
  '[',
  ']',
  '}',
  '{ ',
  ' x: 1',
  '\t',
  ':',
  ': ',
  '"',
  "'",
  '!!int ',
  '!!binary ',
  '&a',
  '*b',
  '- ',
  '? ',
  ',',
  '#',
  'zz',
  'base64: ',
];

describe('parseDesiredDocument: material stays out of messages', () => {
  it("never echoes the fixture's inline base64 when any line of the key that holds it is broken at any column", () => {
    const lines = FIXTURE.split('\n');
    const materialLine = lines.findIndex((line) => line.includes(INLINE));
    // The key's block: from its name (the last line above at its indentation) to the next key.
    const keyLine = lines.findLastIndex((line, index) => index < materialLine && /^ {6}\S/.test(line));
    expect(keyLine).toBeGreaterThan(2);
    expect(lines[materialLine + 1]).toMatch(/^ {6}\S/);
    const leaks: string[] = [];
    // every insertion at every column of every line of that block, and of the line after it
    for (let index = keyLine; index <= materialLine + 1; index++) {
      const line = lines[index] ?? '';
      for (let column = 0; column <= line.length; column++) {
        for (const insert of BREAKAGE) {
          const broken = [...lines];
          broken[index] = line.slice(0, column) + insert + line.slice(column);
          try {
            parseDesiredDocument({ content: broken.join('\n'), file: FILE, baseDir: '/work' });
          } catch (error) {
            if (leaksInline(error)) leaks.push(`line ${index + 1} column ${column + 1}: ${JSON.stringify(insert)}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("never echoes the fixture's inline base64, whatever line is broken", () => {
    const lines = FIXTURE.split('\n');
    fc.assert(
      fc.property(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 80 }), fc.constantFrom(...BREAKAGE), (lineIndex, column, insert) => {
        const broken = [...lines];
        const line = broken[lineIndex] ?? '';
        broken[lineIndex] = line.slice(0, column) + insert + line.slice(column);
        try {
          parseDesiredDocument({ content: broken.join('\n'), file: FILE, baseDir: '/work' });
        } catch (error) {
          expect(leaksInline(error)).toBe(false);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('never echoes random inline material that fails validation', () => {
    const material = fc.uint8Array({ minLength: 12, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64'));
    const damage = fc.constantFrom('!', ' ', '-', '\\n', '%');
    fc.assert(
      fc.property(material, damage, fc.nat(), (base64, bad, at) => {
        const position = at % base64.length;
        const value = base64.slice(0, position) + bad + base64.slice(position);
        const text = `version: 1\nprojects:\n  p:\n    keys:\n      k:\n        type: SECRET_KEY\n        algorithm: AES\n        environments:\n          e: { content: { base64: "${value}" } }\n`;
        try {
          parseDesiredDocument({ content: text, file: FILE, baseDir: '/work' });
          throw new Error('damaged base64 was accepted');
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          const appError = error as AppError;
          const printed = [appError.message, ...appError.details].join('\n');
          expect(printed).not.toContain(base64.slice(0, 8));
        }
      }),
      { numRuns: 150 },
    );
  });
});
