import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { askForApproval, isApproval } from '../../src/cli/confirm.js';

/** Answers the prompt with `typed` (as a terminal would send it) and returns the decision. */
async function answer(typed: string): Promise<boolean> {
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const decision = askForApproval('Enter a value: ', { input, output });
  input.end(typed);
  return decision;
}

describe('the apply confirmation prompt', () => {
  it.each(['yes\n', 'yes\r\n', 'yes\r'])('approves exactly yes, whatever the line ending (%j)', async (typed) => {
    expect(await answer(typed)).toBe(true);
  });

  it.each([' yes\n', 'yes \n', '\tyes\n', 'YES\n', 'Yes\n', 'y\n', 'yes please\n', '"yes"\n', '\n', 'no\n'])(
    'refuses anything else (%j)',
    async (typed) => {
      expect(await answer(typed)).toBe(false);
    },
  );

  it.each(['', 'yes'])(
    'takes an input that ends before the line does (%j) as no answer: a refusal, not a prompt left waiting',
    async (typed) => {
      expect(await answer(typed)).toBe(false);
    },
  );

  it('isApproval drops only a trailing line ending', () => {
    expect([isApproval('yes'), isApproval('yes\r\n'), isApproval(' yes'), isApproval('yes\u00a0'), isApproval('ye\ns')]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
