/**
 * action.yml and the example GitHub workflows: valid by @action-validator/core (SchemaStore's
 * schemas for actions and workflows), every action pinned by a commit SHA that was checked
 * against its tag, and least privilege (no permissions by default, secrets at step level,
 * the write token only in jobs behind an environment).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKFLOW_DIR = join(ROOT, 'examples', 'github-actions');
const WORKFLOWS = readdirSync(WORKFLOW_DIR).filter((name) => name.endsWith('.yml'));
const read = (path: string) => readFileSync(path, 'utf8');

/**
 * The third-party actions the files may use, by the commit their tag pointed to when checked
 * (2026-12-01, in each repository's git tags). Bump a version here and in the files together.
 */
const PINNED: Record<string, { sha: string; version: string }> = {
  'actions/checkout': { sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  'actions/setup-node': { sha: '820762786026740c76f36085b0efc47a31fe5020', version: 'v7.0.0' },
  'actions/upload-artifact': { sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', version: 'v7.0.0' },
  'actions/download-artifact': { sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', version: 'v8.0.1' },
  'actions/github-script': { sha: 'ed597411d8f924073f98dfc5c65a23a2325f34cd', version: 'v8.0.0' },
};
/** This action, as the examples refer to it: the user puts in the commit they reviewed. */
const SELF = 'your-org/apinizer-keys';

// The validator warns on stdout that it does not check path globs; keep the test output clean.
beforeAll(() => void jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterAll(() => {
  jest.restoreAllMocks();
});

describe('validation', () => {
  it('action.yml is a valid action', () => {
    expect(validateAction(read(join(ROOT, 'action.yml'))).errors).toEqual([]);
  });

  it.each(WORKFLOWS)('%s is a valid workflow', (name) => {
    expect(validateWorkflow(read(join(WORKFLOW_DIR, name))).errors).toEqual([]);
  });

  it('the validator rejects a broken workflow and a broken action', () => {
    expect(validateWorkflow('on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n').errors).not.toEqual([]);
    expect(validateAction('name: x\nruns:\n  using: composite\n').errors).not.toEqual([]);
  });
});

describe('pinning', () => {
  const files = [join(ROOT, 'action.yml'), ...WORKFLOWS.map((name) => join(WORKFLOW_DIR, name))];

  it.each(files.map((path) => [path.slice(ROOT.length + 1), path]))('%s pins every action by a checked commit SHA', (_label, path) => {
    const uses = [...read(path).matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, reference, rest] of uses) {
      const [name, ref] = reference!.split('@') as [string, string];
      const comment = /#\s*(v\d+\.\d+\.\d+)\s*$/.exec(rest!)?.[1];
      expect(`${reference} ${comment}`).toMatch(/@[0-9a-f]{40} v\d+\.\d+\.\d+$/);
      if (name === SELF) continue;
      expect(`${name}@${ref} # ${comment}`).toBe(`${name}@${PINNED[name]?.sha} # ${PINNED[name]?.version}`);
    }
  });
});

interface Step {
  readonly uses?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, { paths?: string[] } | null>;
  readonly permissions?: Record<string, string>;
  readonly env?: unknown;
  readonly jobs: Record<string, Job>;
}

describe('least privilege', () => {
  const workflows = WORKFLOWS.map((name) => [name, parse(read(join(WORKFLOW_DIR, name))) as Workflow] as const);

  it.each(workflows)('%s grants nothing by default and keeps secrets at step level', (_name, workflow) => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.env).toBeUndefined();
    for (const job of Object.values(workflow.jobs)) {
      expect(job.env).toBeUndefined();
      expect(job.permissions?.contents).toBe('read');
    }
  });

  it.each(workflows)('%s: the write token only behind the protected environment, the read-only one elsewhere', (name, workflow) => {
    for (const [jobName, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps.filter((candidate) => candidate.uses?.startsWith(`${SELF}@`))) {
        const token = step.with?.token;
        // The nightly drift check compares live material: its own token may read it (EXPORT_IMPORT), and only there.
        const reader = name === 'drift-check.yml' && jobName === 'detect' ? 'APINIZER_DRIFT_TOKEN' : 'APINIZER_READONLY_TOKEN';
        if (job.environment === 'apinizer-production')
          expect(`${jobName}: ${token}`).toBe(`${jobName}: \${{ secrets.APINIZER_WRITE_TOKEN }}`);
        else expect(`${jobName}: ${token}`).toBe(`${jobName}: \${{ secrets.${reader} }}`);
      }
      if (job.environment === undefined) expect(JSON.stringify(job)).not.toContain('APINIZER_WRITE_TOKEN');
    }
  });

  it.each(workflows.filter(([, workflow]) => workflow.on.push || workflow.on.pull_request))(
    '%s: its path filters include split desired-state files',
    (_name, workflow) => {
      const paths = (workflow.on.push ?? workflow.on.pull_request)?.paths ?? [];
      expect(paths).toEqual(expect.arrayContaining(['apinizer-keys.yaml', 'apinizer-keys/**', 'keys/**']));
    },
  );
});

describe('action.yml and its entry point', () => {
  const action = parse(read(join(ROOT, 'action.yml'))) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: (Step & { id?: string; run?: string; shell?: string })[] };
  };

  it('passes every input to the entry point, under the INPUT_ name it reads', () => {
    const run = action.runs.steps.find((step) => step.id === 'run')!;
    const passed = Object.entries(run.env ?? {}).map(([name, value]) => `${name}=${value}`);
    const expected = Object.keys(action.inputs)
      .filter((name) => !['working-directory', 'node-version'].includes(name))
      .map((name) => `INPUT_${name.toUpperCase().replace(/-/g, '_')}=\${{ inputs.${name} }}`);
    expect(passed.sort()).toEqual(expected.sort());
    const entry = read(join(ROOT, 'src', 'action', 'main.ts')) + read(join(ROOT, 'src', 'action', 'pure', 'action-inputs.ts'));
    for (const name of Object.keys(run.env ?? {})) {
      const short = name.replace(/^INPUT_/, '');
      expect(`${name}: ${entry.includes(name) || entry.includes(`'${short}'`)}`).toBe(`${name}: true`);
    }
  });

  it('installs from its own lock file without install scripts, and declares the outputs the entry point writes', () => {
    const install = action.runs.steps.find((step) => step.run?.includes('npm ci'))!;
    expect(install.run).toMatch(/npm ci --include=dev --ignore-scripts/);
    expect(install).toMatchObject({ 'working-directory': '${{ github.action_path }}' });
    expect(Object.keys(action.outputs).sort()).toEqual(['exitcode', 'has-changes', 'plan-file', 'report-file']);
    expect(action.inputs['node-version']?.default).toBe('26');
  });
});

