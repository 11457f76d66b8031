import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ApplyReport } from '../../src/core/model/apply-report.js';
import type { ChangeEntry, Plan } from '../../src/core/model/plan.js';
import { renderApplyJson } from '../../src/core/render/render-apply-json.js';
import { renderOperationEnd } from '../../src/core/render/render-apply-text.js';
import { renderPlanJson } from '../../src/core/render/render-plan-json.js';
import { renderPlanMarkdown } from '../../src/core/render/render-plan-markdown.js';
import { renderPlanText } from '../../src/core/render/render-plan-text.js';
import * as build from '../support/builders.js';

/** p/fields: description only on a partial-update Manager; p/whole: an alias change; p/new: a create of an AES key. */
function fixture(): Plan {
  const desired = build.desiredState({
    projects: [
      build.desiredProject('p', [
        build.desiredKey('p', 'fields', {
          description: 'new',
          algorithm: 'AES',
          environments: [build.envSourcedEnvironment('production', 'UNSET_KEY')],
        }),
        build.desiredKey('p', 'new', { algorithm: 'AES' }),
        build.desiredKey('p', 'whole', { environments: [build.desiredEnvironment('production', { alias: 'b' })] }),
      ]),
    ],
  });
  const live = build.liveStateOf(
    build.liveProject(
      'p',
      [
        build.liveKey('fields', { description: 'old', algorithm: 'AES' }),
        build.liveKey('whole', { environments: [{ environmentName: 'production', alias: 'a' }] }),
      ],
      { partialUpdates: true },
    ),
  );
  return build.makeTestPlan({ desired, live, materials: build.materialsFor(desired), materialGaps: build.gapsFor(desired) });
}

describe('what an update sends, in every format', () => {
  const plan = fixture();

  it('the plan has one update of each kind, and no blocker for the material it does not send', () => {
    expect(plan.entries.map((e) => [e.address, e.action, e.action === 'update' ? e.sends : undefined])).toEqual([
      ['p/fields', 'update', 'changed-fields'],
      ['p/new', 'create', undefined],
      ['p/whole', 'update', 'everything'],
    ]);
    expect(plan.blockers).toEqual([]);
  });

  it('text', () => {
    const text = renderPlanText(plan, { color: false, verbose: true });
    expect(text).toContain('\n      ~ description: "old" → "new"\n      sends: description only (stored material untouched)\n');
    expect(text).toContain(
      '\n      sends: the whole key with the material of every environment: production (sensitive) from inline base64\n',
    );
    expect(text).toContain('\n      algorithm:   AES\n');
    // The gap shows with -v, and the material that was not read is never claimed as sent.
    expect(text).toContain(
      '  . p/fields: material of environment "production" not read, and not needed: this plan does not send it (test.yaml:1:1: Key p/fields, environment production: environment variable UNSET_KEY is not set.)',
    );
    expect(renderPlanText(plan, { color: false, verbose: false })).not.toContain('UNSET_KEY');
  });

  it('Markdown', () => {
    const text = renderPlanMarkdown(plan);
    expect(text).toContain('\n      sends: description only (stored material untouched)\n');
    expect(text).toContain(
      '\n      sends: the whole key with the material of every environment: production (sensitive) from inline base64\n',
    );
    expect(text).toContain('\n+     algorithm: AES\n');
  });

  it('JSON', () => {
    const document = JSON.parse(renderPlanJson(plan)) as { entries: Record<string, unknown>[] };
    expect(document.entries.map((e) => e.sends)).toEqual(['changed-fields', undefined, 'everything']);
    const spec = document.entries[0]!.spec as { algorithm: string; environments: Record<string, unknown>[] };
    expect(spec.algorithm).toBe('AES');
    // Not read, so absent; never a value.
    expect(spec.environments[0]).toEqual({ name: 'production', source: 'env UNSET_KEY' });
    expect((document.entries[2]!.spec as { environments: Record<string, unknown>[] }).environments[0]!.material).toBe('(sensitive)');
  });

  it('names both fields when description and algorithm change', () => {
    const desired = build.desiredState({
      projects: [build.desiredProject('p', [build.desiredKey('p', 'k', { description: 'new', algorithm: 'DES' })])],
    });
    const both = build.makeTestPlan({
      desired,
      live: build.liveStateOf(
        build.liveProject('p', [build.liveKey('k', { description: 'old', algorithm: 'AES' })], { partialUpdates: true }),
      ),
      materials: build.materialsFor(desired),
    });
    const text = renderPlanText(both, { color: false, verbose: false });
    expect(text).toContain('\n      ~ algorithm: "AES" → "DES"\n      sends: description and algorithm only (stored material untouched)\n');
  });

  it('a create blocked by missing material says where the material would come from, not that it is sent', () => {
    const desired = build.desiredState({
      projects: [
        build.desiredProject('p', [build.desiredKey('p', 'k', { environments: [build.envSourcedEnvironment('production', 'UNSET_KEY')] })]),
      ],
    });
    const blocked = build.makeTestPlan({
      desired,
      live: build.liveStateOf(build.liveProject('p', [])),
      materials: build.materialsFor(desired),
      materialGaps: build.gapsFor(desired),
    });
    expect(blocked.blockers.map((b) => b.kind)).toEqual(['missing_material']);
    expect(renderPlanText(blocked, { color: false, verbose: false })).toContain(
      '+ environment production, content (not read here) from env UNSET_KEY',
    );
  });
});

