/** AppError copies: an excerpt added later keeps everything else. */
import { describe, expect, it } from '@jest/globals';
import { AppError, withExcerpt } from '../../src/common/app-error.js';

describe('withExcerpt', () => {
  it('adds the excerpt and keeps everything else of the error', () => {
    const error = new AppError({
      code: 'duplicate_declaration',
      fault: 'user',
      message: 'Key declared twice.',
      hint: 'Declare it once.',
      location: { file: 'a.yaml', line: 2, column: 3 },
      cause: new Error('underlying'),
    });
    const quoted = withExcerpt(error, ['  2 |   k:', '    |   ^']);
    expect(quoted).toBeInstanceOf(AppError);
    expect(quoted).not.toBe(error);
    expect(quoted.excerpt).toEqual(['  2 |   k:', '    |   ^']);
    expect(error.excerpt).toBeUndefined();
    expect([quoted.message, quoted.code, quoted.fault, quoted.hint, quoted.location, quoted.stack, quoted.cause?.message]).toEqual([
      error.message,
      error.code,
      error.fault,
      error.hint,
      error.location,
      error.stack,
      'underlying',
    ]);
  });
});
