import { describe, expect, it } from '@jest/globals';
import type { AppError } from '../../src/common/app-error.js';
import { catchAppError } from '../support/catch-app-error.js';
import { parseSavedPlan, serializeSavedPlan } from '../../src/saved-plan/saved-plan-file.js';
import { EMPTY_PLAN, makeTestRecord } from '../support/saved-plan-record.js';

const record = makeTestRecord('https://manager.example.com/apiops');

function failureOf(text: string): AppError {
  return catchAppError(() => parseSavedPlan(text, 'plan.json'));
}

describe('parseSavedPlan', () => {
  it('round-trips what serializeSavedPlan wrote', () => {
    const parsed = parseSavedPlan(serializeSavedPlan(EMPTY_PLAN, record), 'plan.json');
    expect(parsed.planDocument).toEqual(EMPTY_PLAN);
    expect(parsed.record).toEqual(record);
  });

  it('refuses a record with fields missing as not a saved plan, not as an internal error', () => {
    const { request: _request, ...incomplete } = record;
    const error = failureOf(JSON.stringify({ formatVersion: 1, savedPlan: incomplete }));
    expect(error.code).toBe('usage');
    expect(error.message).toBe('plan.json is not a saved plan: its savedPlan record is incomplete.');
  });

  it('refuses a hand-edited file whose fields have the wrong shape, as not a saved plan', () => {
    const tampered = JSON.parse(serializeSavedPlan(EMPTY_PLAN, record)) as {
      savedPlan: { request: { targets: unknown[] } };
      entries: unknown[];
    };
    tampered.savedPlan.request.targets = [{}];
    expect(failureOf(JSON.stringify(tampered)).message).toBe(
      'plan.json is not a saved plan: it does not match the plan file format: /savedPlan/request/targets/0 must be string (a hand-edited file?).',
    );
    const entries = JSON.parse(serializeSavedPlan(EMPTY_PLAN, record)) as { entries: unknown[] };
    entries.entries = [{ action: 'delete', address: 'p/k' }];
    expect(failureOf(JSON.stringify(entries)).code).toBe('usage');
  });

  it('names the unknown field a hand edit added to an entry, not a field another kind of entry needs', () => {
    const edited = JSON.parse(serializeSavedPlan(EMPTY_PLAN, record)) as { entries: unknown[] };
    edited.entries = [
      {
        action: 'delete',
        address: 'p/k',
        project: 'p',
        key: 'k',
        reason: 'not in the file',
        extra: true,
      },
    ];
    const message = failureOf(JSON.stringify(edited)).message;
    expect(message).toContain('it does not match the plan file format: /entries/0 has an unknown field "extra"');
    expect(message).not.toContain("'spec'");
  });

  it('refuses an unknown format version naming both versions', () => {
    const error = failureOf(JSON.stringify({ savedPlan: { ...record, formatVersion: 7 } }));
    expect(error.code).toBe('stale_plan');
    expect(error.message).toContain('format version 7');
  });

  it('refuses text that is not JSON', () => {
    expect(failureOf('version: 1').message).toBe('plan.json is not a saved plan: it is not JSON.');
  });
});
