import type { DeploymentResult, EnvironmentResult, LiveEnvironment, LiveJwk } from '../core/model/live-state.js';
import { optional, readId } from './normalize-key.js';
import {
  assertEnvelopeSuccess,
  badReply,
  cleanServerText,
  describeBody,
  isRecord,
  readString,
  type JsonRecord,
  type ReplyContext,
} from './reply-envelope.js';

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

/** One entry of `GET /apiops/environments/{project}`. */
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

/**
 * The `deploymentResult` of a create, update or delete reply. An empty body or a reply without
 * `deploymentResult` means nothing was reported to fail. Overall success is false as soon as
 * one environment failed or did not confirm: a partial undeploy must never look clean.
 */
export function readDeploymentReply(body: unknown, context: ReplyContext): DeploymentResult {
  if (body === '' || body === undefined) return { success: true, environments: [] };
  if (!isRecord(body)) throw badReply(context, 'a JSON object', describeBody(body));
  assertEnvelopeSuccess(body, context);
  const result = body['deploymentResult'];
  if (result === undefined || result === null) return { success: true, environments: [] };
  if (!isRecord(result)) throw badReply(context, 'deploymentResult to be a JSON object', 'something else');
  const list = result['environmentResults'];
  const environments = Array.isArray(list) ? list.filter(isRecord).map((entry) => normalizeEnvironmentResult(entry, context)) : [];
  const reported = readSuccess(result) ?? true;
  return {
    success: reported && environments.every((environment) => environment.success),
    ...optional('message', cleanServerText(readString(result, 'message'), context)),
    environments,
  };
}

function normalizeEnvironmentResult(entry: JsonRecord, context: ReplyContext): EnvironmentResult {
  const success = readSuccess(entry);
  const message = cleanServerText(readString(entry, 'message'), context);
  return {
    environmentName: readString(entry, 'environmentName') ?? readString(entry, 'environmentId') ?? '(unnamed)',
    // No flag is no confirmation.
    success: success ?? false,
    ...optional('message', message ?? (success === undefined ? 'the Manager did not report success' : undefined)),
  };
}

function readSuccess(record: JsonRecord): boolean | undefined {
  if (typeof record['success'] === 'boolean') return record['success'];
  const status = readString(record, 'status');
  return status === undefined ? undefined : status.toUpperCase() === 'SUCCESS';
}

function requireNamed(item: unknown, what: string, context: ReplyContext): { name: string; value: JsonRecord } {
  if (!isRecord(item)) throw badReply(context, `each ${what} to be a JSON object`, 'something else');
  const name = readString(item, 'name');
  if (name === undefined) throw badReply(context, `each ${what} to have a name`, `a ${what} without one`);
  return { name, value: item };
}
