import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { materialKey } from '../../src/core/model/material.js';
import type { MaterialComparisons, MaterialVerdict } from '../../src/core/model/material-comparison.js';
import { makePlanRequest } from '../../src/core/model/plan-request.js';
import type { UpdateEntry } from '../../src/core/model/plan.js';
import { makePlan } from '../../src/core/plan/make-plan.js';
import { listMaterialComparisons } from '../../src/core/plan/select-material-comparisons.js';
import {
  desiredEnvironment,
  desiredKey,
  desiredProject,
  desiredState,
  envSourcedEnvironment,
  gapsFor,
  liveKey,
  liveProject,
  liveStateOf,
  materialsFor,
} from '../support/builders.js';

/** The planner's side of comparing live material: verdicts in, updates (or none) out; never material. */

const key = desiredKey('p', 'k', { environments: [desiredEnvironment('production'), desiredEnvironment('staging')] });
const live = liveProject('p', [liveKey('k', { environments: [{ environmentName: 'production' }, { environmentName: 'staging' }] })], {
  partialUpdates: true,
});

function planWith(verdicts: Record<string, MaterialVerdict>, options: { description?: string; flag?: boolean; setting?: boolean } = {}) {
  const desired = desiredState({
    projects: [desiredProject('p', [{ ...key, description: options.description ?? '' }], options.setting ? { compareMaterial: true } : {})],
  });
  const comparisons: MaterialComparisons = {
    verdicts: new Map(Object.entries(verdicts).map(([environment, verdict]) => [materialKey('p', 'k', environment), verdict])),
    skipped: new Map(),
  };
  const snapshot = { desired, live: liveStateOf(live), materials: materialsFor(desired), comparisons };
  return makePlan(snapshot, makePlanRequest({ compareMaterial: options.flag ?? !options.setting }));
}

describe('planning with live material compared', () => {
  it('matching material everywhere is no change', () => {
    expect(planWith({ production: 'matches', staging: 'matches' }).entries).toEqual([expect.objectContaining({ action: 'no-op' })]);
  });

  it('material that differs is an update naming the environment, sending the whole key', () => {
    const [entry] = planWith({ production: 'differs', staging: 'matches' }).entries as UpdateEntry[];
    expect(entry).toMatchObject({ action: 'update', reason: 'material differs in production', sends: 'everything' });
    expect(entry!.changes).toEqual([{ field: 'environments.production.content', sensitive: true }]);
  });

  it('missing material is an update that re-sends it; both kinds are named', () => {
    const [entry] = planWith({ production: 'differs', staging: 'missing' }).entries as UpdateEntry[];
    expect(entry!.reason).toBe('material differs in production; no material in staging');
  });

  it('with matching material, a description change sends only the description', () => {
    const [entry] = planWith({ production: 'matches', staging: 'matches' }, { description: 'new' }).entries as UpdateEntry[];
    expect(entry).toMatchObject({ reason: 'changed: description', sends: 'changed-fields' });
  });

  it('a description change and drifted material: both in the reason, everything sent', () => {
    const [entry] = planWith({ production: 'differs' }, { description: 'new' }).entries as UpdateEntry[];
    expect(entry).toMatchObject({ reason: 'changed: description; material differs in production', sends: 'everything' });
  });

  it('a project skipped (a setting, no permission) ignores verdicts and carries a notice', () => {
    const desired = desiredState({ projects: [desiredProject('p', [key], { compareMaterial: true })] });
    const snapshot = {
      desired,
      live: liveStateOf(live),
      materials: materialsFor(desired),
      comparisons: {
        verdicts: new Map([[materialKey('p', 'k', 'production'), 'differs' as const]]),
        skipped: new Map([['p', 'no permission']]),
      },
    };
    const plan = makePlan(snapshot, makePlanRequest());
    expect(plan.entries).toEqual([expect.objectContaining({ action: 'no-op' })]);
    expect(plan.notices).toContainEqual({ kind: 'material_not_compared', address: 'p', message: 'no permission' });
  });

  it('with the flag, desired material not read here blocks (it cannot be compared); with a setting it is a notice', () => {
    const withGap = desiredKey('p', 'k', { environments: [envSourcedEnvironment('production', 'UNSET_VAR')] });
    const plan = (settings: object, flag: boolean) => {
      const desired = desiredState({ projects: [desiredProject('p', [withGap], settings)] });
      const production = liveProject('p', [liveKey('k')], { partialUpdates: true });
      const snapshot = { desired, live: liveStateOf(production), materials: materialsFor(desired), materialGaps: gapsFor(desired) };
      return makePlan(snapshot, makePlanRequest({ compareMaterial: flag }));
    };
    expect(plan({}, true).blockers).toEqual([
      expect.objectContaining({ kind: 'missing_material', message: expect.stringContaining('--compare-material') }),
    ]);
    expect(plan({ compareMaterial: true }, false).blockers).toEqual([]);
  });
});

