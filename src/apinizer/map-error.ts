import { AbortError, HTTPError, ParseError, RequestError, TimeoutError } from 'got';
import { AppError, toAppError } from '../common/app-error.js';
import type { CallContext } from './call-context.js';
import { scrubSecrets } from './scrub-secrets.js';
import { mapHttpStatus } from './http-status-error.js';
import { redirectError } from './redirect-error.js';
import { badReply } from './reply-envelope.js';
import { ReplyTooLargeError, replyTooLarge } from './reply-size-limit.js';
import { readServerError } from './server-error.js';

/** Maps anything a call threw (got's errors, reply-shape errors) to an AppError. */
export function mapCallError(error: unknown, context: CallContext): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ReplyTooLargeError) return replyTooLarge(error, context);
  if (error instanceof ParseError) {
    // Redirects are not followed, so a 3xx counts as a reply and its HTML body fails to parse.
    const { statusCode, headers } = error.response;
    if (statusCode >= 300 && statusCode < 400) return redirectError(statusCode, headers.location, context);
    // got only fails to parse 2xx replies; a non-JSON error body arrives as an HTTPError with text.
    const contentType = describeContentType(headers['content-type']);
    if (!isJsonType(contentType)) return badReply(context, 'a JSON reply', contentType);
    // Labelled JSON, so the body is what is wrong: cut short (by a proxy, or a Manager failing
    // mid-reply) or not JSON at all. Never quoted, nor the parser's message (it quotes the body).
    return badReply(
      context,
      'a JSON reply',
      `a body labelled ${contentType} that is not valid JSON (cut off or malformed)`,
      'Retry: a reply cut short is often passing. If it happens again, check the proxies between here and the Manager (size or time limits that cut replies) and the Manager logs.',
    );
  }
  if (error instanceof AbortError) return cancelledError(context);
  if (error instanceof HTTPError) {
    return mapHttpStatus(error.response.statusCode, readServerError(parseErrorBody(error.response.body), context.secrets), {
      context,
      retries: error.request.retryCount,
      cause: sanitizeCause(error, context),
      contentType: describeContentType(error.response.headers['content-type']),
    });
  }
  if (error instanceof RequestError) return mapNetworkError(error, context);
  return toAppError(error);
}

/** An error body as JSON where it is JSON text: downloads take replies as bytes, errors included. */
function parseErrorBody(body: unknown): unknown {
  if (!(typeof body === 'string' || Buffer.isBuffer(body))) return body;
  try {
    return JSON.parse(body.toString()) as unknown;
  } catch {
    return body;
  }
}

function mapNetworkError(error: RequestError, context: CallContext): AppError {
  const retries = error.request?.retryCount ?? 0;
  const tls = isTlsErrorCode(error.code) || error.code === 'EPROTO';
  const via = context.proxy === undefined ? '' : ` through the proxy ${context.proxy}`;
  return new AppError({
    code: 'network',
    fault: 'manager',
    message:
      `Could not ${context.action}: could not reach the Manager at ${context.baseUrl}${via}: ${describeNetworkCause(error, context)}` +
      (retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '') +
      '.',
    hint: tls
      ? "Check that APINIZER_URL says https only for an HTTPS port, and the Manager's TLS certificate; for a private CA, set NODE_EXTRA_CA_CERTS to the CA certificate file."
      : context.proxy !== undefined
        ? `Check that the proxy ${context.proxy} is running and reachable from here (HTTPS_PROXY / HTTP_PROXY name it), and that it may connect to the Manager; to connect directly, add the Manager's host to NO_PROXY.`
        : 'Check APINIZER_URL, the network or proxy between here and the Manager, and that the Manager is running.',
    http: { method: context.method, path: context.path },
    cause: sanitizeCause(error, context),
  });
}

function describeNetworkCause(error: RequestError, context: CallContext): string {
  if (error instanceof TimeoutError || error.code === 'ETIMEDOUT') {
    return `no reply within ${context.timeoutMs} ms (timeout after ${context.timeoutMs} ms)`;
  }
  if (context.proxy === undefined) return describeConnectFailure(error, context);
  // Through a proxy, the connection that fails to open is the one to the proxy.
  const tunnel = describeTunnelFailure(error.message);
  if (tunnel !== undefined) return tunnel;
  const cause = describeConnectFailure(error, context);
  return UNREACHABLE_CODES.has(error.code) ? `the proxy is not reachable: ${cause}` : cause;
}

/** Errors that mean no connection could be opened to the host. */
const UNREACHABLE_CODES = new Set<string | undefined>(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function describeConnectFailure(error: RequestError, context: CallContext): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name not found (${error.code})`;
    case 'ECONNRESET':
      return 'connection reset (ECONNRESET)';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `network unreachable (${error.code})`;
  }
  // OpenSSL messages span lines and carry source paths; one line is enough.
  const detail = scrubSecrets(error.message, context.secrets).split('\n')[0]!.trim();
  if (error.code === 'EPROTO') return `TLS handshake failed (EPROTO: is the port really HTTPS? ${detail})`;
  if (isTlsErrorCode(error.code)) return `TLS certificate error (${error.code}: ${detail})`;
  return `${error.code ?? error.name}: ${detail}`;
}

/**
 * hpagent's own failures of the CONNECT tunnel (`Bad response: 407`, `Proxy timeout`): the
 * proxy answered, but would not or could not connect us to the Manager.
 */
function describeTunnelFailure(message: string): string | undefined {
  if (message === 'Proxy timeout') return 'the proxy did not answer the tunnel request (CONNECT) in time';
  const status = /^Bad response: (\d{3})$/.exec(message)?.[1];
  if (status === undefined) return undefined;
  if (status === '407') {
    return 'the proxy wants credentials, or other ones (407 Proxy Authentication Required): give them in the proxy URL, http://user:password@host:port';
  }
  return `the proxy refused the tunnel to the Manager (CONNECT answered HTTP ${status})`;
}

/** Node's TLS verification codes: `CERT_*`, `*_CERT_*`, `ERR_TLS_*`, `UNABLE_TO_*`. */
function isTlsErrorCode(code: string | undefined): boolean {
  return code !== undefined && /CERT|^ERR_TLS_|^UNABLE_TO_|^ERR_SSL_/.test(code);
}

/** `application/json` and its `+json` kin (`application/problem+json`). */
function isJsonType(contentType: string): boolean {
  const type = contentType.toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** `text/html` from `text/html; charset=utf-8`; what a non-JSON reply was. */
export function describeContentType(header: string | undefined): string {
  const type = header?.split(';')[0]?.trim();
  return type === undefined || type === '' ? 'a reply without a content type' : type;
}

/**
 * A printable stand-in for got's error: same name, code and message, without the options,
 * request and response got attaches (they carry the Authorization header).
 */
function sanitizeCause(error: RequestError, context: CallContext): Error {
  const clean = new Error(scrubSecrets(error.message, context.secrets));
  clean.name = error.name;
  clean.stack = scrubSecrets(error.stack, context.secrets);
  Object.defineProperty(clean, 'code', { value: error.code, enumerable: true });
  return clean;
}

/** A call abandoned because the run is stopping (another call failed, or SIGINT). */
export function cancelledError(context: CallContext): AppError {
  return new AppError({
    code: 'interrupted',
    fault: 'user',
    message: `Did not ${context.action}: the run was stopping, so the call was cancelled.`,
  });
}
