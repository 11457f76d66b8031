/**
 * Names that differ from a live key's only in letter case or Unicode normalization: they
 * stay different keys (names are case-sensitive), but the plan warns, naming both, and
 * refuses a prune delete of a key whose variant in the file protects it or says how to
 * delete it.
 */
import { describe, expect, it } from '@jest/globals';
import type { DesiredKey, ProjectSettings } from '../../src/core/model/desired-state.js';
import type { Plan } from '../../src/core/model/plan.js';
import { toPlanDocument } from '../../src/core/model/plan-document.js';
import * as build from '../support/builders.js';

const AT = { file: 'keys.yaml', line: 40, column: 7 };

/** Project `p` (settings given), the desired keys and `stays` (so no plan empties it), live `stays` and `liveNames`. */
function planWith(
  keys: readonly DesiredKey[],
  liveNames: readonly string[],
  extra: { settings?: ProjectSettings; targets?: readonly string[] } = {},
): Plan {
  const desired = build.desiredState({
    projects: [build.desiredProject('p', [build.desiredKey('p', 'stays'), ...keys], extra.settings ?? { jwkDeleteAction: 'DELETE' })],
  });
  const live = build.liveKeysIn('p', ['stays', ...liveNames]);
  return build.makeTestPlan({ desired, live, materials: build.materialsFor(desired), options: { targets: extra.targets } });
}

function actionsOf(plan: Plan): [string, string][] {
  return plan.entries.filter((entry) => entry.key !== 'stays').map((entry) => [entry.address, entry.action]);
}

describe('makePlan: a state: absent entry under a case variant of a live name', () => {
  // The review's repro: the project deletes JWKs, the entry says to keep them.
  const plan = planWith([build.absentKey('p', 'Legacy-Signing', { jwkDeleteAction: 'NULLIFY', location: AT })], ['legacy-signing']);

  it('still treats the names as two keys: no silent match', () => {
    expect(actionsOf(plan)).toEqual([
      ['p/Legacy-Signing', 'no-op'],
      ['p/legacy-signing', 'delete'],
    ]);
  });

  it('refuses the prune delete, naming both names and the fix', () => {
    expect(plan.blockers).toEqual([
      {
        kind: 'case_variant',
        project: 'p',
        address: 'p/legacy-signing',
        message:
          'Refusing to delete p/legacy-signing (not in the file, and prune is on): the file\'s entry "Legacy-Signing" at keys.yaml:40:7 ' +
          'differs from it only in letter case and says state: absent with jwkDeleteAction: NULLIFY, which does not apply to this key, ' +
          'so the delete would use JWK delete action DELETE (from project) instead.',
        hint: 'Names are case-sensitive: write the exact name "legacy-signing" in the file.',
      },
    ]);
  });

  it('warns, naming both and what the plan does with each', () => {
    expect(plan.warnings).toEqual([
      {
        kind: 'case_variant',
        project: 'p',
        address: 'p/Legacy-Signing',
        liveAddress: 'p/legacy-signing',
        message:
          'File key p/Legacy-Signing and live key p/legacy-signing differ only in letter case; names are case-sensitive, so the plan treats them as two keys: ' +
          'p/Legacy-Signing is left as it is (absent, as the file wants), and p/legacy-signing will be deleted (not in the file, and prune is on).',
        hint: 'If the entry at keys.yaml:40:7 is meant for the live key, write its exact name: "legacy-signing".',
      },
    ]);
  });

  it('is neither blocked nor warned about once the exact name is used', () => {
    const fixed = planWith([build.absentKey('p', 'legacy-signing', { jwkDeleteAction: 'NULLIFY' })], ['legacy-signing']);
    expect(fixed.blockers).toEqual([]);
    expect(fixed).not.toHaveProperty('warnings');
    expect(fixed.entries.find((entry) => entry.key === 'legacy-signing')).toMatchObject({
      action: 'delete',
      jwkDeleteAction: { value: 'NULLIFY', source: 'key' },
    });
  });

  it('blocks even when the entry repeats the JWK action the delete would use: the entry is still not about this key', () => {
    const same = planWith([build.absentKey('p', 'LEGACY-SIGNING', { jwkDeleteAction: 'DELETE' })], ['legacy-signing']);
    expect(same.blockers.map((blocker) => [blocker.kind, blocker.address])).toEqual([['case_variant', 'p/legacy-signing']]);
  });

  it('only warns when the entry carries no setting: the prune delete is the one it asks for, with the same settings', () => {
    const bare = planWith([build.absentKey('p', 'Legacy-Signing')], ['legacy-signing']);
    expect(bare.blockers).toEqual([]);
    expect(bare.warnings?.map((warning) => [warning.address, warning.liveAddress])).toEqual([['p/Legacy-Signing', 'p/legacy-signing']]);
    expect(actionsOf(bare)).toContainEqual(['p/legacy-signing', 'delete']);
  });

  it('only warns with prune off: nothing is deleted, and the warning says the live key is not changed', () => {
    const kept = planWith([build.absentKey('p', 'Legacy-Signing', { jwkDeleteAction: 'NULLIFY' })], ['legacy-signing'], {
      settings: { prune: false },
    });
    expect(kept.blockers).toEqual([]);
    expect(actionsOf(kept)).toEqual([['p/Legacy-Signing', 'no-op']]);
    expect(kept.warnings?.[0]?.message).toContain('and p/legacy-signing is not changed.');
  });
});

