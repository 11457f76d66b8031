import { AppError } from '../common/app-error.js';
import type { JwkDeleteAction, JwkUpdateAction, UpdateScope } from '../core/model/domain.js';
import type { DeploymentResult, LiveEnvironment, LiveJwk, LiveKey } from '../core/model/live-state.js';
import { quote, type CallContext } from './call-context.js';
import { resolveLimits, type ClientOptions } from './client-options.js';
import { createHttpInstance } from './http-instance.js';
import { buildKeyBody, type KeyWrite } from './key-write.js';
import { normalizeManagerUrl } from './manager-url.js';
import { normalizeKey } from './normalize-key.js';
import {
  normalizeEnvironment,
  normalizeJwk,
  normalizeProject,
  readDeploymentReply,
  type ProjectSummary,
} from './normalize-records.js';
import { environmentsPath, jwksPath, keyPath, keysPath, projectsPath } from './paths.js';
import { readResultList } from './reply-envelope.js';
import { sendCall, type Call } from './send-call.js';

export type { RequestEvent, RetryEvent } from './events.js';
export type { ClientOptions } from './client-options.js';
export type { KeyWrite, KeyWriteEnvironment } from './key-write.js';
export type { ProjectSummary } from './normalize-records.js';
export { fetchToken, type FetchTokenOptions } from './fetch-token.js';

/** What an update does to the JWKs made from the key. */
export interface UpdateKeyOptions {
  readonly jwkUpdateAction: JwkUpdateAction;
  readonly updateScope: UpdateScope;
}

/** The typed Apinizer management API, as far as keys are concerned. Every failure is an AppError. */
export interface ApinizerClient {
  /** Normalized `https://host/apiops`, for messages. */
  readonly baseUrl: string;
  listProjects(): Promise<ProjectSummary[]>;
  listEnvironments(project: string): Promise<LiveEnvironment[]>;
  listKeys(project: string): Promise<LiveKey[]>;
  /** One key; AppError `not_found` when the project has no key of that name. */
  getKey(project: string, key: string): Promise<LiveKey>;
  /** Creates a key; the Manager deploys it to its environments at once. */
  createKey(project: string, key: KeyWrite): Promise<DeploymentResult>;
  /** Replaces (and may rename) a key; the Manager redeploys it at once. */
  updateKey(project: string, currentName: string, key: KeyWrite, options: UpdateKeyOptions): Promise<DeploymentResult>;
  /** Deletes a key and undeploys it from every environment. Permanent. */
  deleteKey(project: string, key: string, jwkDeleteAction: JwkDeleteAction): Promise<DeploymentResult>;
  listJwks(project: string): Promise<LiveJwk[]>;
  /** Destroys the keep-alive agents. */
  close(): void;
}

type CallScope = Pick<CallContext, 'action'> & Partial<Pick<CallContext, 'project' | 'subject' | 'changes' | 'secrets'>>;

/** Makes a client for one Manager and token. Throws AppError `usage` for a bad URL or limit. */
export function createApinizerClient(options: ClientOptions): ApinizerClient {
  const { baseUrl, prefixUrl } = normalizeManagerUrl(options.url);
  const limits = resolveLimits(options);
  const token = options.token.reveal();
  const http = createHttpInstance({
    ...limits,
    prefixUrl,
    bearerToken: token,
    onRetry: options.onRetry,
    onRequest: options.onRequest,
  });

  const call = async (request: Call, scope: CallScope): Promise<{ body: unknown; context: CallContext }> => {
    const context: CallContext = {
      baseUrl,
      method: request.method,
      path: new URL(request.path, prefixUrl).pathname,
      changes: false,
      auth: 'token',
      timeoutMs: limits.timeoutMs,
      secrets: [token],
      ...scope,
    };
    return { body: await sendCall(http.got, request, context), context };
  };

  const list = async <T>(
    request: Call,
    scope: CallScope,
    normalize: (item: unknown, context: CallContext) => T,
  ): Promise<T[]> => {
    const { body, context } = await call(request, scope);
    return readResultList(body, context).map((item) => normalize(item, context));
  };

  const deployment = async (request: Call, scope: CallScope): Promise<DeploymentResult> => {
    const { body, context } = await call(request, { ...scope, changes: true });
    return readDeploymentReply(body, context);
  };

  const keyScope = (action: string, project: string, key: string, body?: KeyWrite): CallScope => ({
    action: `${action} key ${quote(key)} ${action === 'create' ? 'in' : 'of'} project ${quote(project)}`,
    project,
    subject: { kind: 'key', name: key },
    // A Manager or proxy that quotes the request body in its error must not print the material.
    ...(body ? { secrets: [token, ...body.environments.map((env) => env.content.reveal())] } : {}),
  });

  return {
    baseUrl,
    listProjects: () => list({ method: 'GET', path: projectsPath() }, { action: 'list the projects' }, normalizeProject),
    listEnvironments: (project) =>
      list(
        { method: 'GET', path: environmentsPath(project) },
        { action: `list the environments of project ${quote(project)}`, project },
        normalizeEnvironment,
      ),
    listKeys: (project) =>
      list(
        { method: 'GET', path: keysPath(project) },
        { action: `list the keys of project ${quote(project)}`, project },
        normalizeKey,
      ),
    getKey: async (project, key) => {
      const scope = keyScope('read', project, key);
      const keys = await list({ method: 'GET', path: keyPath(project, key) }, scope, normalizeKey);
      const found = keys.find((live) => live.name === key);
      if (found === undefined) throw keyNotFound(project, key, baseUrl);
      return found;
    },
    createKey: (project, key) =>
      deployment({ method: 'POST', path: keysPath(project), json: buildKeyBody(key) }, keyScope('create', project, key.name, key)),
    updateKey: (project, currentName, key, update) =>
      deployment(
        {
          method: 'PUT',
          path: keyPath(project, currentName),
          // The older API knows only updateReferencedJwks; the newer one jwkUpdateAction. Send both.
          searchParams: {
            jwkUpdateAction: update.jwkUpdateAction,
            updateScope: update.updateScope,
            updateReferencedJwks: String(update.jwkUpdateAction === 'UPDATE'),
          },
          json: buildKeyBody(key),
        },
        keyScope('update', project, currentName, key),
      ),
    deleteKey: (project, key, jwkDeleteAction) =>
      deployment(
        // Always explicit: the API's default (NULLIFY) must never be what silently happens.
        { method: 'DELETE', path: keyPath(project, key), searchParams: { jwkDeleteAction } },
        keyScope('delete', project, key),
      ),
    listJwks: (project) =>
      list(
        { method: 'GET', path: jwksPath(project) },
        { action: `list the JWKs of project ${quote(project)}`, project },
        normalizeJwk,
      ),
    close: () => http.close(),
  };
}

function keyNotFound(project: string, key: string, baseUrl: string): AppError {
  return new AppError({
    code: 'not_found',
    fault: 'manager',
    message: `Could not read key ${quote(key)} of project ${quote(project)}: the Manager at ${baseUrl} returned no such key.`,
    hint: 'Someone may have changed the project since the plan was made; run plan again.',
  });
}
