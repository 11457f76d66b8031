import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from '../common/json.js';
import { badRequest, RouteNotFoundError, SandboxHttpError } from './http-error.js';
import type { SandboxApi } from './public-types.js';

/** Bodies larger than this are refused; key files are small. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** What a handler returns: a status, a JSON body (undefined for none) or raw bytes, and extra headers. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** A file download (Export Key File): sent as is, with its own content type. */
  readonly file?: { readonly bytes: Uint8Array; readonly contentType: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/** A reply with a JSON body. */
export function jsonReply(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/**
 * The documented error body of the generation: current `{status: "FAILURE", resultMessage}`
 * (an unknown route: Spring's 404 body), older exactly `{error, error_description}` (plus any
 * extra fields such as `retry_after`). Token endpoint errors are OAuth-style everywhere.
 */
export function errorReply(error: SandboxHttpError, api: SandboxApi): Reply {
  const headers = error.headers ? { ...error.headers } : undefined;
  if (api === 'current' && error instanceof RouteNotFoundError) {
    return jsonReply(404, { timestamp: new Date().toISOString(), status: 404, error: 'Not Found', path: error.path }, headers);
  }
  if (api === 'current' && !error.oauth) {
    return jsonReply(error.current.status, { status: 'FAILURE', resultMessage: error.current.message }, headers);
  }
  return jsonReply(error.status, { error: error.code, error_description: error.message, ...error.extra }, headers);
}

/** Reads the whole body; over-long bodies are drained and refused so keep-alive stays usable. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  if (size > MAX_BODY_BYTES) throw badRequest(`Request body is larger than ${MAX_BODY_BYTES} bytes.`);
  return Buffer.concat(chunks);
}

/** The body as a JSON object; anything else is 400 `bad_request`. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) throw badRequest('Request body is required.');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('Malformed JSON in request body.');
  }
  if (!isRecord(value)) throw badRequest('Request body must be a JSON object.');
  return value;
}

/** Splits `req.url` into the raw path and the decoded query (last value wins). */
export function splitUrl(url: string): { path: string; query: Record<string, string> } {
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const query: Record<string, string> = {};
  if (mark !== -1) for (const [name, value] of new URLSearchParams(url.slice(mark + 1))) query[name] = value;
  return { path, query };
}

/**
 * Splits a raw path into URL-decoded segments, one trailing slash ignored. Splitting before
 * decoding keeps an encoded `/` (%2F) inside its segment, as names may contain one.
 */
export function decodeSegments(path: string): string[] {
  const raw = path.split('/').slice(1);
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  try {
    return raw.map((segment) => decodeURIComponent(segment));
  } catch {
    throw new SandboxHttpError(400, 'bad_request', 'Malformed percent-encoding in the request path.');
  }
}

/** Writes a reply as JSON (`application/json`), a file as its bytes, or an empty body when it has none. */
export function sendReply(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.file !== undefined) {
    headers['content-type'] = reply.file.contentType;
    headers['content-length'] = String(reply.file.bytes.byteLength);
    response.writeHead(reply.status, headers).end(reply.file.bytes);
    return;
  }
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(text));
  response.writeHead(reply.status, headers).end(text);
}
