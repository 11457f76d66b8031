import type { ActionCommand } from './action-inputs.js';

/** GitHub's limit for the body of a comment, in characters. */
export const COMMENT_LIMIT = 65_536;

/** How long the quoted error line may be. */
const ERROR_LINE_LIMIT = 1_000;

/** The CLI's smallest `--max-length` (its Markdown renderer needs that much for the essentials). */
const MIN_PLAN_LENGTH = 2_000;

/** Said under a report the comment had to cut: the job summary and the log have it whole (neither is cut by the Action). */
const CUT_NOTE =
  "\n\n> [!NOTE]\n> Cut at a line break to fit GitHub's comment limit; the job summary and the job log have this report in full.";

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

/**
 * The pull-request comment: the marker, then the plan, or what failed and why. Never over
 * {@link COMMENT_LIMIT}. A plan asked for with {@link planLengthFor} always fits whole;
 * other output too long for it (an apply report) is cut at a line break, with a note.
 */
export function composeCommentBody(marker: string, outcome: RunOutcome, detailed: boolean): string {
  const footer = renderFooter(outcome.runUrl);
  const head = `${marker}\n`;
  const room = COMMENT_LIMIT - head.length - footer.length;
  const report = isSuccess(outcome, detailed) ? renderSuccess(outcome, room) : renderFailure(outcome, room);
  return head + report + footer;
}

/**
 * The most characters the CLI's Markdown plan may have (its `--max-length`) for the
 * comment to hold it whole: GitHub's limit less what the Action adds around it, counted
 * for the longest frame there is (a refused plan under the failure heading, its exit
 * status and the longest quoted error line), since the Action learns only afterwards
 * whether the run failed. Without it, the Action would have to cut the end off a plan the
 * CLI had sized to the last character, mid-sentence.
 */
export function planLengthFor(marker: string, outcome: Pick<RunOutcome, 'command' | 'runUrl'>): number {
  const { command, runUrl } = outcome;
  const room = COMMENT_LIMIT - `${marker}\n`.length - renderFooter(runUrl).length;
  // The frame is all of this but the one-character report: exit status 255 has the most
  // digits, and an error line of nothing but backticks needs the longest fence.
  const frame = renderFailure({ command, exitCode: 255, stdout: 'x', stderr: '`'.repeat(ERROR_LINE_LIMIT), secrets: [] }).length - 1;
  return Math.max(MIN_PLAN_LENGTH, room - frame);
}

/** The job summary: the same report as the comment, without the marker, and never cut. */
export function composeSummary(outcome: RunOutcome, detailed: boolean): string {
  return `${isSuccess(outcome, detailed) ? renderSuccess(outcome) : renderFailure(outcome)}\n`;
}

function renderFooter(runUrl: string | undefined): string {
  return runUrl ? `\n\n<sub>[Workflow run](${runUrl})</sub>` : '';
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

/** The report of a run that succeeded, within `room` characters. */
function renderSuccess(outcome: RunOutcome, room = Number.POSITIVE_INFINITY): string {
  const text = scrubSecrets(outcome.stdout, outcome.secrets).trimEnd();
  if (isMarkdown(outcome)) return fitLines(text, room);
  // apply prints text, not Markdown: keep its layout.
  const heading = `### apinizer-keys ${outcome.command}: done\n\n`;
  return heading + fenceWithin(text === '' ? '(no output)' : text, room - heading.length);
}

/** Whether the CLI's stdout is Markdown made for the comment (plan and drift) rather than text. */
function isMarkdown(outcome: Pick<RunOutcome, 'command'>): boolean {
  return outcome.command === 'plan' || outcome.command === 'drift';
}

/** The heading of the CLI's own Markdown failure report (after its marker line). */
const FAILURE_REPORT = /^### apinizer-keys [^\n]*: failed$/m;

const NOTHING_CHANGED =
  'Nothing was changed by this run unless its log says so. Fix the cause and push again; the job log has the details.';

/** The report of a run that failed, within `room` characters: what failed and why, then what the CLI printed. */
function renderFailure(outcome: RunOutcome, room = Number.POSITIVE_INFINITY): string {
  const what = outcome.command === 'drift' ? 'drift check' : outcome.command;
  const report = scrubSecrets(outcome.stdout, outcome.secrets).trim();
  // `plan --format markdown` writes its own failure report (heading, error, code, who acts):
  // that is the comment, not a second heading over the same error line.
  if (FAILURE_REPORT.test(report)) {
    const after = `\n\n${NOTHING_CHANGED}`;
    return fitLines(report, room - after.length) + after;
  }
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
  if (report === '') return lines.join('\n');
  // A refused plan still prints the plan: show it below.
  const frame = `${lines.join('\n')}\n\n---\n\n`;
  return frame + (isMarkdown(outcome) ? fitLines(report, room - frame.length) : fenceWithin(report, room - frame.length));
}

/** A fenced code block that no backtick run inside `text` can close. */
export function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}text\n${text}\n${ticks}`;
}

/**
 * `text` as it is when it has at most `limit` characters; else its lines that fit with
 * {@link CUT_NOTE} after them (a single line too long is cut, never inside a code point).
 */
function fitLines(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return cutAtLine(text, limit - CUT_NOTE.length) + CUT_NOTE;
}

/** {@link fence} of `text` within `limit` characters: cut inside the fence, so the note after it is not taken for output. */
function fenceWithin(text: string, limit: number): string {
  const whole = fence(text);
  if (whole.length <= limit) return whole;
  const ticks = whole.slice(0, whole.indexOf('text\n'));
  // The whole text's fence also closes any part of it.
  const frame = `${ticks}text\n\n${ticks}`.length;
  return `${ticks}text\n${cutAtLine(text, limit - frame - CUT_NOTE.length)}\n${ticks}${CUT_NOTE}`;
}

/** The longest start of `text` of at most `limit` characters that ends before a line break, or mid-line when the first line is longer. */
function cutAtLine(text: string, limit: number): string {
  const end = Math.max(0, limit);
  const lineEnd = text.lastIndexOf('\n', end);
  if (lineEnd > 0) return text.slice(0, lineEnd);
  // Not inside a surrogate pair.
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(end - 1)) ? end - 1 : end;
  return text.slice(0, Math.max(0, cut));
}
