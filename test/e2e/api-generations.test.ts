import { describe, expect, it } from '@jest/globals';
import { SANDBOX_APIS, type SandboxApi, type SandboxSeed, type SnapshotProject } from '../../src/sandbox/index.js';
import { toBase64 } from '../support/e2e.js';
import { desiredFile, seedKey, seedKeyJwk, seedProject, seedSecret, wantKey } from '../support/scenario.js';
import { openWorld, type World } from '../support/world.js';

/**
 * The main job against each generation of the API reference the sandbox imitates: converge,
 * deletes with both JWK actions, partial undeploys in both result shapes, errors, and a token
 * from credentials that expires mid-run.
 */

const OLD = toBase64('TEST ONLY: old shared secret');
const NEW = toBase64('TEST ONLY: new shared secret');
const USER = { username: 'ci-bot', password: 'ci-bot-password-0f3a' };

function seedOf(): SandboxSeed {
  return {
    projects: [
      seedProject(
        'shop',
        ['production', 'staging'],
        [
          seedSecret('stays', 'unchanged', { production: OLD }),
          seedSecret('reworded', 'old words', { production: OLD, staging: OLD }),
          seedKey('gone-nullify', 'PUBLIC_KEY', { production: OLD }),
          seedKey('gone-delete', 'PUBLIC_KEY', { production: OLD, staging: OLD }),
        ],
        [seedKeyJwk('kept-jwk', 'gone-nullify', 'PUBLIC_KEY'), seedKeyJwk('doomed-jwk', 'gone-delete', 'PUBLIC_KEY')],
      ),
    ],
    tokens: [
      { token: 'ci-token-all-0123456789', projects: '*' },
      { token: 'ci-token-read-0123456789', projects: { shop: ['READ'] } },
    ],
    users: [{ ...USER, projects: '*' }],
  };
}

/** `project` (the seed's `shop` by default): stays (no-op), reworded (update, material from an env variable in `rewordedIn`), fresh (create), two deletes. */
function desired(project = 'shop', rewordedIn: readonly string[] = ['production', 'staging']): string {
  return desiredFile({
    [project]: {
      keys: {
        stays: wantKey('unchanged', { production: { base64: OLD } }),
        reworded: wantKey('new words', Object.fromEntries(rewordedIn.map((environment) => [environment, { env: 'REWORDED_SECRET' }]))),
        fresh: wantKey('brand new', { production: { alias: 'fresh-alias', content: { base64: NEW } } }, { algorithm: 'DESede' }),
        'gone-nullify': { state: 'absent', jwkDeleteAction: 'NULLIFY' },
        'gone-delete': { state: 'absent', jwkDeleteAction: 'DELETE' },
      },
    },
  });
}

/** A world of `api` on the seed above, with the all-projects token and the reworded key's secret set. */
function openScene(api: SandboxApi, yaml = desired(), seed = seedOf()): Promise<World> {
  return openWorld({
    seed,
    api,
    files: { 'apinizer-keys.yaml': yaml },
    env: { APINIZER_TOKEN: 'ci-token-all-0123456789', REWORDED_SECRET: 'TEST ONLY: old shared secret' },
  });
}

const shop = (world: World): SnapshotProject => world.project('shop');

