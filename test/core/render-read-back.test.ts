/** How the apply summary words the read back, in text and JSON. */
import { describe, expect, it } from '@jest/globals';
import type { ApplyReport, OperationResult } from '../../src/core/model/apply-report.js';
import type { ChangeEntry, Plan } from '../../src/core/model/plan.js';
import { renderApplyJson } from '../../src/core/render/render-apply-json.js';
import { renderApplySummary } from '../../src/core/render/render-apply-text.js';

const entry = (key: string, project = 'p'): ChangeEntry => ({
  address: `${project}/${key}`,
  project,
  key,
  reason: 'test',
  action: 'create',
  spec: { type: 'SECRET_KEY', algorithm: 'AES', description: '', environments: [] },
});
const succeeded = { status: 'succeeded', deployment: { success: true, environments: [] }, durationMs: 1 } as const;
const confirmed = (key: string, project?: string): OperationResult => ({
  entry: entry(key, project),
  outcome: succeeded,
  readBack: { status: 'confirmed' },
});
const done = (projects: string[]) => ({ status: 'done', projects }) as const;

describe('renderApplySummary with a read back', () => {
  it('ends a confirmed apply with what was verified', () => {
    const report: ApplyReport = { results: [confirmed('a'), confirmed('b', 'q')], interrupted: false, readBack: done(['p', 'q']) };
    expect(renderApplySummary(report, false)).toEqual([
      'Apply complete: 2 created, 0 updated, 0 deleted.',
      'Read back: 2 of 2 changes confirmed in 2 projects.',
    ]);
  });

  it('names each unconfirmed operation with its fields, quoting free text, and counts it', () => {
    const report: ApplyReport = {
      interrupted: false,
      readBack: done(['p']),
      results: [
        confirmed('a'),
        {
          entry: entry('b'),
          outcome: succeeded,
          readBack: {
            status: 'unconfirmed',
            mismatches: [
              { field: 'description', planned: 'new', actual: 'old' },
              { field: 'environments.staging', planned: 'deployed', actual: 'absent' },
            ],
          },
        },
      ],
    };
    const lines = renderApplySummary(report, false);
    expect(lines[0]).toBe('Apply failed: 1 created, 0 updated, 0 deleted; 0 partial, 0 failed, 0 not run, 1 unconfirmed.');
    expect(lines).toContain('  p/b: UNCONFIRMED: the Manager answered success, but reading it back shows');
    expect(lines).toContain('      description: planned "new", the Manager shows "old"');
    expect(lines).toContain('      environments.staging: planned deployed, the Manager shows absent');
    expect(lines.at(-1)).toBe('Read back: 1 of 2 changes confirmed in 1 project; 1 unconfirmed.');
  });

  it('an operation taken as already done says the Manager said so, not that it answered success', () => {
    const report: ApplyReport = {
      interrupted: false,
      readBack: done(['p']),
      results: [
        {
          entry: entry('gone'),
          outcome: { status: 'already-done', durationMs: 1, note: 'already absent' },
          readBack: { status: 'unconfirmed', mismatches: [{ field: 'key', planned: 'absent', actual: 'present' }] },
        },
      ],
    };
    expect(renderApplySummary(report, false)).toContain(
      '  p/gone: UNCONFIRMED: the Manager said it was already absent, but reading it back shows',
    );
  });

  it('says an apply whose read back failed was applied but not verified', () => {
    const report: ApplyReport = {
      results: [{ entry: entry('a'), outcome: succeeded }],
      interrupted: false,
      readBack: { status: 'failed', message: 'GET /keys/: connection reset.' },
    };
    expect(renderApplySummary(report, false)).toEqual([
      'Apply complete but not verified: 1 created, 0 updated, 0 deleted.',
      'Read back failed: GET /keys/: connection reset. The changes were applied but not verified; run plan to see the live state.',
    ]);
  });

  it('says when the read back was turned off, and when nothing could be checked', () => {
    const off: ApplyReport = {
      results: [{ entry: entry('a'), outcome: succeeded }],
      interrupted: false,
      readBack: { status: 'skipped', reason: 'turned-off' },
    };
    expect(renderApplySummary(off, false).at(-1)).toBe('Read back: skipped (--no-read-back): what the Manager did was not verified.');
    const failed: ApplyReport = {
      interrupted: false,
      readBack: done([]),
      results: [
        {
          entry: entry('a'),
          outcome: { status: 'failed', code: 'server_error', message: 'no', durationMs: 1 },
          readBack: { status: 'not-checked', reason: 'failed, so not checked' },
        },
      ],
    };
    expect(renderApplySummary(failed, false).at(-1)).toBe('Read back: nothing to check (1 failed or not run, not checked).');
  });
});

describe('renderApplyJson with a read back', () => {
  it('carries each verdict and the read back with its counts', () => {
    const plan = { formatVersion: 1, projects: ['p'], entries: [entry('a')], blockers: [], notices: [] } as Plan;
    const report: ApplyReport = { results: [confirmed('a')], interrupted: false, readBack: done(['p']) };
    const document = JSON.parse(renderApplyJson(plan, report));
    expect(document.apply.results[0].readBack).toEqual({ status: 'confirmed' });
    expect(document.apply.readBack).toEqual({
      status: 'done',
      projects: ['p'],
      counts: { checked: 1, confirmed: 1, unconfirmed: 0, notChecked: 0 },
    });
    expect(document.apply.counts.unconfirmed).toBe(0);
  });
});
