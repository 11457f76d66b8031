/**
 * examples/gitlab-ci.yml. No GitLab CI schema can be had offline here (gitlab-ci-local, which
 * embeds GitLab's, needs Node 22), so the file is parsed and its shape and privileges checked,
 * and its merge-request note script is run against a fake GitLab notes API on loopback:
 * ONE note, created once and then updated, also when the plan fails.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startFakeGitLab, type FakeGitLab } from '../support/fake-gitlab.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TEXT = readFileSync(join(ROOT, 'examples', 'gitlab-ci.yml'), 'utf8');

interface GitLabJob {
  readonly stage?: string;
  readonly script: string[];
  readonly variables?: Record<string, string>;
  readonly environment?: { name: string };
  readonly rules?: { if?: string; changes?: string[] }[];
  readonly resource_group?: string;
}
const config = parse(TEXT, { merge: true }) as Record<string, unknown> & { default: { image: { name: string; entrypoint: string[] } } };
const jobs = Object.fromEntries(
  Object.entries(config).filter(
    ([name, value]) => !name.startsWith('.') && typeof value === 'object' && value !== null && 'script' in value,
  ),
) as Record<string, GitLabJob>;

describe('shape and privileges', () => {
  it('uses the image with its entrypoint cleared, for every job', () => {
    expect(config.default.image).toEqual({ name: '$APINIZER_IMAGE', entrypoint: [''] });
    expect(Object.keys(jobs).sort()).toEqual(['apply', 'drift', 'plan:main', 'plan:mr']);
  });

  it('gives each job its token as a job variable: the write token only to apply, in the protected environment', () => {
    expect(config.variables).not.toHaveProperty('APINIZER_TOKEN');
    for (const [name, job] of Object.entries(jobs)) {
      expect(`${name}: ${job.variables?.APINIZER_TOKEN}`).toBe(
        // The drift job compares live material: its token may read it (EXPORT_IMPORT) and change nothing.
        `${name}: ${name === 'apply' ? '$APINIZER_WRITE_TOKEN' : name === 'drift' ? '$APINIZER_DRIFT_TOKEN' : '$APINIZER_READONLY_TOKEN'}`,
      );
    }
    expect(jobs.apply!.environment?.name).toBe('apinizer-production');
    expect(jobs.apply!.script.join('\n')).toContain('apinizer-keys apply plan.json');
    expect(jobs.apply!.resource_group).toBe(jobs.drift!.resource_group);
  });

  it('runs on changes of split desired-state files too', () => {
    for (const name of ['plan:mr', 'plan:main', 'apply']) {
      expect(jobs[name]!.rules?.[0]?.changes).toEqual(expect.arrayContaining(['apinizer-keys.yaml', 'apinizer-keys/**/*', 'keys/**/*']));
    }
  });
});

describe('the merge-request note', () => {
  const marker = jobs['plan:mr']!.variables!.NOTE_MARKER!;
  const script = /<<'NODE'\n([\s\S]*?)\nNODE/.exec(jobs['plan:mr']!.script.join('\n'))![1]!;
  let gitlab: FakeGitLab;
  let dir: string;

  beforeEach(async () => {
    gitlab = await startFakeGitLab('12', 5, 'glpat-test');
    dir = await mkdtemp(join(tmpdir(), 'apinizer-keys-gitlab-'));
  });
  afterEach(async () => {
    await gitlab.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the note script as the job does; `token` is GITLAB_NOTES_TOKEN, `errors` collects its stderr. */
  async function push(exitCode: string, plan: string, stderr = '', token = 'glpat-test', errors: string[] = []): Promise<number | null> {
    await writeFile(join(dir, 'plan.md'), plan);
    await writeFile(join(dir, 'plan.err'), stderr);
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module'], {
        cwd: dir,
        stdio: ['pipe', 'ignore', 'pipe'],
        env: {
          PATH: process.env.PATH,
          NOTE_MARKER: marker,
          PLAN_EXIT_CODE: exitCode,
          CI_API_V4_URL: gitlab.url,
          CI_PROJECT_ID: '12',
          CI_MERGE_REQUEST_IID: '5',
          CI_JOB_URL: 'https://gitlab.example/jobs/1',
          GITLAB_NOTES_TOKEN: token,
        },
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => errors.push(chunk));
      child.on('error', reject);
      child.on('close', resolve);
      child.stdin.end(script);
    });
  }

  it('is created once, then updated in place past other notes on a second page, also to say the plan failed', async () => {
    for (let i = 0; i < 130; i++) gitlab.addNote(`comment ${i}`, i % 2 === 0);
    expect(await push('2', '### apinizer-keys plan: 1 to create\n')).toBe(0);
    const mine = () => gitlab.notes().filter((note) => note.body.startsWith(marker));
    expect(mine()).toHaveLength(1);

    expect(await push('1', '', 'progress\nError: Manager answered 401 Unauthorized.\n')).toBe(0);
    expect(mine()).toHaveLength(1);
    expect(mine()[0]!.body).toContain('### apinizer-keys plan failed');
    expect(mine()[0]!.body).toContain('```text\nError: Manager answered 401 Unauthorized.\n```');
    expect(gitlab.requests()).toContain('GET /api/v4/projects/12/merge_requests/5/notes?per_page=100&page=2&sort=asc&order_by=created_at');

    expect(await push('0', '### apinizer-keys plan: no changes\n')).toBe(0);
    expect(mine()).toHaveLength(1);
    expect(mine()[0]!.body).toBe(`${marker}\n### apinizer-keys plan: no changes\n`);
    expect(gitlab.requests().filter((request) => request.startsWith('POST'))).toHaveLength(1);
    expect(gitlab.notes()).toHaveLength(131);
  });

  it('never takes a note someone else wrote with the marker for its own', async () => {
    gitlab.addNote(`${marker}\n### apinizer-keys plan: no changes\n`, false, { id: 31, username: 'mallory' });
    expect(await push('2', '### apinizer-keys plan: 1 to delete\n')).toBe(0);
    const marked = gitlab.notes().filter((note) => note.body.startsWith(marker));
    expect(marked.map((note) => [note.author.username, note.body.includes('1 to delete')])).toEqual([
      ['mallory', false],
      ['project_12_bot', true],
    ]);
    expect(gitlab.requests().filter((request) => request.startsWith('PUT'))).toEqual([]);
  });

  it('a refused token is one error line and a failed script, not a stack trace', async () => {
    const errors: string[] = [];
    expect(await push('2', '### apinizer-keys plan: 1 to create\n', '', 'glpat-wrong', errors)).toBe(1);
    expect(errors.join('')).toBe(
      "Error: the merge-request note was not written: reading the token's user: HTTP 401. Check GITLAB_NOTES_TOKEN (Reporter, scope api).\n",
    );
  });
});

describe('the exit code checks', () => {
  const run = (line: string, code: number) =>
    new Promise<number | null>((resolve, reject) => {
      const child = spawn('bash', ['-eo', 'pipefail', '-c', `code=${code}\n${line}`], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', resolve);
    });

  it.each(['plan:mr', 'plan:main'])('%s passes 0 and 2 only: an error, a missing binary or a kill fails the job', async (name) => {
    const line = jobs[name]!.script.find((entry) => entry.startsWith('case "$code"'))!;
    expect([await run(line, 0), await run(line, 2)]).toEqual([0, 0]);
    for (const code of [1, 127, 137, 134]) expect(`${code}: ${await run(line, code)}`).toBe(`${code}: 1`);
  });
});
