/**
 * The Markdown comment and the text plan name every change that deletes, detaches or
 * re-parses JWKs (updates as well as deletes): in a warning block, and as table rows kept
 * with the deletes' priority when the table is cut.
 */
import { describe, expect, it } from '@jest/globals';
import type { JwkUpdateAction } from '../../src/core/model/domain.js';
import type { DesiredKey } from '../../src/core/model/desired-state.js';
import type { LiveJwk, LiveKey } from '../../src/core/model/live-state.js';
import type { Plan } from '../../src/core/model/plan.js';
import { DEFAULT_MARKDOWN_LENGTH, renderPlanMarkdown } from '../../src/core/render/render-plan-markdown.js';
import { renderPlanText } from '../../src/core/render/render-plan-text.js';
import * as build from '../support/builders.js';

/** What one project holds: keys created, updated with JWKs made from them, and deleted with JWKs. */
interface Shape {
  readonly creates?: number;
  /** Updated keys, each with `jwksEach` JWKs made from it, under this JWK update action. */
  readonly jwkUpdates?: number;
  readonly jwkUpdateAction?: JwkUpdateAction;
  readonly jwksEach?: number;
  /** Deleted keys (DELETE), each with one JWK. */
  readonly deletes?: number;
  /** Length of the key names (padded), so rows cost what a test needs. */
  readonly nameLength?: number;
}

function planOf(shape: Shape): Plan {
  const keys: DesiredKey[] = [];
  const live: LiveKey[] = [];
  const jwks: LiveJwk[] = [];
  const name = (prefix: string, i: number) => `${prefix}-${String(i).padStart(4, '0')}`.padEnd(shape.nameLength ?? 0, 'x');
  for (let i = 0; i < (shape.creates ?? 0); i += 1) keys.push(build.desiredKey('p', name('create', i), { description: 'new' }));
  for (let i = 0; i < (shape.jwkUpdates ?? 0); i += 1) {
    const key = name('rotated', i);
    keys.push(build.desiredKey('p', key, { description: 'after', jwkUpdateAction: shape.jwkUpdateAction }));
    live.push(build.liveKey(key, { description: 'before' }));
    for (let j = 0; j < (shape.jwksEach ?? 1); j += 1) jwks.push({ name: `${key}-jwk-${j}`, sourceType: 'PUBLIC_KEY', sourceId: key });
  }
  for (let i = 0; i < (shape.deletes ?? 0); i += 1) {
    const key = name('retired', i);
    keys.push(build.absentKey('p', key, { jwkDeleteAction: 'DELETE' }));
    live.push(build.liveKey(key));
    jwks.push({ name: `${key}-jwk`, sourceType: 'PRIVATE_KEY', sourceId: key });
  }
  const desired = build.desiredState({ projects: [build.desiredProject('p', keys)] });
  return build.makeTestPlan({
    desired,
    live: build.liveStateOf(build.liveProject('p', live, { jwks })),
    materials: build.materialsFor(desired),
  });
}

/** The lines of every `> [!WARNING]` block, block by block. */
function warningBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line === '> [!WARNING]') blocks.push((current = [line]));
    else if (current && line.startsWith('>')) current.push(line);
    else current = undefined;
  }
  return blocks;
}

/** The block about JWKs: the one whose lead says what the plan does to JWKs. */
function jwkBlock(text: string): string[] {
  return (
    warningBlocks(text).find((block) => /^> \*\*(Applying this plan affects|This plan would affect) \d+ JWKs? /.test(block[1] ?? '')) ?? []
  );
}

function rowsOf(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Address |') && !line.startsWith('| --- |'));
}

