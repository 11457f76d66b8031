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
  // Lines move to the other stream once theirs has failed (the summary of an apply whose
  // stdout was closed still reaches someone); a document does not, it would not parse there.
  const write =
    (stream: StreamName, escape: (text: string) => string, fallback = true) =>
    (line: string) => {
      const text = escape(line.endsWith('\n') ? line.slice(0, -1) : line);
      writeToStream(stream, `${text}\n`, fallback);
    };
  const stdout = write('stdout', escapes.block);
  const note = write('stderr', escapes.line);
  const noop = () => undefined;
  return {
    result: flags.machineReadable ? write('stdout', escapes.none, false) : stdout,
    progress: flags.machineReadable ? write('stderr', escapes.block) : stdout,
    note,
    verbose: flags.verbose || flags.debug ? note : noop,
    debug: flags.debug ? note : noop,
    color,
  };
}

type StreamName = 'stdout' | 'stderr';

/** A write to stdout or stderr that failed: its reader went away (EPIPE), the disk is full (ENOSPC), … */
export interface OutputFailure {
  readonly stream: StreamName;
  /** The system error code, e.g. `EPIPE`; empty when there was none. */
  readonly code: string;
}

// Process-wide, as the two streams are: a stream that failed once is not written to again.
const failures = new Map<StreamName, OutputFailure>();
const lostListeners = new Set<(failure: OutputFailure) => void>();

/**
 * Records write errors of stdout and stderr instead of letting them crash the process (an
 * 'error' event without a listener is thrown). Most failures are seen as the write returns
 * (see {@link writeToStream}); this catches those reported later, and writes made by others
 * (commander, the sandbox).
 */
export function watchOutputStreams(): void {
  for (const name of ['stdout', 'stderr'] as const) process[name].on('error', (error) => recordFailure(name, error));
}

/** Calls `listener` (synchronously, inside the failing write) for each stream that fails from now on; returns the unsubscribe. */
export function onOutputLost(listener: (failure: OutputFailure) => void): () => void {
  lostListeners.add(listener);
  return () => void lostListeners.delete(listener);
}

/** The first write failure of the run, if any. */
export function findOutputFailure(): OutputFailure | undefined {
  return failures.values().next().value;
}

/** A line for the person, not the document: stderr, or stdout once stderr failed (dropped when both did). */
export function writeDiagnostic(text: string): void {
  writeToStream('stderr', text.endsWith('\n') ? text : `${text}\n`, true);
}

/** Where the lines of a failed stream go now: the other stream, or undefined when it failed too. */
export function findFallbackStream(failure: OutputFailure): StreamName | undefined {
  const other = otherStream(failure.stream);
  return failures.has(other) ? undefined : other;
}

/**
 * Writes `text` to the stream, or to the other one when it has failed and `fallback` says
 * so. A failure is seen at once: a synchronous write (a file, a pipe on Linux) throws or
 * marks the stream errored before write() returns, so no later line is written there and
 * the listeners can stop an apply before its next operation starts.
 */
function writeToStream(name: StreamName, text: string, fallback: boolean): void {
  const target = !failures.has(name) ? name : fallback && !failures.has(otherStream(name)) ? otherStream(name) : undefined;
  if (target === undefined) return;
  const stream = process[target];
  try {
    stream.write(text);
  } catch (error) {
    recordFailure(target, error);
  }
  if (stream.errored) recordFailure(target, stream.errored);
  // The text itself is not lost: it goes where the next lines will.
  if (failures.has(target) && target === name && fallback) writeToStream(name, text, fallback);
}

function recordFailure(name: StreamName, error: unknown): void {
  if (failures.has(name)) return;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const failure: OutputFailure = { stream: name, code };
  failures.set(name, failure);
  for (const listener of [...lostListeners]) listener(failure);
}

function otherStream(name: StreamName): StreamName {
  return name === 'stdout' ? 'stderr' : 'stdout';
}
