import { createHash } from 'node:crypto';
import { decodeUtf8 } from './decode-utf8.js';
import { createTooLargeError, MAX_DOCUMENT_BYTES } from './input-limits.js';

/** What a document reader reads. */
export interface YamlInput {
  /** The file's bytes (must be UTF-8), or text already decoded. */
  readonly content: Uint8Array | string;
  /** Label used in locations and messages (a path, `-` for stdin, `<inline>`). */
  readonly file: string;
}

/** A file's text and the hash of its bytes. */
export interface DocumentText {
  readonly text: string;
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
}

/**
 * The checks every reader does before parsing, in one place so the fast and the
 * position-keeping path cannot differ on them: at most {@link MAX_DOCUMENT_BYTES} bytes
 * (`invalid_document`), valid UTF-8 (`invalid_yaml` at the first bad byte), BOM dropped.
 */
export function readDocumentText(input: YamlInput): DocumentText {
  const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
  if (bytes.length > MAX_DOCUMENT_BYTES) throw createTooLargeError(input.file, MAX_DOCUMENT_BYTES);
  const text = decodeUtf8(bytes, input.file);
  return { text, sha256: createHash('sha256').update(bytes).digest('hex') };
}
