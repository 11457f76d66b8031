import { randomBytes } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';

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
