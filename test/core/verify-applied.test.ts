/** The read-back verdicts: pure, from plan entries, outcomes and the re-read projects. */
import { describe, expect, it } from '@jest/globals';
import { countApplyResults, isApplySuccessful, type OperationOutcome, type OperationResult } from '../../src/core/model/apply-report.js';
import type { LiveJwk } from '../../src/core/model/live-state.js';
import type { AffectedJwk, CreateEntry, DeleteEntry, KeySpec, UpdateEntry } from '../../src/core/model/plan.js';
import { listReadBackTargets } from '../../src/core/verify/list-read-back-targets.js';
import { verifyApplied } from '../../src/core/verify/verify-applied.js';
import { liveKey, liveProject, liveStateOf } from '../support/builders.js';

const SPEC: KeySpec = {
  type: 'SECRET_KEY',
  algorithm: 'AES',
  description: 'planned',
  environments: [
    { name: 'production', alias: 'a', source: 'inline base64' },
    { name: 'staging', source: 'inline base64' },
  ],
};

/** The live key that matches {@link SPEC} exactly. */
const MATCHING = liveKey('k', {
  description: 'planned',
  algorithm: 'AES',
  environments: [{ environmentName: 'production', alias: 'a' }, { environmentName: 'staging' }],
});

const base = { address: 'p/k', project: 'p', key: 'k', reason: 'test' };
const create: CreateEntry = { ...base, action: 'create', spec: SPEC };
const update: UpdateEntry = {
  ...base,
  action: 'update',
  spec: SPEC,
  changes: [],
  sends: 'everything',
  jwkUpdateAction: { value: 'NULLIFY', source: 'api-default' },
  updateScope: { value: 'SAME_PROJECT', source: 'api-default' },
};
function deleteOf(affectedJwks?: AffectedJwk[]): DeleteEntry {
  return {
    ...base,
    action: 'delete',
    cause: 'absent',
    jwkDeleteAction: { value: 'DELETE', source: 'key' },
    environments: ['production'],
    ...(affectedJwks ? { affectedJwks } : {}),
  };
}

const SUCCEEDED: OperationOutcome = { status: 'succeeded', deployment: { success: true, environments: [] }, durationMs: 1 };
const ALREADY_ABSENT: OperationOutcome = { status: 'already-done', durationMs: 1, note: 'already absent' };
const FAILED: OperationOutcome = { status: 'failed', code: 'server_error', message: 'no', durationMs: 1 };

const jwk = (name: string): LiveJwk => ({ name, sourceType: 'PRIVATE_KEY' });

function verdictOf(result: OperationResult, ...keys: Parameters<typeof liveProject>[1]) {
  return verifyApplied([result], liveStateOf(liveProject('p', keys, { partialUpdates: true })))[0]!.readBack;
}

describe('verifyApplied: creates and updates', () => {
  it.each([
    ['create', create],
    ['update', update],
  ])('confirms a %s the Manager shows as planned', (_label, entry) => {
    expect(verdictOf({ entry, outcome: SUCCEEDED }, MATCHING)).toEqual({ status: 'confirmed' });
  });

  it('finds a created key that is not there', () => {
    expect(verdictOf({ entry: create, outcome: SUCCEEDED })).toEqual({
      status: 'unconfirmed',
      mismatches: [{ field: 'key', planned: 'present', actual: 'absent' }],
    });
  });

  it('names every field that differs, with what was planned and what the Manager shows', () => {
    const live = liveKey('k', {
      description: 'old',
      keyType: 'PRIVATE_KEY',
      algorithm: 'DES',
      environments: [{ environmentName: 'production', alias: 'b' }, { environmentName: 'test' }],
    });
    expect(verdictOf({ entry: update, outcome: SUCCEEDED }, live)).toEqual({
      status: 'unconfirmed',
      mismatches: [
        { field: 'description', planned: 'planned', actual: 'old' },
        { field: 'type', planned: 'SECRET_KEY', actual: 'PRIVATE_KEY' },
        { field: 'algorithm', planned: 'AES', actual: 'DES' },
        { field: 'environments.production.alias', planned: 'a', actual: 'b' },
        { field: 'environments.staging', planned: 'deployed', actual: 'absent' },
        { field: 'environments.test', planned: 'absent', actual: 'deployed' },
      ],
    });
  });

  it('takes a missing algorithm as a mismatch only where the Manager reports algorithms', () => {
    const live = { ...MATCHING, algorithm: undefined };
    const result = { entry: update, outcome: SUCCEEDED };
    expect(verdictOf(result, live)).toEqual({
      status: 'unconfirmed',
      mismatches: [{ field: 'algorithm', planned: 'AES', actual: '(none)' }],
    });
    const older = liveStateOf(liveProject('p', [live]));
    expect(verifyApplied([result], older)[0]!.readBack).toEqual({ status: 'confirmed' });
  });

  it('never compares material, even where the Manager returns a fingerprint of it', () => {
    const material = { sha256: 'a'.repeat(64) } as unknown as NonNullable<KeySpec['environments'][number]['material']>;
    const entry: UpdateEntry = { ...update, spec: { ...SPEC, environments: SPEC.environments.map((env) => ({ ...env, material })) } };
    const live = { ...MATCHING, environments: MATCHING.environments.map((env) => ({ ...env, materialSha256: 'b'.repeat(64) })) };
    expect(verdictOf({ entry, outcome: SUCCEEDED }, live)).toEqual({ status: 'confirmed' });
  });

  it('checks a partial operation too: the change was made, only an environment did not confirm', () => {
    const partial: OperationOutcome = { status: 'partial', deployment: { success: false, environments: [] }, durationMs: 1 };
    expect(verdictOf({ entry: create, outcome: partial })?.status).toBe('unconfirmed');
  });
});

