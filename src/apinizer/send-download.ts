import { CancelError, type Got } from 'got';
import { AppError } from '../common/app-error.js';
import { Secret } from '../common/secret.js';
import type { CallContext } from './call-context.js';
import { mapHttpStatus } from './http-status-error.js';
import { describeContentType, mapCallError } from './map-error.js';
import { redirectError } from './redirect-error.js';
import { badReply, saysFailure } from './reply-envelope.js';
import type { Call, SendOptions } from './send-call.js';
import { readServerError } from './server-error.js';

/** A file a download answered with: its bytes (key material: kept a Secret), type and name. */
export interface Download {
  readonly bytes: Secret<Uint8Array>;
  /** `application/zip` from `application/zip; charset=…`; empty when the reply named none. */
  readonly contentType: string;
  /** The file name of `Content-Disposition`, when the reply gave one. */
  readonly filename?: string;
}

/**
 * Sends a GET whose reply is a file, not JSON, reading at most `maxBytes` of it: a larger
 * one (announced or actually sent) is cancelled and refused. Errors are JSON envelopes as
 * usual, and so is a 200 whose body is a JSON FAILURE envelope (the OpenAPI file documents
 * one). Replies are taken as sent (no content decoding), so `maxBytes` bounds what is read.
 */
export async function sendDownload(http: Got, call: Call, context: CallContext, options: SendOptions, maxBytes: number): Promise<Download> {
  let tooLarge = false;
  let response;
  try {
    const request = http(call.path, {
      method: call.method,
      headers: {
        accept: 'application/zip, application/octet-stream, application/x-pem-file, */*;q=0.5',
        ...(options.bearerToken === undefined ? {} : { authorization: `Bearer ${options.bearerToken}` }),
      },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(call.searchParams === undefined ? {} : { searchParams: { ...call.searchParams } }),
      responseType: 'buffer',
      decompress: false,
    });
    void request.on('downloadProgress', (progress) => {
      if (progress.transferred > maxBytes || (progress.total ?? 0) > maxBytes) {
        tooLarge = true;
        request.cancel();
      }
    });
    response = await request;
  } catch (error) {
    if (tooLarge || error instanceof CancelError) throw replyTooLarge(context, maxBytes);
    throw mapCallError(error, context);
  }
  if (response.statusCode >= 300 && response.statusCode < 400) throw redirectError(response.statusCode, response.headers.location, context);
  const contentType = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '')
    throw badReply(context, 'a key file as sent', `a reply with content-encoding ${encoding}`);
  const body = response.body;
  if (body.byteLength > maxBytes) throw replyTooLarge(context, maxBytes);
  if (contentType === 'application/json' || contentType.endsWith('+json') || startsLike(body, '{')) throw readJsonReply(body, context);
  // A login page or a proxy's error page with a 200 is no key file, whatever it is labelled:
  // taken as one, it would plan a rewrite of a key nobody changed.
  if (contentType === 'text/html' || contentType === 'application/xhtml+xml' || startsLike(body, '<')) {
    body.fill(0);
    throw badReply(
      context,
      'a key file or a ZIP',
      `a reply of type ${describeContentType(contentType || 'text/html')} that looks like a web page (a login or proxy page?)`,
    );
  }
  return { bytes: new Secret<Uint8Array>(body), contentType, ...readFilename(response.headers['content-disposition']) };
}

/** Whether the body's first non-blank byte is `char` (key files start with "-----", "PK", base64 or DER). */
function startsLike(body: Buffer, char: '{' | '<'): boolean {
  for (const byte of body.subarray(0, 64)) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    return byte === char.charCodeAt(0);
  }
  return false;
}

/** A JSON reply where a file was expected: the FAILURE envelope it carries, else a bad reply. */
function readJsonReply(body: Buffer, context: CallContext): AppError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return badReply(context, 'a key file or a ZIP', 'malformed JSON');
  } finally {
    body.fill(0);
  }
  if (saysFailure(parsed))
    return mapHttpStatus(200, readServerError(parsed, context.secrets), { context, retries: 0, contentType: 'application/json' });
  return badReply(context, 'a key file or a ZIP', describeContentType('application/json'));
}

function readFilename(header: string | undefined): { filename?: string } {
  if (header === undefined) return {};
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1] !== undefined) {
    try {
      return { filename: decodeURIComponent(extended[1].trim()) };
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
  const name = plain?.[1] ?? plain?.[2]?.trim();
  return name === undefined || name === '' ? {} : { filename: name };
}

function replyTooLarge(context: CallContext, maxBytes: number): AppError {
  return new AppError({
    code: 'bad_reply',
    fault: 'manager',
    message: `Could not ${context.action}: the Manager at ${context.baseUrl} sent more than ${maxBytes} bytes, far more than a key file; nothing was read from it.`,
    hint: 'Check the key in the Manager: its material is not a key file. Report the reply (run with --debug) if it is.',
    http: { method: context.method, path: context.path },
  });
}
