import { AppError } from '../../common/app-error.js';

/** What the Action can run: a plan, an apply of the file, an apply of a saved plan, a drift check. */
export const ACTION_COMMANDS = ['plan', 'apply', 'apply-saved', 'drift'] as const;
/** One of {@link ACTION_COMMANDS}. */
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** The Action's inputs, read from the `INPUT_*` variables its step sets (see action.yml). */
export interface ActionInputs {
  readonly command: ActionCommand;
  /** Desired-state files or directories (`-f`), one per line of the input. */
  readonly files: readonly string[];
  /** Keep the pull-request comment of this workflow up to date. */
  readonly comment: boolean;
  /** `plan`/`drift`: where to save the plan; `apply-saved`: the plan to apply. */
  readonly planFile?: string;
  /** Further CLI arguments, split on whitespace. */
  readonly args: readonly string[];
}

/** Variables as the process sees them. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];

/** Flags the Action sets itself (or refuses, as the token in a process list), so extra args may not. */
const RESERVED_FLAGS = ['--format', '--detailed-exitcode', '--out', '--auto-approve', '--token', '--drift', '--max-length'];

/** Reads and checks the inputs; a bad one is a usage error naming the input and what it accepts. */
export function readActionInputs(env: EnvRecord): ActionInputs {
  const command = readText(env, 'COMMAND') || 'plan';
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
    throw usage(`input "command" is "${command}"`, `Use one of: ${ACTION_COMMANDS.join(', ')}.`);
  }
  const files = readText(env, 'FILES')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const planFile = readText(env, 'PLAN_FILE').trim() || undefined;
  const args = splitArguments(readText(env, 'ARGS'));
  const reserved = args.find((word) => RESERVED_FLAGS.includes(word.split('=')[0]!));
  if (reserved !== undefined) {
    throw usage(
      `input "args" holds ${reserved.split('=')[0]}`,
      'The Action sets it from its own inputs; pass the token as the "token" input.',
    );
  }
  if (command === 'apply-saved') {
    if (planFile === undefined)
      throw usage('command "apply-saved" needs the input "plan-file"', 'Give the path of the plan saved by a plan job.');
    if (files.length > 0) throw usage('command "apply-saved" takes no "files"', 'A saved plan records the files it was made from.');
  }
  if (command === 'apply' && planFile !== undefined) {
    throw usage('command "apply" takes no "plan-file"', 'Use command "apply-saved" to apply a saved plan.');
  }
  return { command: command as ActionCommand, files, comment: readBoolean(env, 'COMMENT', true), planFile, args };
}

/**
 * The CLI arguments for the inputs. Plans are Markdown with the detailed exit code (0 none,
 * 2 changes), at most `markdownLength` characters when given (what the comment has room for).
 */
export function toCliArgs(inputs: ActionInputs, markdownLength?: number): string[] {
  const files = inputs.files.flatMap((file) => ['-f', file]);
  const out = inputs.planFile === undefined ? [] : ['--out', inputs.planFile];
  const length = markdownLength === undefined ? [] : ['--max-length', String(markdownLength)];
  switch (inputs.command) {
    case 'plan':
      return ['plan', '--format', 'markdown', ...length, '--detailed-exitcode', ...files, ...out, ...inputs.args];
    case 'drift':
      return ['plan', '--drift', '--format', 'markdown', ...length, '--detailed-exitcode', ...files, ...out, ...inputs.args];
    case 'apply':
      return ['apply', '--auto-approve', ...files, ...inputs.args];
    case 'apply-saved':
      return ['apply', inputs.planFile!, ...inputs.args];
  }
}

/** Whether the command's exit code tells changes apart (`--detailed-exitcode`). */
export function reportsChanges(command: ActionCommand): boolean {
  return command === 'plan' || command === 'drift';
}

/**
 * The words of the `args` input as a shell would split them, without running one: whitespace
 * separates, '…' is taken as it is, "…" as it is but for \" and \\, so a value with spaces
 * (`--target "Acme Ödeme"`) stays one argument. Nothing is expanded.
 */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  let word = '';
  // A word has begun (also an empty one, '' or ""), even while `word` is still empty.
  let started = false;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    const next = text[index + 1];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && (next === '"' || next === '\\')) {
        word += next;
        index += 1;
      } else word += char;
    } else if (/\s/.test(char)) {
      if (started) words.push(word);
      [word, started] = ['', false];
    } else {
      started = true;
      if (char === "'" || char === '"') quote = char;
      else word += char;
    }
  }
  if (quote !== undefined) throw usage(`input "args" has an unclosed ${quote}`, 'Close the quote, or drop it.');
  if (started) words.push(word);
  return words;
}

function readText(env: EnvRecord, name: string): string {
  return env[`INPUT_${name}`] ?? '';
}

function readBoolean(env: EnvRecord, name: string, fallback: boolean): boolean {
  const text = readText(env, name).trim();
  if (text === '') return fallback;
  if (TRUE_WORDS.includes(text)) return true;
  if (FALSE_WORDS.includes(text)) return false;
  throw usage(`input "${name.toLowerCase().replace(/_/g, '-')}" is "${text}"`, 'Use true or false.');
}

function usage(message: string, hint: string): AppError {
  return new AppError({ code: 'usage', fault: 'user', message: `The apinizer-keys Action's ${message}.`, hint });
}
