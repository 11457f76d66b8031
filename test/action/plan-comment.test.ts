/** The pure part of the Action: marker, comment body, create or update, inputs. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readActionInputs, toCliArgs } from '../../src/action/pure/action-inputs.js';
import { chooseCommentWrite, findPullRequestNumber } from '../../src/action/pure/comment-target.js';
import {
  COMMENT_LIMIT,
  composeCommentBody,
  composeSummary,
  fence,
  makeMarker,
  pickErrorLine,
  planLengthFor,
  scrubSecrets,
  type RunOutcome,
} from '../../src/action/pure/plan-comment.js';

const outcome = (over: Partial<RunOutcome>): RunOutcome => ({ command: 'plan', exitCode: 2, stdout: '', stderr: '', secrets: [], ...over });

describe('makeMarker', () => {
  it('is one HTML comment line that no workflow name can close or break', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('a--b', '--', '-->', 'x-')), (name) => {
        const marker = makeMarker(name);
        expect(marker.startsWith('<!-- ') && marker.endsWith(' -->')).toBe(true);
        expect(marker.slice(4, -3)).not.toContain('--');
        expect(marker).not.toMatch(/[\r\n]/);
        expect(marker.slice(0, -1)).not.toContain('>');
      }),
    );
    expect(makeMarker('a')).not.toBe(makeMarker('b'));
    expect(makeMarker('a-b')).not.toBe(makeMarker('a_b'));
  });
});

describe('composeCommentBody', () => {
  const marker = makeMarker('plan');

  it('starts with the marker and holds the plan as printed', () => {
    const body = composeCommentBody(marker, outcome({ stdout: '### apinizer-keys plan: 1 to create\n' }), true);
    expect(body.startsWith(`${marker}\n### apinizer-keys plan: 1 to create`)).toBe(true);
  });

  it('on failure says so, quotes the Error line scrubbed of the token, and keeps any report below', () => {
    const body = composeCommentBody(
      marker,
      outcome({
        exitCode: 1,
        stderr: 'progress\nError: 401 for token s3cret-token here\n  detail',
        stdout: 'REPORT',
        secrets: ['s3cret-token'],
      }),
      true,
    );
    expect(body).toContain('### :x: apinizer-keys plan failed');
    expect(body).toContain('```text\nError: 401 for token *** here\n```');
    expect(body).not.toContain('s3cret-token');
    expect(body.endsWith('REPORT')).toBe(true);
  });

  it("on a failed plan with the CLI's own Markdown failure report, that report is the comment, under one heading", () => {
    const report = '<!-- apinizer-keys -->\n### apinizer-keys plan: failed\n\n> [!CAUTION]\n> No Manager URL is set.';
    const body = composeCommentBody(marker, outcome({ exitCode: 1, stderr: 'Error: No Manager URL is set.', stdout: report }), true);
    expect(body).toContain(report);
    expect(body).not.toContain(':x: apinizer-keys plan failed');
    expect(body.match(/^### /gm)).toHaveLength(1);
  });

  it('never exceeds GitHub limit, saying that it was cut', () => {
    const body = composeCommentBody(marker, outcome({ stdout: 'x'.repeat(COMMENT_LIMIT), runUrl: 'https://x/runs/1' }), true);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain("Cut at a line break to fit GitHub's comment limit");
    expect(body.startsWith(marker)).toBe(true);
  });

  it('holds whole a plan of the length planLengthFor asks for, also refused under the longest failure frame', () => {
    for (const command of ['plan', 'drift'] as const) {
      for (const runUrl of [undefined, 'https://github.example/acme/keys/actions/runs/42']) {
        const markers = [marker, makeMarker('a workflow with a long name'.repeat(20), 'matrix-key')];
        for (const mark of markers) {
          const length = planLengthFor(mark, { command, runUrl });
          expect(length).toBeGreaterThan(COMMENT_LIMIT - 5_000);
          // A plan the CLI filled to the last character, ending in a sentence that must stay whole.
          const plan = '| row |\n'.repeat(length).slice(0, length - 12) + 'last words.\n';
          expect(plan.length).toBe(length);
          const worstErrors = ['`'.repeat(1000), `Error: ${'`'.repeat(2000)}`, 'Error: refused'];
          const runs = [
            outcome({ command, stdout: plan, runUrl }),
            ...worstErrors.map((stderr) => outcome({ command, exitCode: 255, stdout: plan, stderr, runUrl })),
          ];
          for (const run of runs) {
            const body = composeCommentBody(mark, run, true);
            expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
            expect(body).toContain(plan.trimEnd());
            expect(body).not.toContain('Cut at a line break');
          }
        }
      }
    }
    // The frame counted is the longest: one more character and the failure report would be cut.
    const length = planLengthFor(marker, { command: 'plan' });
    const over = outcome({ exitCode: 255, stdout: 'y'.repeat(length + 1), stderr: '`'.repeat(1000) });
    expect(composeCommentBody(marker, over, true)).toContain('Cut at a line break');
  });

  it('cuts a report too long for it at a line break, closing the fence of apply output, and says where the whole report is', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `  + key p/key-${i} created`);
    const apply = outcome({ command: 'apply', exitCode: 0, stdout: lines.join('\n') });
    const body = composeCommentBody(marker, apply, false);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const [inside, after] = body.split('\n```\n\n> [!NOTE]\n');
    expect(inside!.startsWith(`${marker}\n### apinizer-keys apply: done\n\n\`\`\`text\n  + key p/key-0 created\n`)).toBe(true);
    // Whole lines only, and the fence closed before the note.
    expect(
      inside!
        .split('\n')
        .slice(4)
        .every((line) => /^ {2}\+ key p\/key-\d+ created$/.test(line)),
    ).toBe(true);
    expect(after).toBe("> Cut at a line break to fit GitHub's comment limit; the job summary and the job log have this report in full.");
    // Which is true: the summary is not cut.
    expect(composeSummary(apply, false)).toContain(lines[4999]);
  });

  it('treats exit 2 as success only where it means changes', () => {
    expect(composeCommentBody(marker, outcome({ command: 'apply', exitCode: 2 }), false)).toContain('apply failed');
  });
});

describe('pickErrorLine, scrubSecrets and fence', () => {
  it('scrubs the secret as is, base64 and percent-encoded', () => {
    const secret = 'tok/en+value';
    const text = `${secret} ${Buffer.from(secret).toString('base64')} ${encodeURIComponent(secret)}`;
    expect(scrubSecrets(text, [secret])).toBe('*** *** ***');
  });

  it('cuts a very long error line', () => {
    expect(pickErrorLine(`Error: ${'y'.repeat(5000)}`, []).length).toBe(1000);
  });

  it('fences text so that no backtick run inside can close the block', () => {
    expect(fence('a ``` b')).toBe('````text\na ``` b\n````');
  });
});

describe('chooseCommentWrite', () => {
  const marker = makeMarker('plan');
  const bot = { login: 'github-actions[bot]' };
  it('creates when there is none, updates the oldest of its own, ignores quotes and other workflows', () => {
    const others = [
      { id: 1, body: `> ${marker}`, user: bot },
      { id: 2, body: makeMarker('drift'), user: bot },
      { id: 3, body: null, user: bot },
    ];
    expect(chooseCommentWrite(others, marker, 'B', bot.login)).toEqual({ kind: 'create', body: 'B' });
    const two = [...others, { id: 4, body: `${marker}\nold`, user: bot }, { id: 5, body: `${marker}\nx`, user: bot }];
    expect(chooseCommentWrite(two, marker, 'B', bot.login)).toEqual({ kind: 'update', id: 4, body: 'B' });
    expect(chooseCommentWrite([{ id: 4, body: 'B', user: bot }], 'B', 'B', bot.login)).toEqual({ kind: 'unchanged', id: 4 });
  });

  it("never takes another user's comment with the marker for its own", () => {
    const forged = { id: 7, body: `${marker}\n### apinizer-keys plan: No changes`, user: { login: 'mallory' } };
    expect(chooseCommentWrite([forged], marker, 'B', bot.login)).toEqual({ kind: 'create', body: 'B' });
    expect(chooseCommentWrite([forged, { id: 8, body: `${marker}\nold`, user: bot }], marker, 'B', bot.login)).toEqual({
      kind: 'update',
      id: 8,
      body: 'B',
    });
  });

  it('tells jobs of one workflow apart by their key', () => {
    expect(makeMarker('plan', 'plan-staging')).not.toBe(makeMarker('plan', 'plan-production'));
    expect(makeMarker('plan', 'a--b').slice(4, -3)).not.toContain('--');
  });

  it('finds the pull request of pull_request and issue_comment events only', () => {
    expect(findPullRequestNumber({ pull_request: { number: 3 } })).toBe(3);
    expect(findPullRequestNumber({ issue: { number: 4, pull_request: {} } })).toBe(4);
    expect(findPullRequestNumber({ issue: { number: 4 } })).toBeUndefined();
    expect(findPullRequestNumber({ ref: 'main' })).toBeUndefined();
  });
});

describe('readActionInputs and toCliArgs', () => {
  it('maps each command to the CLI, files first', () => {
    const args = (env: Record<string, string>) => toCliArgs(readActionInputs(env));
    expect(args({ INPUT_FILES: 'a.yaml\n\nteams/ \n', INPUT_ARGS: '--target  payments' })).toEqual([
      'plan',
      '--format',
      'markdown',
      '--detailed-exitcode',
      '-f',
      'a.yaml',
      '-f',
      'teams/',
      '--target',
      'payments',
    ]);
    expect(args({ INPUT_COMMAND: 'drift', INPUT_PLAN_FILE: 'p.json' })).toEqual([
      'plan',
      '--drift',
      '--format',
      'markdown',
      '--detailed-exitcode',
      '--out',
      'p.json',
    ]);
    expect(toCliArgs(readActionInputs({ INPUT_COMMAND: 'drift' }), 62_000)).toEqual([
      'plan',
      '--drift',
      '--format',
      'markdown',
      '--max-length',
      '62000',
      '--detailed-exitcode',
    ]);
    expect(args({ INPUT_COMMAND: 'apply' })).toEqual(['apply', '--auto-approve']);
    expect(args({ INPUT_COMMAND: 'apply-saved', INPUT_PLAN_FILE: 'p.json' })).toEqual(['apply', 'p.json']);
  });

  it('refuses a token or output flag in args, and a bad boolean', () => {
    expect(() => readActionInputs({ INPUT_ARGS: '--token=abc' })).toThrow(/holds --token/);
    expect(readActionInputs({ INPUT_ARGS: `--target "Acme Ödeme" --target 'a b' -v "x\\"y" ''` }).args).toEqual([
      '--target',
      'Acme Ödeme',
      '--target',
      'a b',
      '-v',
      'x"y',
      '',
    ]);
    expect(() => readActionInputs({ INPUT_ARGS: '--target "open' })).toThrow(/unclosed "/);
    expect(() => readActionInputs({ INPUT_ARGS: '--format json' })).toThrow(/holds --format/);
    expect(() => readActionInputs({ INPUT_ARGS: '--max-length=99999' })).toThrow(/holds --max-length/);
    expect(() => readActionInputs({ INPUT_COMMENT: 'yes' })).toThrow(/input "comment" is "yes"/);
    expect(() => readActionInputs({ INPUT_COMMAND: 'apply', INPUT_PLAN_FILE: 'x' })).toThrow(/command "apply" takes no "plan-file"/);
  });
});
