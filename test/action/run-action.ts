/** Runs the Action's built entry point as the runner would: INPUT_* variables, an event file, temp output files. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACTION_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'action', 'main.js');

/** The simulated job around one step. */
export interface ActionJob {
  readonly cwd: string;
  /** The action's inputs by their action.yml names (e.g. `plan-file`). */
  readonly inputs: Record<string, string>;
  /** The webhook event (GITHUB_EVENT_PATH); default a pull_request event for #7. */
  readonly event?: unknown;
  readonly eventName?: string;
  readonly githubApiUrl: string;
  readonly githubToken: string;
  /** Further variables of the job (key material, APINIZER_URL). */
  readonly env?: Record<string, string>;
  readonly workflow?: string;
}

/** What one step did. */
export interface ActionStep {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly outputText: string;
  readonly summary: string;
  /** The text of the file the `report-file` output names (read before the temp directory goes). */
  readonly report?: string;
}

/** Runs the entry point once with fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
export async function runActionStep(job: ActionJob): Promise<ActionStep> {
  const dir = await mkdtemp(join(tmpdir(), 'apinizer-keys-action-'));
  try {
    const files = { event: join(dir, 'event.json'), output: join(dir, 'output'), summary: join(dir, 'summary.md') };
    await writeFile(files.event, JSON.stringify(job.event ?? { action: 'synchronize', number: 7, pull_request: { number: 7 } }));
    await writeFile(files.output, '');
    await writeFile(files.summary, '');
    const inputs = Object.fromEntries(
      Object.entries(job.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase().replace(/-/g, '_')}`, value]),
    );
    const env = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKFLOW: job.workflow ?? 'apinizer-keys plan',
      GITHUB_EVENT_NAME: job.eventName ?? 'pull_request',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REPOSITORY: 'acme/keys',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      GITHUB_API_URL: job.githubApiUrl,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: dir,
      INPUT_GITHUB_TOKEN: job.githubToken,
      ...job.env,
      ...inputs,
    };
    const { code, stdout, stderr } = await spawnEntry(job.cwd, env);
    const outputText = await readFile(files.output, 'utf8');
    const outputs = parseOutputs(outputText);
    const report = outputs['report-file'] === undefined ? undefined : await readFile(outputs['report-file'], 'utf8');
    return { code, stdout, stderr, outputs, outputText, summary: await readFile(files.summary, 'utf8'), report };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnEntry(
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACTION_ENTRY], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Reads `name<<DELIMITER` … `DELIMITER` blocks (and plain `name=value` lines) as the runner does. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`output ${heredoc[1]} has no closing delimiter`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}
