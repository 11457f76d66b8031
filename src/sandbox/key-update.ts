import type { ApiContext, ApiHandler } from './api-context.js';
import { param, successBody } from './api-context.js';
import { requirePermissions, requireProject } from './auth.js';
import { materialSeedOf } from './build-state.js';
import { buildDeploymentResult } from './deployment.js';
import { keyAlreadyExists, keyNotFound } from './http-error.js';
import { jsonReply, parseJsonObject } from './http-io.js';
import { parseKeyBody } from './key-body.js';
import { WRITE_PERMISSIONS } from './key-handlers.js';
import { parseKeyPatch } from './key-patch.js';
import { readEnum } from './query.js';
import { undoIgnoredWrites } from './silent-faults.js';
import type { KeyEnvironmentRecord, KeyRecord, ProjectRecord } from './state.js';
import { findJwksMadeFromKey, renameKey } from './state.js';

/** What an update does to the key's environments. */
interface EnvironmentChange {
  readonly environments: KeyEnvironmentRecord[];
  readonly deployTo: readonly string[];
  readonly undeployFrom: readonly string[];
}

/**
 * `PUT /apiops/projects/{project}/keys/{key}/`: changes (and may rename) the key, redeploys
 * it, undeploys environments it no longer has, and detaches or re-parses its JWKs. The current
 * generation applies the body as a partial update; the older ones replace the whole key.
 * `updateScope=ALL_PROJECTS` behaves like SAME_PROJECT: JWKs reference keys within their own
 * project here, so no other project's JWK can be affected.
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
  const body = parseJsonObject(request.body);
  const before = structuredClone(key);
  const change = context.api === 'current' ? patchKey(context, project, key, body) : replaceKey(context, project, key, body);
  undoIgnoredWrites(context.faults, before, key);

  for (const jwk of findJwksMadeFromKey(project, key.id)) {
    if (action === 'NULLIFY') {
      jwk.sourceKeyId = null;
    } else {
      jwk.revision += 1;
      jwk.materialSeed = materialSeedOf(key, jwk.environmentName);
    }
  }
  const result = buildDeploymentResult(context.faults, change.deployTo, change.undeployFrom);
  return jsonReply(200, successBody(context.api, { deploymentResult: result }));
};

/** The older generations: the body is the whole key; environments it leaves out are undeployed. */
function replaceKey(context: ApiContext, project: ProjectRecord, key: KeyRecord, raw: Record<string, unknown>): EnvironmentChange {
  const body = parseKeyBody(raw, project, context.api, false);
  const newName = body.name ?? key.name;
  if (newName !== key.name && project.keys.has(newName)) throw keyAlreadyExists(newName);
  const change = environmentChange(key.environments, body.environments, false);
  key.description = body.description;
  key.keyType = body.keyType;
  key.environments = change.environments;
  renameKey(project, key, newName);
  return change;
}

/**
 * The current generation: only the fields sent change. Without a list the material and
 * environments stay, and the key is redeployed to all of them (the key changed; the reference
 * does not say what a list-less update deploys). With a list, the supplied environments are
 * re-processed and the ones left out undeployed, unless `putKeepsOmittedEnvironments` is set.
 */
function patchKey(context: ApiContext, project: ProjectRecord, key: KeyRecord, raw: Record<string, unknown>): EnvironmentChange {
  const patch = parseKeyPatch(raw, project, key);
  const newName = patch.name ?? key.name;
  if (newName !== key.name && project.keys.has(newName)) throw keyAlreadyExists(newName);
  const change = patch.environments
    ? environmentChange(key.environments, patch.environments, context.faults.putKeepsOmittedEnvironments)
    : { environments: key.environments, deployTo: key.environments.map((entry) => entry.environmentName), undeployFrom: [] };
  if (patch.description !== undefined) key.description = patch.description;
  if (patch.keyType !== undefined) key.keyType = patch.keyType;
  key.algorithm = patch.algorithm;
  key.environments = change.environments;
  renameKey(project, key, newName);
  return change;
}

/**
 * The environments after an update that supplies `supplied`: those are deployed; the ones
 * left out are undeployed, or kept in place (not re-processed) when `keepOmitted`.
 */
function environmentChange(
  current: readonly KeyEnvironmentRecord[],
  supplied: KeyEnvironmentRecord[],
  keepOmitted: boolean,
): EnvironmentChange {
  const suppliedNames = new Set(supplied.map((entry) => entry.environmentName));
  const omitted = current.filter((entry) => !suppliedNames.has(entry.environmentName));
  const deployTo = supplied.map((entry) => entry.environmentName);
  if (!keepOmitted) return { environments: supplied, deployTo, undeployFrom: omitted.map((entry) => entry.environmentName) };
  const bySupplied = new Map(supplied.map((entry) => [entry.environmentName, entry]));
  const merged = current.map((entry) => bySupplied.get(entry.environmentName) ?? entry);
  const added = supplied.filter((entry) => !current.some((existing) => existing.environmentName === entry.environmentName));
  return { environments: [...merged, ...added], deployTo, undeployFrom: [] };
}
