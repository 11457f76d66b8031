import { setMaxListeners } from 'node:events';
import { AppError } from '../common/app-error.js';
import { beginsWithPem } from '../common/key-file.js';
import type { JwkDeleteAction, JwkUpdateAction, UpdateScope } from '../core/model/domain.js';
import type { DeploymentResult, LiveEnvironment, LiveJwk, LiveKey } from '../core/model/live-state.js';
import { quote, type CallContext } from './call-context.js';
import { resolveLimits, type ClientOptions } from './client-options.js';
import { createHttpInstance } from './http-instance.js';
import { mapHttpStatus } from './http-status-error.js';
import { buildKeyBody, buildUpdateBody, listSentMaterial, type KeyUpdate, type KeyWrite } from './key-write.js';
import { normalizeManagerUrl } from './manager-url.js';
import { cancelledError, describeContentType } from './map-error.js';
import { normalizeKey } from './normalize-key.js';
import { normalizeEnvironment, normalizeJwk, normalizeProject, type ProjectSummary } from './normalize-records.js';
import { DEFAULT_EXPORT_LIMITS } from './export-limits.js';
import { exportFilePath, environmentsPath, jwksPath, keyPath, keysPath, olderEnvironmentsPath, projectsPath } from './paths.js';
import { looksLikeZip, readKeyArchive, type ExportedFile } from './read-key-archive.js';
import { sendDownload } from './send-download.js';
import { readDeploymentReply } from './read-deployment-reply.js';
import { badReply, readResultCount, readResultList, saysFailure } from './reply-envelope.js';
import { sendCall, type Call } from './send-call.js';
import { readServerError } from './server-error.js';
import { createTokenKeeper } from './token-keeper.js';

export type { RequestEvent, RetryEvent } from './events.js';
export type { ClientOptions } from './client-options.js';
export type { KeyUpdate, KeyWrite, KeyWriteEnvironment } from './key-write.js';
export type { ProjectSummary } from './normalize-records.js';
export { fetchToken, fetchTokenGrant, type FetchTokenOptions, type TokenGrant } from './fetch-token.js';
export { normalizeManagerUrl } from './manager-url.js';
export { probeReachability, type Reachability } from './probe-reachability.js';
export { resolveProxy } from '../common/proxy.js';
export type { ExportedFile } from './read-key-archive.js';
export { DEFAULT_EXPORT_LIMITS, type ExportLimits } from './export-limits.js';

/** What an update does to the JWKs made from the key. */
export interface UpdateKeyOptions {
  readonly jwkUpdateAction: JwkUpdateAction;
  readonly updateScope: UpdateScope;
}

/**
 * Which environments path the Manager answered: `current` (`projects/{p}/environments/`,
 * the reference since 2026-07, whose PUT is partial) or `older` (`environments/{p}`).
 */
export type EnvironmentsApi = 'current' | 'older';

/** The typed Apinizer management API, as far as keys are concerned. Every failure is an AppError. */
export interface ApinizerClient {
  /** Normalized `https://host/apiops`, for messages. */
  readonly baseUrl: string;
  listProjects(): Promise<ProjectSummary[]>;
  /** The current path first; on a 404 there the older one, which is then used for the rest of the run. */
  listEnvironments(project: string): Promise<LiveEnvironment[]>;
  /** Which environments path answered, once one has; undefined before. */
  environmentsApi(): EnvironmentsApi | undefined;
  /** Every key of a project; AppError `incomplete_list` when `resultCount` says entries are missing. */
  listKeys(project: string): Promise<LiveKey[]>;
  /** One key; AppError `not_found` when the project has no key of that name. */
  getKey(project: string, key: string): Promise<LiveKey>;
  /** Creates a key; the Manager deploys it to its environments at once. */
  createKey(project: string, key: KeyWrite): Promise<DeploymentResult>;
  /** Changes a key: the whole key, or only some fields; the Manager redeploys it at once. */
  updateKey(project: string, currentName: string, update: KeyUpdate, options: UpdateKeyOptions): Promise<DeploymentResult>;
  /** Deletes a key and undeploys it from every environment. Permanent. */
  deleteKey(project: string, key: string, jwkDeleteAction: JwkDeleteAction): Promise<DeploymentResult>;
  listJwks(project: string): Promise<LiveJwk[]>;
  /**
   * The raw material of a key through Export Key File (SECRETS + EXPORT_IMPORT): without
   * `environment` every environment's file (the ZIP form), with it that one file. Empty when
   * the Manager says there is no material (for that environment, or at all). AppError
   * `forbidden` naming the permission; `endpoint_not_found` when the Manager has no such
   * endpoint (older than the 2026-08 reference); `bad_reply` beyond the export limits.
   */
  exportKeyFile(project: string, key: string, environment?: string): Promise<ExportedFile[]>;
  /** Cancels every call in flight, refuses new ones, and destroys the keep-alive agents. */
  close(): void;
}

