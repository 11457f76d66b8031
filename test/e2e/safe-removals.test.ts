/**
 * End to end: the safe-removal features (JWK impact, prune scope, ignore, protect, the
 * empty-project and mass-deletion guards, deletes that meet reality, and the confirmation
 * prompt), each run through the built CLI against a sandbox of its own.
 */
import { describe, expect, it } from '@jest/globals';
import type { SandboxSeed, SandboxSnapshot, SeedJwk, SeedKey, SnapshotProject } from '../../src/sandbox/index.js';
import { describeRequest, toBase64 } from '../support/e2e.js';
import type { CliRun } from '../support/run-cli.js';
import { makeTestKeyPair } from '../support/test-keys.js';
import { openWorld, type World } from '../support/world.js';

const LIVE = toBase64('TEST ONLY: live material');
/** Desired material of the PRIVATE_KEY `rotating`: a test-only key, as the loader checks it parses. */
const SIGNING = toBase64(makeTestKeyPair().privatePem);

let current: World | undefined;

/** Opens this test's world (closed after it) on `seed`. */
async function start(seed: SandboxSeed): Promise<World> {
  current = await openWorld({ seed });
  return current;
}

/** This test's world. */
function world(): World {
  if (!current) throw new Error('start() the world first');
  return current;
}

/** A fresh workdir holding `apinizer-keys.yaml`. */
function workdir(yaml: string): Promise<string> {
  return world().workdir({ 'apinizer-keys.yaml': yaml });
}

/** Runs the built CLI in `dir` against the sandbox. */
function cli(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return world().cli(args, env, { cwd: dir });
}

/** Writes the file and runs the CLI on it. */
async function run(yaml: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return cli(await workdir(yaml), args, env);
}

/** Everything a run printed, for messages that may go to either stream. */
function all(result: CliRun): string {
  return `${result.stdout}\n${result.stderr}`;
}

/** A live SECRET_KEY in production (or the given type and environments). */
function liveKey(name: string, keyType = 'SECRET_KEY', environments: readonly string[] = ['production'], description?: string): SeedKey {
  return { name, keyType, description, environments: environments.map((env) => ({ name: env, content: LIVE })) };
}

function jwkOf(name: string, sourceKey: string, sourceType: SeedJwk['sourceType'] = 'PRIVATE_KEY'): SeedJwk {
  return { name, sourceType, sourceKey };
}

/** A one-project seed with production and staging and the given keys. */
function seedOf(keys: readonly string[]): SandboxSeed {
  return {
    projects: [{ name: 'payments', environments: [{ name: 'production' }, { name: 'staging' }], keys: keys.map((k) => liveKey(k)) }],
  };
}

/** YAML of a present SECRET_KEY that matches its seeded live form (a no-op). */
function same(name: string): string {
  return `      ${name}: { type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${LIVE}" } } } }`;
}

/** A desired file whose project `payments` lists the given no-op keys, extra key YAML, settings and defaults. */
function fileOf(options: { keys?: readonly string[]; extraKeys?: string; settings?: string; defaults?: string }): string {
  const lines = ['version: 1'];
  if (options.defaults) lines.push('defaults:', options.defaults);
  lines.push('projects:', '  payments:');
  if (options.settings) lines.push(options.settings);
  const keys = [...(options.keys ?? []).map((k) => same(k)), ...(options.extraKeys ? [options.extraKeys] : [])];
  lines.push(...(keys.length > 0 ? ['    keys:', ...keys] : ['    keys: {}']));
  return `${lines.join('\n')}\n`;
}

/** A seed of projects with the given live keys, each in production. */
function seedOfProjects(projects: Record<string, readonly string[]>): SandboxSeed {
  return {
    projects: Object.entries(projects).map(([name, keys]) => ({
      name,
      environments: [{ name: 'production' }],
      keys: keys.map((k) => liveKey(k)),
    })),
  };
}

/** A file listing projects with their no-op keys, settings lines and extra key YAML. */
function fileOfProjects(
  projects: Record<string, { keys: readonly string[]; settings?: string; extraKeys?: string }>,
  defaults?: string,
): string {
  const lines = ['version: 1', ...(defaults ? ['defaults:', defaults] : []), 'projects:'];
  for (const [name, { keys, settings, extraKeys }] of Object.entries(projects)) {
    lines.push(`  ${name}:`, ...(settings ? [settings] : []), '    keys:', ...keys.map((k) => same(k)), ...(extraKeys ? [extraKeys] : []));
  }
  return `${lines.join('\n')}\n`;
}

