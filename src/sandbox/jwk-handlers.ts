import type { ApiHandler } from './api-context.js';
import { listBody, param, successBody } from './api-context.js';
import { requirePermissions, requireProject } from './auth.js';
import { deriveKid, digest, jwkTypeFor, materialSeedOf } from './build-state.js';
import { badRequest, jwkNotFound, keyNotFound, validationFailed } from './http-error.js';
import { jsonReply, parseJsonObject } from './http-io.js';
import { renderJwkDetail, renderJwkSummary } from './jwk-views.js';
import type { JwkRecord, ProjectRecord } from './state.js';
import { allocateJwkId } from './state.js';

/** `GET /apiops/projects/{project}/jwks/`. */
export const listJwks: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['READ']);
  const jwks = [...project.jwks.values()].map((jwk) => renderJwkSummary(project, jwk, context.api));
  return jsonReply(200, listBody(context.api, jwks));
};

/** `GET /apiops/projects/{project}/jwks/{jwk}/`. */
export const getJwk: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['READ']);
  const name = param(request, 'jwk');
  const jwk = project.jwks.get(name);
  if (!jwk) throw jwkNotFound(name);
  return jsonReply(200, listBody(context.api, [renderJwkDetail(project, jwk, context.api)]));
};

/** `DELETE /apiops/projects/{project}/jwks/{jwk}/`. */
export const deleteJwk: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['MANAGE']);
  const name = param(request, 'jwk');
  if (!project.jwks.delete(name)) throw jwkNotFound(name);
  return jsonReply(200, successBody(context.api));
};

/**
 * `POST /apiops/projects/{project}/jwks/`: makes a JWK from a key of the project
 * (referencing the key's id), or from a URL (`sourceUrl`, or `url` as the current reference calls it).
 */
export const createJwk: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['MANAGE']);
  const body = parseJsonObject(request.body);
  const name = body['name'];
  if (typeof name !== 'string' || name.trim() === '') throw validationFailed('JWK name is required and must be a non-empty string.');
  if (project.jwks.has(name)) throw badRequest(`JWK (name: ${name}) is already exist!`);
  const useType = optionalText(body, 'useType') ?? 'SIGNATURE';
  const algorithm = optionalText(body, 'algorithm') ?? 'RS256';
  const base = {
    id: allocateJwkId(context.state),
    name,
    description: optionalText(body, 'description') ?? '',
    type: jwkTypeFor(algorithm),
    kid: deriveKid(project.name, name),
    useType,
    algorithm,
    revision: 0,
  };
  const jwk = makeJwk(project, body, base);
  project.jwks.set(name, jwk);
  return jsonReply(200, listBody(context.api, [renderJwkSummary(project, jwk, context.api)]));
};

type JwkBase = Omit<JwkRecord, 'sourceType' | 'sourceKeyId' | 'sourceUrl' | 'environmentName' | 'materialSeed'>;

function makeJwk(project: ProjectRecord, body: Record<string, unknown>, base: JwkBase): JwkRecord {
  const sourceType = body['sourceType'];
  if (sourceType === 'URL') {
    const sourceUrl = optionalText(body, 'sourceUrl') ?? optionalText(body, 'url');
    if (!sourceUrl) throw validationFailed('sourceUrl is required for a JWK with sourceType URL.');
    return {
      ...base,
      sourceType,
      sourceKeyId: null,
      sourceUrl,
      environmentName: null,
      materialSeed: digest(`${sourceUrl}\u0000${base.name}`),
    };
  }
  if (sourceType !== 'PRIVATE_KEY' && sourceType !== 'PUBLIC_KEY') {
    throw validationFailed('The sandbox creates JWKs with sourceType PRIVATE_KEY, PUBLIC_KEY or URL only.');
  }
  const keyName = optionalText(body, 'keyName');
  if (!keyName) throw validationFailed(`keyName is required for a JWK with sourceType ${sourceType}.`);
  const key = project.keys.get(keyName);
  if (!key) throw keyNotFound(keyName);
  const environmentName = optionalText(body, 'environmentName') ?? null;
  if (environmentName !== null && !key.environments.some((entry) => entry.environmentName === environmentName)) {
    throw validationFailed(`Key (name: ${keyName}) is not deployed to environment (${environmentName})!`);
  }
  return { ...base, sourceType, sourceKeyId: key.id, sourceUrl: null, environmentName, materialSeed: materialSeedOf(key, environmentName) };
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationFailed(`${field} must be a string.`);
  return value;
}
