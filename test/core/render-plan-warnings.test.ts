/**
 * The plan's warnings (names that differ from a live key's only in case) in every output:
 * text without -v, Markdown within its length bound, and JSON valid by the plan schema.
 */
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import type { Plan } from '../../src/core/model/plan.js';
import { fromPlanDocumentForDisplay, toPlanDocument, type PlanDocument } from '../../src/core/model/plan-document.js';
import { renderPlanJson } from '../../src/core/render/render-plan-json.js';
import { MIN_MARKDOWN_LENGTH, renderPlanMarkdown } from '../../src/core/render/render-plan-markdown.js';
import { renderPlanText } from '../../src/core/render/render-plan-text.js';
import * as build from '../support/builders.js';

/** The review's repro in small: a blocked prune delete of `legacy-signing` and the warning, plus a `Foo`/`foo` pair. */
function repro(): Plan {
  const desired = build.desiredState({
    projects: [
      build.desiredProject(
        'payments',
        [
          build.desiredKey('payments', 'stays'),
          build.desiredKey('payments', 'Foo'),
          build.absentKey('payments', 'Legacy-Signing', { jwkDeleteAction: 'NULLIFY' }),
        ],
        { jwkDeleteAction: 'DELETE' },
      ),
    ],
  });
  const live = build.liveKeysIn('payments', ['stays', 'foo', 'legacy-signing', 'other-1', 'other-2']);
  return build.makeTestPlan({ desired, live, materials: build.materialsFor(desired), options: { allowMassDelete: true } });
}

/** A plan with `count` Foo-N/foo-N pairs: only warnings, no blocker. */
function manyWarnings(count: number): Plan {
  const names = Array.from({ length: count }, (_, i) => `key-${String(i).padStart(4, '0')}`);
  const desired = build.desiredState({
    projects: [
      build.desiredProject(
        'p',
        names.map((name) => build.desiredKey('p', name.toUpperCase())),
        { prune: false },
      ),
    ],
  });
  return build.makeTestPlan({ desired, live: build.liveKeysIn('p', names), materials: build.materialsFor(desired) });
}

describe('renderPlanText: warnings', () => {
  it('shows them without -v, before the refusal, naming both keys', () => {
    const text = renderPlanText(repro(), { color: false, verbose: false });
    expect(text).toContain(
      [
        'Warnings: this plan may not do what the file means:',
        '  ! File key payments/Foo and live key payments/foo differ only in letter case; names are case-sensitive, so the plan treats them as two keys: payments/Foo will be created, and payments/foo will be deleted (not in the file, and prune is on).',
        '    If the entry at test.yaml:1:1 is meant for the live key, write its exact name: "foo".',
        '  ! File key payments/Legacy-Signing and live key payments/legacy-signing differ only in letter case;',
      ].join('\n'),
    );
    expect(text.indexOf('Warnings:')).toBeLessThan(text.indexOf('This plan is refused'));
    expect(text).toContain('  ✗ Refusing to delete payments/legacy-signing (not in the file, and prune is on)');
  });

  it('shows nothing of the kind for a plan without warnings', () => {
    const desired = build.desiredState({ projects: [build.desiredProject('p', [build.desiredKey('p', 'k')])] });
    const plan = build.makeTestPlan({ desired, live: build.liveKeysIn('p', []), materials: build.materialsFor(desired) });
    expect(renderPlanText(plan, { color: false, verbose: true })).not.toContain('Warning');
  });
});

describe('renderPlanMarkdown: warnings', () => {
  it('puts them in a warning block after the caution block', () => {
    const text = renderPlanMarkdown(repro());
    expect(text).toContain(
      [
        '> [!WARNING]',
        '> **2 warnings: this plan may not do what the file means.**',
        '> - File key payments/Foo and live key payments/foo differ only in letter case;',
      ].join('\n'),
    );
    expect(text.indexOf('> [!CAUTION]')).toBeLessThan(text.indexOf('2 warnings'));
    expect(text.indexOf('2 warnings')).toBeLessThan(text.indexOf('This plan would delete'));
  });

  it('stays within maxLength with many warnings, counting the ones left out', () => {
    const plan = manyWarnings(400);
    for (const maxLength of [MIN_MARKDOWN_LENGTH, 10_000, 65_536]) {
      const text = renderPlanMarkdown(plan, { maxLength });
      expect(text.length).toBeLessThanOrEqual(maxLength);
      expect(text).toContain('> **400 warnings: this plan may not do what the file means.**');
      expect(text).toMatch(/> - _\d+ more warnings — see the job log\._/);
    }
  });
});

describe('the plan document: warnings', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strictTypes: false }).compile(schema);

  it('carries them and the case_variant blocker, valid by schemas/plan.schema.json', () => {
    const document = JSON.parse(renderPlanJson(repro())) as PlanDocument & { warnings: unknown[]; blockers: { kind: string }[] };
    expect(validate(document)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(document.warnings).toEqual([
      expect.objectContaining({ kind: 'case_variant', project: 'payments', address: 'payments/Foo', liveAddress: 'payments/foo' }),
      expect.objectContaining({ kind: 'case_variant', address: 'payments/Legacy-Signing', liveAddress: 'payments/legacy-signing' }),
    ]);
    expect(document.blockers.map((blocker) => blocker.kind)).toEqual(['case_variant']);
  });

  it('keeps them for show PLANFILE', () => {
    const shown = fromPlanDocumentForDisplay(toPlanDocument(repro()));
    expect(renderPlanText(shown, { color: false, verbose: false })).toContain(
      '! File key payments/Legacy-Signing and live key payments/legacy-signing',
    );
  });
});
