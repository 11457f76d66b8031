import type { DeploymentResult, EnvironmentResult } from '../core/model/live-state.js';
import { isRecord, type JsonRecord, optional, readString } from '../common/json.js';
import { assertEnvelopeSuccess, badReply, cleanServerText, describeBody, type ReplyContext } from './reply-envelope.js';

/**
 * The `deploymentResult` of a create, update or delete reply, in either documented shape:
 * the key pages' `{success, message, environmentResults: [{environmentName, success, message}]}`
 * or the OpenAPI `DeploymentResult` `{success, envName, podName, detail, detailList: [...]}`,
 * nested per environment, then per gateway pod. A failure anywhere is a failure of that
 * environment (and pod); overall success is false as soon as one did not confirm. A reply
 * without per-environment detail yields no environments: nothing is confirmed per environment.
 */
export function readDeploymentReply(body: unknown, context: ReplyContext): DeploymentResult {
  if (body === '' || body === undefined) return { success: true, environments: [] };
  if (!isRecord(body)) throw badReply(context, 'a JSON object', describeBody(body));
  assertEnvelopeSuccess(body, context);
  const result = body['deploymentResult'];
  if (result === undefined || result === null) return { success: true, environments: [] };
  if (!isRecord(result)) throw badReply(context, 'deploymentResult to be a JSON object', 'something else');
  const environments = Array.isArray(result['environmentResults'])
    ? result['environmentResults'].filter(isRecord).map((entry) => readEnvironmentResult(entry, context))
    : readDetailTree(result, undefined, context);
  const reported = readSuccess(result) ?? true;
  return {
    success: reported && environments.every((environment) => environment.success),
    ...optional('message', cleanServerText(readString(result, 'message') ?? readString(result, 'detail'), context)),
    environments,
  };
}

function readEnvironmentResult(entry: JsonRecord, context: ReplyContext): EnvironmentResult {
  const success = readSuccess(entry);
  const message = cleanServerText(readString(entry, 'message') ?? readString(entry, 'detail'), context);
  return {
    environmentName: readString(entry, 'environmentName') ?? readString(entry, 'envName') ?? readString(entry, 'environmentId') ?? '(unnamed)',
    // No flag is no confirmation.
    success: success ?? false,
    ...optional('message', message ?? (success === undefined ? 'the Manager did not report success' : undefined)),
  };
}

/**
 * Leaves of a `DeploymentResult` tree: one result per pod where pods are given, else per
 * environment. A node that failed while none of its children did still counts as a failure
 * of its environment. The root itself is an environment only when it names one.
 */
function readDetailTree(node: JsonRecord, inherited: string | undefined, context: ReplyContext): EnvironmentResult[] {
  const environmentName = readString(node, 'envName') ?? readString(node, 'environmentName') ?? inherited;
  const children = Array.isArray(node['detailList']) ? node['detailList'].filter(isRecord) : [];
  const leaves = children.flatMap((child) => readDetailTree(child, environmentName, context));
  const success = readSuccess(node);
  if (leaves.length > 0) {
    if (success !== false || leaves.some((leaf) => !leaf.success) || environmentName === undefined) return leaves;
    return [...leaves, { environmentName, success: false, ...optional('message', detailOf(node, context)) }];
  }
  if (environmentName === undefined) return [];
  return [
    {
      environmentName,
      ...optional('pod', readString(node, 'podName')),
      success: success ?? false,
      ...optional('message', detailOf(node, context) ?? (success === undefined ? 'the Manager did not report success' : undefined)),
    },
  ];
}

function detailOf(node: JsonRecord, context: ReplyContext): string | undefined {
  return cleanServerText(readString(node, 'detail') ?? readString(node, 'message'), context);
}

function readSuccess(record: JsonRecord): boolean | undefined {
  if (typeof record['success'] === 'boolean') return record['success'];
  const status = readString(record, 'status');
  return status === undefined ? undefined : status.toUpperCase() === 'SUCCESS';
}
