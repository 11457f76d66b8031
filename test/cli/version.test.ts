/** `apinizer-keys version`: the tool, the runtime, and every API generation the client speaks. */
import { describe, expect, it } from '@jest/globals';
import { describeVersion } from '../../src/cli/commands/version.js';
import { API_GENERATIONS, VERSION } from '../../src/common/version.js';

describe('describeVersion', () => {
  it('names the version, Node.js and platform, and the API generations newest first', () => {
    const lines = describeVersion({ node: 'v20.20.0', platform: 'linux', arch: 'x64' });
    expect(lines[0]).toBe(`apinizer-keys ${VERSION}`);
    expect(lines[1]).toBe('Node.js v20.20.0 (linux-x64)');
    expect(lines[2]).toMatch(/^Apinizer management API generations: current \(.+\), 2026-01 \(.+\), legacy \(.+\)$/);
    expect(API_GENERATIONS).toEqual(['current', '2026-01', 'legacy']);
  });
});
