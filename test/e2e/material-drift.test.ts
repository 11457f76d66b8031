/**
 * End to end: comparing live key material through Export Key File (`--compare-material`,
 * `compareMaterial`). After an apply there is no drift; material replaced by hand in the
 * Manager is drift naming the key and environment, and the next apply restores it; a token
 * without EXPORT_IMPORT is refused, or (a setting) skipped with a warning. No run prints, and
 * no file holds, any material: the file's or the live one.
 */
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { SandboxSeed } from '../../src/sandbox/index.js';
import { toBase64 } from '../support/e2e.js';
import { makeTestKeyPair } from '../support/test-keys.js';
import { openWorld, type World } from '../support/world.js';

const PROD = makeTestKeyPair('material-drift-production');
const STAGING = makeTestKeyPair('material-drift-staging');
const BY_HAND = makeTestKeyPair('material-drift-replaced-by-hand');
const HMAC_TEXT = 'TEST ONLY: material drift hmac bytes 51c2';
const HMAC_BY_HAND = 'TEST ONLY: hmac replaced by hand 9a7e';

const NO_EXPORT_TOKEN = 'tok-no-export-import-4e1f9a';

const seed: SandboxSeed = {
  projects: [{ name: 'payments', environments: [{ name: 'production' }, { name: 'staging' }] }],
  tokens: [{ token: NO_EXPORT_TOKEN, projects: { payments: ['READ', 'MANAGE', 'DEPLOY_UNDEPLOY'] } }],
};

function desiredYaml(options: { description?: string; defaults?: string } = {}): string {
  return `version: 1
${options.defaults ?? ''}projects:
  payments:
    keys:
      signing:
        type: PRIVATE_KEY
        description: ${JSON.stringify(options.description ?? 'Signs tokens')}
        environments:
          production: { content: { file: keys/prod.pem } }
          staging: { content: { env: STAGING_SIGNING_KEY } }
      hmac:
        type: SECRET_KEY
        algorithm: AES
        environments:
          production: { content: { base64: "${toBase64(HMAC_TEXT)}" } }
`;
}

const secrets = {
  'production private key': PROD.privatePem,
  'staging private key': STAGING.privatePem,
  'hmac secret': HMAC_TEXT,
  'private key put in by hand': BY_HAND.privatePem,
  'hmac put in by hand': HMAC_BY_HAND,
};

async function openMaterialWorld(yaml = desiredYaml(), api?: 'current' | '2026-01'): Promise<World> {
  const world = await openWorld({
    seed,
    ...(api === undefined ? {} : { api }),
    files: { 'apinizer-keys.yaml': yaml, 'keys/prod.pem': PROD.privatePem, 'out/.keep': '' },
    env: { STAGING_SIGNING_KEY: STAGING.privatePem },
    secrets,
    // Every run with --debug and -v: nothing of the material in requests, retries or notices either.
    flags: ['--debug', '-v'],
  });
  const applied = await world.cli(['apply', '--auto-approve']);
  expect(applied.code).toBe(0);
  return world;
}

function exportsSince(world: World, mark: number): string[] {
  return world.sandbox
    .requests()
    .slice(mark)
    .filter((request) => request.path.endsWith('/export-file/'))
    .map((request) => request.path);
}