type CallScope = Pick<CallContext, 'action'> &
  Partial<Pick<CallContext, 'project' | 'subject' | 'changes' | 'permission'>> & {
    /** Material the call carries: scrubbed, in every form, from whatever the Manager answers. */
    readonly material?: readonly string[];
  };

/** Makes a client for one Manager and token. Throws AppError `usage` for a bad URL or limit. */
export function createApinizerClient(options: ClientOptions): ApinizerClient {
  const { baseUrl, prefixUrl } = normalizeManagerUrl(options.url);
  const limits = resolveLimits(options);
  const tokens = createTokenKeeper(options.token, options.renewToken);
  const http = createHttpInstance({
    ...limits,
    prefixUrl,
    proxy: options.proxy,
    onRetry: options.onRetry,
    onRequest: options.onRequest,
    onExchange: options.onExchange,
  });
  const stopping = new AbortController();
  // Every request in flight listens on this one signal; hundreds at once are expected.
  setMaxListeners(0, stopping.signal);
  let environments: EnvironmentsApi | undefined;

  const contextOf = (request: Call, scope: CallScope): CallContext => ({
    baseUrl,
    method: request.method,
    path: new URL(request.path, prefixUrl).pathname,
    changes: false,
    auth: options.renewToken === undefined ? 'token' : 'credentials',
    timeoutMs: limits.timeoutMs,
    ...(http.proxy === undefined ? {} : { proxy: http.proxy.display }),
    ...scope,
    secrets: [...tokens.seen(), ...(scope.material ?? []), ...(http.proxy?.secrets ?? [])],
  });

  const sendOnce = async (request: Call, scope: CallScope, token: string): Promise<unknown> => {
    if (stopping.signal.aborted) throw cancelledError(contextOf(request, scope));
    const context = contextOf(request, scope);
    const body = await sendCall(http.got, request, context, { bearerToken: token, signal: stopping.signal });
    // A 200 whose envelope says FAILURE is classified by its text like any error reply.
    if (saysFailure(body))
      throw mapHttpStatus(200, readServerError(body, context.secrets), { context, retries: 0, contentType: 'application/json' });
    return body;
  };

  /** Sends with the current token; once more with a renewed one if the Manager says it expired. */
  const withToken = async <T>(send: (token: string) => Promise<T>): Promise<T> => {
    const token = tokens.current();
    try {
      return await send(token);
    } catch (error) {
      // A 401 is refused before anything is done, so even a POST may be sent again.
      if (!(error instanceof AppError) || error.code !== 'token_expired' || !tokens.canRenew()) throw error;
      return send(await tokens.renew(token));
    }
  };

  const call = async (request: Call, scope: CallScope): Promise<{ body: unknown; context: CallContext }> => ({
    body: await withToken((token) => sendOnce(request, scope, token)),
    context: contextOf(request, scope),
  });

  const exportLimits = { ...DEFAULT_EXPORT_LIMITS, ...options.exportLimits };

  const exportKeyFile = async (project: string, key: string, environment?: string): Promise<ExportedFile[]> => {
    const request: Call = {
      method: 'GET',
      path: exportFilePath(project, key),
      ...(environment === undefined ? {} : { searchParams: { environmentName: environment } }),
    };
    const scope: CallScope = {
      action: `export the material of key ${quote(key)} of project ${quote(project)}${environment === undefined ? '' : ` in environment ${quote(environment)}`}`,
      project,
      subject: { kind: 'key', name: key },
      permission: 'SECRETS + EXPORT_IMPORT',
    };
    const context = contextOf(request, scope);
    let download;
    try {
      download = await withToken((token) => {
        if (stopping.signal.aborted) throw cancelledError(context);
        return sendDownload(
          http.got,
          request,
          contextOf(request, scope),
          { bearerToken: token, signal: stopping.signal },
          exportLimits.maxReplyBytes,
        );
      });
    } catch (error) {
      if (error instanceof AppError && saysNoMaterial(error)) return [];
      if (error instanceof AppError && error.code === 'endpoint_not_found') throw cannotExport(context, error);
      throw error;
    }
    const bytes = download.bytes.reveal();
    // One file: asked for, or a Manager that answers a one-environment key without a ZIP; but
    // only a PEM then, so that nothing else a Manager or proxy sends is taken for a key file.
    if (environment !== undefined) return [{ name: download.filename ?? '', content: download.bytes }];
    if (!looksLikeZip(bytes)) {
      if (beginsWithPem(bytes)) return [{ name: download.filename ?? '', content: download.bytes }];
      bytes.fill(0);
      throw badReply(
        context,
        'a ZIP of key files (or one PEM file)',
        `a reply of type ${describeContentType(download.contentType)} that is neither`,
      );
    }
    try {
      return readKeyArchive(bytes, exportLimits, context);
    } finally {
      bytes.fill(0);
    }
  };

  const list = async <T>(request: Call, scope: CallScope, normalize: (item: unknown, context: CallContext) => T): Promise<T[]> => {
    const { body, context } = await call(request, scope);
    return readResultList(body, context).map((item) => normalize(item, context));
  };

  const deployment = async (request: Call, scope: CallScope): Promise<DeploymentResult> => {
    const { body, context } = await call(request, { ...scope, changes: true });
    return readDeploymentReply(body, context);
  };

  const keyScope = (action: string, project: string, key: string, material: readonly string[] = []): CallScope => ({
    action: `${action} key ${quote(key)} ${action === 'create' ? 'in' : 'of'} project ${quote(project)}`,
    project,
    subject: { kind: 'key', name: key },
    material,
  });

  const listEnvironments = async (project: string): Promise<LiveEnvironment[]> => {
    const scope = { action: `list the environments of project ${quote(project)}`, project };
    const older = { method: 'GET', path: olderEnvironmentsPath(project) } as const;
    if (environments === 'older') return list(older, scope, normalizeEnvironment);
    try {
      const found = await list({ method: 'GET', path: environmentsPath(project) }, scope, normalizeEnvironment);
      environments = 'current';
      return found;
    } catch (error) {
      // Only "no such path" sends us to the older path; any other answer is the answer.
      if (environments === 'current' || !(error instanceof AppError) || error.code !== 'endpoint_not_found') throw error;
      let found: LiveEnvironment[];
      try {
        found = await list(older, scope, normalizeEnvironment);
      } catch (olderError) {
        // Neither path: say both, or the first path's 404 is hidden behind the fallback's.
        if (olderError instanceof AppError && olderError.code === 'endpoint_not_found')
          throw noEnvironmentsPath(error, olderError, contextOf(older, scope));
        throw olderError;
      }
      environments = 'older';
      return found;
    }
  };

  /** A whole list of a project: one that says (by `resultCount`) it holds more than it gives is refused. */
  const completeList = async <T extends { readonly name: string }>(
    project: string,
    request: Call,
    what: 'keys' | 'JWKs',
    normalize: (item: unknown, context: CallContext) => T,
  ): Promise<T[]> => {
    const { body, context } = await call(request, { action: `list the ${what} of project ${quote(project)}`, project });
    const items = readResultList(body, context).map((item) => normalize(item, context));
    const total = readResultCount(body, context);
    if (total !== undefined && total > items.length) throw incompleteList(project, what, items.length, total, baseUrl);
    const names = new Set<string>();
    for (const item of items) {
      if (names.has(item.name)) throw duplicateName(project, what, item.name, baseUrl);
      names.add(item.name);
    }
    return items;
  };

  const listKeys = (project: string): Promise<LiveKey[]> =>
    completeList(project, { method: 'GET', path: keysPath(project) }, 'keys', normalizeKey);

  return {
    baseUrl,
    listProjects: () => list({ method: 'GET', path: projectsPath() }, { action: 'list the projects' }, normalizeProject),
    listEnvironments,
    environmentsApi: () => environments,
    listKeys,
    getKey: async (project, key) => {
      const request = { method: 'GET', path: keyPath(project, key) } as const;
      const keys = await list(request, keyScope('read', project, key), normalizeKey);
      const found = keys.find((live) => live.name === key);
      if (found === undefined) throw keyNotFound(project, key, baseUrl, new URL(request.path, prefixUrl).pathname);
      return found;
    },
    createKey: (project, key) =>
      deployment(
        { method: 'POST', path: keysPath(project), json: buildKeyBody(key) },
        keyScope('create', project, key.name, listSentMaterial(key)),
      ),
    updateKey: (project, currentName, update, settings) =>
      deployment(
        {
          method: 'PUT',
          path: keyPath(project, currentName),
          // The legacy API knows only updateReferencedJwks; current and 2026-01 jwkUpdateAction. Send both.
          searchParams: {
            jwkUpdateAction: settings.jwkUpdateAction,
            updateScope: settings.updateScope,
            updateReferencedJwks: String(settings.jwkUpdateAction === 'UPDATE'),
          },
          json: buildUpdateBody(update),
        },
        keyScope('update', project, currentName, listSentMaterial(update)),
      ),
    deleteKey: (project, key, jwkDeleteAction) =>
      deployment(
        // Always explicit: the API's default (NULLIFY) must never be what silently happens.
        { method: 'DELETE', path: keyPath(project, key), searchParams: { jwkDeleteAction } },
        keyScope('delete', project, key),
      ),
    // A JWK list cut short would hide JWKs a delete with jwkDeleteAction=DELETE removes for good.
    listJwks: (project) => completeList(project, { method: 'GET', path: jwksPath(project) }, 'JWKs', normalizeJwk),
    exportKeyFile,
    close: () => {
      stopping.abort();
      http.close();
    },
  };
}