function project(snapshot: SandboxSnapshot, name: string): SnapshotProject {
  const found = snapshot.projects.find((p) => p.name === name);
  if (!found) throw new Error(`no project ${name} in the snapshot`);
  return found;
}

function keyNames(name = 'payments'): string[] {
  return world().keyNames(name);
}

function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

/** The DELETE requests the sandbox received, in arrival order. */
const deletesSent = (): string[] =>
  world()
    .mutationsSince()
    .filter((m) => m.startsWith('DELETE'));

const deleteOf = (key: string, action = 'NULLIFY', projectName = 'payments') =>
  `DELETE /apiops/projects/${projectName}/keys/${key}/?jwkDeleteAction=${action}`;

// ---------------------------------------------------------------------------------------------
// 1. JWK impact
// ---------------------------------------------------------------------------------------------

const jwkSeed: SandboxSeed = {
  projects: [
    {
      name: 'payments',
      environments: [{ name: 'production' }, { name: 'staging' }],
      keys: [
        liveKey('keep-1'),
        liveKey('keep-2'),
        liveKey('signing', 'PRIVATE_KEY', ['production', 'staging']),
        liveKey('verify', 'PUBLIC_KEY'),
        liveKey('rotating', 'PRIVATE_KEY', ['production'], 'v1'),
      ],
      jwks: [
        // Seeded out of name order: the plan lists them sorted.
        jwkOf('signing-jwk-b', 'signing'),
        jwkOf('signing-jwk-a', 'signing', 'PUBLIC_KEY'),
        jwkOf('verify-jwk', 'verify', 'PUBLIC_KEY'),
        jwkOf('rotating-jwk', 'rotating'),
        { name: 'partner-jwks', sourceType: 'URL', sourceUrl: 'https://example.com/jwks.json' },
        // Made from a key once, already detached: belongs to no key.
        { name: 'orphan-jwk', sourceType: 'PRIVATE_KEY' },
      ],
    },
    {
      // Not in the file: a same-named key's JWK elsewhere must never be touched or listed.
      name: 'orders',
      environments: [{ name: 'production' }],
      keys: [liveKey('signing', 'PRIVATE_KEY')],
      jwks: [jwkOf('orders-signing-jwk', 'signing')],
    },
  ],
};

// signing: state absent with DELETE; verify: pruned (NULLIFY, the API default); rotating: updated with UPDATE.
const jwkFile = `version: 1
projects:
  payments:
    keys:
${same('keep-1')}
${same('keep-2')}
      rotating:
        type: PRIVATE_KEY
        description: v2
        jwkUpdateAction: UPDATE
        environments:
          production: { content: { base64: "${SIGNING}" } }
      signing:
        state: absent
        jwkDeleteAction: DELETE
`;

interface JsonAffected {
  readonly name: string;
  readonly effect: string;
}
interface JsonEntry {
  readonly address: string;
  readonly action: string;
  readonly affectedJwks?: readonly JsonAffected[];
  readonly jwkDeleteAction?: { value: string; source: string };
}

