import type { Got } from 'got';
import type { CallContext } from './call-context.js';
import { mapCallError } from './map-error.js';

/** One API call: path relative to `/apiops/`, query, and at most one body. */
export interface Call {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly searchParams?: Readonly<Record<string, string>>;
  readonly json?: Record<string, unknown>;
  readonly form?: Readonly<Record<string, string>>;
}

/** Sends a call and returns the parsed reply body; every failure comes out as an AppError. */
export async function sendCall(http: Got, call: Call, context: CallContext): Promise<unknown> {
  try {
    const response = await http(call.path, {
      method: call.method,
      ...(call.searchParams === undefined ? {} : { searchParams: { ...call.searchParams } }),
      ...(call.json === undefined ? {} : { json: call.json }),
      ...(call.form === undefined ? {} : { form: { ...call.form } }),
    });
    return response.body as unknown;
  } catch (error) {
    throw mapCallError(error, context);
  }
}
