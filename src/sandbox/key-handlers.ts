import type { ApiHandler } from './api-context.js';
import { listBody, param, successBody } from './api-context.js';
import { requirePermissions, requireProject } from './auth.js';
import { buildDeploymentResult } from './deployment.js';
import { keyAlreadyExists, keyNotFound } from './http-error.js';
import { jsonReply, parseJsonObject } from './http-io.js';
import { parseKeyBody } from './key-body.js';
import { renderKey } from './key-views.js';
import { readEnum } from './query.js';
import { undoIgnoredWrites } from './silent-faults.js';
import { allocateKeyId, findJwksMadeFromKey } from './state.js';

/** Creating, updating and deleting a key also (un)deploys it, hence the second permission. */
export const WRITE_PERMISSIONS = ['MANAGE', 'DEPLOY_UNDEPLOY'] as const;

/**
 * `GET /apiops/projects/{project}/keys/`. With the `keyListLimit` fault only the first N
 * entries come back while `resultCount` stays the true total: an incomplete list.
 */
export const listKeys: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['READ']);
  const keys = [...project.keys.values()];
  const limit = context.faults.keyListLimit;
  const shown = limit === null ? keys : keys.slice(0, limit);
  const entries = shown.map((key) => renderKey(project, key, context.api, context.state.cipherSecret, false));
  return jsonReply(200, listBody(context.api, entries, keys.length));
};

/** `GET /apiops/projects/{project}/keys/{key}/`: one element in `resultList`. */
export const getKey: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['READ']);
  const name = param(request, 'key');
  const key = project.keys.get(name);
  if (!key) throw keyNotFound(name);
  return jsonReply(200, listBody(context.api, [renderKey(project, key, context.api, context.state.cipherSecret, true)]));
};

/** `POST /apiops/projects/{project}/keys/`: stores the key and deploys it to its environments. */
export const createKey: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, WRITE_PERMISSIONS);
  const body = parseKeyBody(parseJsonObject(request.body), project, context.api, true);
  const name = body.name ?? '';
  if (project.keys.has(name)) throw keyAlreadyExists(name);
  const environments = body.environments;
  const key = {
    id: allocateKeyId(context.state),
    name,
    description: body.description,
    keyType: body.keyType,
    algorithm: body.algorithm,
    environments,
  };
  undoIgnoredWrites(context.faults, undefined, key);
  project.keys.set(name, key);
  const names = environments.map((environment) => environment.environmentName);
  return jsonReply(200, successBody(context.api, { deploymentResult: buildDeploymentResult(context.faults, names, []) }));
};

/**
 * `DELETE /apiops/projects/{project}/keys/{key}/`: removes and undeploys the key; NULLIFY or
 * DELETE its JWKs. `jwkDeleteAction` is honoured in every generation, although the legacy
 * reference has no such parameter (unless the `keepJwksOnDelete` fault says otherwise).
 */
export const deleteKey: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, WRITE_PERMISSIONS);
  const action = readEnum(request.query, 'jwkDeleteAction', ['NULLIFY', 'DELETE']) ?? 'NULLIFY';
  const name = param(request, 'key');
  const key = project.keys.get(name);
  if (!key) throw keyNotFound(name);
  const undeployed = key.environments.map((environment) => environment.environmentName);
  const reply = () => jsonReply(200, successBody(context.api, { deploymentResult: buildDeploymentResult(context.faults, [], undeployed) }));
  // The keepDeletedKeys fault: success, and nothing done.
  if (context.faults.keepDeletedKeys) return reply();
  for (const jwk of findJwksMadeFromKey(project, key.id)) {
    if (action === 'DELETE' && !context.faults.keepJwksOnDelete) project.jwks.delete(jwk.name);
    else jwk.sourceKeyId = null;
  }
  project.keys.delete(name);
  return reply();
};
