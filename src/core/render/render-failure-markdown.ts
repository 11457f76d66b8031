import { formatLocation, type AppError, type Fault } from '../../common/app-error.js';
import { DEFAULT_MARKDOWN_LENGTH, MARKDOWN_MARKER } from './render-plan-markdown.js';
import { escapeMarkdownLineStart, escapeMarkdownText, fencedBlock } from './markdown-text.js';
import { printableLine } from './printable.js';

/** What the failure report reads of an error: its stable code, whose fault, and its printable text. Never a stack or a cause. */
export type FailureReport = Pick<AppError, 'code' | 'fault' | 'message' | 'hint' | 'location' | 'details' | 'excerpt'>;

/** Options of {@link renderFailureMarkdown}. */
export interface FailureMarkdownOptions {
  /** A drift check: the heading says so. */
  readonly drift?: boolean;
  /** Replaces `apinizer-keys plan` in the heading; shown as plain text. */
  readonly title?: string;
  /** Upper bound on the output's length, as the plan's (default 65,536, GitHub's comment limit). */
  readonly maxLength?: number;
}

/** Who has to act, in the reader's words. */
const FAULT_WORDS: Readonly<Record<Fault, string>> = {
  user: 'in the job’s input (the desired-state files, the flags or the environment variables)',
  manager: 'at the Manager, or in the network to it',
  bug: 'in apinizer-keys itself: a bug, please report it with the output of --debug',
};

const TITLE_LIMIT = 200;
const MESSAGE_LIMIT = 4_000;
const DETAIL_LIMIT = 500;
const MAX_DETAILS = 50;
const EXCERPT_LIMIT = 1_000;

/**
 * A failed plan as a pull-request comment body, so the comment says that the plan failed
 * and why instead of being empty: the marker (the same as a plan's, so a workflow updates
 * its one comment), a heading, a caution block with the error line (`file:line:col:`,
 * message, hint), the stable error code and who has to act, the source excerpt (already
 * masked by its maker) and the further problems in a collapsed block.
 *
 * Pure. Reads only the error's code, fault and printable text, which AppErrors hold
 * scrubbed of tokens and material; never a stack, a cause or an HTTP body. Untrusted text
 * is escaped; the result stays within GitHub's 65,536-character comment limit.
 */
export function renderFailureMarkdown(error: FailureReport, options: FailureMarkdownOptions = {}): string {
  const name = escapeMarkdownText(options.title ?? (options.drift ? 'apinizer-keys drift check' : 'apinizer-keys plan'), TITLE_LIMIT);
  const where = error.location ? `${formatLocation(error.location)}: ` : '';
  const line = `${where}${error.message}${error.hint ? ` ${error.hint}` : ''}`;
  const parts = [
    `${MARKDOWN_MARKER}\n### ${name}: failed`,
    ['> [!CAUTION]', `> **The plan could not be made; nothing was changed.**`, `> ${escapeMarkdownLineStart(line, MESSAGE_LIMIT)}`].join(
      '\n',
    ),
    `Error code \`${error.code}\`; the cause is ${FAULT_WORDS[error.fault]}.`,
  ];
  const footer = '<sub>apinizer-keys · the job log has the same error</sub>';
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_LENGTH;
  const excerpt = (error.excerpt ?? []).map((row) => printableLine(row)).join('\n');
  const extras = [
    ...(excerpt !== '' && excerpt.length <= EXCERPT_LIMIT ? [fencedBlock('text', excerpt)] : []),
    ...(error.details.length > 0 ? [renderDetails(error.details)] : []),
  ];
  // The excerpt and the further problems are the job log's too: left out, last first, where they do not fit.
  let text = `${[...parts, ...extras, footer].join('\n\n')}\n`;
  while (text.length > maxLength && extras.length > 0) {
    extras.pop();
    text = `${[...parts, ...extras, footer].join('\n\n')}\n`;
  }
  // The rest is capped well below the default limit; at the smallest bounds this cuts the error line.
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 2)}…\n`;
}

function renderDetails(details: readonly string[]): string {
  const shown = details.slice(0, MAX_DETAILS);
  const more = details.length - shown.length;
  const items = shown.map((detail) => `- ${escapeMarkdownLineStart(detail, DETAIL_LIMIT)}`);
  if (more > 0) items.push(`- _${more} more in the job log._`);
  const noun = details.length === 1 ? 'problem' : 'problems';
  return ['<details>', `<summary>${details.length} more ${noun}</summary>`, '', ...items, '', '</details>'].join('\n');
}
