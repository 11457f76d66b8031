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
  const listed = result['environmentResults'];
  if (listed !== undefined && listed !== null && !Array.isArray(listed)) {
    throw badReply(context, 'environmentResults to be a list', describeBody(listed));
  }
  const environments = Array.isArray(listed)
    ? listed.map((entry) => readEnvironmentResult(entry, context))
    : readDetailTree(result, undefined, context, true);
  // No flag on the whole result: judged by its parts. A flag that is not a boolean confirms nothing.
  const reported = 'success' in result || 'status' in result ? (readSuccess(result) ?? false) : true;
  return {
    success: reported && environments.every((environment) => environment.success),
    ...optional('message', cleanServerText(readString(result, 'message') ?? readString(result, 'detail'), context)),
    environments,
  };
}

function readEnvironmentResult(item: unknown, context: ReplyContext): EnvironmentResult {
  if (!isRecord(item))
    return { environmentName: UNNAMED, success: false, message: `the Manager reported ${describeBody(item)} as an environment's result` };
  const entry = item;
  const success = readSuccess(entry);
  const message = cleanServerText(readString(entry, 'message') ?? readString(entry, 'detail'), context);
  return {
    environmentName: readString(entry, 'environmentName') ?? readString(entry, 'envName') ?? readString(entry, 'environmentId') ?? UNNAMED,
    // No flag is no confirmation.
    success: success ?? false,
    ...optional('message', message ?? (success === undefined ? 'the Manager did not report success' : undefined)),
  };
}

/** How a result that names no environment is shown: it is still a result, and a failure still counts. */
const UNNAMED = '(unnamed environment)';

/**
 * Leaves of a `DeploymentResult` tree: one result per pod where pods are given, else per
 * environment. A node that failed while none of its children did still counts as a failure
 * of its environment. A node that names no environment is still counted (as unnamed); only
 * the bare root, which describes the whole operation, is not an environment of its own.
 */
function readDetailTree(node: JsonRecord, inherited: string | undefined, context: ReplyContext, root = false): EnvironmentResult[] {
  const named = readString(node, 'envName') ?? readString(node, 'environmentName');
  const environmentName = named ?? inherited;
  const list = node['detailList'];
  if (list !== undefined && list !== null && !Array.isArray(list)) throw badReply(context, 'detailList to be a list', describeBody(list));
  const leaves = (list ?? []).flatMap((child: unknown) =>
    isRecord(child)
      ? readDetailTree(child, environmentName, context)
      : [
          {
            environmentName: environmentName ?? UNNAMED,
            success: false,
            message: `the Manager reported ${describeBody(child)} as a result`,
          },
        ],
  );
  const success = readSuccess(node);
  if (leaves.length > 0) {
    if (success !== false || leaves.some((leaf) => !leaf.success) || (root && named === undefined)) return leaves;
    return [...leaves, { environmentName: environmentName ?? UNNAMED, success: false, ...optional('message', detailOf(node, context)) }];
  }
  if (root && named === undefined) return [];
  return [
    {
      environmentName: environmentName ?? UNNAMED,
      ...optional('pod', readString(node, 'podName')),
      success: success ?? false,
      ...optional('message', detailOf(node, context) ?? (success === undefined ? 'the Manager did not report success' : undefined)),
    },
  ];
}

function detailOf(node: JsonRecord, context: ReplyContext): string | undefined {
  return cleanServerText(readString(node, 'detail') ?? readString(node, 'message'), context);
}

/** `success: true|false` or `status: "SUCCESS"`; a flag of any other kind (`"false"`, 1) confirms nothing. */
function readSuccess(record: JsonRecord): boolean | undefined {
  const flag = record['success'];
  if (typeof flag === 'boolean') return flag;
  if (flag !== undefined && flag !== null) return false;
  const status = readString(record, 'status');
  return status === undefined ? undefined : status.toUpperCase() === 'SUCCESS';
}
