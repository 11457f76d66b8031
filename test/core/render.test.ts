import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import type { Plan } from '../../src/core/model/plan.js';
import { renderPlanJson } from '../../src/core/render/render-plan-json.js';
import { renderPlanText } from '../../src/core/render/render-plan-text.js';
import * as build from '../support/builders.js';
import { everyActionProject, expectNoMaterialIn, SECRET_BASE64 } from '../support/every-action-project.js';

const ESC = '\u001b';
/** Every action, a blocker, notices, a multi-line description and a sensitive content change. */
function fixture(): { plan: Plan } {
  const p = everyActionProject({ updated: { name: 'renamed', before: 'old words here', after: 'new words here' }, guarded: true });
  const desired = build.desiredState({ projects: [p.desired] });
  return { plan: build.makeTestPlan({ desired, live: build.liveStateOf(p.live), materials: build.materialsFor(desired) }) };
}

function lines(text: string): string[] {
  return text.split('\n');
}

describe('renderPlanText', () => {
  const { plan } = fixture();
  const text = renderPlanText(plan, { color: false, verbose: false });

  it('renders a create with its environments', () => {
    expect(text.startsWith('apinizer-keys will perform the following actions:\n\n')).toBe(true);
    const at = lines(text).indexOf('  + key p/new');
    expect(at).toBeGreaterThan(0);
    expect(lines(text).slice(at - 1, at + 4)).toEqual([
      '  # p/new will be created (not in the Manager)',
      '  + key p/new',
      '      type:        SECRET_KEY',
      '      description: "brand new"',
      '      + environment production alias "sig", content (sensitive) from inline base64',
    ]);
  });

  it('renders an update with a word diff, the JWK update action and its source', () => {
    const at = lines(text).indexOf('  ~ key p/renamed');
    expect(lines(text).slice(at - 1, at + 6)).toEqual([
      '  # p/renamed will be updated in place (changed: description)',
      '  ~ key p/renamed',
      '      ~ description: "old words here" → "new words here"',
      '      sends: the whole key with the material of every environment: production (sensitive) from inline base64',
      '      JWK update action: NULLIFY (from api-default), scope SAME_PROJECT (from api-default)',
      '      JWKs made from this key: none',
      '',
    ]);
  });

  it('renders a multi-line description as a line diff, and a content change without value', () => {
    const at = lines(text).indexOf('  ~ key p/changed');
    // staging's fingerprint matches, production's does not.
    expect(lines(text).slice(at - 1, at + 9)).toEqual([
      '  # p/changed will be updated in place (changed: description, environments.production.content)',
      '  ~ key p/changed',
      '      ~ description:',
      '            line one',
      '          - line two',
      '          + line 2',
      '      ~ environments.production.content: (sensitive) (will be re-sent)',
      '      sends: the whole key with the material of every environment: production (sensitive) from inline base64, staging (sensitive) from inline base64',
      '      JWK update action: NULLIFY (from api-default), scope SAME_PROJECT (from api-default)',
      '      JWKs made from this key: none',
    ]);
  });

  it('renders a delete with its JWK action, the action source and the affected JWK names', () => {
    const at = lines(text).indexOf('  - key p/gone');
    expect(lines(text).slice(at - 1, at + 4)).toEqual([
      '  # p/gone will be deleted (state: absent in the file)',
      '  - key p/gone',
      '      undeployed from: production, staging',
      '      JWK delete action: DELETE (from key)',
      '      JWKs made from this key (2) will be deleted: jwk-a, jwk-b',
    ]);
    expect(text).not.toContain('jwk-url');
  });

  it('renders the detached effect of a NULLIFY delete', () => {
    const guarded = lines(text).indexOf('  - key p/guarded');
    expect(lines(text)[guarded + 2]).toBe('      JWK delete action: NULLIFY (from api-default)');
    expect(lines(text)[guarded + 3]).toBe('      JWKs made from this key: none');
  });

  it('renders the blockers and then the summary line', () => {
    const all = lines(text);
    const at = all.indexOf('This plan is refused; nothing will be changed:');
    expect(at).toBeGreaterThan(0);
    expect(all[at + 1]).toBe(
      '  ✗ Refusing to delete protected key p/guarded (it is marked state: absent): protected by protect: true at test.yaml:1:1.',
    );
    expect(all[at + 2]).toBe('    Remove the protection first if the key really must go.');
    expect(text.endsWith('\nPlan: 1 to create, 2 to update, 2 to delete.\n')).toBe(true);
  });

  it('shows no-ops and notices only when verbose', () => {
    expect(text).not.toContain('p/same');
    expect(text).not.toContain('ignored1');
    const verbose = renderPlanText(plan, { color: false, verbose: true });
    expect(lines(verbose)).toContain('  = p/same: matches the file');
    expect(lines(verbose)).toContain('  . p/ignored1: ignored: name matches ignore pattern "ign*"');
  });

  it('orders the changes as the plan does', () => {
    const heads = lines(text).filter((line) => /^ {2}[+~-] key /.test(line));
    expect(heads).toEqual(['  ~ key p/changed', '  - key p/gone', '  - key p/guarded', '  + key p/new', '  ~ key p/renamed']);
  });

  it('says there are no changes when there are none', () => {
    const desired = build.desiredState({ projects: [build.desiredProject('p', [build.desiredKey('p', 'a')])] });
    const noChanges = build.makeTestPlan({
      desired,
      live: build.liveKeysIn('p', ['a']),
      materials: build.materialsFor(desired),
    });
    const output = renderPlanText(noChanges, { color: false, verbose: false });
    expect(output).toBe('No changes. Live state matches the desired state.\n');
    expect(renderPlanText(noChanges, { color: false, verbose: true })).toBe(
      '  = p/a: matches the file\n\nNo changes. Live state matches the desired state.\n',
    );
  });

  it('escapes descriptions with quotes or control characters instead of highlighting words', () => {
    const desired = build.desiredState({
      projects: [build.desiredProject('p', [build.desiredKey('p', 'a', { description: 'say "hi"\tnow' })])],
    });
    const result = build.makeTestPlan({
      desired,
      live: build.liveStateOf(build.liveProject('p', [build.liveKey('a', { description: 'plain' })])),
      materials: build.materialsFor(desired),
    });
    expect(lines(renderPlanText(result, { color: true, verbose: false }))).toContain(
      `      ${ESC}[33m~${ESC}[39m description: "plain" → "say \\"hi\\"\\tnow"`,
    );
  });

  it('emits ANSI codes with colour on, and none with colour off', () => {
    const colored = renderPlanText(plan, { color: true, verbose: true });
    expect(colored).toContain(`${ESC}[32m+${ESC}[39m key ${ESC}[1mp/new${ESC}[22m`);
    expect(colored).toContain(`${ESC}[31m-${ESC}[39m key ${ESC}[1mp/gone${ESC}[22m`);
    expect(colored).toContain(`${ESC}[33m~${ESC}[39m key ${ESC}[1mp/renamed${ESC}[22m`);
    // Word diff: only the changed word is highlighted.
    expect(colored).toContain(`description: "${ESC}[31mold${ESC}[39m words here" → "${ESC}[32mnew${ESC}[39m words here"`);
    expect(colored).toContain(`${ESC}[1mPlan: 1 to create, 2 to update, 2 to delete.${ESC}[22m`);
    expect(renderPlanText(plan, { color: false, verbose: true })).not.toContain(ESC);
    // Stripping the codes gives the plain text back.
    expect(colored.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(renderPlanText(plan, { color: false, verbose: true }));
  });
});

describe('renderPlanJson', () => {
  const { plan } = fixture();
  const json = renderPlanJson(plan);
  const parsed = JSON.parse(json) as Record<string, unknown>;

  it('is parseable JSON of the plan with formatVersion 1 and summary counts', () => {
    expect(json.endsWith('}\n')).toBe(true);
    expect(parsed.formatVersion).toBe(1);
    expect(parsed.projects).toEqual(['p']);
    expect(parsed.summary).toEqual({
      create: 1,
      update: 2,
      delete: 2,
      noop: 1,
      hasChanges: true,
      jwks: { deleted: 2, detached: 0, reparsed: 0 },
      projectsWithDeletes: ['p'],
    });
    const entries = parsed.entries as { address: string; action: string }[];
    expect(entries.map((e) => [e.address, e.action])).toEqual([
      ['p/changed', 'update'],
      ['p/gone', 'delete'],
      ['p/guarded', 'delete'],
      ['p/new', 'create'],
      ['p/renamed', 'update'],
      ['p/same', 'no-op'],
    ]);
    expect(entries[1]).toMatchObject({
      jwkDeleteAction: { value: 'DELETE', source: 'key' },
      affectedJwks: [
        { name: 'jwk-a', effect: 'deleted' },
        { name: 'jwk-b', effect: 'deleted' },
      ],
    });
    expect((parsed.blockers as { kind: string }[]).map((b) => b.kind)).toEqual(['protected']);
    expect((parsed.notices as { kind: string; address: string }[]).map((n) => [n.kind, n.address])).toEqual([['ignored', 'p/ignored1']]);
  });

  it('writes every material as exactly "(sensitive)"', () => {
    const materials: unknown[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (key === 'material') materials.push(child);
          else walk(child);
        }
      }
    };
    walk(parsed);
    // new: 1, changed: 2, renamed: 1 environment.
    expect(materials).toEqual(['(sensitive)', '(sensitive)', '(sensitive)', '(sensitive)']);
  });
});

describe('secret leak check', () => {
  const { plan } = fixture();
  const outputs: [string, string][] = [
    ['text', renderPlanText(plan, { color: false, verbose: false })],
    ['text verbose', renderPlanText(plan, { color: false, verbose: true })],
    ['text verbose color', renderPlanText(plan, { color: true, verbose: true })],
    ['text color', renderPlanText(plan, { color: true, verbose: false })],
    ['json', renderPlanJson(plan)],
    ['inspect', inspect(plan, { depth: null })],
  ];

  it('the fixture does carry the material, so the check below is meaningful', () => {
    const create = plan.entries.find((entry) => entry.action === 'create');
    expect(create?.action === 'create' && create.spec.environments[0]!.material!.base64.reveal()).toBe(SECRET_BASE64[0]);
  });

  it.each(outputs)('%s output contains no material, neither base64 nor decoded, nor its fingerprint', (_name, output) => {
    expect(output.length).toBeGreaterThan(100);
    expectNoMaterialIn(output);
  });
});