describe('plan --compare-material', () => {
  it('after an apply, exits 0 with --detailed-exitcode, reading each key once through the ZIP form', async () => {
    const world = await openMaterialWorld();
    const mark = world.mark();
    const run = await world.cli(['plan', '--compare-material', '--detailed-exitcode']);
    expect(run.stdout).toContain('No changes.');
    expect(run.code).toBe(0);
    expect(exportsSince(world, mark).sort()).toEqual([
      '/apiops/projects/payments/keys/hmac/export-file/',
      '/apiops/projects/payments/keys/signing/export-file/',
    ]);
    // The ZIP form: no environmentName.
    expect(
      world.sandbox
        .requests()
        .slice(mark)
        .filter((request) => request.query['environmentName'] !== undefined),
    ).toEqual([]);
  });

  it('material replaced by hand is drift naming the key and environment; the next apply restores it and reads back', async () => {
    const world = await openMaterialWorld();
    world.sandbox.replaceMaterial('payments', 'signing', 'production', toBase64(BY_HAND.privatePem));
    // Without comparison the Manager looks unchanged: material is write-only in key lists.
    expect((await world.cli(['plan', '--detailed-exitcode'])).code).toBe(0);

    const drift = await world.cli(['plan', '--drift', '--compare-material', '--detailed-exitcode']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('# payments/signing will be updated in place (material differs in production)');
    expect(drift.stdout).toContain('~ environments.production.content: (sensitive) (will be re-sent)');
    expect(drift.stdout).not.toContain('environments.staging.content');
    expect(drift.stdout).not.toContain('payments/hmac will be');
    expect(drift.stdout).toContain('Drift detected: 0 to create, 1 to update, 0 to delete.');

    // JSON, Markdown and a saved plan carry verdicts, never material (the world checks stdout and stderr).
    const json = await world.cli(['plan', '--compare-material', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).entries).toContainEqual(
      expect.objectContaining({ address: 'payments/signing', action: 'update', reason: 'material differs in production' }),
    );
    expect((await world.cli(['plan', '--compare-material', '--format', 'markdown'])).code).toBe(0);
    expect((await world.cli(['plan', '--compare-material', '--out', 'out/plan.json'])).code).toBe(0);
    expect(await world.checkWrittenFiles(join(world.dir, 'out'))).toEqual(['plan.json']);

    const applied = await world.cli(['apply', 'out/plan.json']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Read back: 1 of 1 changes confirmed in 1 project.');
    expect(world.storedText('payments', 'signing', 'production')).toBe(PROD.privatePem);
    expect((await world.cli(['plan', '--compare-material', '--detailed-exitcode'])).code).toBe(0);
  });

  it('apply --compare-material restores a replaced SECRET_KEY, and compares it as bytes', async () => {
    const world = await openMaterialWorld();
    world.sandbox.replaceMaterial('payments', 'hmac', 'production', toBase64(HMAC_BY_HAND));
    const applied = await world.cli(['apply', '--auto-approve', '--compare-material']);
    expect(applied.stdout).toContain('# payments/hmac will be updated in place (material differs in production)');
    expect(applied.code).toBe(0);
    expect(world.storedText('payments', 'hmac', 'production')).toBe(HMAC_TEXT);
    expect((await world.cli(['plan', '--compare-material', '--detailed-exitcode'])).code).toBe(0);
  });

  it('the same key in another encoding (PKCS#1, CRLF line endings) is no drift', async () => {
    const world = await openMaterialWorld();
    const pkcs1 = createPrivateKey(PROD.privatePem).export({ format: 'pem', type: 'pkcs1' }).toString().replace(/\n/g, '\r\n');
    world.sandbox.replaceMaterial('payments', 'signing', 'production', toBase64(pkcs1));
    const run = await world.cli(['plan', '--compare-material', '--detailed-exitcode']);
    expect(run.stdout).toContain('No changes.');
    expect(run.code).toBe(0);
  });

  it('an environment with no material is an update that re-sends it', async () => {
    const world = await openMaterialWorld();
    world.sandbox.replaceMaterial('payments', 'signing', 'staging', null);
    const run = await world.cli(['plan', '--compare-material', '--detailed-exitcode']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('# payments/signing will be updated in place (no material in staging)');
    expect((await world.cli(['apply', '--auto-approve', '--compare-material'])).code).toBe(0);
    expect(world.storedText('payments', 'signing', 'staging')).toBe(STAGING.privatePem);
  });

  it('an update of other fields does not re-send material that matches', async () => {
    const world = await openMaterialWorld();
    const changed = await world.workdir({
      'apinizer-keys.yaml': desiredYaml({ description: 'Signs access tokens' }),
      'keys/prod.pem': PROD.privatePem,
    });
    const run = await world.cli(['plan', '--compare-material', '--detailed-exitcode'], {}, { cwd: changed });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('# payments/signing will be updated in place (changed: description)');
    expect(run.stdout).toContain('sends: description only (stored material untouched)');
  });

  it('without EXPORT_IMPORT, exits 1 with one error naming the permission and the project', async () => {
    const world = await openMaterialWorld();
    const run = await world.cli(['plan', '--compare-material', '--detailed-exitcode'], { APINIZER_TOKEN: NO_EXPORT_TOKEN });
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('Error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("the token's user lacks SECRETS + EXPORT_IMPORT in project 'payments'");
  });

  it('with compareMaterial in the file and no EXPORT_IMPORT, comparison is skipped with a warning, not silently', async () => {
    const world = await openMaterialWorld(desiredYaml({ defaults: 'defaults: { compareMaterial: true }\n' }));
    world.sandbox.replaceMaterial('payments', 'signing', 'production', toBase64(BY_HAND.privatePem));
    // With the permission, the setting compares: the drift shows.
    expect((await world.cli(['plan', '--detailed-exitcode'])).code).toBe(2);
    const mark = world.mark();
    const run = await world.cli(['plan', '--detailed-exitcode'], { APINIZER_TOKEN: NO_EXPORT_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Warning: the live material of project "payments" is not compared');
    expect(run.stderr).toContain('SECRETS + EXPORT_IMPORT');
    // The first refusal stops the project's other exports (at most the ones already in flight).
    expect(exportsSince(world, mark).length).toBeLessThanOrEqual(2);
  });

  it('a Manager without Export Key File says it cannot export key material', async () => {
    const world = await openMaterialWorld(desiredYaml(), '2026-01');
    const run = await world.cli(['plan', '--compare-material']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('this Manager cannot export key material');
  });
});
