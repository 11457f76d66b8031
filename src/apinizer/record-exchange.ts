import type { Options, RequestError, Response } from 'got';
import type { RecordedExchange } from '../core/model/recording.js';
import { listRequestSecrets, redactBody } from './redact-exchange.js';

/**
 * The recorded form of one attempt that got an answer, redacted here at the edge: the
 * Authorization header is never read into it, bodies lose their sensitive fields, and every
 * text is scrubbed of the token and anything else the request carried.
 */
export function recordResponse(response: Response, prefixUrl: string): RecordedExchange {
  const options = response.request.options;
  const secrets = requestSecrets(options);
  const contentType = readHeader(response.headers['content-type'])?.split(';')[0]?.trim();
  const location = response.statusCode >= 300 && response.statusCode < 400 ? readHeader(response.headers.location) : undefined;
  const body: unknown = response.body;
  return {
    ...describeRequest(options, response.requestUrl, prefixUrl, secrets),
    status: response.statusCode,
    ...(contentType === undefined || contentType === '' ? {} : { contentType }),
    ...(location === undefined ? {} : { location: redactBody(location, secrets) as string }),
    ...(body === undefined || body === '' ? {} : { replyBody: redactBody(body, secrets) }),
  };
}

/** The recorded form of an attempt that got no answer (network error, timeout). */
export function recordFailure(error: RequestError, prefixUrl: string): RecordedExchange {
  const url = error.options.url;
  const parsed = url === undefined ? undefined : new URL(url);
  return {
    ...describeRequest(error.options, parsed, prefixUrl, requestSecrets(error.options)),
    networkError: error.code,
  };
}

function describeRequest(
  options: Options,
  url: URL | undefined,
  prefixUrl: string,
  secrets: readonly string[],
): Pick<RecordedExchange, 'method' | 'path' | 'query' | 'requestBody'> {
  const root = new URL(prefixUrl).pathname;
  const pathname = url?.pathname ?? '';
  const body = readRequestBody(options);
  return {
    method: options.method,
    path: pathname.startsWith(root) ? pathname.slice(root.length) : pathname,
    query: url === undefined ? {} : Object.fromEntries(url.searchParams),
    ...(body === undefined ? {} : { requestBody: redactBody(body, secrets) }),
  };
}

function requestSecrets(options: Options): string[] {
  return listRequestSecrets(options.headers.authorization, readRequestBody(options));
}

/**
 * The body as the structure it was made from: got turns `json` and `form` into the encoded
 * `body` before sending (and clears them), so it is decoded again by its content type.
 */
function readRequestBody(options: Options): unknown {
  if (options.json !== undefined || options.form !== undefined) return options.json ?? options.form;
  const body = options.body;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return undefined;
  const text = body.toString();
  const type = String(options.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return '(a body that is not JSON)';
    }
  }
  // Anything else is not recorded: it could be anything, material included.
  return text === '' ? undefined : '(a body of another type, not recorded)';
}

function readHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
