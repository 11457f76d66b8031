import { printableNote, printableText } from '../core/render/printable.js';

/**
 * Where the CLI writes. Every write is one whole line (or block) in a single call, so
 * lines from parallel operations never interleave mid-line. Results go to stdout;
 * progress goes to stdout too for text, but to stderr when stdout carries a JSON or
 * Markdown document, so that stdout stays parseable.
 */
export interface Output {
  // Properties, not methods: they are handed around detached (`{ note: output.verbose }`).
  /** The command's result. */
  readonly result: (text: string) => void;
  /** Progress lines. */
  readonly progress: (line: string) => void;
  /** Warnings and verbose notes: always stderr. */
  readonly note: (line: string) => void;
  /** Verbose-only lines. */
  readonly verbose: (line: string) => void;
  /** Debug-only lines. */
  readonly debug: (line: string) => void;
  readonly color: boolean;
}

/** Output flags common to all commands. */
export interface OutputFlags {
  readonly color?: boolean;
  readonly verbose?: boolean;
  readonly debug?: boolean;
  /** True when stdout is reserved for a machine-readable document. */
  readonly machineReadable?: boolean;
}

/** FORCE_COLOR values that turn colour on, as Node.js reads them; any other value turns it off. */
const FORCE_COLOR_ON = new Set(['', '1', '2', '3', 'true']);

/**
 * Whether the text output is coloured. Precedence, highest first: `--no-color` (off);
 * a document on stdout (JSON, Markdown: never coloured); `FORCE_COLOR` (`1`, `2`, `3`, `true`
 * or empty: on, also when not a terminal, as in a CI log; any other value such as `0`: off),
 * which overrides `NO_COLOR` as in Node.js itself; `NO_COLOR` (any non-empty value: off);
 * otherwise on exactly when stdout is a terminal.
 */
export function shouldUseColor(flags: OutputFlags, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (flags.color === false || flags.machineReadable) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return FORCE_COLOR_ON.has(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTty;
}

/** The process's output. */
export function createOutput(flags: OutputFlags): Output {
  const color = shouldUseColor(flags, process.env, process.stdout.isTTY === true);
  // Last line of defence for text that quotes the Manager or the file: no control character
  // (but newline and tab in blocks) reaches the terminal or the log, and no style code but the
  // painter's. A document's own renderer escapes what its format needs.
  // Blocks (results, progress) keep their lines; a note is one line, whatever it quotes.
  const escapes = {
    none: (text: string) => text,
    block: (text: string) => printableText(text, color),
    line: (text: string) => printableNote(text, color),
  };
  const write = (stream: NodeJS.WriteStream, escape: (text: string) => string) => (line: string) => {
    const text = escape(line.endsWith('\n') ? line.slice(0, -1) : line);
    stream.write(`${text}\n`);
  };
  const stdout = write(process.stdout, escapes.block);
  const note = write(process.stderr, escapes.line);
  const noop = () => undefined;
  return {
    result: flags.machineReadable ? write(process.stdout, escapes.none) : stdout,
    progress: flags.machineReadable ? write(process.stderr, escapes.block) : stdout,
    note,
    verbose: flags.verbose || flags.debug ? note : noop,
    debug: flags.debug ? note : noop,
    color,
  };
}
