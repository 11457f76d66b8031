import type { ReplyContext } from './reply-envelope.js';

/** Everything error mapping needs to know about a call, to say what failed and what to do. */
export interface CallContext extends ReplyContext {
  /** Completes "Could not …", e.g. `delete key 'k' of project 'P'`. */
  readonly action: string;
  readonly project?: string;
  /** The key or JWK the call addresses, for not-found and conflict messages. */
  readonly subject?: { readonly kind: 'key' | 'JWK'; readonly name: string };
  /** The permission the call needs beyond reading, named when the Manager refuses it (`SECRETS + EXPORT_IMPORT`). */
  readonly permission?: string;
  /** The call creates, updates or deletes a key (and so deploys or undeploys it). */
  readonly changes: boolean;
  /** How the caller authenticates: selects the advice for a 401. */
  readonly auth: 'token' | 'credentials';
  readonly timeoutMs: number;
  /** The proxy the call goes through (scheme, host and port, no credentials), if any. */
  readonly proxy?: string;
  /** Values the request carried that must never be printed (token, password, material): scrubbed, in every form, from any server text. */
  readonly secrets: readonly string[];
}

/** `'name'`: how messages quote user-supplied names. */
export function quote(name: string): string {
  return `'${name}'`;
}
