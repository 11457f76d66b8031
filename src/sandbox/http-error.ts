/**
 * Error replies, thrown by handlers and rendered by `errorReply` in the envelope of the
 * generation being spoken. Thrown rather than returned so that a check deep in a handler
 * ends the request. Each error carries both wordings where the generations differ, so that
 * handlers need not know which one is spoken.
 */

/** How an error is worded in the current generation, where it differs from the older ones. */
export interface CurrentWording {
  /** Default: 400 for the older 403/404/409, otherwise the older status. */
  readonly status?: number;
  /** Default: the older description (500s: `An unexpected error occurred`). */
  readonly message?: string;
}

/** Options of {@link SandboxHttpError}. */
export interface SandboxHttpErrorOptions {
  readonly current?: CurrentWording;
  /** The token endpoint answers OAuth-style `{error, error_description}` in every generation. */
  readonly oauth?: boolean;
  /** Extra fields of the older `{error, error_description}` body, e.g. `retry_after`. */
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An error reply: older status, `error` code and `error_description`, plus the current wording. */
export class SandboxHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly current: { readonly status: number; readonly message: string };
  readonly oauth: boolean;
  readonly extra: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(status: number, code: string, description: string, options: SandboxHttpErrorOptions = {}) {
    super(description);
    this.name = 'SandboxHttpError';
    this.status = status;
    this.code = code;
    // The current reference answers missing things, permissions and conflicts with 400.
    const currentStatus = options.current?.status ?? (status === 403 || status === 404 || status === 409 ? 400 : status);
    const currentMessage = options.current?.message ?? (currentStatus >= 500 ? 'An unexpected error occurred' : description);
    this.current = { status: currentStatus, message: currentMessage };
    this.oauth = options.oauth ?? false;
    this.extra = options.extra ?? {};
    this.headers = options.headers;
  }
}

/**
 * No such route. The current generation answers it the way Spring does for an unknown path
 * (`{timestamp, status: 404, error: "Not Found", path}`), which is how a client tells "this
 * Manager has no such endpoint" from "no such thing".
 */
export class RouteNotFoundError extends SandboxHttpError {
  readonly path: string;

  constructor(method: string, path: string) {
    super(404, 'not_found', `No endpoint ${method} ${path}.`);
    this.name = 'RouteNotFoundError';
    this.path = path;
  }
}

/** 400 `bad_request`. */
export function badRequest(description: string): SandboxHttpError {
  return new SandboxHttpError(400, 'bad_request', description);
}

/** 400 `validation_failed`. */
export function validationFailed(description: string): SandboxHttpError {
  return new SandboxHttpError(400, 'validation_failed', description);
}

/** 500 `internal_error`; the current generation says only `An unexpected error occurred`. */
export function internalError(description: string): SandboxHttpError {
  return new SandboxHttpError(500, 'internal_error', description);
}

/** The documented reply for a key that does not exist: 400, not 404, in every generation. */
export function keyNotFound(name: string): SandboxHttpError {
  return badRequest(`Key (name: ${name}) is not found!`);
}

/** The documented reply for creating (or renaming onto) a name that is taken: 400 in every generation. */
export function keyAlreadyExists(name: string): SandboxHttpError {
  return badRequest(`Key (name: ${name}) is already exist! Try update operation if want to change its value.`);
}

/** A JWK that does not exist, answered like a missing key. */
export function jwkNotFound(name: string): SandboxHttpError {
  return badRequest(`JWK (name: ${name}) is not found!`);
}

/**
 * A project that does not exist or that the token can not see (the two are indistinguishable):
 * 404 in the older generations, 400 with the current wording in the current one.
 */
export function projectNotFound(name: string): SandboxHttpError {
  return new SandboxHttpError(404, 'not_found', `Project(${name}) was not found or user does not have privilege to access it!`, {
    current: { message: `Project (${name}) is not found or user does not have privilege to access it!` },
  });
}

/** A missing permission: 403 naming it in the older generations, 400 with a generic text in the current one. */
export function permissionDenied(project: string, permission: string): SandboxHttpError {
  return new SandboxHttpError(403, 'forbidden', `User does not have SECRETS + ${permission} permission in project (${project})`, {
    current: { message: 'User does not have required permission for this operation!' },
  });
}

/** 401 for a request without a bearer token. */
export function missingToken(): SandboxHttpError {
  return new SandboxHttpError(401, 'invalid_token', 'Full authentication is required to access this resource: missing Bearer token.', {
    current: { message: 'Empty Key! Client must be authenticated to access this resource.' },
  });
}

/** 401 for a token the sandbox does not know. */
export function invalidToken(): SandboxHttpError {
  return new SandboxHttpError(401, 'invalid_token', 'Invalid access token.', { current: { message: 'Token is not valid!' } });
}

/** 401 for an expired token. */
export function expiredToken(): SandboxHttpError {
  return new SandboxHttpError(401, 'token_expired', 'The access token has expired.', { current: { message: 'Token was expired!' } });
}

/** An error of the token endpoint: OAuth-style in every generation. */
export function oauthError(status: number, code: string, description: string): SandboxHttpError {
  return new SandboxHttpError(status, code, description, { oauth: true });
}

/** The injected 429: `Retry-After` always, `retry_after` in the older bodies. */
export function rateLimited(seconds: number): SandboxHttpError {
  return new SandboxHttpError(429, 'rate_limit_exceeded', 'Too many requests (sandbox fault injection).', {
    extra: { retry_after: seconds },
    headers: { 'retry-after': String(seconds) },
  });
}
