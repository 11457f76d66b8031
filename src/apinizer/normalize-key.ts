import { createHash } from 'node:crypto';
import type { LiveKey, LiveKeyEnvironment } from '../core/model/live-state.js';
import { badReply, isRecord, readString, type ReplyContext } from './reply-envelope.js';

/**
 * A key from either reply shape. Newer: `environmentId` (list) or `environmentName` (single GET)
 * with encrypted `content` and `alias`. Older: `environmentName` with plain `publicKey` /
 * `privateKey`. Material is never kept: encrypted content can not be compared and is still
 * secret, and of plain material only the fingerprint is kept.
 */
export function normalizeKey(item: unknown, context: ReplyContext): LiveKey {
  if (!isRecord(item)) throw badReply(context, 'each key to be a JSON object', 'something else');
  const name = readString(item, 'name');
  if (name === undefined) throw badReply(context, 'each key to have a name', 'a key without one');
  const list = item['cryptoKeyInfoEnvironmentList'];
  const environments = Array.isArray(list) ? list.filter(isRecord).map(normalizeKeyEnvironment) : [];
  return {
    ...optional('id', readId(item)),
    name,
    description: readString(item, 'description') ?? '',
    keyType: readString(item, 'keyType') ?? '',
    environments,
  };
}

function normalizeKeyEnvironment(entry: Record<string, unknown>): LiveKeyEnvironment {
  // privateKey first: for a key pair it is the part that identifies the material.
  const plain = nonEmpty(readString(entry, 'privateKey')) ?? nonEmpty(readString(entry, 'publicKey'));
  return {
    ...optional('environmentName', nonEmpty(readString(entry, 'environmentName'))),
    ...optional('environmentId', nonEmpty(readString(entry, 'environmentId'))),
    // An empty alias and no alias mean the same to the Manager; normalizing avoids endless diffs.
    ...optional('alias', nonEmpty(readString(entry, 'alias'))),
    ...optional('materialSha256', plain === undefined ? undefined : sha256OfBase64(plain)),
  };
}

/** SHA-256 (hex) of the bytes a base64 string decodes to. */
export function sha256OfBase64(base64: string): string {
  return createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
}

/** `id` (or Mongo-style `_id`) as a string, when the reply has one. */
export function readId(record: Record<string, unknown>): string | undefined {
  for (const field of ['id', '_id']) {
    const value = record[field];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/** `{ [field]: value }` only when value is defined, so absent fields stay absent (not `undefined`). */
export function optional<K extends string, V>(field: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [field]: value }) as { [P in K]?: V };
}
