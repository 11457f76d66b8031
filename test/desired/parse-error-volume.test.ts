import { describe, expect, it } from '@jest/globals';
import { catchAppError, parseText } from './helpers.js';

/** A file with one schema error per key (no type, no environments). */
function manyBrokenKeys(count: number): string {
  const keys = Array.from({ length: count }, (_, index) => `      k${index}: {}\n`).join('');
  return `version: 1\nprojects:\n  p:\n    keys:\n${keys}`;
}

describe('parseDesiredDocument: files with very many errors', () => {
  it('reports tens of thousands of schema errors in linear time', () => {
    const started = Date.now();
    const error = catchAppError(() => parseText(manyBrokenKeys(30_000)));
    // ajv's per-reference `concat` of errors made this quadratic: about 40 s for 30k errors
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.code).toBe('invalid_document');
  });

  it('prints the first 50 errors in file order and counts the rest', () => {
    const error = catchAppError(() => parseText(manyBrokenKeys(32_000)));
    expect(error.location).toEqual({ file: 'f.yaml', line: 5, column: 7 });
    expect(error.message).toBe('projects.p.keys.k0: missing required fields "type" and "environments".');
    expect(error.details).toHaveLength(50);
    expect(error.details[48]).toBe('f.yaml:54:7: projects.p.keys.k49: missing required fields "type" and "environments".');
    expect(error.details[49]).toBe('… and 31,950 more errors.');
  });

  it('counts the rest of YAML syntax errors the same way', () => {
    const lines = Array.from({ length: 120 }, (_, index) => `\tk${index}: 1\n`).join('');
    const error = catchAppError(() => parseText(`version: 1\nprojects:\n${lines}`));
    expect(error.code).toBe('invalid_yaml');
    expect(error.details).toHaveLength(50);
    expect(error.details.at(-1)).toMatch(/^… and \d+ more errors\.$/);
  });

  it('adds no count when everything fits', () => {
    const error = catchAppError(() => parseText(manyBrokenKeys(50)));
    expect(error.details).toHaveLength(49);
    expect(error.details.join('\n')).not.toContain('more error');
  });
});
