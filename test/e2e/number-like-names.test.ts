/**
 * End to end: key names that YAML would read as numbers (`1.10`, `0x1F`). Written unquoted,
 * they would name `1.1` and `31`, and a plan would delete the real keys and create
 * impostors; validate, plan and apply refuse the file instead, located, and change nothing.
 * Quoted, as export writes them, they are the live keys.
 */
import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toBase64 } from '../support/e2e.js';
import { seedProject, seedSecret } from '../support/scenario.js';
import { inWorld } from '../support/world.js';

const MATERIAL = toBase64('TEST ONLY: number-like names material');
const seed = {
  projects: [
    seedProject(
      'p',
      ['production'],
      [seedSecret('1.10', undefined, { production: MATERIAL }), seedSecret('0x1F', undefined, { production: MATERIAL })],
    ),
  ],
};

/** Both live keys, unchanged, with their names written as `quote` makes them. */
function desired(quote: (name: string) => string): string {
  const key = `{ type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${MATERIAL}" } } } }`;
  return `version: 1\nprojects:\n  p:\n    keys:\n      ${quote('1.10')}: ${key}\n      ${quote('0x1F')}: ${key}\n`;
}

describe('key names that YAML reads as numbers', () => {
  it('unquoted: validate, plan and apply refuse the file at the first such name, and nothing is deleted', () =>
    inWorld({ seed, files: { 'apinizer-keys.yaml': desired((name) => name) } }, async (world) => {
      for (const args of [['validate'], ['plan'], ['apply', '--auto-approve']]) {
        const run = await world.cli(args);
        expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 1, stdout: '' });
        expect(run.stderr.split('\n')[0]).toBe(
          'Error: apinizer-keys.yaml:5:7: Mapping key 1.10 is read as the number 1.1, not as the name "1.10"; ' +
            "quote it to keep it as written: '1.10': … YAML reads unquoted numbers, true/false, null and ~ as values, not text; " +
            'a quoted key is kept exactly as written.',
        );
        // every such name in one run, each where it is written
        expect(run.stderr).toContain('apinizer-keys.yaml:6:7: Mapping key 0x1F is read as the integer 31');
        expect(run.stderr).not.toMatch(/^\s+at\s/m);
      }
      expect(world.mutationsSince()).toEqual([]);
      expect(world.keyNames('p')).toEqual(['0x1F', '1.10']);
    }));

  it('quoted, and as export writes them: the live keys, no changes', () =>
    inWorld({ seed, files: { 'apinizer-keys.yaml': desired((name) => `'${name}'`) } }, async (world) => {
      const plan = await world.cli(['plan', '--detailed-exitcode']);
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);

      const exported = await world.cli(['export', '--project', 'p', '-o', 'exported.yaml']);
      expect(exported.code).toBe(0);
      const text = await readFile(join(world.dir, 'exported.yaml'), 'utf8');
      expect(text).toContain('"1.10":');
      expect(text).toContain('"0x1F":');
      const validated = await world.cli(['validate', '-f', 'exported.yaml']);
      expect(validated.stderr).toBe('');
      expect(validated.code).toBe(0);
      expect(world.mutationsSince()).toEqual([]);
    }));
});
