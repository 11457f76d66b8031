/**
 * End to end: the review's repro. The example file with `legacy-signing` written
 * `Legacy-Signing: {state: absent, jwkDeleteAction: NULLIFY}` against the example seed,
 * whose project deletes JWKs: the entry does not name the live key (names are
 * case-sensitive), so prune would delete it, and its JWK, against what the entry says. The
 * plan warns naming both and is refused; nothing is changed.
 */
import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { parseSeed } from '../../src/sandbox/index.js';
import { openWorld, type World } from '../support/world.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const KEY_FILES = ['jwt-signing.test-key.pem', 'jwt-verification.test-key.pub.pem', 'webhook-secret.test-key.bin'];

/** The example world, with the example file's `legacy-signing` entry renamed by case. */
async function openExampleWorld(): Promise<World> {
  const example = await readFile(new URL('apinizer-keys.yaml', EXAMPLES), 'utf8');
  const renamed = example.replace(
    /^ {6}legacy-signing:\n {8}state: absent.*\n {8}jwkDeleteAction: DELETE.*$/m,
    '      Legacy-Signing: { state: absent, jwkDeleteAction: NULLIFY }',
  );
  expect(renamed).not.toBe(example);
  const seedPath = new URL('sandbox-seed.yaml', EXAMPLES).pathname;
  const files: Record<string, string | Buffer> = { 'apinizer-keys.yaml': renamed };
  for (const name of KEY_FILES) files[`keys/${name}`] = await readFile(new URL(`keys/${name}`, EXAMPLES));
  return openWorld({
    seed: parseSeed(await readFile(seedPath, 'utf8'), seedPath),
    files,
    env: { STAGING_JWT_KEY: await readFile(new URL('keys/jwt-signing-staging.test-key.pem', EXAMPLES), 'utf8') },
  });
}

describe('a file key name that differs from a live one only by case', () => {
  it('is refused with a warning naming both, and apply deletes nothing', async () => {
    const world = await openExampleWorld();
    const before = world.project('payments');
    const mark = world.mark();

    const applied = await world.cli(['apply', '--auto-approve']);
    expect(applied.code).toBe(1);
    // The plan (with its warning and refusal) is printed as progress; the error line goes to stderr.
    expect(applied.stdout).toContain(
      'File key payments/Legacy-Signing and live key payments/legacy-signing differ only in letter case; names are case-sensitive',
    );
    expect(applied.stdout).toContain(
      '✗ Refusing to delete payments/legacy-signing (not in the file, and prune is on): the file\'s entry "Legacy-Signing" at apinizer-keys.yaml:40:7 ' +
        'differs from it only in letter case and says state: absent with jwkDeleteAction: NULLIFY, which does not apply to this key, ' +
        'so the delete would use JWK delete action DELETE (from project) instead.',
    );
    expect(applied.stderr).toContain('Names are case-sensitive: write the exact name "legacy-signing" in the file.');
    expect(world.mutationsSince(mark)).toEqual([]);
    expect(world.project('payments')).toEqual(before);
    expect(world.keyNames('payments')).toContain('legacy-signing');
    expect(world.project('payments').jwks.map((jwk) => jwk.name)).toContain('legacy-signing-jwk');

    const json = await world.cli(['plan', '--format', 'json']);
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout) as {
      warnings: { kind: string; address: string; liveAddress: string }[];
      blockers: { kind: string }[];
    };
    expect(document.warnings.map((w) => [w.kind, w.address, w.liveAddress])).toEqual([
      ['case_variant', 'payments/Legacy-Signing', 'payments/legacy-signing'],
    ]);
    expect(document.blockers.map((blocker) => blocker.kind)).toEqual(['case_variant']);
  });
});
