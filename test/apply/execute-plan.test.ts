import { describe, expect, it } from '@jest/globals';
import { executePlan } from '../../src/apply/execute-plan.js';
import { listExpectedEnvironments, markUnreportedEnvironments } from '../../src/apply/expected-environments.js';
import { createLimiter } from '../../src/common/limiter.js';
import type { DeleteEntry, Plan, UpdateEntry } from '../../src/core/model/plan.js';
import { client, json, serve } from '../apinizer/fake-manager.js';
import { deleteEntryOf } from '../support/builders.js';

function deleteOf(key: string, environments: string[] = ['production']): DeleteEntry {
  return deleteEntryOf('p', key, { environments });
}

function planOf(...entries: Plan['entries']): Plan {
  return { formatVersion: 1, projects: ['p'], entries, blockers: [], notices: [] };
}

describe('executePlan stops starting operations once the credentials stop working', () => {
  it.each([
    ['an expired personal token', { status: 'FAILURE', resultMessage: 'Token was expired!' }, 'token_expired'],
    ['a token the Manager no longer accepts', { status: 'FAILURE', resultMessage: 'Token is not valid!' }, 'unauthorized'],
  ])('%s: one refused operation, the rest not started', async (_name, body, code) => {
    const server = await serve((_request, response) => json(response, 401, body));
    const report = await executePlan(planOf(deleteOf('a'), deleteOf('b'), deleteOf('c')), client(server.url), {
      limit: createLimiter(1),
      isStopping: () => false,
      onEvent: () => undefined,
    });
    expect(report.results.map((result) => result.outcome.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(report.results[0]?.outcome).toMatchObject({ code });
    expect(report.results[1]?.outcome).toMatchObject({
      reason: expect.stringContaining(`not started: an earlier operation was refused (${code})`),
    });
    expect(report.interrupted).toBe(false);
    expect(server.seen).toHaveLength(1);
  });

  it('other failures do not stop the run', async () => {
    const server = await serve((_request, response) =>
      json(response, 500, { status: 'FAILURE', resultMessage: 'An unexpected error occurred' }),
    );
    const report = await executePlan(planOf(deleteOf('a'), deleteOf('b')), client(server.url, { retries: 0 }), {
      limit: createLimiter(1),
      isStopping: () => false,
      onEvent: () => undefined,
    });
    expect(report.results.map((result) => result.outcome.status)).toEqual(['failed', 'failed']);
  });
});

describe('environments a change must confirm', () => {
  const update: UpdateEntry = {
    action: 'update',
    address: 'p/k',
    project: 'p',
    key: 'k',
    reason: 'changed: environments.staging',
    spec: { type: 'SECRET_KEY', algorithm: 'AES', description: '', environments: [{ name: 'production', source: 'inline base64' }] },
    changes: [{ field: 'environments.staging', before: 'deployed', after: 'absent', sensitive: false }],
    sends: 'everything',
    jwkUpdateAction: { value: 'NULLIFY', source: 'api-default' },
    updateScope: { value: 'SAME_PROJECT', source: 'api-default' },
  };

  it('a whole-key update must confirm the environments it keeps and the ones it drops', () => {
    expect(listExpectedEnvironments(update)).toEqual(['production', 'staging']);
    expect(listExpectedEnvironments({ ...update, sends: 'changed-fields' })).toBeUndefined();
    expect(listExpectedEnvironments(deleteOf('k', ['production', 'id:env-9']))).toEqual(['production']);
  });

  it('an environment the Manager leaves out of its per-environment answer is not confirmed', () => {
    const marked = markUnreportedEnvironments({ success: true, environments: [{ environmentName: 'production', success: true }] }, [
      'production',
      'staging',
    ]);
    expect(marked.success).toBe(false);
    expect(marked.environments).toContainEqual({
      environmentName: 'staging',
      success: false,
      message: 'the Manager did not report this environment',
    });
    const bare = { success: true, environments: [] };
    expect(markUnreportedEnvironments(bare, ['production'])).toBe(bare);
  });
});
