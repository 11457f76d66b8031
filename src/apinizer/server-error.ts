import { scrubMaterialLike, scrubSecrets } from './scrub-secrets.js';
import { isRecord, readString } from '../common/json.js';

/** What an error reply said, from whichever generation's envelope it came in, scrubbed and shortened. */
export interface ServerError {
  /** An OAuth-style code (`error` of `{"error", "error_description"}`), e.g. `token_expired`. */
  readonly serverCode?: string;
  /** The Manager's own text: `resultMessage` (current), `error_description` (2026-01, legacy), or `message`. */
  readonly description?: string;
  /**
   * The reply is a Spring error page (`{"timestamp","status","error","path"}`): the server
   * has no such endpoint, which says nothing about any project or key.
   */
  readonly noSuchEndpoint: boolean;
}

const MAX_TEXT = 500;

/**
 * Reads the error body of any generation: current `{"status":"FAILURE","resultMessage"}`,
 * older `{"error","error_description"}`, Spring's `{"timestamp","status","error","path"}`.
 * Anything else (an HTML page, an empty body) says nothing.
 */
export function readServerError(body: unknown, secrets: readonly string[]): ServerError {
  if (!isRecord(body)) return { noSuchEndpoint: false };
  const clean = (field: string): string | undefined => cleanText(readString(body, field), secrets);
  if (isSpringError(body)) {
    return { description: clean('message') ?? clean('error'), noSuchEndpoint: true };
  }
  return {
    serverCode: clean('error'),
    description: clean('resultMessage') ?? clean('error_description') ?? clean('message'),
    noSuchEndpoint: false,
  };
}

/** A Manager text as it may be printed: every form of what the request carried removed, and shortened. */
export function cleanText(text: string | undefined, secrets: readonly string[]): string | undefined {
  if (text === undefined || text === '') return undefined;
  // Key material the request did not carry, or carried in a form no longer whole (cut,
  // re-wrapped), can still be quoted by a Manager: nothing that looks like it is printed.
  const scrubbed = scrubMaterialLike(scrubSecrets(text, secrets));
  return scrubbed.length > MAX_TEXT ? `${scrubbed.slice(0, MAX_TEXT)}…` : scrubbed;
}

function isSpringError(body: Record<string, unknown>): boolean {
  return typeof body['timestamp'] !== 'undefined' && typeof body['status'] === 'number' && typeof body['path'] === 'string';
}
