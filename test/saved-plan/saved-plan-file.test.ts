import { describe, expect, it } from '@jest/globals';
import type { AppError } from '../../src/common/app-error.js';
import { catchAppError } from '../support/catch-app-error.js';
import { parseSavedPlan, serializeSavedPlan, makeSavedPlanRecord } from '../../src/saved-plan/saved-plan-file.js';

const record = makeSavedPlanRecord({
  manager: 'https://manager.example.com/apiops',
  files: ['apinizer-keys.yaml'],
  options: { targets: [], replaceContent: [], allowMassDelete: false, allowOutsideFiles: false },
  desired: { payments: 'a'.repeat(64) },
  live: { payments: 'b'.repeat(64) },
  salt: 'c'.repeat(32),
  materials: [],
});

function failureOf(text: string): AppError {
  return catchAppError(() => parseSavedPlan(text, 'plan.json'));
}

describe('parseSavedPlan', () => {
  it('round-trips what serializeSavedPlan wrote', () => {
    const parsed = parseSavedPlan(serializeSavedPlan({ formatVersion: 1, entries: [] }, record), 'plan.json');
    expect(parsed.planDocument).toEqual({ formatVersion: 1, entries: [] });
    expect(parsed.record).toEqual(record);
  });

  it('refuses a record with fields missing as not a saved plan, not as an internal error', () => {
    const { options: _options, ...incomplete } = record;
    const error = failureOf(JSON.stringify({ formatVersion: 1, savedPlan: incomplete }));
    expect(error.code).toBe('usage');
    expect(error.message).toBe('plan.json is not a saved plan: its savedPlan record is incomplete.');
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
