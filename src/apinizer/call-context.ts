import { REDACTED } from '../common/secret.js';
import type { ReplyContext } from './reply-envelope.js';

/** Everything error mapping needs to know about a call, to say what failed and what to do. */
export interface CallContext extends ReplyContext {
  /** Completes "Could not …", e.g. `delete key 'k' of project 'P'`. */
  readonly action: string;
  readonly project?: string;
  /** The key or JWK the call addresses, for not-found and conflict messages. */
  readonly subject?: { readonly kind: 'key' | 'JWK'; readonly name: string };
  /** The call creates, updates or deletes a key (and so deploys or undeploys it). */
  readonly changes: boolean;
  /** How the caller authenticates: selects the advice for a 401. */
  readonly auth: 'token' | 'credentials';
  readonly timeoutMs: number;
  /** Values that must never be printed (token, password): scrubbed from any server text. */
  readonly secrets: readonly string[];
}

/**
 * Replaces every secret in a text with the redaction marker. Server texts and error messages
 * are not supposed to echo credentials, but a misbehaving proxy might; scrubbing is cheap.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  // Very short values would mangle ordinary words and can not be meaningful credentials.
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  return result;
}

/** `'name'`: how messages quote user-supplied names. */
export function quote(name: string): string {
  return `'${name}'`;
}
