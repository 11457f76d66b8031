import { createHash } from 'node:crypto';
import { AppError } from '../common/app-error.js';
import type { LiveKey, LiveKeyEnvironment } from '../core/model/live-state.js';
import { isRecord, optional, readString, type JsonRecord } from '../common/json.js';
import { badReply, describeBody, type ReplyContext } from './reply-envelope.js';

/** The reply context of a key list: which project the entries belong to, for messages. */
export interface KeyReplyContext extends ReplyContext {
  readonly project?: string;
}

/**
 * A key from any generation's reply. Current: `environmentName` + `alias` + `source`, no
 * material, `algorithm`. 2026-01: `environmentId` (list) or `environmentName` (single GET)
 * with encrypted `content`. Legacy: `environmentName` with plain `publicKey` / `privateKey`.
 * Material is never kept: encrypted content can not be compared and is still secret, and of
 * plain material only the fingerprint is kept. A mis-shaped entry is an error naming the
 * project and the key: planning on a guess could delete or undeploy the wrong thing.
 */
export function normalizeKey(item: unknown, context: KeyReplyContext): LiveKey {
  if (!isRecord(item)) throw badReply(context, `each key${ofProject(context)} to be a JSON object`, describeBody(item));
  const name = readString(item, 'name');
  if (name === undefined) throw badReply(context, `each key${ofProject(context)} to have a name`, 'a key without one');
  const list = item['cryptoKeyInfoEnvironmentList'];
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    throw badEntry(context, name, `cryptoKeyInfoEnvironmentList to be a list, got ${describeBody(list)}`);
  }
  const environments = (list ?? []).map((entry: unknown) => normalizeKeyEnvironment(entry, name, context));
  const seen = new Set<string>();
  for (const environment of environments) {
    const id = environment.environmentName ?? `id:${environment.environmentId}`;
    if (seen.has(id)) throw badEntry(context, name, `each environment once, got ${id} twice`);
    seen.add(id);
  }
  const keyType = readString(item, 'keyType');
  if (keyType === undefined || keyType === '') throw badEntry(context, name, 'keyType to be a string such as SECRET_KEY');
  return {
    ...optional('id', readId(item)),
    name,
    description: readOptionalText(item, 'description', name, context) ?? '',
    keyType,
    ...optional('algorithm', nonEmpty(readOptionalText(item, 'algorithm', name, context))),
    environments,
  };
}

/** A text field that may be absent or null; any other non-string is a shape the plan cannot trust. */
function readOptionalText(item: JsonRecord, field: string, key: string, context: KeyReplyContext): string | undefined {
  const value = item[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badEntry(context, key, `${field} to be a string or null, got ${describeBody(value)}`);
  return value;
}

function normalizeKeyEnvironment(entry: unknown, key: string, context: KeyReplyContext): LiveKeyEnvironment {
  if (!isRecord(entry)) throw badEntry(context, key, `each environment entry to be a JSON object, got ${describeBody(entry)}`);
  const environmentName = nonEmpty(readString(entry, 'environmentName'));
  const environmentId = nonEmpty(readString(entry, 'environmentId'));
  if (environmentName === undefined && environmentId === undefined) {
    throw badEntry(context, key, 'each environment entry to have an environmentName or environmentId');
  }
  // privateKey first: for a key pair it is the part that identifies the material.
  const plain = nonEmpty(readString(entry, 'privateKey')) ?? nonEmpty(readString(entry, 'publicKey'));
  return {
    ...optional('environmentName', environmentName),
    ...optional('environmentId', environmentId),
    // An empty alias and no alias mean the same to the Manager; normalizing avoids endless diffs.
    ...optional('alias', nonEmpty(readString(entry, 'alias'))),
    ...('alias' in entry ? {} : { aliasUnknown: true }),
    ...optional('materialSha256', plain === undefined ? undefined : fingerprintPlain(plain)),
  };
}

/** The error for a key entry the Manager sent in a shape the tool can not plan on. */
function badEntry(context: KeyReplyContext, key: string, expected: string): AppError {
  return new AppError({
    code: 'bad_reply',
    fault: 'manager',
    message: `The Manager at ${context.baseUrl} sent key '${key}'${ofProject(context)} in a shape that can not be planned on (${context.method} ${context.path}): expected ${expected}.`,
    hint: 'Nothing was changed. Check the key in the Manager; if it looks right there, report the reply (run with --debug) as an incompatibility.',
    http: { method: context.method, path: context.path },
  });
}

function ofProject(context: KeyReplyContext): string {
  return context.project === undefined ? '' : ` of project '${context.project}'`;
}

/**
 * The fingerprint of plain material as the file's is taken: of the bytes it stands for. The
 * field holds base64 as it was sent, but a Manager may hand PEM text back as text; decoding
 * that as base64 would give junk bytes, a difference on every plan that no apply can mend.
 */
function fingerprintPlain(plain: string): string {
  if (plain.trimStart().startsWith('-----BEGIN ')) return createHash('sha256').update(plain, 'utf8').digest('hex');
  return sha256OfBase64(plain);
}

/** SHA-256 (hex) of the bytes a base64 string decodes to. */
export function sha256OfBase64(base64: string): string {
  return createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
}

/** `id` (or Mongo-style `_id`) as a string, when the reply has one. */
export function readId(record: JsonRecord): string | undefined {
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
