import { dirname } from 'node:path';
import { AppError, withExcerpt } from '../common/app-error.js';
import type { DesiredState } from '../core/model/desired-state.js';
import { MAX_DOCUMENT_BYTES, readFileBounded, readStreamBounded, renderSourceExcerpt } from '../yaml/index.js';
import { describeFsError } from '../common/describe-fs-error.js';
import { listInputFiles, type InputFile } from './list-input-files.js';
import { mergeDesiredDocuments } from './merge-desired-documents.js';
import { parseDesiredDocument, type ParsedDocument } from './parse-desired-document.js';

/** Where {@link loadDesiredState} reads from. */
export interface LoadDesiredStateOptions {
  /** `-f` arguments: files, directories (their `*.yaml`/`*.yml`), or `-` for stdin. Empty: `apinizer-keys.yaml` in `cwd`. */
  readonly files: readonly string[];
  /** Directory relative paths are resolved against; also the base of `file:` sources read from stdin. */
  readonly cwd: string;
  /** Reads standard input; defaults to `process.stdin`, read under the size limit. */
  readonly readStdin?: () => Promise<Buffer>;
}

/**
 * Reads, parses, validates and merges the desired-state files. Files are read as bytes
 * under a 5 MiB limit and must be UTF-8. Every problem is an {@link AppError}: `usage`
 * for inputs that cannot be found or read, `invalid_yaml` / `invalid_document` with a
 * file:line:col location for bad content, `duplicate_declaration` for conflicts between files.
 */
export async function loadDesiredState(options: LoadDesiredStateOptions): Promise<DesiredState> {
  const inputs = await listInputFiles(options.files, options.cwd);
  const documents: ParsedDocument[] = [];
  const contents = new Map<string, Buffer>();
  for (const input of inputs) {
    const content = await readInput(input, options);
    const baseDir = input.kind === 'stdin' ? options.cwd : dirname(input.path);
    documents.push(parseDesiredDocument({ content, file: input.label, baseDir }));
    contents.set(input.label, content);
  }
  try {
    return mergeDesiredDocuments(documents);
  } catch (error) {
    throw quoteSource(error, contents);
  }
}

/** A conflict between files, with the line it points at quoted (masked where it may hold material). */
function quoteSource(error: unknown, contents: ReadonlyMap<string, Buffer>): unknown {
  if (!(error instanceof AppError) || error.location === undefined || error.excerpt !== undefined) return error;
  const content = contents.get(error.location.file);
  return content === undefined ? error : withExcerpt(error, renderSourceExcerpt(content.toString('utf8'), error.location));
}

async function readInput(input: InputFile, options: LoadDesiredStateOptions): Promise<Buffer> {
  if (input.kind === 'stdin') {
    return options.readStdin ? options.readStdin() : readStreamBounded(process.stdin, '-', MAX_DOCUMENT_BYTES);
  }
  try {
    return await readFileBounded(input.path, input.label, MAX_DOCUMENT_BYTES);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError({ code: 'usage', fault: 'user', message: `Cannot read ${input.label}: ${describeFsError(error)}.` });
  }
}
