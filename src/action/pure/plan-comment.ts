import type { ActionCommand } from './action-inputs.js';

/** GitHub's limit for the body of a comment, in characters. */
export const COMMENT_LIMIT = 65_536;

/** How long the quoted error line may be. */
const ERROR_LINE_LIMIT = 1_000;

/** What one run of the CLI ended with, as the comment and the summary show it. */
export interface RunOutcome {
  readonly command: ActionCommand;
  readonly exitCode: number;
  /** The CLI's stdout: the plan in Markdown for plan and drift, the report for apply. */
  readonly stdout: string;
  /** The CLI's stderr (its `Error:` line is quoted when the run failed). */
  readonly stderr: string;
  /** Values that must not appear in what is posted (the tokens). */
  readonly secrets: readonly string[];
  /** The workflow run, linked from the comment. */
  readonly runUrl?: string;
}

/**
 * The hidden marker that names this workflow's comment. The name is percent-encoded, so it
 * can never close the HTML comment (`-->`) or spread over lines.
 */
export function makeMarker(workflow: string, key = ''): string {
  // Lone surrogates would make encodeURIComponent throw; a "-" left as is could form the
  // "--" an HTML comment must not hold.
  const encoded = encodeMarkerPart(workflow);
  const suffix = key === '' ? '' : ` key=${encodeMarkerPart(key)}`;
  return `<!-- apinizer-keys-action workflow=${encoded}${suffix} -->`;
}

function encodeMarkerPart(text: string): string {
  return encodeURIComponent(text.replace(/\p{Surrogate}/gu, '\uFFFD')).replace(/-/g, '%2D');
}

/** Whether a run succeeded as far as the job is concerned (0, or 2 for changes where it means that). */
export function isSuccess(outcome: Pick<RunOutcome, 'exitCode'>, detailed: boolean): boolean {
  return outcome.exitCode === 0 || (detailed && outcome.exitCode === 2);
}

/** The pull-request comment: the marker, then the plan, or what failed and why. Never over {@link COMMENT_LIMIT}. */
export function composeCommentBody(marker: string, outcome: RunOutcome, detailed: boolean): string {
  const footer = outcome.runUrl ? `\n\n<sub>[Workflow run](${outcome.runUrl})</sub>` : '';
  const head = `${marker}\n`;
  const report = isSuccess(outcome, detailed) ? renderSuccess(outcome) : renderFailure(outcome);
  return head + fitText(report, COMMENT_LIMIT - head.length - footer.length) + footer;
}

/** The job summary: the same report as the comment, without the marker. */
export function composeSummary(outcome: RunOutcome, detailed: boolean): string {
  return `${isSuccess(outcome, detailed) ? renderSuccess(outcome) : renderFailure(outcome)}\n`;
}

/**
 * The line that says why a run failed: the CLI's `Error:` line (else its first line), scrubbed
 * of the secrets and cut to a readable length.
 */
export function pickErrorLine(stderr: string, secrets: readonly string[]): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim());
  const line = lines.find((candidate) => candidate.startsWith('Error:')) ?? lines.find((candidate) => candidate !== '') ?? '';
  const scrubbed = scrubSecrets(line, secrets);
  return scrubbed.length > ERROR_LINE_LIMIT ? `${scrubbed.slice(0, ERROR_LINE_LIMIT - 1)}…` : scrubbed;
}

/** `text` with each secret (as is, base64, percent-encoded) replaced by `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets.filter((value) => value.length >= 4)) {
    for (const form of secretForms(secret)) result = result.split(form).join('***');
  }
  return result;
}

function secretForms(secret: string): string[] {
  const base64 = encodeBase64(secret);
  return [...new Set([secret, encodeURIComponent(secret), base64, base64.replace(/=+$/, '')])].sort((a, b) => b.length - a.length);
}

/** Base64 of UTF-8 text, without node:buffer (this module is pure). */
function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function renderSuccess(outcome: RunOutcome): string {
  const text = scrubSecrets(outcome.stdout, outcome.secrets).trimEnd();
  if (outcome.command === 'plan' || outcome.command === 'drift') return text;
  // apply prints text, not Markdown: keep its layout.
  return `### apinizer-keys ${outcome.command}: done\n\n${fence(text === '' ? '(no output)' : text)}`;
}

/** The heading of the CLI's own Markdown failure report (after its marker line). */
const FAILURE_REPORT = /^### apinizer-keys [^\n]*: failed$/m;

const NOTHING_CHANGED =
  'Nothing was changed by this run unless its log says so. Fix the cause and push again; the job log has the details.';

function renderFailure(outcome: RunOutcome): string {
  const what = outcome.command === 'drift' ? 'drift check' : outcome.command;
  const report = scrubSecrets(outcome.stdout, outcome.secrets).trim();
  // `plan --format markdown` writes its own failure report (heading, error, code, who acts):
  // that is the comment, not a second heading over the same error line.
  if (FAILURE_REPORT.test(report)) return [report, '', NOTHING_CHANGED].join('\n');
  const line = pickErrorLine(outcome.stderr, outcome.secrets) || '(the CLI wrote no error line)';
  const lines = [
    `### :x: apinizer-keys ${what} failed`,
    '',
    `The ${what} failed (exit ${outcome.exitCode}):`,
    '',
    fence(line),
    '',
    NOTHING_CHANGED,
  ];
  // A refused plan still prints the plan: show it below.
  if (report !== '') lines.push('', '---', '', outcome.command === 'plan' || outcome.command === 'drift' ? report : fence(report));
  return lines.join('\n');
}

/** A fenced code block that no backtick run inside `text` can close. */
export function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}text\n${text}\n${ticks}`;
}

/** `text` cut to `limit` characters with a note saying so (the full output is in the job log and summary). */
function fitText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = "\n\n> [!NOTE]\n> Cut to fit GitHub's comment limit: the full report is in the job summary and log.";
  return text.slice(0, Math.max(0, limit - note.length)) + note;
}