describe('JWK impact of deletes and updates', () => {
  it('lists the JWKs each delete deletes or detaches and each UPDATE re-parses, reading each JWK list once', async () => {
    await start(jwkSeed);
    const dir = await workdir(jwkFile);
    const [text, json] = await Promise.all([cli(dir, ['plan']), cli(dir, ['plan', '--format', 'json'])]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /- key payments\/signing\n.*undeployed from: production, staging\n.*JWK delete action: DELETE \(from key\)\n.*JWKs made from this key \(2\) will be deleted: signing-jwk-a, signing-jwk-b\n/,
    );
    expect(text.stdout).toMatch(
      /- key payments\/verify\n.*\n.*JWK delete action: NULLIFY \(from api-default\)\n.*JWKs made from this key \(1\) will be detached, kept: verify-jwk\n/,
    );
    expect(text.stdout).toMatch(
      /~ key payments\/rotating\n[\s\S]*?JWK update action: UPDATE \(from key\), scope SAME_PROJECT \(from api-default\)\n.*JWKs made from this key \(1\) will be re-parsed from the new key: rotating-jwk\n/,
    );
    expect(text.stdout).toContain('Plan: 0 to create, 1 to update, 2 to delete.');
    for (const unrelated of ['partner-jwks', 'orphan-jwk', 'orders-signing-jwk']) expect(text.stdout).not.toContain(unrelated);
    // Each run (two plans here) reads the project's JWK list once, not per key; the project outside the file never.
    const jwkReads = world()
      .sandbox.requests()
      .filter((request) => request.method === 'GET' && /\/jwks\/?$/.test(request.path))
      .map((request) => request.path);
    expect(jwkReads).toEqual(['/apiops/projects/payments/jwks/', '/apiops/projects/payments/jwks/']);
    expect(world().mutationsSince()).toEqual([]);

    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout) as { entries: JsonEntry[]; summary: { jwks: Record<string, number> } };
    const byAddress = new Map(plan.entries.map((entry) => [entry.address, entry]));
    expect(byAddress.get('payments/signing')).toMatchObject({
      action: 'delete',
      jwkDeleteAction: { value: 'DELETE', source: 'key' },
      affectedJwks: [
        { name: 'signing-jwk-a', effect: 'deleted' },
        { name: 'signing-jwk-b', effect: 'deleted' },
      ],
    });
    expect(byAddress.get('payments/verify')).toMatchObject({
      action: 'delete',
      jwkDeleteAction: { value: 'NULLIFY', source: 'api-default' },
      affectedJwks: [{ name: 'verify-jwk', effect: 'detached' }],
    });
    expect(byAddress.get('payments/rotating')).toMatchObject({
      action: 'update',
      affectedJwks: [{ name: 'rotating-jwk', effect: 'reparsed' }],
    });
    expect(plan.summary.jwks).toEqual({ deleted: 2, detached: 1, reparsed: 1 });

    // Apply, then check the sandbox did to each JWK exactly what the plan said, and nothing else.
    const before = world().sandbox.snapshot();
    world().sandbox.clearRequests();
    const applied = await cli(dir, ['apply', '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 0 created, 1 updated, 2 deleted.');
    expect(sorted(world().mutationsSince())).toEqual(
      sorted([
        deleteOf('signing', 'DELETE'),
        deleteOf('verify', 'NULLIFY'),
        'PUT /apiops/projects/payments/keys/rotating/?jwkUpdateAction=UPDATE&updateReferencedJwks=true&updateScope=SAME_PROJECT',
      ]),
    );
    const after = world().sandbox.snapshot();
    const planned = new Map(plan.entries.flatMap((entry) => entry.affectedJwks ?? []).map((jwk) => [jwk.name, jwk.effect]));
    expect(observeJwkEffects(project(before, 'payments'), project(after, 'payments'))).toEqual(planned);
    const jwksAfter = new Map(project(after, 'payments').jwks.map((jwk) => [jwk.name, jwk]));
    expect(sorted([...jwksAfter.keys()])).toEqual(['orphan-jwk', 'partner-jwks', 'rotating-jwk', 'verify-jwk']);
    expect(jwksAfter.get('verify-jwk')).toMatchObject({ sourceId: null, revision: 0 });
    expect(jwksAfter.get('rotating-jwk')).toMatchObject({ sourceId: 'rotating', revision: 1 });
    expect(project(after, 'orders')).toEqual(project(before, 'orders'));
    expect(keyNames()).toEqual(['keep-1', 'keep-2', 'rotating']);
  });
});

/** What the sandbox did to each JWK between two snapshots: deleted, detached or re-parsed. */
function observeJwkEffects(before: SnapshotProject, after: SnapshotProject): Map<string, string> {
  const afterByName = new Map(after.jwks.map((jwk) => [jwk.name, jwk]));
  const effects = new Map<string, string>();
  for (const jwk of before.jwks) {
    const now = afterByName.get(jwk.name);
    if (!now) effects.set(jwk.name, 'deleted');
    else if (jwk.sourceId !== null && now.sourceId === null) effects.set(jwk.name, 'detached');
    else if (now.revision > jwk.revision) effects.set(jwk.name, 'reparsed');
    else expect(now).toEqual(jwk);
  }
  return new Map([...effects].sort(([a], [b]) => (a < b ? -1 : 1)));
}

// ---------------------------------------------------------------------------------------------
// 2. Prune scope
// ---------------------------------------------------------------------------------------------

