import { AppError } from '../common/app-error.js';
import { locateViolations, MAX_DOCUMENT_BYTES, readFileBounded, readYamlDocument, type YamlDocument } from '../yaml/index.js';
import { checkSeed } from './check-seed.js';
import { createSeedError, restateAsSeedError } from './create-seed-error.js';
import type { SandboxSeed } from './seed-types.js';

/**
 * Parses a seed from YAML (or JSON, which is YAML) text and checks it, with the guarantees
 * of the shared YAML reader (size, UTF-8, duplicate keys, tags, aliases). `origin` names
 * the text in messages (a file path, or e.g. `<inline>`).
 * @throws AppError `invalid_document` (fault `user`) listing every problem found, each at `file:line:col`.
 */
export function parseSeed(text: string | Uint8Array, origin: string): SandboxSeed {
  const document = readSeedDocument(text, origin);
  const checked = checkSeed(document.data);
  if (checked.seed) return checked.seed;
  throw createSeedError(locateViolations(checked.problems, document.locator), origin, document.text);
}

/**
 * Checks a seed built in code (e.g. passed to `startSandbox`).
 * @throws AppError `invalid_document` when it is not a valid seed, naming the paths (there are no lines).
 */
export function validateSeed(seed: unknown, origin: string): SandboxSeed {
  const checked = checkSeed(seed);
  if (checked.seed) return checked.seed;
  throw createSeedError(
    checked.problems.map((problem) => ({ message: problem.message })),
    origin,
  );
}

/**
 * Reads and parses a seed file, refusing files over the reader's size limit before reading them whole.
 * @throws AppError `invalid_document` naming the file when it can not be read or is invalid.
 */
export async function loadSeedFile(path: string): Promise<SandboxSeed> {
  let bytes: Buffer;
  try {
    bytes = await readFileBounded(path, path, MAX_DOCUMENT_BYTES);
  } catch (error) {
    if (error instanceof AppError) throw restateAsSeedError(error);
    const code = (error as { code?: unknown }).code;
    throw new AppError({
      code: 'invalid_document',
      fault: 'user',
      message: `Cannot read sandbox seed file ${path}${typeof code === 'string' ? ` (${code})` : ''}.`,
      hint: 'Check the path given for the seed file.',
      cause: error,
    });
  }
  return parseSeed(bytes, path);
}

function readSeedDocument(text: string | Uint8Array, origin: string): YamlDocument {
  try {
    return readYamlDocument({ content: text, file: origin });
  } catch (error) {
    throw error instanceof AppError ? restateAsSeedError(error) : error;
  }
}