describe('makePlan: protect: true under a case variant of a live name', () => {
  it('refuses the prune delete of the live key when the variant is present (a create) and protected', () => {
    const plan = planWith([build.desiredKey('p', 'Root-CA', { protect: true, location: AT })], ['root-ca']);
    expect(actionsOf(plan)).toEqual([
      ['p/Root-CA', 'create'],
      ['p/root-ca', 'delete'],
    ]);
    expect(plan.blockers).toEqual([
      {
        kind: 'case_variant',
        project: 'p',
        address: 'p/root-ca',
        message:
          'Refusing to delete p/root-ca (not in the file, and prune is on): the file\'s entry "Root-CA" at keys.yaml:40:7 ' +
          'differs from it only in letter case and says protect: true, which does not apply to this key, so the delete would go ahead unprotected.',
        hint:
          'Names are case-sensitive: write the exact name "root-ca" in the file. ' +
          'If "Root-CA" is meant as another key, list "root-ca" under its exact name too (with state: absent if it is to be deleted).',
      },
    ]);
    expect(plan.warnings?.[0]?.message).toContain(
      'p/Root-CA will be created, and p/root-ca will be deleted (not in the file, and prune is on).',
    );
  });

  it('refuses it when the variant is state: absent and protected', () => {
    const plan = planWith([build.absentKey('p', 'ROOT-CA', { protect: true })], ['root-ca']);
    expect(plan.blockers.map((blocker) => [blocker.kind, blocker.address])).toEqual([['case_variant', 'p/root-ca']]);
    expect(plan.blockers[0]!.message).toContain('says protect: true');
  });

  it('is lifted by listing the live key under its exact name with state: absent', () => {
    const plan = planWith([build.desiredKey('p', 'Root-CA', { protect: true }), build.absentKey('p', 'root-ca')], ['root-ca']);
    expect(plan.blockers).toEqual([]);
    expect(plan).not.toHaveProperty('warnings');
  });
});

describe('makePlan: case variants without safety settings', () => {
  it('a present Foo and a live foo: a create and a delete, with a warning pointing out the likely typo', () => {
    const plan = planWith([build.desiredKey('p', 'Foo')], ['foo']);
    expect(actionsOf(plan)).toEqual([
      ['p/Foo', 'create'],
      ['p/foo', 'delete'],
    ]);
    expect(plan.blockers).toEqual([]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        kind: 'case_variant',
        address: 'p/Foo',
        liveAddress: 'p/foo',
        hint: 'If the entry at test.yaml:1:1 is meant for the live key, write its exact name: "foo".',
      }),
    ]);
  });

  it('names every live variant of one entry, each in a warning of its own', () => {
    const plan = planWith([build.desiredKey('p', 'FOO')], ['Foo', 'foo']);
    expect(plan.warnings?.map((warning) => [warning.address, warning.liveAddress])).toEqual([
      ['p/FOO', 'p/Foo'],
      ['p/FOO', 'p/foo'],
    ]);
  });

  it('says nothing of a live variant when the entry names its own live key exactly', () => {
    const plan = planWith([build.desiredKey('p', 'foo')], ['foo', 'Foo']);
    expect(plan).not.toHaveProperty('warnings');
    expect(plan.blockers).toEqual([]);
  });

  it('compares names in Unicode normalization too, spelling both out since they look the same', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    const plan = planWith([build.desiredKey('p', composed, { protect: true })], [decomposed]);
    expect(plan.warnings?.[0]?.message).toContain(
      'differ only in Unicode normalization (the same text encoded differently: "caf\\u{e9}" and "cafe\\u{301}")',
    );
    expect(plan.blockers.map((blocker) => [blocker.kind, blocker.address])).toEqual([['case_variant', `p/${decomposed}`]]);
  });

  it('folds case beyond ASCII (ß and SS), and tells a difference in both case and normalization', () => {
    expect(planWith([build.desiredKey('p', 'STRASSE')], ['straße']).warnings?.[0]?.message).toContain('differ only in letter case;');
    expect(planWith([build.desiredKey('p', 'CAF\u00c9')], ['cafe\u0301']).warnings?.[0]?.message).toContain(
      'differ only in letter case and Unicode normalization;',
    );
  });

  it('leaves ignored names out: they are not this file’s to plan', () => {
    const plan = planWith([build.desiredKey('p', 'Tmp-1')], ['tmp-1'], { settings: { ignore: ['tmp-*'] } });
    expect(plan).not.toHaveProperty('warnings');
  });

  it('keeps a pair when either name is in --target scope', () => {
    const keys = [build.absentKey('p', 'Legacy-Signing', { jwkDeleteAction: 'NULLIFY' })];
    const declared = planWith(keys, ['legacy-signing'], { targets: ['p/Legacy-Signing'] });
    expect(declared.warnings?.map((warning) => warning.liveAddress)).toEqual(['p/legacy-signing']);
    const live = planWith(keys, ['legacy-signing'], { targets: ['p/legacy-signing'] });
    expect(live.blockers.map((blocker) => [blocker.kind, blocker.address])).toEqual([['case_variant', 'p/legacy-signing']]);
    expect(planWith(keys, ['legacy-signing'], { targets: ['p/stays'] })).not.toHaveProperty('warnings');
  });

  it('adds nothing to the document of a plan without warnings', () => {
    const plan = planWith([build.desiredKey('p', 'other')], ['gone']);
    expect(Object.keys(toPlanDocument(plan))).toEqual(['formatVersion', 'projects', 'entries', 'blockers', 'notices', 'summary']);
  });
});