describe('renderPlanMarkdown: changes to JWKs', () => {
  it('names an update that detaches JWKs in a warning block: the key, the JWK action and its source, the JWK names', () => {
    const text = renderPlanMarkdown(planOf({ creates: 1, jwkUpdates: 1, jwksEach: 2 }));
    expect(jwkBlock(text)).toEqual([
      '> [!WARNING]',
      '> **Applying this plan affects 2 JWKs made from 1 key**: 2 detached.',
      '> - p/rotated-0000: update, JWK update action NULLIFY (from api-default): 2 JWKs detached, kept: rotated-0000-jwk-0, rotated-0000-jwk-1',
    ]);
    // After the deletion warning (there is none here), before the table.
    expect(text.indexOf('> [!WARNING]')).toBeLessThan(text.indexOf('| Address |'));
  });

  it('names re-parsing updates and deletes alike, in plan order, with the totals by effect', () => {
    const plan = planOf({ jwkUpdates: 1, jwkUpdateAction: 'UPDATE', deletes: 1 });
    const text = renderPlanMarkdown(plan);
    expect(jwkBlock(text)).toEqual([
      '> [!WARNING]',
      '> **Applying this plan affects 2 JWKs made from 2 keys**: 1 deleted, 1 re-parsed.',
      '> - p/retired-0000: delete, JWK delete action DELETE (from key): 1 JWK deleted: retired-0000-jwk',
      '> - p/rotated-0000: update, JWK update action UPDATE (from key): 1 JWK re-parsed from the new key: rotated-0000-jwk-0',
    ]);
    // The deletion warning is still its own block, first.
    expect(warningBlocks(text)[0]![1]).toBe('> **Applying this plan deletes 1 key** in 1 project: p.');
  });

  it('is absent when no change touches a JWK', () => {
    const text = renderPlanMarkdown(planOf({ creates: 2, jwkUpdates: 1, jwksEach: 0 }));
    expect(text).not.toContain('[!WARNING]');
  });

  it('keeps a detaching update among 1,500 creates: named in the warning, and its row kept when the table is cut', () => {
    const plan = planOf({ creates: 1500, jwkUpdates: 1, nameLength: 40 });
    const text = renderPlanMarkdown(plan);
    expect(text.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_LENGTH);
    const address = plan.entries.find((entry) => entry.action === 'update')!.address;
    expect(jwkBlock(text)[2]).toMatch(
      new RegExp(`^> - ${address}: update, JWK update action NULLIFY \\(from api-default\\): 1 JWK detached, kept: rotated-0000x+-jwk-0$`),
    );
    const rows = rowsOf(text);
    expect(rows).toContain(`| ${address} | ~ update | NULLIFY (from api-default) | 1 detached |`);
    // The table was cut: the update is there although it comes after every create in plan order.
    const creates = rows.filter((row) => row.includes('| + create |')).length;
    expect(creates).toBeLessThan(1500);
    expect(text).toContain(`\n_${1500 - creates} create and update rows not shown; see the job log._\n`);
  });

  it('bounds the block: keys in plan order as far as they fit, then how many more, and long JWK lists cut to a count', () => {
    const plan = planOf({ jwkUpdates: 400, jwksEach: 30, nameLength: 30 });
    const text = renderPlanMarkdown(plan);
    expect(text.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_LENGTH);
    const block = jwkBlock(text);
    expect(block[1]).toBe('> **Applying this plan affects 12000 JWKs made from 400 keys**: 12000 detached.');
    const items = block.slice(2, -1);
    expect(items.length).toBeGreaterThan(3);
    expect(block.join('\n').length).toBeLessThanOrEqual(4_000);
    expect(block[block.length - 1]).toBe(
      `> - _${400 - items.length} more keys whose JWKs change, not listed here; the plan's text or JSON output lists them all._`,
    );
    const updates = plan.entries.filter((entry) => entry.action === 'update');
    items.forEach((item, i) => {
      expect(
        item.startsWith(`> - ${updates[i]!.address}: update, JWK update action NULLIFY (from api-default): 30 JWKs detached, kept: `),
      ).toBe(true);
      expect(item).toMatch(/, rotated-\d{4}x+-jwk-\d+ and \d+ more$/);
    });
    // At the smallest size the block still counts them all.
    const small = jwkBlock(renderPlanMarkdown(plan, { maxLength: 2_000 }));
    expect(small[small.length - 1]).toMatch(/^> - _\d+ more keys whose JWKs change/);
  });

  it('when the rows kept first do not all fit, lists the other JWK-changing updates by name, apart from the deletes', () => {
    const plan = planOf({ creates: 100, jwkUpdates: 600, deletes: 600, nameLength: 30 });
    const text = renderPlanMarkdown(plan);
    expect(text.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_LENGTH);
    const rows = rowsOf(text);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.includes('| + create |'))).toBe(false);
    const deleteRows = rows.filter((row) => row.includes('| - delete |')).length;
    const updateRows = rows.filter((row) => row.includes('| ~ update |')).length;
    // Plan order: the deletes (retired-…) sort before the updates (rotated-…) in project p.
    const updateList =
      /\n\*\*(?:Updates that change JWKs \((\d+)\)|(\d+) more updates? that change JWKs, not in the table)\*\*, by project:\n- p \((\d+)\): (.*)\n/.exec(
        text,
      );
    expect(updateList).not.toBeNull();
    expect(Number(updateList![1] ?? updateList![2])).toBe(600 - updateRows);
    expect(Number(updateList![3])).toBe(600 - updateRows);
    const updates = plan.entries.filter((entry) => entry.action === 'update').map((entry) => entry.key);
    expect(updateList![4]!.split(', ')).toEqual(updates.slice(updateRows));
    expect(text).toMatch(
      new RegExp(
        `\\n\\*\\*(Keys deleted \\(${600 - deleteRows}\\)|${600 - deleteRows} more deletes, not in the table)\\*\\*, by project:\\n`,
      ),
    );
    expect(text).toContain('\n_100 create and update rows not shown; see the job log._\n');
  });

  it('where not even the names fit, says how many JWK-changing updates are not listed', () => {
    const plan = planOf({ jwkUpdates: 3000, deletes: 3000, nameLength: 60 });
    const text = renderPlanMarkdown(plan);
    expect(text.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_LENGTH);
    expect(rowsOf(text)).toEqual([]);
    expect(text).toContain('\n**Keys deleted (3000)**, by project:\n- p (');
    expect(text).toMatch(
      /\n\*\*Updates that change JWKs \(3000\): not listed here to keep this comment within 65536 characters; the full list is in the plan's text or JSON output \(job log or artifact\)\.\*\*\n/,
    );
  });
});

