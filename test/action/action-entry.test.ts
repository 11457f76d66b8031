/**
 * The GitHub Action's entry point, run as the runner runs it (INPUT_* variables, an event file,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against the sandbox and a fake GitHub API on
 * loopback: one comment per workflow, created once and then updated, also when the plan fails.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeMarker } from '../../src/action/pure/plan-comment.js';
import type { SandboxSeed } from '../../src/sandbox/index.js';
import { toBase64 } from '../support/e2e.js';
import { desiredFile, seedProject, seedSecret, wantKey } from '../support/scenario.js';
import { startTestProxy } from '../support/connect-proxy.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { expectNoLeaks, randomSecret } from '../support/find-leaks.js';
import { inWorld, openWorld, type World } from '../support/world.js';
import { runActionStep, type ActionJob, type ActionStep } from './run-action.js';

const READ_TOKEN = randomSecret('read-token');
const GITHUB_TOKEN = randomSecret('ghs');
const MATERIAL = randomSecret('TEST ONLY material');
const PR = 7;
const WORKFLOW = 'apinizer-keys plan';

const seed: SandboxSeed = {
  projects: [seedProject('payments', ['production'], [seedSecret('keep', undefined, { production: toBase64('TEST ONLY old') })])],
  // The plan job's token: SECRETS + VIEW only.
  tokens: [{ token: READ_TOKEN, projects: { payments: ['READ'] } }],
};

function desired(description: string): string {
  return desiredFile({
    payments: {
      keys: {
        keep: wantKey(description, { production: { env: 'KEEP_KEY' } }),
        added: wantKey(undefined, { production: { env: 'ADDED_KEY' } }),
      },
    },
  });
}

let world: World;
let github: FakeGitHub;

beforeEach(async () => {
  world = await openWorld({ seed, files: { 'apinizer-keys.yaml': desired('first') } });
  github = await startFakeGitHub('acme/keys', GITHUB_TOKEN);
  world.defer(() => github.close());
});

/** One step of the plan job: the read-only token, the PR event, the material in the job's environment. */
function step(inputs: Record<string, string>, job: Partial<ActionJob> = {}): Promise<ActionStep> {
  return runActionStep({
    cwd: world.dir,
    githubApiUrl: github.url,
    githubToken: GITHUB_TOKEN,
    inputs: { url: world.sandbox.url, token: READ_TOKEN, ...inputs },
    env: { KEEP_KEY: toBase64(MATERIAL), ADDED_KEY: toBase64(`${MATERIAL}-2`) },
    workflow: WORKFLOW,
    ...job,
  }).then(checkNoLeaks);
}

/** Neither token nor the material may reach the comment, the summary, the outputs or the log (but the mask command). */
function checkNoLeaks(result: ActionStep): ActionStep {
  // A run that got as far as the CLI leaves its report in a file for later steps, as in the summary.
  if (result.outputs.exitcode !== undefined) expect(result.report).toBe(result.summary);
  const { 'report-file': _report, ...outputs } = result.outputs;
  result = { ...result, outputs };
  const secrets = { 'read token': READ_TOKEN, 'full token': world.sandbox.token, 'GitHub token': GITHUB_TOKEN, material: MATERIAL };
  for (const body of github.bodies()) expectNoLeaks(body, secrets, 'comment body');
  expectNoLeaks(result.summary, secrets, 'job summary');
  expectNoLeaks(result.outputText, secrets, 'GITHUB_OUTPUT');
  const log = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  expectNoLeaks(`${log}\n${result.stderr}`, secrets, 'step log');
  return result;
}

const mine = () => github.comments(PR).filter((comment) => comment.body.startsWith(makeMarker(WORKFLOW)));
const posts = () => github.requests().filter((request) => request.startsWith('POST'));

