import { describe, expect, it } from '@jest/globals';
import { MAX_DOCUMENT_BYTES } from '../../src/yaml/index.js';
import { parseDesiredDocument } from '../../src/desired/parse-desired-document.js';
import { catchAppError, describeError, KEY_HEAD, parseErrors, parseText } from './helpers.js';

describe('parseDesiredDocument: unreadable YAML is located and explained', () => {
  it('reports malformed YAML as invalid_yaml at the offending position', () => {
    const { code, lines } = parseErrors('version: 1\nprojects:\n  a: [1, 2\n');
    expect(code).toBe('invalid_yaml');
    // the parser notices the missing `]` where the input ends; the message points at the `[`
    expect(lines[0]).toBe(
      'f.yaml:3:6: Invalid YAML: this [ is never closed; end the flow sequence with ] (lines inside it must be indented).',
    );
    expect(parseErrors('version: 1\n\tprojects: {}\n').lines[0]).toMatch(/^f\.yaml:2:1: Invalid YAML: /);
  });

  it('reports a duplicate mapping key with both places', () => {
    const { code, lines } = parseErrors(`${KEY_HEAD}      jwt:
        state: absent
      other:
        state: absent
      jwt:
        state: absent
`);
    expect(code).toBe('invalid_yaml');
    expect(lines).toEqual(['f.yaml:9:7: Duplicate key "jwt" in one mapping, first declared at f.yaml:5:7.']);
  });

  it('reports every duplicate, in flow mappings too, comparing keys as the names they become', () => {
    const { lines } = parseErrors('version: 1\nprojects:\n  \'1\': {}\n  "1": { prune: true, prune: false }\n');
    expect(lines).toEqual([
      'f.yaml:4:3: Duplicate key "1" in one mapping, first declared at f.yaml:3:3.',
      'f.yaml:4:23: Duplicate key "prune" in one mapping, first declared at f.yaml:4:10.',
    ]);
  });

  it('checks a large flat mapping for duplicates in linear time', () => {
    const projects = Array.from({ length: 30_000 }, (_, index) => `  p${index}: {}\n`).join('');
    const started = Date.now();
    const doc = parseText(`version: 1\nprojects:\n${projects}`);
    // yaml's own uniqueKeys check takes about a minute here
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(Object.keys(doc.body.projects ?? {})).toHaveLength(30_000);
  });

  it('rejects several documents in one file', () => {
    const { code, lines } = parseErrors('version: 1\n---\nversion: 1\n');
    expect(code).toBe('invalid_yaml');
    expect(lines[0]).toMatch(/^f\.yaml:2:1: Invalid YAML: .*multiple documents/);
  });

  it('refuses an alias bomb quickly, at the first alias', () => {
    const levels = ['a: &a ["TEST","TEST","TEST","TEST","TEST","TEST","TEST","TEST","TEST"]'];
    for (let i = 1; i < 12; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
    }
    const started = Date.now();
    const { code, lines } = parseErrors(`${levels.join('\n')}\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(code).toBe('invalid_yaml');
    expect(lines).toEqual([
      'f.yaml:2:8: Aliases expand to too much data (more than 100 alias uses); refused as a resource exhaustion attack.',
    ]);
  });

  it('still accepts a few ordinary aliases', () => {
    const doc = parseText(`version: 1
defaults:
  ignore: &globs ["tmp-*"]
projects:
  a: { ignore: *globs }
`);
    expect(doc.body.projects?.a?.ignore).toEqual(['tmp-*']);
  });

  it('rejects bytes that are not UTF-8, at the first bad character', () => {
    const bytes = Buffer.concat([Buffer.from('version: 1\n# caf'), Buffer.from([0xe9]), Buffer.from(' latin-1\n')]);
    const error = catchAppError(() => parseDesiredDocument({ content: bytes, file: 'latin1.yaml', baseDir: '/work' }));
    expect(error.code).toBe('invalid_yaml');
    expect(describeError(error)).toBe('latin1.yaml:2:6: The file is not valid UTF-8 text.');
  });

  it('rejects UTF-16 text', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('version: 1\n', 'utf16le')]);
    const error = catchAppError(() => parseDesiredDocument({ content: bytes, file: 'u16.yaml', baseDir: '/work' }));
    expect(describeError(error)).toBe('u16.yaml:1:1: The file is not valid UTF-8 text.');
  });

  it('rejects a file over the size limit before parsing it', () => {
    const bytes = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    const error = catchAppError(() => parseDesiredDocument({ content: bytes, file: 'big.yaml', baseDir: '/work' }));
    expect(error.code).toBe('invalid_document');
    expect(describeError(error)).toBe('big.yaml:1:1: The file is larger than 5 MiB.');
  });

  it('never quotes inline material from a YAML syntax error', () => {
    const material = 'VEVTVC1tYXRlcmlhbC1URVNULW1hdGVyaWFsLVRFU1Q';
    const error = catchAppError(() =>
      parseText(`version: 1\nprojects:\n  a:\n    keys:\n      k: { environments: { p: { content: { base64: ${material} } } } ] }\n`),
    );
    expect([error.message, ...error.details].join('\n')).not.toContain(material.slice(0, 12));
  });
});

describe('parseDesiredDocument: tags and brackets', () => {
  it('refuses an unknown tag where it is written, instead of ignoring it', () => {
    const { code, lines } = parseErrors('version: 1\nprojects: !custom\n  a: {}\n  b: { prune: !flag true }\n');
    expect(code).toBe('invalid_yaml');
    expect(lines).toEqual([
      'f.yaml:2:11: Unsupported YAML tag !custom: this file holds only mappings, lists, strings, numbers, true/false and null.',
      'f.yaml:4:15: Unsupported YAML tag !flag: this file holds only mappings, lists, strings, numbers, true/false and null.',
    ]);
  });

  it('reports binary data, sets and timestamps in one line each, not one per byte', () => {
    const binary = parseErrors(`version: 1\nprojects: !!binary |\n  ${Buffer.from('TEST ONLY '.repeat(8)).toString('base64')}\n`);
    expect(binary.lines).toEqual([
      'f.yaml:2:11: Unsupported YAML tag !!binary: this file holds only mappings, lists, strings, numbers, true/false and null.',
    ]);
    expect(parseErrors('version: 1\nprojects: !!set { a }\n').lines).toHaveLength(1);
    expect(
      parseErrors('version: 1\nprojects:\n  a:\n    keys:\n      k: { description: !!timestamp 2001-12-14, state: absent }\n').lines[0],
    ).toMatch(/^f\.yaml:5:25: Unsupported YAML tag !!timestamp:/);
  });

  it('still reads the core tags (!!str, !!int, !!bool, !!map, !!seq, and !)', () => {
    const doc = parseText('version: !!int 1\ndefaults: !!map\n  prune: !!bool true\n  ignore: !!seq [!!str tmp-*, ! old-*]\n');
    expect(doc.body.defaults).toEqual({ prune: true, ignore: ['tmp-*', 'old-*'] });
  });

  it('points at a bracket that is never closed, not at the end of the file', () => {
    const { code, lines } = parseErrors('version: 1\nprojects:\n  p:\n    keys: [a, b\n  q: {}\n');
    expect(code).toBe('invalid_yaml');
    expect(lines).toEqual([
      'f.yaml:4:11: Invalid YAML: this [ is never closed; end the flow sequence with ] (lines inside it must be indented).',
    ]);
    // one mistake, one line: the outermost bracket left open (closing it means closing the inner one)
    expect(parseErrors('version: 1\nprojects: { a: {}, b: [1\n').lines).toEqual([
      'f.yaml:2:11: Invalid YAML: this { is never closed; end the flow mapping with } (lines inside it must be indented).',
    ]);
  });

  it('points at the bracket when its closing one is indented too little to count', () => {
    const { lines } = parseErrors('version: 1\nprojects:\n  a: [1,\n2]\n');
    expect(lines[0]).toBe(
      'f.yaml:3:6: Invalid YAML: this [ is never closed; end the flow sequence with ] (lines inside it must be indented).',
    );
  });
});
