/**
 * The entry point of the GitHub Action (action.yml runs it with `node`): runs the built CLI
 * with the Action's inputs, then writes the outputs, the job summary and this workflow's one
 * pull-request comment. The deciding is done by the pure modules in ./pure/; this file is the
 * I/O around them.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, formatErrorLine, toAppError } from '../common/app-error.js';
import { Secret } from '../common/secret.js';
import { createIssueComments } from './github-comments.js';
import { readActionInputs, reportsChanges, toCliArgs, type ActionInputs, type EnvRecord } from './pure/action-inputs.js';
import { chooseCommentWrite, findPullRequestNumber, type CommentWrite } from './pure/comment-target.js';
import { composeCommentBody, composeSummary, isSuccess, makeMarker, planLengthFor, type RunOutcome } from './pure/plan-comment.js';
import { readEvent, writeOutput, writeReportFile, writeSummary } from './workflow-files.js';

const CLI_PATH = fileURLToPath(new URL('../cli.js', import.meta.url));

/** Variables the CLI never sees: the Action's own inputs and the GitHub token. */
const WITHHELD = /^(INPUT_.*|GITHUB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN)$/;

/** Runs the Action; resolves to the step's exit status. */
export async function runAction(env: EnvRecord): Promise<number> {
  const managerToken = env.INPUT_TOKEN ?? '';
  const githubToken = env.INPUT_GITHUB_TOKEN || env.GITHUB_TOKEN || '';
  // A token given other than from `secrets` is not masked by the runner: mask it first.
  for (const value of [managerToken, githubToken]) if (value !== '') process.stdout.write(`::add-mask::${value}\n`);
  const inputs = readActionInputs(env);
  const detailed = reportsChanges(inputs.command);
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const marker = commentMarker(env);
  // The plan is asked for at the size the comment holds around it, so the Action never cuts it.
  const markdownLength = detailed ? planLengthFor(marker, { command: inputs.command, runUrl }) : undefined;
  const run = await runCli(toCliArgs(inputs, markdownLength), cliEnv(env, managerToken));
  const outcome: RunOutcome = {
    command: inputs.command,
    exitCode: run.code,
    stdout: run.stdout,
    stderr: run.stderr,
    secrets: [managerToken, githubToken],
    runUrl,
  };
  const summary = composeSummary(outcome, detailed);
  await writeOutputs(env, inputs, outcome, detailed);
  await writeOutput(env.GITHUB_OUTPUT, 'report-file', await writeReportFile(env, summary));
  await writeSummary(env.GITHUB_STEP_SUMMARY, summary);
  const commented = inputs.comment ? await keepComment(env, marker, outcome, detailed, new Secret(githubToken)) : true;
  if (!isSuccess(outcome, detailed)) {
    process.stdout.write(`::error::apinizer-keys ${inputs.command} failed (exit ${run.code}); see the log above.\n`);
    return run.code === 0 ? 1 : run.code;
  }
  return commented ? 0 : 1;
}

async function writeOutputs(env: EnvRecord, inputs: ActionInputs, outcome: RunOutcome, detailed: boolean): Promise<void> {
  await writeOutput(env.GITHUB_OUTPUT, 'exitcode', String(outcome.exitCode));
  if (detailed) await writeOutput(env.GITHUB_OUTPUT, 'has-changes', String(outcome.exitCode === 2));
  if (inputs.command !== 'apply-saved' && inputs.planFile !== undefined && isSuccess(outcome, detailed)) {
    const path = resolve(inputs.planFile);
    if (existsSync(path)) await writeOutput(env.GITHUB_OUTPUT, 'plan-file', path);
  }
}

/**
 * Creates or updates this workflow's comment on the pull request; resolves to false when the
 * step must fail for it. Not getting to create it is a warning: there is then no comment to
 * mislead anyone (a fork's read-only token is the usual cause). Not getting to update it
 * (after the retries) is an error: the comment still shows an earlier run's report, "no
 * changes" say, where reviewers look for this one's, and a warning in a passing step's log
 * is not where they look.
 */
async function keepComment(env: EnvRecord, marker: string, outcome: RunOutcome, detailed: boolean, token: Secret): Promise<boolean> {
  const issue = findPullRequestNumber(await readEvent(env.GITHUB_EVENT_PATH));
  if (issue === undefined) {
    process.stdout.write('apinizer-keys: not a pull-request event, so no comment.\n');
    return true;
  }
  if (!env.GITHUB_REPOSITORY || token.reveal() === '') {
    process.stdout.write('::warning::apinizer-keys: no GITHUB_REPOSITORY or github-token, so no comment.\n');
    return true;
  }
  const author = env.INPUT_COMMENT_AUTHOR || 'github-actions[bot]';
  const body = composeCommentBody(marker, outcome, detailed);
  let write: CommentWrite | undefined;
  try {
    // Inside the try: a proxy setting the CLI never needed (an http Manager, HTTPS_PROXY
    // malformed) must not fail a run whose plan succeeded; it is a warning like any other.
    const comments = createIssueComments({
      apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
      repository: env.GITHUB_REPOSITORY,
      token,
    });
    write = chooseCommentWrite(await comments.list(issue), marker, body, author);
    if (write.kind === 'create') await comments.create(issue, write.body);
    if (write.kind === 'update') await comments.update(write.id, write.body);
    process.stdout.write(
      `apinizer-keys: comment on #${issue} ${write.kind === 'create' ? 'created' : write.kind === 'update' ? 'updated' : 'unchanged'}.\n`,
    );
    return true;
  } catch (error) {
    const failure = toAppError(error);
    if (write?.kind !== 'update') {
      process.stdout.write(`::warning::${formatErrorLine(failure)}\n`);
      return true;
    }
    const stale = new AppError({
      code: failure.code,
      fault: failure.fault,
      message: `${failure.message} The pull request's comment still shows an earlier run's report, not this one's, so this step fails.`,
      hint: failure.hint ?? 'Re-run the job: the comment is updated once GitHub accepts the change.',
    });
    process.stdout.write(`::error::${formatErrorLine(stale)}\n`);
    return false;
  }
}

/**
 * The marker of this job's comment. One comment per workflow and job (and comment-key, for
 * matrix jobs): parallel jobs of one workflow must not overwrite each other's plans.
 */
function commentMarker(env: EnvRecord): string {
  return makeMarker(env.GITHUB_WORKFLOW ?? 'apinizer-keys', env.INPUT_COMMENT_KEY || env.GITHUB_JOB || '');
}

function cliEnv(env: EnvRecord, managerToken: string): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!WITHHELD.test(name) && value !== undefined) result[name] = value;
  if (env.INPUT_URL) result.APINIZER_URL = env.INPUT_URL;
  if (managerToken !== '') result.APINIZER_TOKEN = managerToken;
  return result;
}

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI; what it writes goes to the log as it comes (apply reports progress) and is kept. */
function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

runAction(process.env).then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    process.stdout.write(`::error::${formatErrorLine(toAppError(error))}\n`);
    process.exitCode = 1;
  },
);
