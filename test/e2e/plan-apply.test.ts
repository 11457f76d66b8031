/** End to end: the main job through the built CLI: plan, apply, the prompt, and the first errors a user meets. */
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { SandboxSeed } from '../../src/sandbox/index.js';
import { toBase64 } from '../support/e2e.js';
import { desiredFile, seedKey, seedKeyJwk, seedProject, seedSecret, seedUrlJwk, wantKey } from '../support/scenario.js';
import { openWorld, type World } from '../support/world.js';

const OLD = toBase64('TEST ONLY: old material');
const NEW_SECRET = 'TEST ONLY: new webhook secret';

const seed: SandboxSeed = {
  projects: [
    seedProject(
      'payments',
      ['production', 'staging'],
      [
        seedSecret('keep', 'unchanged', { production: OLD }),
        seedSecret('change', 'old text', { production: OLD }),
        seedKey('gone', 'PRIVATE_KEY', { production: OLD }),
        seedKey('absent-me', 'PRIVATE_KEY', { production: OLD, staging: OLD }),
      ],
      [seedKeyJwk('gone-jwk', 'gone'), seedKeyJwk('absent-jwk', 'absent-me'), seedUrlJwk('url-jwk')],
    ),
    seedProject('untouched', ['production'], [seedSecret('other', undefined, { production: OLD })]),
  ],
};

/** keep (no-op), change (update), fresh (create from an env variable and a file), absent-me (state: absent); gone is pruned. */
function desiredYaml(freshStaging = 'staging'): string {
  return desiredFile({
    payments: {
      keys: {
        keep: wantKey('unchanged', { production: { base64: OLD } }),
        change: wantKey('new text', { production: { base64: OLD } }),
        fresh: wantKey('brand new', { production: { env: 'FRESH_SECRET' }, [freshStaging]: { file: 'keys/fresh.test-key.bin' } }),
        'absent-me': { state: 'absent', jwkDeleteAction: 'DELETE' },
      },
    },
  });
}

let world: World;

beforeEach(async () => {
  world = await openWorld({
    seed,
    files: { 'apinizer-keys.yaml': desiredYaml(), 'keys/fresh.test-key.bin': 'TEST ONLY: staging secret' },
    env: { FRESH_SECRET: NEW_SECRET },
  });
});

/**
 * The detail lines (trimmed) of one entry of a text plan: those after its `± key ADDRESS`
 * line, up to the blank line that ends the entry. Asserting on them ties each detail to its
 * key, which a regex spanning the whole output does not.
 */
function entryLines(stdout: string, address: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => /^\s*[-+~] key /.test(line) && line.trim().endsWith(` key ${address}`));
  if (start < 0) throw new Error(`no entry for ${address} in:\n${stdout}`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end).map((line) => line.trim());
}