describe('drift-check.yml', () => {
  const drift = parse(read(join(WORKFLOW_DIR, 'drift-check.yml'))) as Workflow & {
    concurrency?: unknown;
    jobs: Record<string, Job & { concurrency?: { group: string } }>;
  };
  const apply = parse(read(join(WORKFLOW_DIR, 'apply-on-merge.yml'))) as { concurrency: { group: string } };
  const selfStep = (job: string) => drift.jobs[job]!.steps.find((step) => step.uses?.startsWith(`${SELF}@`))!;

  it('corrects with exactly the plan the check saved, and only the correction joins the apply group', () => {
    expect(selfStep('detect').with).toMatchObject({ command: 'drift', 'plan-file': 'drift-plan.json' });
    const upload = drift.jobs.detect!.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    const download = drift.jobs.correct!.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with?.name).toBe(upload.with?.name);
    expect(selfStep('correct').with).toMatchObject({ command: 'apply-saved', 'plan-file': 'drift-plan.json' });
    // apply FILE refuses planning options: a correction with args would fail, or (before) re-plan unseen.
    expect(selfStep('correct').with).not.toHaveProperty('args');
    expect(drift.concurrency).toBeUndefined();
    expect(drift.jobs.correct!.concurrency?.group).toBe(apply.concurrency.group);
  });

  it("keeps the issue body within GitHub's 65,536 characters, the run link included", async () => {
    const step = drift.jobs.detect!.steps.find((candidate) => candidate.uses?.startsWith('actions/github-script@'))!;
    const script = step.with!.script!;
    const dir = mkdtempSync(join(tmpdir(), 'drift-issue-'));
    try {
      const reportFile = join(dir, 'report.md');
      writeFileSync(reportFile, `### Drift detected\n${'- key p/k-0000 missing\n'.repeat(3000)}`);
      const bodies: string[] = [];
      const github = {
        paginate: () => Promise.resolve([]),
        rest: {
          issues: {
            listForRepo: undefined,
            create: (request: { body: string }) => Promise.resolve(void bodies.push(request.body)),
            update: (request: { body: string }) => Promise.resolve(void bodies.push(request.body)),
            createComment: () => Promise.resolve(),
          },
        },
      };
      const context = { repo: { owner: 'o', repo: 'r' }, serverUrl: 'https://github.com', runId: 42 };
      const env = { EXITCODE: '2', REPORT_FILE: reportFile };
      // github-script runs its script as the body of an async function with these names.
      const AsyncFunction = Object.getPrototypeOf(async function () {
        await Promise.resolve();
      }).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
      await new AsyncFunction('github', 'context', 'require', 'process', script)(github, context, createRequire(import.meta.url), { env });
      expect(bodies).toHaveLength(1);
      expect(bodies[0]!.length).toBeLessThanOrEqual(65_536);
      expect(bodies[0]!.endsWith('\n\nLast checked: https://github.com/o/r/actions/runs/42')).toBe(true);
      expect(bodies[0]).toContain('the whole report is in the job summary');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
