/**
 * Who has to act on an error: the user (their file, flags or environment), the Manager
 * (the Apinizer server or the network to it), or us (a bug in apinizer-keys).
 */
export type Fault = 'user' | 'manager' | 'bug';

/**
 * Stable error codes. Scripts may match on them; never rename one.
 * API error classes (`unauthorized` … `network`) follow the issue that introduced them.
 */
export type ErrorCode =
  // the user's input
  | 'usage'
  | 'invalid_yaml'
  | 'invalid_document'
  | 'duplicate_declaration'
  | 'content_source'
  | 'missing_connection'
  | 'unknown_environment'
  | 'plan_refused'
  | 'stale_plan'
  | 'not_confirmed'
  // the Manager
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server_error'
  | 'bad_request'
  | 'network'
  | 'bad_reply'
  | 'endpoint_not_found'
  | 'redirect'
  | 'token_expired'
  | 'incomplete_list'
  // apply outcomes
  | 'interrupted'
  // us
  | 'internal';

/** Where in an input file something is. Lines and columns count from 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The HTTP call an API error came from. Never holds the token or a request body. */
export interface HttpContext {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  /** The `error` field of the Manager's reply, e.g. `token_expired`. */
  readonly serverCode?: string;
  /** The Manager's own text (`resultMessage`, `error_description` or `message`), scrubbed. */
  readonly description?: string;
  /** What the reply says does not exist, when it says so: only then is a resource known to be missing. */
  readonly missing?: { readonly kind: 'project' | 'key' | 'JWK'; readonly name?: string };
}

/** The printable gist of an underlying error. Raw errors (got's carry request headers) are never kept. */
export interface ErrorCause {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

/** One problem of an error that reports several, for machine-readable output (`validate --format json`). */
export interface Problem {
  readonly message: string;
  readonly location?: SourceLocation;
}

export interface AppErrorOptions {
  readonly code: ErrorCode;
  readonly fault: Fault;
  /** What failed, in one sentence, without the location prefix. */
  readonly message: string;
  /** How to fix it, when there is something to say. */
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly http?: HttpContext;
  /** Further problems of the same kind, one line each (e.g. every schema violation of a file). */
  readonly details?: readonly string[];
  /** Every problem shown, the first being the error's own, when the error reports several. */
  readonly problems?: readonly Problem[];
  /** Problems found beyond those in `problems` (over the cap on how many are shown). */
  readonly moreProblems?: number;
  /**
   * The source line of `location` with a caret under the column, already masked where it
   * may hold key material: printed under the error line, as compilers do.
   */
  readonly excerpt?: readonly string[];
  readonly cause?: unknown;
}

/**
 * The one error type of apinizer-keys. Everything that can go wrong is thrown as an
 * AppError; the top-level handler maps `fault`/`code` to an exit status and prints
 * {@link formatErrorLine}. Construct it only with text that is safe to print.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fault: Fault;
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly http?: HttpContext;
  readonly details: readonly string[];
  readonly problems?: readonly Problem[];
  readonly moreProblems?: number;
  readonly excerpt?: readonly string[];
  override readonly cause?: ErrorCause;

  constructor(options: AppErrorOptions) {
    super(options.message);
    this.name = 'AppError';
    this.code = options.code;
    this.fault = options.fault;
    this.hint = options.hint;
    this.location = options.location;
    this.http = options.http;
    this.details = options.details ?? [];
    this.problems = options.problems;
    this.moreProblems = options.moreProblems;
    this.excerpt = options.excerpt;
    this.cause = options.cause === undefined ? undefined : summarizeCause(options.cause);
  }
}

/** Keeps only name, message, code and stack of an underlying error: never its options or response. */
export function summarizeCause(cause: unknown): ErrorCause {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return {
      name: cause.name,
      message: cause.message,
      code: typeof code === 'string' ? code : undefined,
      stack: cause.stack,
    };
  }
  return { name: typeof cause, message: String(cause) };
}

/** `file:line:col` for a location. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** The single line printed for an error: location, message and hint. */
export function formatErrorLine(error: AppError): string {
  const where = error.location ? `${formatLocation(error.location)}: ` : '';
  const hint = error.hint ? ` ${error.hint}` : '';
  return `Error: ${where}${error.message}${hint}`;
}

/** The same error with the source excerpt of its location added, when the maker could not quote it (the text was elsewhere). */
export function withExcerpt(error: AppError, excerpt: readonly string[]): AppError {
  // A copy of every own property (message and stack are not enumerable), so nothing is lost.
  return Object.create(AppError.prototype, {
    ...Object.getOwnPropertyDescriptors(error),
    excerpt: { value: excerpt, enumerable: true },
  }) as AppError;
}

/** Wraps anything thrown into an AppError; an unknown throw is a bug. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError({
    code: 'internal',
    fault: 'bug',
    message: `Unexpected internal error: ${error instanceof Error ? error.message : String(error)}.`,
    hint: 'This is a bug in apinizer-keys; please report it with the output of --debug.',
    cause: error,
  });
}
