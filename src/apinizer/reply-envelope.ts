import { AppError } from '../common/app-error.js';
import { isRecord, readString, type JsonRecord } from '../common/json.js';
import { cleanText } from './server-error.js';

/** Which call a reply answers, for messages. */
export interface ReplyContext {
  /** The Manager's API root, e.g. `https://m.example.com/apiops`. */
  readonly baseUrl: string;
  readonly method: string;
  /** URL path of the call (encoded, no query). */
  readonly path: string;
  /** Values the Manager's texts must not carry into output (token, material sent). */
  readonly secrets?: readonly string[];
}

/**
 * A Manager-supplied text as it may be printed: scrubbed of anything the request carried
 * (a misbehaving Manager or proxy may quote the request) and shortened.
 */
export function cleanServerText(text: string | undefined, context: ReplyContext): string | undefined {
  return cleanText(text, context.secrets ?? []);
}

/**
 * The `resultList` of a read reply. Accepts `success: true`, `status: "SUCCESS"` or no flag at
 * all (the two reference versions disagree); a reply whose flag says failure is a server error.
 */
export function readResultList(body: unknown, context: ReplyContext): unknown[] {
  if (!isRecord(body)) throw badReply(context, 'a JSON object with resultList', describeBody(body));
  assertEnvelopeSuccess(body, context);
  const list = body['resultList'];
  if (list === undefined) throw badReply(context, 'a JSON reply with resultList', 'a JSON object without it');
  if (!Array.isArray(list))
    throw badReply(context, 'resultList to be a JSON array', `a resultList of the wrong type (${describeValue(list)})`);
  return list;
}

/**
 * `resultCount` of a list reply; undefined when absent. A count that is not a whole number
 * (a numeric string is taken) is a bad reply: without it, completeness cannot be judged.
 */
export function readResultCount(body: unknown, context: ReplyContext): number | undefined {
  if (!isRecord(body)) return undefined;
  const raw = body['resultCount'];
  if (raw === undefined || raw === null) return undefined;
  const count = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw badReply(context, 'resultCount to be a whole number', describeValue(raw));
  }
  return count;
}

/**
 * Whether a 2xx reply's envelope reports failure: `success: false`, a `status` other than
 * SUCCESS, or an older error body (`error` with no success flag) sent with a 200.
 */
export function saysFailure(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const status = readString(body, 'status');
  if (body['success'] === false || (status !== undefined && status.toUpperCase() !== 'SUCCESS')) return true;
  return body['success'] !== true && status === undefined && typeof body['error'] === 'string';
}

/** Throws when a 2xx reply's envelope reports failure. */
export function assertEnvelopeSuccess(body: JsonRecord, context: ReplyContext): void {
  if (!saysFailure(body)) return;
  const serverCode = cleanServerText(readString(body, 'error'), context);
  const description = cleanServerText(
    readString(body, 'resultMessage') ?? readString(body, 'error_description') ?? readString(body, 'message'),
    context,
  );
  throw new AppError({
    code: 'server_error',
    fault: 'manager',
    message:
      `The Manager at ${context.baseUrl} reported a failure for ${context.method} ${context.path}` +
      (description === undefined ? '.' : `: ${description}`),
    hint: 'Check the Manager logs; retry when the Manager is healthy.',
    http: { method: context.method, path: context.path, serverCode, description },
  });
}

/** The error for a reply that is not the documented shape; `hint` when the usual advice does not fit. */
export function badReply(context: ReplyContext, expected: string, actual: string, hint?: string): AppError {
  return new AppError({
    code: 'bad_reply',
    fault: 'manager',
    message: `The Manager at ${context.baseUrl} gave an unexpected reply to ${context.method} ${context.path}: expected ${expected}, got ${actual}.`,
    hint: hint ?? 'Check that the URL points to the Apinizer Manager (not a login page or proxy) and that its version is supported.',
    http: { method: context.method, path: context.path },
  });
}

/** What a parsed JSON body is, in a few words. Never the body itself: it may hold secrets. */
export function describeBody(body: unknown): string {
  if (body === '' || body === undefined) return 'an empty reply';
  if (body === null) return 'JSON null';
  if (Array.isArray(body)) return 'a JSON array';
  if (typeof body === 'object') return 'a JSON object';
  return `a JSON ${typeof body}`;
}

/** What a field's value is, in a few words: as {@link describeBody}, but `""` is a string, not an empty reply. */
function describeValue(value: unknown): string {
  return typeof value === 'string' ? 'a JSON string' : describeBody(value);
}
