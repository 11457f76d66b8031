import { readFile } from 'node:fs/promises';
import { LineCounter, isNode, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { AppError } from '../common/app-error.js';
import type { SourceLocation } from '../common/app-error.js';
import { checkSeed } from './check-seed.js';
import type { SeedPath, SeedProblem } from './seed-checker.js';
import { formatSeedPath } from './seed-checker.js';
import type { SandboxSeed } from './seed-types.js';

const HINT = 'See src/sandbox/README.md for the seed format.';

/**
 * Parses a seed from YAML (or JSON, which is YAML) text and checks it. `origin` names the
 * text in messages (a file path, or e.g. `<inline>`).
 * @throws AppError `invalid_document` (fault `user`) listing every problem found.
 */
export function parseSeed(text: string, origin: string): SandboxSeed {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const position = syntaxError.linePos?.[0];
    throw new AppError({
      code: 'invalid_document',
      fault: 'user',
      message: `Invalid sandbox seed: not valid YAML: ${syntaxError.message.split('\n')[0] ?? syntaxError.code}.`,
      hint: HINT,
      location: { file: origin, line: position?.line ?? 1, column: position?.col ?? 1 },
    });
  }
  const checked = checkSeed(document.toJS({ maxAliasCount: 100 }));
  if (checked.seed) return checked.seed;
  throw toSeedError(checked.problems, origin, (path) => locate(document, lineCounter, path));
}

/**
 * Checks a seed built in code (e.g. passed to `startSandbox`).
 * @throws AppError `invalid_document` when it is not a valid seed.
 */
export function validateSeed(seed: unknown, origin: string): SandboxSeed {
  const checked = checkSeed(seed);
  if (checked.seed) return checked.seed;
  throw toSeedError(checked.problems, origin, () => undefined);
}

/**
 * Reads and parses a seed file.
 * @throws AppError `invalid_document` naming the file when it can not be read or is invalid.
 */
export async function loadSeedFile(path: string): Promise<SandboxSeed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AppError({
      code: 'invalid_document',
      fault: 'user',
      message: `Cannot read sandbox seed file ${path}${typeof code === 'string' ? ` (${code})` : ''}.`,
      hint: 'Check the path given for the seed file.',
      cause: error,
    });
  }
  return parseSeed(text, path);
}

function toSeedError(
  problems: readonly SeedProblem[],
  origin: string,
  find: (path: SeedPath) => { line: number; column: number } | undefined,
): AppError {
  // Document order reads best; problems that can not be located keep their order, last.
  const located = problems
    .map((problem, index) => ({ problem, index, where: find(problem.path) }))
    .sort((a, b) => compareWhere(a.where, b.where) || a.index - b.index);
  const lines = located.map(({ problem, where }) => {
    const prefix = where ? `${origin}:${where.line}:${where.column}: ` : '';
    return `${prefix}${describeProblem(problem)}`;
  });
  const first = located[0];
  const more = located.length > 1 ? ` (and ${located.length - 1} more problem${located.length > 2 ? 's' : ''})` : '';
  const location: SourceLocation | undefined = first?.where ? { file: origin, ...first.where } : undefined;
  const text = first ? describeProblem(first.problem).replace(/\.$/, '') : 'unknown problem';
  return new AppError({
    code: 'invalid_document',
    fault: 'user',
    message: `Invalid sandbox seed${location ? '' : ` ${origin}`}: ${text}${more}.`,
    hint: HINT,
    details: lines,
    ...(location ? { location } : {}),
  });
}

function describeProblem(problem: SeedProblem): string {
  return problem.path.length === 0 ? problem.message : `${formatSeedPath(problem.path)}: ${problem.message}`;
}

function compareWhere(a: { line: number; column: number } | undefined, b: { line: number; column: number } | undefined): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return a.line - b.line || a.column - b.column;
}

/** Line and column of the node at `path`, or of its nearest ancestor that exists. */
function locate(document: Document, lineCounter: LineCounter, path: SeedPath): { line: number; column: number } | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const position = lineCounter.linePos(node.range[0]);
      return { line: position.line, column: position.col };
    }
  }
  // An empty document has no node at all; its problems are at the start.
  return { line: 1, column: 1 };
}
