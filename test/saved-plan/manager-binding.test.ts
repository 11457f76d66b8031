import { describe, expect, it } from '@jest/globals';
import { assertSavedPlanManager } from '../../src/saved-plan/check-manager.js';
import { parseSavedPlan, serializeSavedPlan } from '../../src/saved-plan/saved-plan-file.js';
import { catchAppError } from '../support/catch-app-error.js';
import { EMPTY_PLAN, makeTestRecord } from '../support/saved-plan-record.js';

const record = makeTestRecord('https://manager-a.example.com/apiops');
const file = serializeSavedPlan(EMPTY_PLAN, record);

describe('the Manager a saved plan was made against', () => {
  it('is recorded in the file and read back', () => {
    expect((JSON.parse(file) as { savedPlan: { manager: string; formatVersion: number } }).savedPlan).toMatchObject({
      manager: 'https://manager-a.example.com/apiops',
      formatVersion: 2,
    });
    expect(parseSavedPlan(file, 'plan.json').record.manager).toBe('https://manager-a.example.com/apiops');
  });

  it('lets the plan apply to the same Manager', () => {
    expect(() =>
      assertSavedPlanManager(parseSavedPlan(file, 'plan.json'), 'plan.json', 'https://manager-a.example.com/apiops'),
    ).not.toThrow();
  });

  it('refuses another Manager, naming both and what to do', () => {
    const error = catchAppError(() =>
      assertSavedPlanManager(parseSavedPlan(file, 'plan.json'), 'plan.json', 'https://manager-b.example.com/apiops'),
    );
    expect(error.code).toBe('stale_plan');
    expect(error.fault).toBe('user');
    expect(error.message).toBe(
      'Saved plan plan.json was made against the Manager https://manager-a.example.com/apiops, not https://manager-b.example.com/apiops. Nothing was changed.',
    );
    expect(error.hint).toContain('Run plan --out again against https://manager-b.example.com/apiops');
  });

  it('refuses an older (format version 1) file, which does not record it, as incompatible', () => {
    const { manager: _manager, ...older } = record;
    const error = catchAppError(() =>
      parseSavedPlan(JSON.stringify({ savedPlan: { ...older, formatVersion: 1, toolVersion: '0.1.0' } }), 'old.json'),
    );
    expect(error.code).toBe('stale_plan');
    expect(error.message).toContain('old.json is a saved plan of format version 1, which does not record the Manager it was made against');
    expect(error.message).toContain('reads format version 2');
    expect(error.hint).toBe('Run plan --out again with this version, against the Manager to apply to.');
  });

  it('refuses a current-format file without it as incomplete', () => {
    const { manager: _manager, ...incomplete } = record;
    const error = catchAppError(() => parseSavedPlan(JSON.stringify({ savedPlan: incomplete }), 'plan.json'));
    expect(error.code).toBe('usage');
    expect(error.message).toBe('plan.json is not a saved plan: its savedPlan record is incomplete.');
  });
});
