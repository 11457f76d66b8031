import type { ApiHandler } from './api-context.js';
import { listBody, param, successBody } from './api-context.js';
import { requirePermissions, requireProject } from './auth.js';
import { materialSeedOf } from './build-state.js';
import { buildDeploymentResult } from './deployment.js';
import { badRequest, keyNotFound } from './http-error.js';
import type { SandboxHttpError } from './http-error.js';
import { jsonReply, parseJsonObject } from './http-io.js';
import { parseKeyBody } from './key-body.js';
import { renderKey } from './key-views.js';
import { readEnum } from './query.js';
import { allocateKeyId, findJwksMadeFromKey, renameKey } from './state.js';

/** Creating, updating and deleting a key also (un)deploys it, hence the second permission. */
const WRITE_PERMISSIONS = ['MANAGE', 'DEPLOY_UNDEPLOY'] as const;

function alreadyExists(name: string): SandboxHttpError {
  return badRequest(`Key (name: ${name}) is already exist! Try update operation if want to change its value.`);
}

/** `GET /apiops/projects/{project}/keys/`. */
export const listKeys: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['READ']);
  const keys = [...project.keys.values()].map((key) => renderKey(project, key, context.replyShape, context.state.cipherSecret, false));
  return jsonReply(200, listBody(context.replyShape, keys));
};

/** `GET /apiops/projects/{project}/keys/{key}/`: one element in `resultList`. */
export const getKey: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['READ']);
  const name = param(request, 'key');
  const key = project.keys.get(name);
  if (!key) throw keyNotFound(name);
  return jsonReply(200, listBody(context.replyShape, [renderKey(project, key, context.replyShape, context.state.cipherSecret, true)]));
};

/** `POST /apiops/projects/{project}/keys/`: stores the key and deploys it to its environments. */
export const createKey: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, WRITE_PERMISSIONS);
  const body = parseKeyBody(parseJsonObject(request.body), project, true);
  const name = body.name ?? '';
  if (project.keys.has(name)) throw alreadyExists(name);
  const environments = body.environments;
  project.keys.set(name, {
    id: allocateKeyId(context.state),
    name,
    description: body.description,
    keyType: body.keyType,
    environments,
  });
  const names = environments.map((environment) => environment.environmentName);
  return jsonReply(200, successBody(context.replyShape, { deploymentResult: buildDeploymentResult(context.faults, names, []) }));
};

/**
 * `PUT /apiops/projects/{project}/keys/{key}/`: replaces (and may rename) the key, redeploys
 * it, undeploys environments it no longer lists, and detaches or re-parses its JWKs.
 * `updateScope=ALL_PROJECTS` behaves like SAME_PROJECT: JWKs reference keys by name within
 * their own project here, so no other project's JWK can be affected.
 */
export const updateKey: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, WRITE_PERMISSIONS);
  const explicitAction = readEnum(request.query, 'jwkUpdateAction', ['NULLIFY', 'UPDATE']);
  const legacyFlag = readEnum(request.query, 'updateReferencedJwks', ['true', 'false']);
  readEnum(request.query, 'updateScope', ['SAME_PROJECT', 'ALL_PROJECTS']);
  const action = explicitAction ?? (legacyFlag === 'true' ? 'UPDATE' : 'NULLIFY');
  const oldName = param(request, 'key');
  const key = project.keys.get(oldName);
  if (!key) throw keyNotFound(oldName);
  const body = parseKeyBody(parseJsonObject(request.body), project, false);
  const newName = body.name ?? oldName;
  if (newName !== oldName && project.keys.has(newName)) throw alreadyExists(newName);

  const kept = new Set(body.environments.map((environment) => environment.environmentName));
  const removed = key.environments.map((environment) => environment.environmentName).filter((name) => !kept.has(name));
  const jwks = findJwksMadeFromKey(project, oldName);
  key.description = body.description;
  key.keyType = body.keyType;
  key.environments = body.environments;
  renameKey(project, key, newName);
  for (const jwk of jwks) {
    if (action === 'NULLIFY') {
      jwk.sourceId = null;
    } else {
      jwk.sourceId = newName;
      jwk.revision += 1;
      jwk.materialSeed = materialSeedOf(key, jwk.environmentName);
    }
  }
  const result = buildDeploymentResult(context.faults, [...kept], removed);
  return jsonReply(200, successBody(context.replyShape, { deploymentResult: result }));
};

/** `DELETE /apiops/projects/{project}/keys/{key}/`: removes and undeploys the key; NULLIFY or DELETE its JWKs. */
export const deleteKey: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, WRITE_PERMISSIONS);
  const action = readEnum(request.query, 'jwkDeleteAction', ['NULLIFY', 'DELETE']) ?? 'NULLIFY';
  const name = param(request, 'key');
  const key = project.keys.get(name);
  if (!key) throw keyNotFound(name);
  for (const jwk of findJwksMadeFromKey(project, name)) {
    if (action === 'DELETE') project.jwks.delete(jwk.name);
    else jwk.sourceId = null;
  }
  project.keys.delete(name);
  const undeployed = key.environments.map((environment) => environment.environmentName);
  return jsonReply(200, successBody(context.replyShape, { deploymentResult: buildDeploymentResult(context.faults, [], undeployed) }));
};