/** `(k) has no material for environment (E)! …`, `(k) carries no environment material to export!`: nothing to export, not a failure. */
function saysNoMaterial(error: AppError): boolean {
  const text = error.http?.description;
  // As a 400, or as the 200 FAILURE envelope the OpenAPI file also documents.
  return (
    (error.code === 'bad_request' || error.code === 'server_error') &&
    text !== undefined &&
    /has no material for environment|carries no environment material/i.test(text)
  );
}

/** Both environments paths answered "no such endpoint": the URL is wrong, or this is no Manager of a known generation. */
function noEnvironmentsPath(current: AppError, older: AppError, context: CallContext): AppError {
  const paths = [current, older].map((error) => `${error.http?.method ?? 'GET'} ${error.http?.path ?? '?'}`).join(' nor ');
  return new AppError({
    code: 'endpoint_not_found',
    fault: 'user',
    message: `Could not ${context.action}: the Manager at ${context.baseUrl} has neither ${paths} (the current and the older environments paths); the URL may be wrong.`,
    hint: older.hint,
    http: older.http,
    cause: current,
  });
}

/** Export Key File is in the reference since 2026-08; a Manager without it cannot compare material. */
function cannotExport(context: CallContext, cause: AppError): AppError {
  return new AppError({
    code: 'endpoint_not_found',
    fault: 'user',
    message: `Could not ${context.action}: the Manager at ${context.baseUrl} has no Export Key File endpoint (GET ${context.path} answered 404), so this Manager cannot export key material.`,
    hint: 'Comparing live material needs a Manager whose API has Export Key File (the reference since 2026-08); plan without --compare-material (or compareMaterial) against this one.',
    http: cause.http,
  });
}

