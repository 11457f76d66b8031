import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Sets a step output (`GITHUB_OUTPUT`), in the multi-line form with a random delimiter. */
export async function writeOutput(file: string | undefined, name: string, value: string): Promise<void> {
  if (!file) return;
  const delimiter = `ghadelimiter_${randomBytes(16).toString('hex')}`;
  await appendFile(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, 'utf8');
}

/** Adds Markdown to the job summary (`GITHUB_STEP_SUMMARY`). */
export async function writeSummary(file: string | undefined, markdown: string): Promise<void> {
  if (file) await appendFile(file, markdown, 'utf8');
}

/** The event that started the workflow (`GITHUB_EVENT_PATH`), or undefined without one. */
export async function readEvent(file: string | undefined): Promise<unknown> {
  if (!file) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/**
 * Writes the report (as in the summary) to a fresh file under `RUNNER_TEMP`, for later steps
 * (a drift issue, an artifact); a step cannot read another step's summary. Returns its path.
 */
export async function writeReportFile(env: Readonly<Record<string, string | undefined>>, markdown: string): Promise<string> {
  const dir = await mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'apinizer-keys-'));
  const path = join(dir, 'report.md');
  await writeFile(path, markdown, 'utf8');
  return path;
}