describe('planning with live material compared: properties', () => {
  const verdictArb = fc.constantFrom<MaterialVerdict | undefined>('matches', 'differs', 'missing', undefined);

  it('matching (or uncompared) material plans exactly as without comparison; anything else re-sends the whole key, naming each environment once', () => {
    fc.assert(
      fc.property(verdictArb, verdictArb, fc.boolean(), (production, staging, describe) => {
        const verdicts = Object.fromEntries(
          Object.entries({ production, staging }).filter((entry): entry is [string, MaterialVerdict] => entry[1] !== undefined),
        );
        const description = describe ? 'changed' : '';
        const compared = planWith(verdicts, { description });
        const drifted = Object.entries(verdicts).filter(([, verdict]) => verdict !== 'matches');
        if (drifted.length === 0) {
          expect(compared).toEqual(planWith({}, { description, flag: false }));
          return;
        }
        const [entry] = compared.entries as UpdateEntry[];
        expect(entry).toMatchObject({ action: 'update', sends: 'everything' });
        for (const [environment] of drifted) {
          expect(entry!.changes.filter((change) => change.field === `environments.${environment}.content`)).toHaveLength(1);
        }
        const named = (kind: MaterialVerdict) => drifted.filter(([, verdict]) => verdict === kind).map(([environment]) => environment);
        if (named('differs').length > 0) expect(entry!.reason).toContain(`material differs in ${named('differs').join(', ')}`);
        if (named('missing').length > 0) expect(entry!.reason).toContain(`no material in ${named('missing').join(', ')}`);
        expect(
          entry!.changes.filter((change) => change.sensitive).every((change) => change.before === undefined && change.after === undefined),
        ).toBe(true);
      }),
    );
  });
});

describe('listMaterialComparisons: which keys are exported', () => {
  const desired = desiredState({
    defaults: { ignore: ['tmp-*'] },
    projects: [
      desiredProject('p', [
        key,
        desiredKey('p', 'new'),
        desiredKey('p', 'tmp-x'),
        desiredKey('p', 'gap', { environments: [envSourcedEnvironment('production', 'UNSET')] }),
        desiredKey('p', 'legacy-print'),
      ]),
    ],
  });
  const liveP = liveProject('p', [
    ...live.keys,
    liveKey('tmp-x'),
    liveKey('gap'),
    liveKey('legacy-print', { environments: [{ environmentName: 'production', materialSha256: 'a'.repeat(64) }] }),
  ]);

  it('only present, live, in-scope, not ignored keys with material read here and not already fingerprinted', () => {
    const targets = listMaterialComparisons(desired, liveP, makePlanRequest({ compareMaterial: true }), materialsFor(desired));
    expect(targets).toEqual([{ project: 'p', key: 'k', type: 'SECRET_KEY', mode: 'flag', environments: ['production', 'staging'] }]);
  });

  it('nothing without the flag or a setting; a setting in the defaults or the project turns it on', () => {
    expect(listMaterialComparisons(desired, liveP, makePlanRequest(), materialsFor(desired))).toEqual([]);
    const set = desiredState({ defaults: { ignore: ['tmp-*'], compareMaterial: true }, projects: desired.projects });
    expect(listMaterialComparisons(set, liveP, makePlanRequest(), materialsFor(set)).map((target) => target.mode)).toEqual(['setting']);
  });

  it('--target narrows it', () => {
    expect(
      listMaterialComparisons(desired, liveP, makePlanRequest({ compareMaterial: true, targets: ['p/other'] }), materialsFor(desired)),
    ).toEqual([]);
  });
});
