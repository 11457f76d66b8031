import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { DECLARABLE_NAME_PATTERN, isDeclarableName } from '../../src/core/plan/find-unaddressable-names.js';
import * as build from '../support/builders.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('live keys whose names no desired-state file can hold', () => {
  const NAMES = [' lead', 'trail ', 'tab\there', 'x\ny', 'bell\u0007'];

  it('the planner and the file format agree on which names a file can hold', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'desired-state.schema.json'), 'utf8')) as {
      $defs: { name: { pattern: string } };
    };
    expect(DECLARABLE_NAME_PATTERN).toBe(schema.$defs.name.pattern);
    for (const name of NAMES) expect(`${JSON.stringify(name)}: ${isDeclarableName(name)}`).toBe(`${JSON.stringify(name)}: false`);
    for (const name of ['plain', 'with inner space', 'ödeme-密钥', 'a/b']) expect(isDeclarableName(name)).toBe(true);
  });

  it('are never pruned: left alone with a notice saying why and what to do', () => {
    const desired = build.desiredState({ projects: [build.desiredProject('p', [build.desiredKey('p', 'kept', { description: '' })])] });
    const live = build.liveStateOf(
      build.liveProject('p', [build.liveKey('kept'), build.liveKey('gone'), ...NAMES.map((name) => build.liveKey(name))]),
    );
    const plan = build.makeTestPlan({ desired, live, materials: build.materialsFor(desired), options: { allowMassDelete: true } });
    expect(plan.entries.filter((entry) => entry.action === 'delete').map((entry) => entry.key)).toEqual(['gone']);
    const notices = plan.notices.filter((notice) => notice.kind === 'undeclarable');
    expect(notices.map((notice) => notice.address).sort()).toEqual(NAMES.map((name) => `p/${name}`).sort());
    expect(notices[0]!.message).toContain('rename it in the Manager');
  });
});