describe('apply rendering of deployment results', () => {
  const plan = fixture();
  const entry = plan.entries.find((e) => e.action === 'create') as ChangeEntry;

  it('shows the pod of a per-pod result', () => {
    const lines = renderOperationEnd(
      entry,
      {
        status: 'partial',
        durationMs: 1200,
        deployment: { success: false, environments: [{ environmentName: 'production', pod: 'gw-1', success: false, message: 'timeout' }] },
      },
      false,
    );
    expect(lines).toEqual(['p/new: created, but not every environment confirmed after 1.2s', '    ✗ production, pod gw-1: timeout']);
  });

  it('says the Manager reported no per-environment detail instead of listing nothing as confirmed', () => {
    const outcome = { status: 'succeeded', durationMs: 500, deployment: { success: true, environments: [] } } as const;
    expect(renderOperationEnd(entry, outcome, false)).toEqual([
      'p/new: created after 0.5s',
      '    (the Manager reported no per-environment detail)',
    ]);
    const report: ApplyReport = { interrupted: false, results: [{ entry, outcome }] };
    const document = JSON.parse(renderApplyJson(plan, report)) as { apply: { results: { deployment: Record<string, unknown> }[] } };
    expect(document.apply.results[0]!.deployment).toEqual({
      success: true,
      environments: [],
      note: 'the Manager reported no per-environment detail',
    });
  });

  it('adds no note when environments are reported', () => {
    const outcome = {
      status: 'succeeded',
      durationMs: 500,
      deployment: { success: true, environments: [{ environmentName: 'production', success: true }] },
    } as const;
    const document = JSON.parse(renderApplyJson(plan, { interrupted: false, results: [{ entry, outcome }] })) as {
      apply: { results: { deployment: Record<string, unknown> }[] };
    };
    expect(document.apply.results[0]!.deployment).not.toHaveProperty('note');
    expect(renderOperationEnd(entry, outcome, false)[1]).toBe('    ✓ production');
  });
});

describe('schemas/plan.schema.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strictTypes: false }).compile(schema);
  const check = (text: string) => {
    const valid = validate(JSON.parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  };

  it('accepts sends, spec.algorithm, material left out, the new blocker and notice kinds', () => {
    check(renderPlanJson(fixture()));
    const desired = build.desiredState({
      projects: [
        build.desiredProject('p', [
          build.desiredKey('p', 'k', { algorithm: 'AES', environments: [build.envSourcedEnvironment('production', 'UNSET_KEY')] }),
        ]),
      ],
    });
    const blocked = build.makeTestPlan({
      desired,
      live: build.liveStateOf(build.liveProject('p', [build.liveKey('.')])),
      materials: build.materialsFor(desired),
      materialGaps: build.gapsFor(desired),
    });
    expect(blocked.blockers.map((b) => b.kind).sort()).toEqual(['missing_material', 'unaddressable_name']);
    check(renderPlanJson(blocked));
  });

  it('accepts a pod and the no-detail note in apply results', () => {
    const plan = fixture();
    const entry = plan.entries.find((e) => e.action === 'create') as ChangeEntry;
    const report: ApplyReport = {
      interrupted: false,
      results: [
        { entry, outcome: { status: 'succeeded', durationMs: 1, deployment: { success: true, environments: [] } } },
        {
          entry,
          outcome: {
            status: 'partial',
            durationMs: 1,
            deployment: { success: false, environments: [{ environmentName: 'production', pod: 'gw-1', success: false }] },
          },
        },
      ],
    };
    check(renderApplyJson(plan, report));
  });

  it('refuses an update without sends: it must say what the PUT carries', () => {
    const document = JSON.parse(renderPlanJson(fixture())) as { entries: Record<string, unknown>[] };
    delete document.entries[0]!.sends;
    expect(validate(document)).toBe(false);
  });
});
