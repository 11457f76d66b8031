import { describe, expect, it } from '@jest/globals';
import { createPlanTooLargeError } from '../../src/saved-plan/read-plan-file.js';

describe('a plan over the saved-plan limit', () => {
  it('when written, is told as a plan too large to save, with --target as the way out (not "check the path")', () => {
    const error = createPlanTooLargeError('p.json', true);
    expect(error.message).toBe('The plan is too large to save to p.json: saved plans are limited to 20 MiB.');
    expect(error.hint).toContain('--target');
    expect(error.hint).not.toContain('Check the path');
  });

  it('when read, is told as a file that is too large, most likely the wrong path', () => {
    const error = createPlanTooLargeError('p.json');
    expect(error.message).toBe('Plan file p.json is larger than the limit of 20 MiB for saved plans.');
    expect(error.hint).toContain('Check the path');
  });
});
