/** Whether text output is coloured: --no-color, documents on stdout, FORCE_COLOR, NO_COLOR, the terminal, in that order. */
import { describe, expect, it } from '@jest/globals';
import { shouldUseColor } from '../../src/cli/output.js';

describe('shouldUseColor', () => {
  it.each([
    // [flags, env, isTty, expected]
    [{}, {}, true, true],
    [{}, {}, false, false],
    [{ color: false }, {}, true, false],
    [{}, { NO_COLOR: '1' }, true, false],
    [{}, { NO_COLOR: '' }, true, true],
    [{}, { FORCE_COLOR: '1' }, false, true],
    [{}, { FORCE_COLOR: '' }, false, true],
    [{}, { FORCE_COLOR: '2' }, false, true],
    [{}, { FORCE_COLOR: '3' }, false, true],
    [{}, { FORCE_COLOR: 'true' }, false, true],
    [{}, { FORCE_COLOR: '0' }, true, false],
    [{}, { FORCE_COLOR: 'false' }, true, false],
    [{}, { FORCE_COLOR: 'always' }, true, false],
    // FORCE_COLOR overrides NO_COLOR, as in Node.js itself
    [{}, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    [{}, { FORCE_COLOR: '0', NO_COLOR: '' }, true, false],
    // --no-color and a document on stdout override everything
    [{ color: false }, { FORCE_COLOR: '1' }, true, false],
    [{ machineReadable: true }, { FORCE_COLOR: '1' }, true, false],
  ])('flags %j, env %j, terminal %s: %s', (flags, env, isTty, expected) => {
    expect(shouldUseColor(flags, env, isTty)).toBe(expected);
  });
});
