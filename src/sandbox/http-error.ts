/**
 * An error reply, thrown by handlers and turned into `{"error", "error_description"}` by the
 * server. Thrown rather than returned so that a check deep in a handler ends the request.
 */
export class SandboxHttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, description: string) {
    super(description);
    this.name = 'SandboxHttpError';
    this.status = status;
    this.code = code;
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

/** The documented reply for a key that does not exist: 400, not 404. */
export function keyNotFound(name: string): SandboxHttpError {
  return badRequest(`Key (name: ${name}) is not found!`);
}

/** A JWK that does not exist, answered like a missing key. */
export function jwkNotFound(name: string): SandboxHttpError {
  return badRequest(`JWK (name: ${name}) is not found!`);
}

/** 404 for a project that does not exist or that the token can not see (the two are indistinguishable). */
export function projectNotFound(name: string): SandboxHttpError {
  return new SandboxHttpError(404, 'not_found', `Project(${name}) was not found or user does not have privilege to access it!`);
}