describe('plan', () => {
  it('shows creates, updates and deletes with their JWK actions, and changes nothing', async () => {
    const run = await world.cli(['plan']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('+ key payments/fresh');
    expect(run.stdout).toContain('~ key payments/change');
    expect(run.stdout).toContain('~ description: "old text" → "new text"');
    expect(run.stdout).toContain('- key payments/gone');
    expect(run.stdout).toContain('- key payments/absent-me');
    expect(entryLines(run.stdout, 'payments/absent-me')).toEqual(
      expect.arrayContaining(['JWK delete action: DELETE (from key)', 'JWKs made from this key (1) will be deleted: absent-jwk']),
    );
    expect(entryLines(run.stdout, 'payments/gone')).toEqual(
      expect.arrayContaining([
        'JWK delete action: NULLIFY (from api-default)',
        'JWKs made from this key (1) will be detached, kept: gone-jwk',
      ]),
    );
    expect(run.stdout).toContain('Plan: 1 to create, 1 to update, 2 to delete.');
    expect(run.stdout).not.toContain('payments/keep');
    expect(world.mutationsSince()).toEqual([]);
    // The project the file does not list is never read.
    expect(world.sandbox.requests().some((request) => request.path.includes('untouched'))).toBe(false);
  });

  it('exits 2 with --detailed-exitcode when there are changes', async () => {
    const run = await world.cli(['plan', '--detailed-exitcode']);
    expect(run.code).toBe(2);
  });

  it('takes --jwk-delete-action below the key and project but above the defaults', async () => {
    const run = await world.cli(['plan', '--jwk-delete-action', 'DELETE']);
    expect(run.code).toBe(0);
    expect(entryLines(run.stdout, 'payments/gone')).toContain('JWK delete action: DELETE (from flag)');
    expect(entryLines(run.stdout, 'payments/absent-me')).toContain('JWK delete action: DELETE (from key)');
  });
});

describe('apply', () => {
  it('applies exactly the plan, sends each delete its JWK action, and re-plans to no changes', async () => {
    const run = await world.cli(['apply', '--auto-approve']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply complete: 1 created, 1 updated, 2 deleted.');
    expect(run.stdout).toContain('✓ production');

    const mutations = world.mutationsSince();
    expect([...mutations].sort()).toEqual(
      [
        'POST /apiops/projects/payments/keys/',
        'PUT /apiops/projects/payments/keys/change/?jwkUpdateAction=NULLIFY&updateReferencedJwks=false&updateScope=SAME_PROJECT',
        'DELETE /apiops/projects/payments/keys/gone/?jwkDeleteAction=NULLIFY',
        'DELETE /apiops/projects/payments/keys/absent-me/?jwkDeleteAction=DELETE',
      ].sort(),
    );
    // Creates and updates run before deletes.
    const firstDelete = mutations.findIndex((m) => m.startsWith('DELETE'));
    expect(mutations.slice(firstDelete).every((m) => m.startsWith('DELETE'))).toBe(true);

    const payments = world.project('payments');
    expect(payments.keys.map((key) => key.name).sort()).toEqual(['change', 'fresh', 'keep']);
    const fresh = payments.keys.find((key) => key.name === 'fresh')!;
    expect(fresh.environments.map((e) => e.environmentName)).toEqual(['production', 'staging']);
    expect(world.storedText('payments', 'fresh', 'production')).toBe(NEW_SECRET);
    // NULLIFY kept gone-jwk and detached it; DELETE removed absent-jwk.
    const jwks = new Map(payments.jwks.map((jwk) => [jwk.name, jwk]));
    expect(jwks.has('absent-jwk')).toBe(false);
    expect(jwks.get('gone-jwk')?.sourceId ?? null).toBeNull();
    expect(jwks.has('url-jwk')).toBe(true);

    const again = await world.cli(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes. Live state matches the desired state.');
  });

  it('refuses to apply without a terminal and without --auto-approve, changing nothing', async () => {
    const run = await world.cli(['apply']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Refusing to apply without confirmation');
    expect(run.stderr).toContain('--auto-approve');
    expect(world.mutationsSince()).toEqual([]);
  });

  it('changes nothing when the answer at the prompt is not yes', async () => {
    const run = await world.cliAtTerminal(['apply'], 'no\n');
    expect(run.stdout).toContain('Do you want to perform these actions?');
    expect(run.stdout).toContain('2 key(s) will be DELETED permanently');
    expect(run.stdout).toContain('Apply cancelled at the prompt. Nothing was changed.');
    expect(run.code).toBe(1);
    expect(world.mutationsSince()).toEqual([]);
  });
});

describe('errors', () => {
  it('names the variable to set when the Manager URL is missing', async () => {
    const run = await world.cli(['plan'], { APINIZER_URL: undefined, APINIZER_TOKEN: 'x' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('Error: No Manager URL is set. Set APINIZER_URL (e.g. https://manager.example.com) or pass --url.');
  });

  it('reports an unknown environment naming the key and exits 1 without changing anything', async () => {
    const bad = await world.workdir({
      'apinizer-keys.yaml': desiredYaml('qa'),
      'keys/fresh.test-key.bin': 'TEST ONLY',
    });
    const run = await world.cli(['apply', '--auto-approve'], {}, { cwd: bad });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('payments/fresh');
    expect(run.stderr).toContain('"qa"');
    expect(world.mutationsSince()).toEqual([]);
  });
});