describe('the plan comment', () => {
  it('is created once, then updated in place, never duplicated, past other comments on a second page', async () => {
    for (let i = 0; i < 120; i++) github.addComment(PR, `review note ${i}`);
    const other = github.addComment(PR, `${makeMarker('another workflow')}\nsomeone else's report`, 'github-actions[bot]');
    github.addComment(PR, `> ${makeMarker(WORKFLOW)}\n> quoted by a reviewer`);

    const first = await step({ command: 'plan' });
    expect(first.code).toBe(0);
    // The tokens are masked before anything else is written to the log.
    expect(first.stdout.split('\n').slice(0, 2)).toEqual([`::add-mask::${READ_TOKEN}`, `::add-mask::${GITHUB_TOKEN}`]);
    expect(first.report).toContain('1 to create, 1 to update, 0 to delete');
    expect(first.outputs).toEqual({ exitcode: '2', 'has-changes': 'true' });
    expect(mine()).toHaveLength(1);
    expect(mine()[0]!.body).toContain('1 to create, 1 to update, 0 to delete');
    expect(first.summary).toContain('1 to create, 1 to update, 0 to delete');
    expect(posts()).toHaveLength(1);

    await writeFile(join(world.dir, 'apinizer-keys.yaml'), desired('second'));
    const second = await step({ command: 'plan' });
    expect(second.code).toBe(0);
    expect(github.requests()).toContain(`GET /repos/acme/keys/issues/${PR}/comments?per_page=100&page=2`);
    expect(mine()).toHaveLength(1);
    expect(mine()[0]!.body).toContain('"second"');
    expect(posts()).toHaveLength(1);
    expect(github.requests().filter((request) => request.startsWith('PATCH'))).toEqual([
      `PATCH /repos/acme/keys/issues/comments/${mine()[0]!.id}`,
    ]);
    expect(github.comments(PR)).toHaveLength(123);
    expect(github.comments(PR).find((comment) => comment.id === other.id)!.body).toContain("someone else's report");

    // Nothing new to say: no write at all.
    const third = await step({ command: 'plan' });
    expect(third.stdout).toContain(`comment on #${PR} unchanged`);
    expect(github.requests().filter((request) => !request.startsWith('GET'))).toHaveLength(2);
    expect(world.mutationsSince()).toEqual([]);
  });

  it('says that the plan failed and why, in the same comment, and the step fails', async () => {
    const planned = await step({ command: 'plan' });
    expect(planned.outputs.exitcode).toBe('2');

    const failed = await step({ command: 'plan', token: randomSecret('wrong-token') });
    expect(failed.code).toBe(1);
    expect(failed.outputs).toEqual({ exitcode: '1', 'has-changes': 'false' });
    expect(mine()).toHaveLength(1);
    const body = mine()[0]!.body;
    // The CLI's own Markdown failure report is the comment: one heading, the error, its code and who acts.
    expect(body).toContain('### apinizer-keys plan: failed');
    expect(body.match(/^### /gm)).toHaveLength(1);
    expect(body).toContain('rejected the API token');
    expect(body).toContain('Error code `unauthorized`');
    expect(body).toContain('(https://github.example/acme/keys/actions/runs/42)');
    expect(failed.summary).toContain('apinizer-keys plan: failed');
    expect(failed.stdout).toContain('::error::apinizer-keys plan failed (exit 1)');

    const fixed = await step({ command: 'plan' });
    expect(fixed.code).toBe(0);
    expect(mine()).toHaveLength(1);
    expect(mine()[0]!.body).not.toContain('failed');
    expect(posts()).toHaveLength(1);
  });

  it('shows a refused plan with its reason and the plan below it', async () => {
    await writeFile(join(world.dir, 'apinizer-keys.yaml'), `version: 1\nprojects:\n  payments:\n    protect: ["keep"]\n    keys: {}\n`);
    const refused = await step({ command: 'plan' });
    expect(refused.code).toBe(1);
    const body = mine()[0]!.body;
    expect(body).toContain('apinizer-keys plan failed');
    expect(body).toContain('payments/keep');
  });

  it('reaches GitHub through the proxy the environment names, as the CLI reaches the Manager', async () => {
    const password = randomSecret('proxy-password');
    const proxy = await startTestProxy({ credentials: { username: 'runner', password } });
    world.defer(() => proxy.close());
    const proxyUrl = new URL(proxy.url);
    proxyUrl.username = 'runner';
    proxyUrl.password = password;
    const run = await step(
      { command: 'plan' },
      { env: { KEEP_KEY: toBase64(MATERIAL), ADDED_KEY: toBase64(`${MATERIAL}-2`), HTTP_PROXY: proxyUrl.href } },
    );
    expect(run.code).toBe(0);
    expect(mine()).toHaveLength(1);
    // Both the CLI's requests to the sandbox and the Action's to GitHub were tunnelled, with the proxy's credentials.
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(github.url).host, new URL(world.sandbox.url).host]));
    expect(new Set(proxy.authorizations)).toEqual(new Set([`Basic ${Buffer.from(`runner:${password}`).toString('base64')}`]));
    for (const text of [run.stdout, run.stderr, run.summary, ...github.bodies()])
      expectNoLeaks(text, { 'proxy password': password }, 'the step');
  });

  it('is only a warning when the proxy for GitHub is malformed or refuses: the plan step still succeeds', async () => {
    const env = { KEEP_KEY: toBase64(MATERIAL), ADDED_KEY: toBase64(`${MATERIAL}-2`) };
    // The CLI reaches the sandbox directly (NO_PROXY); only the Action's GitHub calls meet the proxy.
    const direct = `127.0.0.1:${new URL(world.sandbox.url).port}`;
    const malformed = await step({ command: 'plan' }, { env: { ...env, HTTP_PROXY: 'not a proxy url', NO_PROXY: direct } });
    expect(malformed.code).toBe(0);
    expect(malformed.stdout).toMatch(/^::warning::Error: The proxy URL \(HTTPS_PROXY \/ HTTP_PROXY \/ ALL_PROXY\) is not a valid URL\./m);

    const password = randomSecret('proxy-password');
    const proxy = await startTestProxy({ credentials: { username: 'runner', password } });
    world.defer(() => proxy.close());
    const wrong = new URL(proxy.url);
    wrong.username = 'runner';
    wrong.password = 'not-the-password';
    const refused = await step({ command: 'plan' }, { env: { ...env, HTTP_PROXY: wrong.href, NO_PROXY: direct } });
    expect(refused.code).toBe(0);
    expect(refused.stdout).toContain(
      `::warning::Error: GitHub did not let the Action list the comments of #${PR} through the proxy ${proxy.url}:`,
    );
    expect(refused.stdout).not.toContain('not-the-password');
    expect(mine()).toEqual([]);
  });

  it('retries an update GitHub answers with a bad gateway, so the comment shows this run', async () => {
    expect((await step({ command: 'plan' })).code).toBe(0);
    await writeFile(join(world.dir, 'apinizer-keys.yaml'), desired('second'));
    github.failNext('PATCH', 502, 2);
    const second = await step({ command: 'plan' });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('::warning::');
    expect(mine()[0]!.body).toContain('"second"');
    expect(github.requests().filter((request) => request.startsWith('PATCH'))).toHaveLength(3);
  });

  it('fails the step when the update is refused for good: the comment left up is an earlier run', async () => {
    expect((await step({ command: 'plan' })).code).toBe(0);
    const earlier = mine()[0]!.body;
    await writeFile(join(world.dir, 'apinizer-keys.yaml'), desired('second'));
    github.failNext('PATCH', 502, 3);
    const second = await step({ command: 'plan' });
    expect(second.code).toBe(1);
    expect(second.outputs.exitcode).toBe('2');
    expect(second.stdout).toContain(
      `::error::Error: GitHub did not let the Action update comment #${mine()[0]!.id}: HTTP 502. The pull request's comment still shows an earlier run's report, not this one's, so this step fails.`,
    );
    expect(mine()[0]!.body).toBe(earlier);
    // The report is still in the summary.
    expect(second.summary).toContain('"second"');
  });

  it('is only a warning when GitHub refuses to create it, and a create is never retried', async () => {
    github.failNext('POST', 502);
    const first = await step({ command: 'plan' });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`::warning::Error: GitHub did not let the Action comment on #${PR}: HTTP 502.`);
    expect(posts()).toHaveLength(1);
    expect(mine()).toEqual([]);
  });

  it('is not written with comment: false, nor outside a pull request', async () => {
    const quiet = await step({ command: 'plan', comment: 'false' });
    expect(quiet.outputs.exitcode).toBe('2');
    const push = await step({ command: 'plan' }, { event: { ref: 'refs/heads/main' }, eventName: 'push' });
    expect(push.stdout).toContain('not a pull-request event');
    expect(github.requests()).toEqual([]);
  });
});