describe.each(SANDBOX_APIS)('the %s generation', (api) => {
  it('plans creates, updates and deletes, applies them with both JWK actions, and re-plans to no changes', async () => {
    const scene = await openScene(api);
    const plan = await scene.cli(['plan', '--detailed-exitcode']);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 2, stderr: '' });
    expect(plan.stdout).toContain('Plan: 1 to create, 1 to update, 2 to delete.');
    expect(plan.stdout).toContain('JWK delete action: DELETE');
    expect(plan.stdout).toContain('doomed-jwk');

    const apply = await scene.cli(['apply', '--auto-approve']);
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: '' });
    const after = shop(scene);
    expect(after.keys.map((key) => key.name).sort()).toEqual(['fresh', 'reworded', 'stays']);
    expect(after.keys.find((key) => key.name === 'reworded')?.description).toBe('new words');
    expect(after.jwks.map((jwk) => [jwk.name, jwk.sourceId])).toEqual([['kept-jwk', null]]);

    const again = await scene.cli(['plan', '--detailed-exitcode']);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(again.stdout).toContain('No changes.');
  });

  it.each(['environmentResults', 'detailList'] as const)(
    'a failed undeploy reported as %s is a partial failure naming the environment',
    async (deploymentShape) => {
      const scene = await openScene(api);
      scene.sandbox.setFaults({ deploymentShape, failUndeployEnvironments: ['staging'] });
      const apply = await scene.cli(['apply', '--auto-approve']);
      expect(apply.code).toBe(1);
      expect(apply.stdout + apply.stderr).toMatch(/staging/);
      expect(apply.stdout).toMatch(/gone-delete/);
    },
  );

  it('a read-only token: the plan works, the apply names the missing permission and changes nothing', async () => {
    const scene = await openScene(api);
    const env = { APINIZER_TOKEN: 'ci-token-read-0123456789' };
    expect((await scene.cli(['plan'], env)).code).toBe(0);
    const apply = await scene.cli(['apply', '--auto-approve'], env);
    expect(apply.code).toBe(1);
    expect(apply.stdout + apply.stderr).toContain('SECRETS + MANAGE');
    expect(
      shop(scene)
        .keys.map((key) => key.name)
        .sort(),
    ).toEqual(['gone-delete', 'gone-nullify', 'reworded', 'stays']);
  });

  it('a project the Manager does not have is one error line naming it', async () => {
    const scene = await openScene(api, desired('nowhere'));
    const plan = await scene.cli(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("project 'nowhere' was not found");
    expect(plan.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a token from credentials that expires mid-run is fetched again and the apply converges', async () => {
    const scene = await openScene(api);
    scene.sandbox.setFaults({ tokenLifetimeRequests: 3 });
    const env = { APINIZER_TOKEN: '', APINIZER_USERNAME: USER.username, APINIZER_PASSWORD: USER.password };
    const apply = await scene.cli(['apply', '--auto-approve'], env);
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: '' });
    const tokenFetches = scene.sandbox.requests().filter((request) => request.path.endsWith('/auth/token')).length;
    expect(tokenFetches).toBeGreaterThan(1);
    const again = await scene.cli(['plan', '--detailed-exitcode'], env);
    expect(again.code).toBe(0);
  });
});

describe('partial updates (current generation)', () => {
  it('a description change plans and applies without the key secrets, sending no material', async () => {
    const scene = await openScene('current');
    const env = { REWORDED_SECRET: '' };
    const plan = await scene.cli(['plan', '--target', 'shop/reworded'], env);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
    const apply = await scene.cli(['apply', '--auto-approve', '--target', 'shop/reworded'], env);
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: '' });
    const reworded = shop(scene).keys.find((key) => key.name === 'reworded');
    expect(reworded).toMatchObject({ description: 'new words', environments: [{ content: OLD }, { content: OLD }] });
  });

  it('an older Manager gets the whole key, so the same plan needs the secrets and says so', async () => {
    const scene = await openScene('2026-01');
    const plan = await scene.cli(['plan', '--target', 'shop/reworded'], { REWORDED_SECRET: '' });
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain('REWORDED_SECRET');
  });

  it('a secret key stored without an algorithm (made by an older Manager) gets one, then converges', async () => {
    const seed = seedOf();
    const stays = seed.projects![0]!.keys!.find((key) => key.name === 'stays')!;
    (stays as { algorithm: null }).algorithm = null;
    const world = await openScene('current', undefined, seed);
    const plan = await world.cli(['plan', '--target', 'shop/stays', '--no-color']);
    expect(plan.stdout).toContain('~ algorithm: "(none)" → "AES"');
    expect((await world.cli(['apply', '--auto-approve', '--target', 'shop/stays'])).code).toBe(0);
    expect((await world.cli(['plan', '--detailed-exitcode', '--target', 'shop/stays'])).code).toBe(0);
  });
});

describe('a Manager that keeps an environment the update leaves out', () => {
  it('the update is reported partial, naming the environment it did not confirm, and the next plan shows it again', async () => {
    const scene = await openScene('current', desired('shop', ['production']));
    scene.sandbox.setFaults({ putKeepsOmittedEnvironments: true });
    const apply = await scene.cli(['apply', '--auto-approve', '--target', 'shop/reworded', '--no-color']);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toMatch(/staging: the Manager did not report this environment/);
    const again = await scene.cli(['plan', '--detailed-exitcode', '--target', 'shop/reworded']);
    expect(again.code).toBe(2);
  });
});
