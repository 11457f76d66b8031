import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle, type SandboxSeed } from '../../src/sandbox/index.js';
import { listMutations, makeWorkdir, sandboxEnv, toBase64 } from '../support/e2e.js';
import { runCli } from '../support/run-cli.js';

/** `plan --format markdown` and `--drift` through the CLI: the PR comment and the nightly job. */

const MATERIAL = toBase64('TEST ONLY: markdown drift material');

const seed: SandboxSeed = {
  projects: [
    {
      name: 'payments',
      environments: [{ name: 'production' }],
      keys: [
        { name: 'keep', keyType: 'SECRET_KEY', environments: [{ name: 'production', content: MATERIAL }] },
        { name: 'old', keyType: 'PRIVATE_KEY', environments: [{ name: 'production', content: MATERIAL }] },
      ],
      jwks: [{ name: 'old-jwk', sourceType: 'PRIVATE_KEY', sourceKey: 'old' }],
    },
  ],
};

const yaml = `version: 1
projects:
  payments:
    jwkDeleteAction: DELETE
    keys:
      keep:
        type: SECRET_KEY
        algorithm: AES
        environments: { production: { content: { base64: "${MATERIAL}" } } }
      old: { state: absent }
`;

let sandbox: SandboxHandle;
let dir: string;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, seed });
  dir = await makeWorkdir({ 'apinizer-keys.yaml': yaml });
});
afterEach(async () => {
  await sandbox.close();
});

describe('plan --format markdown', () => {
  it('prints a comment body with the marker, the deletion warning and the table; exit 2 with --detailed-exitcode', async () => {
    const run = await runCli(['plan', '--format', 'markdown', '--detailed-exitcode'], { cwd: dir, env: sandboxEnv(sandbox) });
    expect(run.code).toBe(2);
    expect(run.stdout.startsWith('<!-- apinizer-keys-plan -->')).toBe(true);
    expect(run.stdout).toContain('### apinizer-keys plan: 0 to create, 0 to update, 1 to delete');
    expect(run.stdout).toMatch(/> \[!WARNING\]\n> \*\*Applying this plan deletes 1 key\*\* in 1 project: payments\.\n> JWKs made from it: 1 deleted, 0 detached\./);
    expect(run.stdout).toMatch(/\| payments\/old \| - delete \| DELETE \(from project\) \| 1 deleted \|/);
    expect(run.stdout).not.toContain(MATERIAL);
    expect(run.stderr).toBe('');
    expect(listMutations(sandbox)).toEqual([]);
  });

  it('exits 0 with no changes, 1 on an error', async () => {
    await runCli(['apply', '--auto-approve'], { cwd: dir, env: sandboxEnv(sandbox) });
    const clean = await runCli(['plan', '--format', 'markdown', '--detailed-exitcode'], { cwd: dir, env: sandboxEnv(sandbox) });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('### apinizer-keys plan: no changes');
    const bad = await runCli(['plan', '--format', 'markdown', '--detailed-exitcode'], {
      cwd: dir,
      env: { ...sandboxEnv(sandbox), APINIZER_TOKEN: 'wrong-token' },
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: /);
  });
});

describe('--drift', () => {
  it('reports a change made by hand in the Manager as drift, in text and Markdown', async () => {
    await runCli(['apply', '--auto-approve'], { cwd: dir, env: sandboxEnv(sandbox) });
    const none = await runCli(['plan', '--drift', '--detailed-exitcode', '--no-color'], { cwd: dir, env: sandboxEnv(sandbox) });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No drift. Live state matches the desired state.');

    // Someone deletes a managed key by hand.
    const response = await fetch(`${sandbox.url}/apiops/projects/payments/keys/keep/?jwkDeleteAction=NULLIFY`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    expect(response.status).toBe(200);

    const text = await runCli(['plan', '--drift', '--detailed-exitcode', '--no-color'], { cwd: dir, env: sandboxEnv(sandbox) });
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('Drift detected: the live state differs from the file.');
    expect(text.stdout).toContain('+ key payments/keep');
    expect(text.stdout).toContain('Drift detected: 1 to create, 0 to update, 0 to delete.');

    const markdown = await runCli(['plan', '--drift', '--format', 'markdown', '--detailed-exitcode'], { cwd: dir, env: sandboxEnv(sandbox) });
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toContain('Drift detected');
    expect(markdown.stdout).toContain('payments/keep');
  });
});
