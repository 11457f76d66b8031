import { isRecord } from '../common/json.js';
import { REDACTED } from '../common/secret.js';
import { RECORDING_REDACTED } from '../core/model/recording.js';
import { PEM_BLOCK, scrubSecrets } from './scrub-secrets.js';

/**
 * Field names whose values are credentials or key material in some generation or endpoint
 * (lists carry `content`, `privateKey`, `publicKey`; the token endpoint `access_token`; a JWK
 * with material its private parameters). Matched case-insensitively, anywhere in a body.
 * Defensive: doctor's own requests get no material back from a current Manager, and a
 * recording must stay free of it whatever a Manager sends.
 */
const SENSITIVE_FIELD =
  /^(content|privatekey|publickey|private_key|public_key|access_token|refresh_token|id_token|token|client_secret|client_id|password|secret|keystore|keystorecontent|certificate|material|x5c|value|d|p|q|dp|dq|qi|k)$/i;

/**
 * Parts of a field name that mean material or a credential under any spelling a Manager may
 * use (`secretKey`, `keyContent`, `privateKeyContent`, `pem`, …): a recording is made exactly
 * when a Manager's shape is unknown, so the exact list above cannot be all.
 */
const SENSITIVE_PART = /secret|private|pem|passw|token|content|material|keystore|credential|x5c/i;

/** Text that looks like material wherever it sits: a PEM block, or a long unbroken base64 (or hex) run. */
const MATERIAL_LIKE = new RegExp(`${PEM_BLOCK}|[A-Za-z0-9+/_-]{40,}={0,2}`, 'g');

/** Names with such a part that say what something is, not what it holds (`token_type: Bearer`). */
const DESCRIBING_FIELD = /^(token_?type|content_?type|content_?length|expires_in|token_?lifetime\w*)$/i;

function isSensitiveField(field: string): boolean {
  return SENSITIVE_FIELD.test(field) || (SENSITIVE_PART.test(field) && !DESCRIBING_FIELD.test(field));
}

/**
 * A body as it may be recorded: every sensitive field's value replaced by `(redacted)` (its
 * presence kept, since which fields a Manager sends tells its API generation; `null` stays
 * `null`), and every string scrubbed of `secrets` (the token, a password) in every form.
 */
export function redactBody(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets).replace(MATERIAL_LIKE, REDACTED);
  if (Array.isArray(value)) return value.map((item) => redactBody(item, secrets));
  if (!isRecord(value)) return value;
  const redacted: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value)) {
    redacted[field] = isSensitiveField(field) && item !== null && item !== undefined ? RECORDING_REDACTED : redactBody(item, secrets);
  }
  return redacted;
}

/** The secrets a request carries: its bearer token and the sensitive fields of its body. */
export function listRequestSecrets(authorization: unknown, body: unknown): string[] {
  const secrets: string[] = [];
  if (typeof authorization === 'string') secrets.push(authorization.replace(/^Bearer\s+/i, ''));
  const collect = (value: unknown, sensitive: boolean): void => {
    if (typeof value === 'string' && sensitive && value !== '') secrets.push(value);
    else if (Array.isArray(value)) for (const item of value) collect(item, sensitive);
    else if (isRecord(value)) for (const [field, item] of Object.entries(value)) collect(item, sensitive || isSensitiveField(field));
  };
  collect(body, false);
  return secrets;
}