describe("the plan comment at GitHub's limit", () => {
  const OLD = toBase64('TEST ONLY old');
  const retired = Array.from({ length: 2500 }, (_, i) => `retired-signing-key-with-a-long-name-${String(i).padStart(4, '0')}`);
  // Pruned: 2,500 deletes, whose names alone are longer than a comment, and over the mass-delete limit.
  const crowded: SandboxSeed = {
    projects: [
      seedProject(
        'payments',
        ['production'],
        [seedSecret('keep', undefined, { production: OLD }), ...retired.map((name) => seedSecret(name, undefined, { production: OLD }))],
      ),
    ],
  };
  const file = desiredFile({ payments: { keys: { keep: wantKey(undefined, { production: { base64: OLD } }) } } });
  const PLAN_FOOTER = '<sub>Plan format 1 · apinizer-keys</sub>';
  const RUN_FOOTER = '<sub>[Workflow run](https://github.example/acme/keys/actions/runs/42)</sub>';

  it('holds the whole plan the CLI sized for it, refused or not: the Action cuts nothing, and the summary has the same report', () =>
    inWorld({ seed: crowded, files: { 'apinizer-keys.yaml': file } }, async (big) => {
      const run = (args: string) =>
        runActionStep({
          cwd: big.dir,
          githubApiUrl: github.url,
          githubToken: GITHUB_TOKEN,
          inputs: { url: big.sandbox.url, token: big.sandbox.token, command: 'plan', args },
          workflow: WORKFLOW,
        });
      for (const [args, code] of [
        ['--allow-mass-delete', 0],
        ['', 1],
      ] as const) {
        const result = await run(args);
        expect(result.code).toBe(code);
        const body = mine()[0]!.body;
        expect(body.length).toBeLessThanOrEqual(65_536);
        // Filled near the limit, yet the plan ends as the CLI ended it: its last note whole, its footer, then the Action's.
        expect(body.length).toBeGreaterThan(60_000);
        expect(body).not.toMatch(/Cut (at a line break )?to fit/);
        expect(body).toMatch(
          /\n\*\*And \d+ more, not listed here to keep this comment within \d+ characters; the full list is in the plan's text or JSON output \(job log or artifact\)\.\*\*\n/,
        );
        expect(body.endsWith(`${PLAN_FOOTER}\n\n${RUN_FOOTER}`)).toBe(true);
        expect(body).toContain(result.summary.trimEnd());
        if (code === 1) expect(body).toContain('### :x: apinizer-keys plan failed');
      }
      expect(mine()).toHaveLength(1);
    }));
});

