import type { Got } from 'got';
import type { CallContext } from './call-context.js';
import { mapCallError } from './map-error.js';
import { redirectError } from './redirect-error.js';

/** One API call: path relative to `/apiops/`, query, and at most one body. */
export interface Call {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly searchParams?: Readonly<Record<string, string>>;
  readonly json?: Record<string, unknown>;
  readonly form?: Readonly<Record<string, string>>;
}

/** How the call is sent beyond what it is: the bearer token and the run's cancellation. */
export interface SendOptions {
  readonly bearerToken?: string;
  readonly signal?: AbortSignal;
}

/** Sends a call and returns the parsed reply body; every failure comes out as an AppError. */
export async function sendCall(http: Got, call: Call, context: CallContext, options: SendOptions = {}): Promise<unknown> {
  let response;
  try {
    response = await http(call.path, {
      method: call.method,
      ...(options.bearerToken === undefined ? {} : { headers: { authorization: `Bearer ${options.bearerToken}` } }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(call.searchParams === undefined ? {} : { searchParams: { ...call.searchParams } }),
      ...(call.json === undefined ? {} : { json: call.json }),
      ...(call.form === undefined ? {} : { form: { ...call.form } }),
    });
  } catch (error) {
    throw mapCallError(error, context);
  }
  // With redirects off, got hands a 3xx over as a reply; it is never a success.
  if (response.statusCode >= 300 && response.statusCode < 400) {
    throw redirectError(response.statusCode, response.headers.location, context);
  }
  return response.body;
}
