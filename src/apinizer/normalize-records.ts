import type { LiveEnvironment, LiveJwk } from '../core/model/live-state.js';
import { isRecord, type JsonRecord, optional, readString } from '../common/json.js';
import { readId } from './normalize-key.js';
import { badReply, type ReplyContext } from './reply-envelope.js';

/** A project the token can see. */
export interface ProjectSummary {
  readonly name: string;
  readonly description?: string;
}

/** One entry of `GET /apiops/projects/`. */
export function normalizeProject(item: unknown, context: ReplyContext): ProjectSummary {
  const record = requireNamed(item, 'project', context);
  return { name: record.name, ...optional('description', readString(record.value, 'description')) };
}

/** One entry of an environments list (`projects/{project}/environments/`, or the older `environments/{project}`). */
export function normalizeEnvironment(item: unknown, context: ReplyContext): LiveEnvironment {
  const record = requireNamed(item, 'environment', context);
  return {
    ...optional('id', readId(record.value)),
    name: record.name,
    ...optional('type', readString(record.value, 'type')),
    ...optional('status', readString(record.value, 'status')),
  };
}

/** One entry of `GET /apiops/projects/{project}/jwks/` (never with material). */
export function normalizeJwk(item: unknown, context: ReplyContext): LiveJwk {
  const record = requireNamed(item, 'JWK', context);
  const value = record.value;
  return {
    name: record.name,
    ...optional('description', readString(value, 'description')),
    ...optional('sourceType', readString(value, 'sourceType')),
    ...optional('sourceId', readString(value, 'sourceId')),
    ...optional('type', readString(value, 'type')),
    ...optional('kid', readString(value, 'kid')),
  };
}

function requireNamed(item: unknown, what: string, context: ReplyContext): { name: string; value: JsonRecord } {
  if (!isRecord(item)) throw badReply(context, `each ${what} to be a JSON object`, 'something else');
  const name = readString(item, 'name');
  if (name === undefined) throw badReply(context, `each ${what} to have a name`, `a ${what} without one`);
  return { name, value: item };
}