function keyNotFound(project: string, key: string, baseUrl: string, path: string): AppError {
  return new AppError({
    code: 'not_found',
    fault: 'manager',
    message: `Could not read key ${quote(key)} of project ${quote(project)}: the Manager at ${baseUrl} returned no such key.`,
    hint: 'Someone may have changed the project since the plan was made; run plan again.',
    http: { method: 'GET', path, missing: { kind: 'key', name: key } },
  });
}

function incompleteList(project: string, what: 'keys' | 'JWKs', returned: number, total: number, baseUrl: string): AppError {
  const risk = what === 'keys' ? 'planning on part of the keys could delete the rest' : 'the JWKs a delete removes would be under-reported';
  return new AppError({
    code: 'incomplete_list',
    fault: 'manager',
    message: `The Manager at ${baseUrl} returned ${returned} of the ${total} ${what} of project ${quote(project)} (resultCount ${total}); ${risk}, so nothing was planned or changed.`,
    hint: `This Manager pages or truncates ${what === 'keys' ? 'key' : 'JWK'} lists, which its API reference does not document; report it with the output of --debug.`,
  });
}

function duplicateName(project: string, what: 'keys' | 'JWKs', name: string, baseUrl: string): AppError {
  const kind = what === 'keys' ? 'key' : 'JWK';
  return new AppError({
    code: 'bad_reply',
    fault: 'manager',
    message: `The Manager at ${baseUrl} listed ${kind} ${quote(name)} of project ${quote(project)} twice; nothing was planned or changed.`,
    hint: `${kind} names are unique in a project; check the project in the Manager and report the reply (run with --debug).`,
  });
}