describe('verifyApplied: deletes', () => {
  it('confirms a deleted key that is gone, and finds one still there', () => {
    expect(verdictOf({ entry: deleteOf(), outcome: SUCCEEDED })).toEqual({ status: 'confirmed' });
    expect(verdictOf({ entry: deleteOf(), outcome: SUCCEEDED }, liveKey('k'))).toEqual({
      status: 'unconfirmed',
      mismatches: [{ field: 'key', planned: 'absent', actual: 'present' }],
    });
  });

  it('checks that a key reported "already absent" really is', () => {
    expect(verdictOf({ entry: deleteOf(), outcome: ALREADY_ABSENT }, liveKey('k'))?.status).toBe('unconfirmed');
    expect(verdictOf({ entry: deleteOf(), outcome: ALREADY_ABSENT })?.status).toBe('confirmed');
  });

  it('finds JWKs DELETE should have removed still there, and JWKs NULLIFY should have kept gone', () => {
    const entry = deleteOf([
      { name: 'deleted-but-there', effect: 'deleted' },
      { name: 'deleted-and-gone', effect: 'deleted' },
      { name: 'kept-and-there', effect: 'detached' },
      { name: 'kept-but-gone', effect: 'detached' },
    ]);
    const live = liveStateOf(liveProject('p', [], { jwks: [jwk('deleted-but-there'), jwk('kept-and-there')] }));
    expect(verifyApplied([{ entry, outcome: SUCCEEDED }], live)[0]!.readBack).toEqual({
      status: 'unconfirmed',
      mismatches: [
        { field: 'jwks.deleted-but-there', planned: 'deleted', actual: 'present' },
        { field: 'jwks.kept-but-gone', planned: 'kept', actual: 'absent' },
      ],
    });
  });
});

describe('verifyApplied: what is not checked', () => {
  it('marks failed and skipped operations not checked, without needing their project', () => {
    const skipped: OperationOutcome = { status: 'skipped', reason: 'interrupted before it started' };
    const results = verifyApplied(
      [
        { entry: create, outcome: FAILED },
        { entry: deleteOf(), outcome: skipped },
      ],
      new Map(),
    );
    expect(results.map((result) => result.readBack)).toEqual([
      { status: 'not-checked', reason: 'failed, so not checked' },
      { status: 'not-checked', reason: 'not run, so not checked' },
    ]);
  });
});

describe('listReadBackTargets', () => {
  it('names each project with a checkable operation once, with the JWK list only where a delete affects JWKs', () => {
    const at = (project: string) => ({ address: `${project}/k`, project });
    const targets = listReadBackTargets([
      { entry: { ...create, ...at('a') }, outcome: SUCCEEDED },
      { entry: { ...deleteOf([{ name: 'j', effect: 'detached' }]), ...at('a') }, outcome: SUCCEEDED },
      { entry: { ...deleteOf([]), ...at('b') }, outcome: ALREADY_ABSENT },
      { entry: { ...deleteOf([{ name: 'j', effect: 'deleted' }]), ...at('c') }, outcome: FAILED },
    ]);
    expect(targets).toEqual([
      { project: 'a', jwks: true },
      { project: 'b', jwks: false },
    ]);
  });
});

describe('counts and success with a read back', () => {
  const unconfirmed: OperationResult = {
    entry: update,
    outcome: SUCCEEDED,
    readBack: { status: 'unconfirmed', mismatches: [{ field: 'description', planned: 'a', actual: 'b' }] },
  };
  const confirmed: OperationResult = { entry: create, outcome: SUCCEEDED, readBack: { status: 'confirmed' } };

  it('counts an unconfirmed operation as unconfirmed, not as done, and fails the apply', () => {
    const report = { results: [unconfirmed, confirmed], interrupted: false, readBack: { status: 'done', projects: ['p'] } } as const;
    expect(countApplyResults(report)).toMatchObject({ created: 1, updated: 0, unconfirmed: 1 });
    expect(isApplySuccessful(report)).toBe(false);
    expect(isApplySuccessful({ ...report, results: [confirmed] })).toBe(true);
  });

  it('fails an apply whose read back failed, but not one whose read back was turned off', () => {
    const results = [{ entry: create, outcome: SUCCEEDED }];
    expect(isApplySuccessful({ results, interrupted: false, readBack: { status: 'failed', message: 'network' } })).toBe(false);
    expect(isApplySuccessful({ results, interrupted: false, readBack: { status: 'skipped', reason: 'turned-off' } })).toBe(true);
  });
});
