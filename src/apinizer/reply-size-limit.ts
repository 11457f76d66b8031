import type { CancelableRequest, Progress, RequestError } from 'got';
import { AppError } from '../common/app-error.js';
import type { CallContext } from './call-context.js';

const MIB = 1024 * 1024;

/**
 * The bytes one JSON reply may have unless the client is told otherwise. The largest real
 * replies are the key lists of legacy Managers, which carry every key's material: a project
 * of 10,000 keys comes to some 30-50 MB. 128 MiB leaves more than twice that, and a reply at
 * the limit (its bytes, its text and the parsed tree, several times its size together: a
 * 120 MB list of 38,000 keys peaks near 600 MB RSS) still fits well within Node's default
 * heap, so that a runaway reply ends in an error, not in a V8 out-of-memory crash.
 */
export const DEFAULT_MAX_JSON_REPLY_BYTES = 128 * MIB;

/**
 * What {@link limitReplySize} rejects with. It never leaves the client: mapCallError, which
 * knows the call, turns it into the AppError of {@link replyTooLarge}.
 */
export class ReplyTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    /** The Content-Length, when that alone was over the limit. */
    readonly declaredBytes: number | undefined,
  ) {
    super(`reply larger than ${maxBytes} bytes`);
    this.name = 'ReplyTooLargeError';
  }
}

/**
 * Bounds the body of `request` while it arrives: once its Content-Length or the bytes
 * received so far (after content decoding, so a compressed reply cannot inflate past it)
 * exceed `maxBytes`, the request is cancelled and the returned promise rejects with a
 * {@link ReplyTooLargeError}. `onCancelled` sees the cancelled attempt: got reports a
 * cancellation through none of its hooks.
 */
export function limitReplySize<T>(request: CancelableRequest<T>, maxBytes: number, onCancelled: (error: RequestError) => void): Promise<T> {
  let overflow: { declaredBytes: number | undefined } | undefined;
  void request.on('downloadProgress', (progress: Progress) => {
    if (overflow !== undefined) return;
    const declared = progress.total ?? 0;
    if (declared <= maxBytes && progress.transferred <= maxBytes) return;
    overflow = { declaredBytes: declared > maxBytes ? declared : undefined };
    request.cancel();
  });
  return (async () => {
    try {
      return await request;
    } catch (error) {
      if (overflow === undefined) throw error;
      onCancelled(error as RequestError);
      throw new ReplyTooLargeError(maxBytes, overflow.declaredBytes);
    }
  })();
}

/** The error for a reply over the limit: what was called, the limit, and what to do. */
export function replyTooLarge(error: ReplyTooLargeError, context: CallContext): AppError {
  const declared = error.declaredBytes === undefined ? '' : ` (its Content-Length says ${error.declaredBytes} bytes)`;
  return new AppError({
    code: 'bad_reply',
    fault: 'manager',
    message:
      `Could not ${context.action}: the Manager at ${context.baseUrl} answered ${context.method} ${context.path} with a reply ` +
      `larger than the limit of ${describeBytes(error.maxBytes)}${declared}; it was refused before it was read in full.`,
    hint:
      (context.changes ? 'The change may have been made all the same: run plan to see. ' : '') +
      'Check that APINIZER_URL points to the Manager itself, not to a proxy or another service in front of it: real replies, even key lists with material, are far smaller. If it is the Manager, report it (run with --debug).',
    http: { method: context.method, path: context.path },
  });
}

/** `128 MiB` for whole mebibytes, else the bytes. */
function describeBytes(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} bytes`;
}
