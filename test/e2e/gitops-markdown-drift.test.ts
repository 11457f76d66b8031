/** End to end: `plan --format markdown` and `--drift` through the CLI: the PR comment and the nightly job. */
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { SandboxSeed } from '../../src/sandbox/index.js';
import { toBase64 } from '../support/e2e.js';
import { desiredFile, seedKey, seedKeyJwk, seedProject, seedSecret, wantKey } from '../support/scenario.js';
import { openWorld, type World } from '../support/world.js';

const MATERIAL_TEXT = 'TEST ONLY: markdown drift material';
const MATERIAL = toBase64(MATERIAL_TEXT);

const seed: SandboxSeed = {
  projects: [
    seedProject(
      'payments',
      ['production'],
      [seedSecret('keep', undefined, { production: MATERIAL }), seedKey('old', 'PRIVATE_KEY', { production: MATERIAL })],
      [seedKeyJwk('old-jwk', 'old')],
    ),
  ],
};

const yaml = desiredFile({
  payments: {
    jwkDeleteAction: 'DELETE',
    keys: { keep: wantKey(undefined, { production: { base64: MATERIAL } }), old: { state: 'absent' } },
  },
});

let world: World;

beforeEach(async () => {
  // Every run is checked for the material in any form, not only as the base64 in the file.
  world = await openWorld({ seed, files: { 'apinizer-keys.yaml': yaml }, secrets: { 'key material': MATERIAL_TEXT } });
});

/** Applies the file, so that the plans after it start from no changes. */
async function converge(): Promise<void> {
  const applied = await world.cli(['apply', '--auto-approve']);
  expect(applied.code).toBe(0);
}

describe('plan --format markdown', () => {
  it('prints a comment body with the marker, the deletion warning and the table; exit 2 with --detailed-exitcode', async () => {
    const run = await world.cli(['plan', '--format', 'markdown', '--detailed-exitcode']);
    expect(run.code).toBe(2);
    expect(run.stdout.startsWith('<!-- apinizer-keys-plan -->')).toBe(true);
    expect(run.stdout).toContain('### apinizer-keys plan: 0 to create, 0 to update, 1 to delete');
    expect(run.stdout).toMatch(
      /> \[!WARNING\]\n> \*\*Applying this plan deletes 1 key\*\* in 1 project: payments\.\n> JWKs made from it: 1 deleted, 0 detached\./,
    );
    expect(run.stdout).toMatch(/\| payments\/old \| - delete \| DELETE \(from project\) \| 1 deleted \|/);
    expect(run.stdout).not.toContain(MATERIAL);
    expect(run.stderr).toBe('');
    expect(world.mutationsSince()).toEqual([]);
  });

  it('exits 0 with no changes, 1 on an error', async () => {
    await converge();
    const clean = await world.cli(['plan', '--format', 'markdown', '--detailed-exitcode']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('### apinizer-keys plan: no changes');
    const bad = await world.cli(['plan', '--format', 'markdown', '--detailed-exitcode'], { APINIZER_TOKEN: 'wrong-token' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: /);
  });
});

describe('plan --max-length', () => {
  it('bounds the Markdown to the length asked for, and is refused for other formats', async () => {
    const bounded = await world.cli(['plan', '--format', 'markdown', '--max-length', '2000']);
    expect(bounded.code).toBe(0);
    expect(bounded.stdout.length).toBeLessThanOrEqual(2_000);
    expect(bounded.stdout).toContain('payments/old');

    const text = await world.cli(['plan', '--max-length', '2000']);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('Error: --max-length bounds Markdown output only, and this plan is --format text. Add --format markdown');
    const small = await world.cli(['plan', '--format', 'markdown', '--max-length', '1999']);
    expect(small.code).not.toBe(0);
    expect(small.stderr).toContain('Expected a whole number from 2000 to 1000000.');
    expect(world.mutationsSince()).toEqual([]);
  });
});

describe('--drift', () => {
  it('reports a change made by hand in the Manager as drift, in text and Markdown', async () => {
    await converge();
    const none = await world.cli(['plan', '--drift', '--detailed-exitcode']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No drift. Live state matches the desired state.');

    // Someone deletes a managed key by hand.
    await world.api('DELETE', 'projects/payments/keys/keep/?jwkDeleteAction=NULLIFY');

    const text = await world.cli(['plan', '--drift', '--detailed-exitcode']);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('Drift detected: the live state differs from the file.');
    expect(text.stdout).toContain('+ key payments/keep');
    expect(text.stdout).toContain('Drift detected: 1 to create, 0 to update, 0 to delete.');

    const markdown = await world.cli(['plan', '--drift', '--format', 'markdown', '--detailed-exitcode']);
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toContain('Drift detected');
    expect(markdown.stdout).toContain('payments/keep');
  });
});