describe('renderPlanText: changes to JWKs', () => {
  it('names them again before the summary line, so one is not lost among many creates', () => {
    const text = renderPlanText(planOf({ creates: 30, jwkUpdates: 1, jwksEach: 2, deletes: 1 }), { color: false, verbose: false });
    const lines = text.split('\n');
    const at = lines.indexOf('Applying this plan affects 3 JWKs made from 2 keys (1 deleted, 2 detached):');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual([
      '  ! p/retired-0000: delete, JWK delete action DELETE (from key): 1 JWK deleted: retired-0000-jwk',
      '  ! p/rotated-0000: update, JWK update action NULLIFY (from api-default): 2 JWKs detached, kept: rotated-0000-jwk-0, rotated-0000-jwk-1',
      '',
    ]);
    expect(lines[at + 4]).toBe('Plan: 30 to create, 1 to update, 1 to delete.');
  });

  it('names at most 20 and counts the rest, each shown in full above', () => {
    const text = renderPlanText(planOf({ jwkUpdates: 25 }), { color: false, verbose: false });
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.startsWith('Applying this plan affects 25 JWKs'));
    expect(lines.slice(at + 1, at + 22).filter((line) => line.startsWith('  ! '))).toHaveLength(20);
    expect(lines[at + 21]).toBe('  … and 5 more keys, each shown above');
    expect(renderPlanText(planOf({ creates: 1 }), { color: false, verbose: false })).not.toContain('JWKs made from');
  });
});
