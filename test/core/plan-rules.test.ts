import { describe, expect, it } from '@jest/globals';
import type { DesiredState } from '../../src/core/model/desired-state.js';
import type { LiveState } from '../../src/core/model/live-state.js';
import type { Blocker, CreateEntry, Plan, UpdateEntry } from '../../src/core/model/plan.js';
import * as build from '../support/builders.js';

function plan(desired: DesiredState, live: LiveState, options?: build.TestPlanOptions): Plan {
  return build.makeTestPlan({ desired, live, materials: build.materialsFor(desired), materialGaps: build.gapsFor(desired), options });
}

/** Project `p` on a Manager with (or without) partial updates, one desired key and one live key. */
function planOne(
  desired: ReturnType<typeof build.desiredKey>,
  live: ReturnType<typeof build.liveKey> | undefined,
  extra: { partialUpdates?: boolean; options?: build.TestPlanOptions } = {},
): Plan {
  return plan(
    build.desiredState({ projects: [build.desiredProject('p', [desired])] }),
    build.liveStateOf(build.liveProject('p', live ? [live] : [], { partialUpdates: extra.partialUpdates })),
    extra.options,
  );
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

function blockersOf(result: Plan, kind: Blocker['kind']): Blocker[] {
  return result.blockers.filter((blocker) => blocker.kind === kind);
}

describe('makePlan: algorithm', () => {
  it('carries the algorithm of a SECRET_KEY into the spec, and never that of another type', () => {
    const secret = only(planOne(build.desiredKey('p', 'k', { algorithm: 'AES' }), undefined).entries) as CreateEntry;
    expect(secret.spec.algorithm).toBe('AES');
    const privateKey = only(
      planOne(build.desiredKey('p', 'k', { type: 'PRIVATE_KEY', algorithm: 'AES' }), undefined).entries,
    ) as CreateEntry;
    expect(privateKey.spec).not.toHaveProperty('algorithm');
  });

  it('is an update change with before and after when both sides have one and they differ', () => {
    const result = planOne(build.desiredKey('p', 'k', { algorithm: 'DESede' }), build.liveKey('k', { algorithm: 'AES' }));
    const entry = only(result.entries) as UpdateEntry;
    expect(entry.action).toBe('update');
    expect(entry.changes).toEqual([{ field: 'algorithm', before: 'AES', after: 'DESede', sensitive: false }]);
    expect(entry.reason).toBe('changed: algorithm');
  });

  it('is no difference when the Manager reports none (older generations), or the file has none', () => {
    expect(only(planOne(build.desiredKey('p', 'k', { algorithm: 'AES' }), build.liveKey('k')).entries).action).toBe('no-op');
    expect(only(planOne(build.desiredKey('p', 'k'), build.liveKey('k', { algorithm: 'AES' })).entries).action).toBe('no-op');
    expect(only(planOne(build.desiredKey('p', 'k', { algorithm: 'AES' }), build.liveKey('k', { algorithm: 'AES' })).entries).action).toBe(
      'no-op',
    );
  });
});

describe('makePlan: what an update sends', () => {
  const descriptionChange = [
    build.desiredKey('p', 'k', { description: 'new', algorithm: 'AES' }),
    build.liveKey('k', { description: 'old', algorithm: 'AES' }),
  ] as const;

  it('sends changed fields only for description and algorithm changes on a Manager with partial updates', () => {
    const entry = only(planOne(...descriptionChange, { partialUpdates: true }).entries) as UpdateEntry;
    expect(entry.sends).toBe('changed-fields');
    const both = only(
      planOne(
        build.desiredKey('p', 'k', { description: 'new', algorithm: 'DES' }),
        build.liveKey('k', { description: 'old', algorithm: 'AES' }),
        {
          partialUpdates: true,
        },
      ).entries,
    ) as UpdateEntry;
    expect(both.changes.map((c) => c.field)).toEqual(['description', 'algorithm']);
    expect(both.sends).toBe('changed-fields');
  });

  it('sends everything on an older Manager (absent or false), whose PUT replaces the whole key', () => {
    expect((only(planOne(...descriptionChange).entries) as UpdateEntry).sends).toBe('everything');
    expect((only(planOne(...descriptionChange, { partialUpdates: false }).entries) as UpdateEntry).sends).toBe('everything');
  });

  it('sends everything for --replace-content, and for environment, alias or type changes', () => {
    const replace = planOne(...descriptionChange, { partialUpdates: true, options: { replaceContent: ['p/k'] } });
    expect((only(replace.entries) as UpdateEntry).sends).toBe('everything');
    const cases = [
      planOne(
        build.desiredKey('p', 'k', { description: 'new', environments: [build.desiredEnvironment('production', { alias: 'a' })] }),
        build.liveKey('k'),
        { partialUpdates: true },
      ),
      planOne(
        build.desiredKey('p', 'k', { environments: [build.desiredEnvironment('production'), build.desiredEnvironment('staging')] }),
        build.liveKey('k'),
        {
          partialUpdates: true,
        },
      ),
      planOne(build.desiredKey('p', 'k', { type: 'PRIVATE_KEY' }), build.liveKey('k', { keyType: 'PUBLIC_KEY' }), { partialUpdates: true }),
    ];
    for (const result of cases) expect((only(result.entries) as UpdateEntry).sends).toBe('everything');
  });
});

describe('makePlan: material that could not be read', () => {
  const unset = (name = 'production') =>
    build.envSourcedEnvironment(name, 'PROD_KEY', { location: { file: 'keys.yaml', line: 7, column: 9 } });
  const gapText = 'keys.yaml:7:9: Key p/k, environment production: environment variable PROD_KEY is not set.';

  it('blocks a create that needs it, naming the address, the environment and where, and keeps the entry', () => {
    const result = planOne(build.desiredKey('p', 'k', { environments: [unset()] }), undefined);
    expect(only(result.entries).action).toBe('create');
    expect((result.entries[0] as CreateEntry).spec.environments[0]).not.toHaveProperty('material');
    expect(result.blockers).toEqual([
      {
        kind: 'missing_material',
        project: 'p',
        address: 'p/k',
        message: `Cannot create key p/k: the material of environment "production" could not be read here: ${gapText}`,
        hint: 'Set the variable in this job, or run the plan where the key secrets are available.',
      },
    ]);
  });

  it('blocks an update that sends the whole key', () => {
    const result = planOne(build.desiredKey('p', 'k', { description: 'new', environments: [unset()] }), build.liveKey('k'));
    expect((only(result.entries) as UpdateEntry).sends).toBe('everything');
    expect(only(blockersOf(result, 'missing_material')).message).toBe(
      `Cannot update key p/k: the update sends the whole key, and the material of environment "production" could not be read here: ${gapText}`,
    );
  });

  it('is only a notice for a changed-fields update and for a no-op, which send no material', () => {
    const partial = planOne(build.desiredKey('p', 'k', { description: 'new', environments: [unset()] }), build.liveKey('k'), {
      partialUpdates: true,
    });
    expect((only(partial.entries) as UpdateEntry).sends).toBe('changed-fields');
    expect(partial.blockers).toEqual([]);
    expect(partial.notices).toEqual([
      {
        kind: 'material_not_read',
        address: 'p/k',
        message: `material of environment "production" not read, and not needed: this plan does not send it (${gapText})`,
      },
    ]);
    const noop = planOne(build.desiredKey('p', 'k', { environments: [unset()] }), build.liveKey('k'));
    expect(only(noop.entries).action).toBe('no-op');
    expect(noop.blockers).toEqual([]);
    expect(only(noop.notices).kind).toBe('material_not_read');
  });

  it('blocks a key whose live fingerprint cannot be compared without it (older API), even if nothing else changed', () => {
    const result = planOne(
      build.desiredKey('p', 'k', { environments: [unset()] }),
      build.liveKey('k', { environments: [{ environmentName: 'production', materialSha256: 'f'.repeat(64) }] }),
    );
    expect(only(result.entries).action).toBe('no-op');
    expect(only(blockersOf(result, 'missing_material')).message).toMatch(/^Cannot compare key p\/k with the Manager/);
  });

  it('does not throw when material is neither read nor reported missing: a blocker with the file position', () => {
    const desired = build.desiredState({ projects: [build.desiredProject('p', [build.desiredKey('p', 'k')])] });
    const result = build.makeTestPlan({ desired, live: build.liveStateOf(build.liveProject('p', [])), materials: new Map() });
    expect(only(blockersOf(result, 'missing_material')).message).toBe(
      'Cannot create key p/k: the material of environment "production" could not be read here: test.yaml:1:1: Key p/k, environment production: material was not read.',
    );
  });

  it('says nothing of gaps of keys outside --target', () => {
    const desired = build.desiredState({
      projects: [build.desiredProject('p', [build.desiredKey('p', 'k', { environments: [unset()] }), build.desiredKey('p', 'other')])],
    });
    const result = plan(desired, build.liveKeysIn('p', ['other']), { targets: ['p/other'] });
    expect(result.blockers).toEqual([]);
    expect(result.notices).toEqual([]);
  });
});

describe('makePlan: a project emptied by the plan, however the file says it', () => {
  const emptied = (result: Plan) => blockersOf(result, 'empty_project').map((b) => [b.project, b.message]);

  it('refuses pruning the only key through a misspelt state: absent entry', () => {
    const result = plan(
      build.desiredState({ projects: [build.desiredProject('solo', [build.absentKey('solo', 'nonexistent')])] }),
      build.liveKeysIn('solo', ['only']),
    );
    expect(result.entries.map((e) => [e.address, e.action])).toEqual([
      ['solo/nonexistent', 'no-op'],
      ['solo/only', 'delete'],
    ]);
    expect(emptied(result)).toEqual([
      ['solo', 'This plan would leave project "solo" with no keys: it deletes its only live key (only) and creates none.'],
    ]);
    expect(result.blockers[0]!.hint).toContain('allowEmpty: true');
  });

  it('refuses deleting every key with state: absent', () => {
    const result = plan(
      build.desiredState({ projects: [build.desiredProject('p', [build.absentKey('p', 'a'), build.absentKey('p', 'b')])] }),
      build.liveKeysIn('p', ['a', 'b']),
    );
    expect(emptied(result)).toEqual([
      ['p', 'This plan would leave project "p" with no keys: it deletes all 2 of its live keys (a, b) and creates none.'],
    ]);
  });

  it('refuses a --target that deletes the last key', () => {
    const result = plan(
      build.desiredState({ projects: [build.desiredProject('p', [build.absentKey('p', 'a')])] }),
      build.liveKeysIn('p', ['a']),
      { targets: ['p/a'] },
    );
    expect(emptied(result)).toHaveLength(1);
  });

  it('keeps the wording for a project listing no keys', () => {
    const result = plan(build.desiredState({ projects: [build.desiredProject('p', [])] }), build.liveKeysIn('p', ['a']));
    expect(emptied(result)).toEqual([['p', 'Project "p" lists no keys, so prune would delete all 1 of its live keys: a.']]);
  });

  it('allows it with allowEmpty: true, and when something stays: a create, an ignored key, a key outside --target', () => {
    const live = build.liveKeysIn('p', ['a', 'ign-x']);
    expect(
      plan(
        build.desiredState({ projects: [build.desiredProject('p', [build.absentKey('p', 'a')], { allowEmpty: true })] }),
        build.liveKeysIn('p', ['a']),
      ).blockers,
    ).toEqual([]);
    expect(
      plan(
        build.desiredState({ projects: [build.desiredProject('p', [build.absentKey('p', 'a'), build.desiredKey('p', 'new')])] }),
        build.liveKeysIn('p', ['a']),
      ).blockers,
    ).toEqual([]);
    expect(
      plan(build.desiredState({ projects: [build.desiredProject('p', [build.absentKey('p', 'a')], { ignore: ['ign-*'] })] }), live)
        .blockers,
    ).toEqual([]);
    expect(
      plan(build.desiredState({ projects: [build.desiredProject('p', [build.absentKey('p', 'a')])] }), live, { targets: ['p/a'] }).blockers,
    ).toEqual([]);
  });
});

describe('makePlan: live names that cannot be addressed', () => {
  it.each(['.', '..', ''])('blocks the plan for a live key named %j, with no entry for it', (name) => {
    const result = plan(
      build.desiredState({ projects: [build.desiredProject('p', [build.desiredKey('p', 'a')])] }),
      build.liveStateOf(build.liveProject('p', [build.liveKey('a'), build.liveKey(name)])),
    );
    expect(result.blockers).toEqual([
      {
        kind: 'unaddressable_name',
        project: 'p',
        address: `p/${name}`,
        message: `Project "p" holds a key named ${JSON.stringify(name)}, which cannot be addressed as a URL path segment, so no request can safely reach it.`,
        hint: 'Rename the key in the Manager UI, then plan again; nothing is changed until then.',
      },
    ]);
    expect(result.entries.map((e) => e.address)).toEqual(['p/a']);
  });

  it('blocks whatever --target names in the project, and also a name only the file declares', () => {
    const targeted = plan(
      build.desiredState({ projects: [build.desiredProject('p', [build.desiredKey('p', 'a')])] }),
      build.liveStateOf(build.liveProject('p', [build.liveKey('a'), build.liveKey('..')])),
      { targets: ['p/a'] },
    );
    expect(blockersOf(targeted, 'unaddressable_name').map((b) => b.address)).toEqual(['p/..']);
    const declared = plan(
      build.desiredState({ projects: [build.desiredProject('p', [build.desiredKey('p', 'a'), build.desiredKey('p', '.')])] }),
      build.liveKeysIn('p', ['a']),
    );
    expect(only(blockersOf(declared, 'unaddressable_name')).hint).toBe('Rename the key in the file.');
  });

  it('leaves projects outside --target alone', () => {
    const result = plan(
      build.desiredState({
        projects: [build.desiredProject('p', [build.desiredKey('p', 'a')]), build.desiredProject('q', [build.desiredKey('q', 'b')])],
      }),
      build.liveStateOf(build.liveProject('p', [build.liveKey('a')]), build.liveProject('q', [build.liveKey('b'), build.liveKey('.')])),
      { targets: ['p'] },
    );
    expect(result.blockers).toEqual([]);
  });
});