describe('prune', () => {
  // Live: alpha, beta, gamma (in the file), old (state: absent in the file), stray (not in the file).
  const pruneSeed = seedOf(['alpha', 'beta', 'gamma', 'old', 'stray']);
  const keys = ['alpha', 'beta', 'gamma'];
  const oldAbsent = '      old: { state: absent }';

  it('is on by default: live keys missing from the file are deleted', async () => {
    await start(pruneSeed);
    const result = await run(fileOf({ keys, extraKeys: oldAbsent }), ['apply', '--auto-approve']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('# payments/stray will be deleted (not in the file, and prune is on)');
    expect(result.stdout).toContain('Apply complete: 0 created, 0 updated, 2 deleted.');
    expect(sorted(world().mutationsSince())).toEqual([deleteOf('old'), deleteOf('stray')]);
    expect(keyNames()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it.each([
    ['the project', { settings: '    prune: false' }],
    ['the defaults', { defaults: '  prune: false' }],
  ])('off in %s: leaves unlisted keys alone, says so with -v, and still deletes state: absent', async (_where, settings) => {
    await start(pruneSeed);
    // apply prints the plan first, with the verbose notes under -v.
    const applied = await run(fileOf({ keys, extraKeys: oldAbsent, ...settings }), ['apply', '--auto-approve', '-v']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('. payments/stray: not managed by this file (prune is off); left alone');
    expect(applied.stdout).not.toContain('key payments/stray');
    expect(applied.stdout).toContain('Plan: 0 to create, 0 to update, 1 to delete.');
    expect(world().mutationsSince()).toEqual([deleteOf('old')]);
    expect(keyNames()).toEqual(['alpha', 'beta', 'gamma', 'stray']);
  });

  it('set on by the project wins over prune: false in the defaults', async () => {
    await start(pruneSeed);
    const result = await run(fileOf({ keys, defaults: '  prune: false', settings: '    prune: true' }), ['apply', '--auto-approve']);
    expect(result.code).toBe(0);
    expect(sorted(world().mutationsSince())).toEqual([deleteOf('old'), deleteOf('stray')]);
    expect(keyNames()).toEqual(['alpha', 'beta', 'gamma']);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Ignore
// ---------------------------------------------------------------------------------------------

describe('ignore', () => {
  it('never plans anything for live keys matching project or defaults globs, and -v names them', async () => {
    // Without ignore, prune would delete the four tmp-/manual- keys too: 5 of 8, over half,
    // so the guard would refuse; with ignore, only tmpx (no match) is pruned.
    await start(seedOf(['alpha', 'beta', 'gamma', 'tmp-1', 'tmp-build', 'manual-x', 'manual-y', 'tmpx']));
    const dir = await workdir(
      fileOf({ keys: ['alpha', 'beta', 'gamma'], settings: '    ignore: ["tmp-*"]', defaults: '  ignore: ["manual-?"]' }),
    );
    const plan = await cli(dir, ['plan', '--format', 'json']);
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as { entries: JsonEntry[]; notices: { kind: string; address: string }[] };
    expect(json.entries.map((entry) => `${entry.action} ${entry.address}`)).toEqual([
      'no-op payments/alpha',
      'no-op payments/beta',
      'no-op payments/gamma',
      'delete payments/tmpx',
    ]);
    expect(json.notices.filter((notice) => notice.kind === 'ignored').map((notice) => notice.address)).toEqual([
      'payments/manual-x',
      'payments/manual-y',
      'payments/tmp-1',
      'payments/tmp-build',
    ]);

    const applied = await cli(dir, ['apply', '--auto-approve', '-v']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('. payments/tmp-1: ignored: name matches ignore pattern "tmp-*"');
    expect(applied.stdout).toContain('. payments/tmp-build: ignored: name matches ignore pattern "tmp-*"');
    expect(applied.stdout).toContain('. payments/manual-x: ignored: name matches ignore pattern "manual-?"');
    expect(applied.stdout).toContain('. payments/manual-y: ignored: name matches ignore pattern "manual-?"');
    expect(applied.stdout).not.toMatch(/key payments\/(tmp-|manual-)/);
    expect(applied.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted.');
    expect(world().mutationsSince()).toEqual([deleteOf('tmpx')]);
    expect(
      world()
        .sandbox.requests()
        .filter((request) => /tmp-|manual-/.test(request.path)),
    ).toEqual([]);
    expect(keyNames()).toEqual(['alpha', 'beta', 'gamma', 'manual-x', 'manual-y', 'tmp-1', 'tmp-build']);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Protect
// ---------------------------------------------------------------------------------------------

describe('protect', () => {
  // root-ca and core-signing were once in the file; their entries have been removed since.
  const protectSeed = seedOf(['alpha', 'beta', 'gamma', 'delta', 'root-ca', 'core-signing', 'legacy', 'old']);
  const allKeys = sorted(protectSeed.projects![0]!.keys!.map((k) => k.name));
  const listed = ['alpha', 'beta', 'gamma', 'delta'];

  /** plan and apply both refuse with the message; nothing is sent. */
  async function expectRefused(yaml: string, message: string): Promise<void> {
    const dir = await workdir(yaml);
    // Both refuse before any change, so they may run side by side.
    const [plan, applied] = await Promise.all([cli(dir, ['plan']), cli(dir, ['apply', '--auto-approve', '--allow-mass-delete'])]);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('This plan is refused; nothing will be changed:');
    expect(plan.stdout).toContain(message);
    expect(plan.stderr).toContain(`Error: The plan is refused: ${message}`);
    expect(plan.stderr).toContain('Nothing was changed.');
    // Not even the other, unprotected deletes of the plan run; --allow-mass-delete does not lift protection.
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(message);
    expect(applied.stdout).not.toContain('deleting...');
    expect(world().mutationsSince()).toEqual([]);
    expect(keyNames()).toEqual(allKeys);
  }

  it.each([
    {
      name: 'by a project pattern still holds after the key entry was removed from the file',
      file: {
        keys: [...listed, 'core-signing', 'legacy'],
        extraKeys: '      old: { state: absent }',
        settings: '    protect: ["nothing-*", "root-*"]',
      },
      message: () =>
        'Refusing to delete protected key payments/root-ca (it is no longer in the file): protected by project "payments" protect pattern "root-*".',
    },
    {
      name: 'by protect: true refuses a state: absent delete, naming where it is set',
      file: {
        keys: [...listed, 'root-ca', 'core-signing', 'old'],
        extraKeys: '      legacy:\n        state: absent\n        protect: true',
      },
      message: (yaml: string) =>
        `Refusing to delete protected key payments/legacy (it is marked state: absent): protected by protect: true at apinizer-keys.yaml:${yaml.split('\n').indexOf('      legacy:') + 1}:7.`,
    },
    {
      name: 'by a defaults pattern holds after the entry was removed',
      file: { keys: [...listed, 'root-ca', 'legacy', 'old'], defaults: '  protect: ["core-*"]' },
      message: () =>
        'Refusing to delete protected key payments/core-signing (it is no longer in the file): protected by defaults protect pattern "core-*".',
    },
  ])('$name', async ({ file, message }) => {
    await start(protectSeed);
    const yaml = fileOf(file);
    await expectRefused(yaml, message(yaml));
  });

  it('does not stop deletes of keys it does not cover', async () => {
    await start(protectSeed);
    const yaml = fileOf({
      keys: [...listed, 'root-ca', 'core-signing', 'legacy'],
      settings: '    protect: ["root-*"]',
      defaults: '  protect: ["core-*"]',
    });
    const applied = await run(yaml, ['apply', '--auto-approve']);
    expect(applied.code).toBe(0);
    expect(world().mutationsSince()).toEqual([deleteOf('old')]);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Empty project
// ---------------------------------------------------------------------------------------------

describe('a listed project with no keys', () => {
  it('is refused, with keys: {} or without keys, in plan and apply, changing nothing', async () => {
    await start(seedOfProjects({ payments: ['alpha', 'beta'], orders: ['o1', 'o2', 'o3'] }));
    const dir = await workdir('version: 1\nprojects:\n  payments:\n    keys: {}\n  orders:\n    jwkDeleteAction: DELETE\n');
    const messages = [
      'Project "payments" lists no keys, so prune would delete all 2 of its live keys: alpha, beta.',
      'Project "orders" lists no keys, so prune would delete all 3 of its live keys: o1, o2, o3.',
    ];
    const [plan, applied] = await Promise.all([cli(dir, ['plan']), cli(dir, ['apply', '--auto-approve'])]);
    expect(plan.code).toBe(1);
    for (const message of messages) expect(plan.stdout).toContain(message);
    expect(plan.stdout).toContain('set allowEmpty: true if emptying it is intended');
    expect(plan.stderr).toContain('The plan is refused for 2 reasons');
    expect(applied.code).toBe(1);
    for (const message of messages) expect(applied.stdout).toContain(message);
    expect(applied.stderr).toContain('Nothing was changed.');
    expect(world().mutationsSince()).toEqual([]);
    expect(keyNames('payments')).toEqual(['alpha', 'beta']);
    expect(keyNames('orders')).toEqual(['o1', 'o2', 'o3']);
  });

  it('is emptied with allowEmpty: true, and left alone with prune: false', async () => {
    await start(seedOfProjects({ payments: ['alpha', 'beta'], orders: ['o1', 'o2'] }));
    const yaml = 'version: 1\nprojects:\n  payments:\n    allowEmpty: true\n    keys: {}\n  orders:\n    prune: false\n';
    const applied = await run(yaml, ['apply', '--auto-approve']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 0 created, 0 updated, 2 deleted.');
    expect(sorted(world().mutationsSince())).toEqual([deleteOf('alpha'), deleteOf('beta')]);
    expect(keyNames('payments')).toEqual([]);
    expect(keyNames('orders')).toEqual(['o1', 'o2']);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Mass-deletion guard
// ---------------------------------------------------------------------------------------------

describe('mass-deletion guard', () => {
  const five = ['k1', 'k2', 'k3', 'k4', 'k5'];

  it('refuses pruning more than half of the live keys in plan and apply, and --allow-mass-delete lifts it for one run', async () => {
    await start(seedOf(five));
    const dir = await workdir(fileOf({ keys: ['k1', 'k2'] }));
    const message = 'Prune would delete 3 of 5 live keys in project "payments" (the default limit is half of its keys): k3, k4, k5.';
    const [plan, applied] = await Promise.all([cli(dir, ['plan']), cli(dir, ['apply', '--auto-approve'])]);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(message);
    expect(plan.stderr).toContain(message);
    for (const wayOut of ['state: absent', 'ignore', 'prune: false', 'maxDeletions', '--allow-mass-delete']) {
      expect(plan.stderr).toContain(wayOut);
    }
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(message);
    expect(world().mutationsSince()).toEqual([]);

    const lifted = await cli(dir, ['apply', '--auto-approve', '--allow-mass-delete']);
    expect(lifted.code).toBe(0);
    expect(lifted.stdout).toContain('Apply complete: 0 created, 0 updated, 3 deleted.');
    expect(sorted(world().mutationsSince())).toEqual([deleteOf('k3'), deleteOf('k4'), deleteOf('k5')]);
    expect(keyNames()).toEqual(['k1', 'k2']);
  });

  it('by default allows exactly half, and a single key only where emptying the project is allowed', async () => {
    await start(seedOfProjects({ payments: five, pair: ['p1', 'p2'], four: ['f1', 'f2', 'f3', 'f4'], solo: ['s1'] }));
    const yaml = fileOfProjects({
      payments: { keys: ['k1', 'k2', 'k3'] },
      pair: { keys: ['p1'] },
      four: { keys: ['f1', 'f2'] },
      // Lists a key (so the project is not empty) that is already absent; prunes its only live key.
      solo: { keys: [], settings: '    allowEmpty: true', extraKeys: '      gone: { state: absent }' },
    });
    const plan = await run(yaml, ['plan']);
    expect(all(plan)).not.toContain('refused');
    expect(plan.code).toBe(0);
    // 2 of 5, 1 of 2, 2 of 4, 1 of 1.
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 6 to delete.');
    expect(plan.stdout).toContain('- key solo/s1');
  });

  it('refuses a plan that would empty a project however the file is written, unless allowEmpty', async () => {
    await start(seedOfProjects({ solo: ['s1'] }));
    // The bypass a hostile review found: list a key that is already absent, prune the only live one.
    const yaml = fileOfProjects({ solo: { keys: [], extraKeys: '      nonexistent: { state: absent }' } });
    const plan = await run(yaml, ['plan']);
    expect(plan.code).toBe(1);
    expect(all(plan)).toContain('This plan would leave project "solo" with no keys');
    expect(all(plan)).toContain('allowEmpty: true');
    expect(world().mutationsSince()).toEqual([]);
  });

  it('takes maxDeletions from the project over the defaults, and counts only pruned keys', async () => {
    await start(seedOfProjects({ over: five, within: five, zero: five, absent: five }));
    const yaml = fileOfProjects(
      {
        // 2 pruned, project limit 1: refused.
        over: { keys: ['k1', 'k2', 'k3'], settings: '    maxDeletions: 1' },
        // 3 pruned (over half), defaults limit 3: allowed.
        within: { keys: ['k1', 'k2'] },
        // 1 pruned, project limit 0 over the defaults' 3: refused.
        zero: { keys: ['k1', 'k2', 'k3', 'k4'], settings: '    maxDeletions: 0' },
        // 1 pruned + 1 state: absent, limit 1: allowed.
        absent: { keys: ['k1', 'k2', 'k3'], settings: '    maxDeletions: 1', extraKeys: '      k4: { state: absent }' },
      },
      '  maxDeletions: 3',
    );
    const plan = await run(yaml, ['plan', '--format', 'json']);
    expect(plan.code).toBe(1);
    const json = JSON.parse(plan.stdout) as {
      blockers: { kind: string; project: string; message: string }[];
      summary: { delete: number };
    };
    // over 2, within 3, zero 1, absent 2 (k4 absent, k5 pruned).
    expect(json.summary.delete).toBe(8);
    expect(json.blockers).toEqual([
      expect.objectContaining({
        kind: 'mass_delete',
        project: 'over',
        message: 'Prune would delete 2 of 5 live keys in project "over" (maxDeletions is 1): k4, k5.',
      }),
      expect.objectContaining({
        kind: 'mass_delete',
        project: 'zero',
        message: 'Prune would delete 1 of 5 live keys in project "zero" (maxDeletions is 0): k5.',
      }),
    ]);
    expect(plan.stderr).toContain('The plan is refused for 2 reasons');
    expect(world().mutationsSince()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// 7. Deletes that meet reality
// ---------------------------------------------------------------------------------------------

describe('deletes that meet reality', () => {
  const absentOld = fileOf({ keys: ['alpha', 'beta', 'gamma'], extraKeys: '      old: { state: absent }' });

  it('counts a key already gone when its DELETE is retried as deleted, reported as already absent', async () => {
    await start(seedOf(['alpha', 'beta', 'gamma', 'old']));
    // The DELETE is carried out, then answered 500; the retry finds the key gone.
    world().sandbox.setFaults({ commitThenFailRate: 1, faultMethods: ['DELETE'] });
    const applied = await run(absentOld, ['apply', '--auto-approve']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/payments\/old: already absent after \d+\.\ds/);
    expect(applied.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted.');
    const deletes = world()
      .sandbox.requests()
      .filter((request) => request.method === 'DELETE')
      .map((request) => `${describeRequest(request)} → ${request.status}`);
    expect(deletes).toEqual([`${deleteOf('old')} → 500`, `${deleteOf('old')} → 400`]);
    world().sandbox.setFaults({ commitThenFailRate: 0 });
    expect(keyNames()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('reports an environment that did not confirm the undeploy as a partial failure, exit 1', async () => {
    await start({
      projects: [
        {
          name: 'payments',
          environments: [{ name: 'production' }, { name: 'staging' }],
          keys: [...['alpha', 'beta', 'gamma'].map((k) => liveKey(k)), liveKey('old', 'SECRET_KEY', ['production', 'staging'])],
        },
      ],
    });
    world().sandbox.setFaults({ failUndeployEnvironments: ['production'] });
    const applied = await run(absentOld, ['apply', '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(
      /payments\/old: deleted, but not every environment confirmed after \d+\.\ds\n {4}✗ production: Undeployment failed: [^\n]*\n {4}✓ staging: Undeployed successfully\n/,
    );
    expect(applied.stdout).toContain('Apply failed: 0 created, 0 updated, 0 deleted; 1 partial, 0 failed, 0 not run.');
    expect(world().mutationsSince()).toEqual([deleteOf('old')]);
    expect(keyNames()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('names the missing permission and the project when a delete is forbidden', async () => {
    await start({
      projects: [
        { name: 'payments', environments: [{ name: 'production' }], keys: [liveKey('alpha'), liveKey('old')] },
        { name: 'orders', environments: [{ name: 'production' }], keys: [liveKey('alpha'), liveKey('old')] },
      ],
      tokens: [{ token: 'no-undeploy', projects: { payments: ['READ', 'MANAGE'], orders: ['READ'] } }],
    });
    const yaml = `version: 1
projects:
${['payments', 'orders'].map((name) => `  ${name}:\n    keys:\n${same('alpha')}\n      old: { state: absent }`).join('\n')}
`;
    const applied = await run(yaml, ['apply', '--auto-approve'], { APINIZER_TOKEN: 'no-undeploy' });
    expect(applied.code).toBe(1);
    const failure = (project: string) =>
      applied.stdout.split('\n').find((line) => line.startsWith(`${project}/old: FAILED`)) ?? `(no FAILED line for ${project}/old)`;
    expect(failure('payments')).toContain("lacks a permission in project 'payments'");
    expect(failure('payments')).toContain('SECRETS + DEPLOY_UNDEPLOY');
    expect(failure('orders')).toContain("lacks a permission in project 'orders'");
    expect(failure('orders')).toContain('SECRETS + MANAGE');
    expect(applied.stdout).toContain('Apply failed: 0 created, 0 updated, 0 deleted; 0 partial, 2 failed, 0 not run.');
    expect(
      world()
        .sandbox.requests()
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.status),
    ).toEqual([400, 400]); // the current API answers a missing permission with a 400 and a text
    expect(keyNames('payments')).toEqual(['alpha', 'old']);
    expect(keyNames('orders')).toEqual(['alpha', 'old']);
  });

  const rotationFile = `version: 1
projects:
  payments:
    keys:
${same('alpha')}
${same('beta')}
      fresh: { type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${LIVE}" } } } }
      old: { state: absent }
  orders:
    keys:
${same('alpha')}
${same('beta')}
      old: { state: absent }
`;
  const rotationSeed: SandboxSeed = {
    projects: ['payments', 'orders'].map((name) => ({
      name,
      environments: [{ name: 'production' }],
      keys: [liveKey('alpha'), liveKey('beta'), liveKey('old')],
    })),
  };

  it('skips, and never sends, the deletes of a project whose create failed; other projects still delete', async () => {
    await start(rotationSeed);
    world().sandbox.setFaults({ failureRate: 1, faultMethods: ['POST'] });
    const applied = await run(rotationFile, ['apply', '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/payments\/fresh: FAILED after/);
    expect(applied.stdout).toContain(
      'payments/old: skipped: a create or update in project "payments" did not fully succeed, so its deletes were not run',
    );
    expect(applied.stdout).toMatch(/orders\/old: deleted after/);
    expect(applied.stdout).toContain('Apply failed: 0 created, 0 updated, 1 deleted; 0 partial, 1 failed, 1 not run.');
    const mutations = world().mutationsSince();
    expect(deletesSent()).toEqual([deleteOf('old', 'NULLIFY', 'orders')]);
    expect(mutations.filter((m) => m.startsWith('POST')).every((m) => m === 'POST /apiops/projects/payments/keys/')).toBe(true);
    expect(keyNames('payments')).toEqual(['alpha', 'beta', 'old']);
    expect(keyNames('orders')).toEqual(['alpha', 'beta']);
  });

  it('also skips the deletes when a create deployed only partially', async () => {
    await start(rotationSeed);
    world().sandbox.setFaults({ failDeployEnvironments: ['production'] });
    const applied = await run(rotationFile, ['apply', '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('payments/old: skipped:');
    expect(deletesSent()).toEqual([deleteOf('old', 'NULLIFY', 'orders')]);
    expect(keyNames('payments')).toEqual(['alpha', 'beta', 'fresh', 'old']);
  });

  it('skips the deletes of a project whose update failed', async () => {
    await start(rotationSeed);
    world().sandbox.setFaults({ failureRate: 1, faultMethods: ['PUT'] });
    const yaml = rotationFile.replace(
      `${same('alpha')}\n${same('beta')}\n      fresh: { type: SECRET_KEY, algorithm: AES,`,
      `${same('beta')}\n      alpha: { type: SECRET_KEY, algorithm: AES, description: changed,`,
    );
    expect(yaml).toContain('description: changed');
    const applied = await run(yaml, ['apply', '--auto-approve', '--retries', '0']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/payments\/alpha: FAILED after/);
    expect(applied.stdout).toContain('payments/old: skipped:');
    expect(deletesSent()).toEqual([deleteOf('old', 'NULLIFY', 'orders')]);
    expect(keyNames('payments')).toEqual(['alpha', 'beta', 'old']);
  });
});

// ---------------------------------------------------------------------------------------------
// 8. Interactive confirmation
// ---------------------------------------------------------------------------------------------

describe('confirmation prompt', () => {
  it('names the number of deletes and of JWKs deleted and detached, and a "no" changes nothing', async () => {
    await start(jwkSeed);
    const dir = await workdir(jwkFile);
    const result = await world().cliAtTerminal(['apply'], 'no\n', dir);
    expect(result.stdout).toContain('Do you want to perform these actions?');
    expect(result.stdout).toContain(
      '2 key(s) will be DELETED permanently and undeployed from every environment; 2 JWK(s) will be deleted and 1 detached.',
    );
    expect(result.stdout).toContain('Apply cancelled at the prompt. Nothing was changed.');
    expect(result.code).toBe(1);
    expect(world().mutationsSince()).toEqual([]);
  });
});