describe('saved plans and drift', () => {
  it('saves the plan (output plan-file) and applies exactly it with the write token', async () => {
    const planned = await step({ command: 'plan', 'plan-file': 'plan.json', comment: 'false' });
    expect(planned.outputs.exitcode).toBe('2');
    expect(planned.outputs['plan-file']).toBe(join(world.dir, 'plan.json'));
    expect(existsSync(planned.outputs['plan-file']!)).toBe(true);

    const applied = await step(
      { command: 'apply-saved', 'plan-file': 'plan.json', token: world.sandbox.token },
      { event: { ref: 'refs/heads/main' }, eventName: 'push' },
    );
    expect(applied.code).toBe(0);
    expect(applied.outputs).toEqual({ exitcode: '0' });
    expect(applied.summary).toContain('### apinizer-keys apply-saved: done');
    expect(world.keyNames('payments')).toEqual(['added', 'keep']);

    const drift = await step({ command: 'drift', comment: 'false' });
    expect(drift.outputs).toEqual({ exitcode: '0', 'has-changes': 'false' });
    expect(drift.summary).toContain('No drift');
  });

  it('refuses inputs it cannot use before running anything', async () => {
    const bad = await step({ command: 'destroy' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /::error::Error: The apinizer-keys Action's input "command" is "destroy"\. Use one of: plan, apply, apply-saved, drift\./,
    );
    const noPlan = await step({ command: 'apply-saved' });
    expect(noPlan.stdout).toContain('needs the input "plan-file"');
    expect(github.requests()).toEqual([]);
    expect(world.sandbox.requests()).toEqual([]);
  });
});
