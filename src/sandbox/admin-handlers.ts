import { AppError } from '../common/app-error.js';
import { mergeFaults } from './faults.js';
import { badRequest, SandboxHttpError } from './http-error.js';
import type { Reply } from './http-io.js';
import type { SandboxApi } from './public-types.js';
import { SANDBOX_APIS } from './public-types.js';
import { jsonReply, parseJsonObject } from './http-io.js';
import type { SandboxRuntime } from './runtime.js';
import { replaceMaterial } from './replace-material.js';
import { takeSnapshot } from './snapshot.js';

/**
 * The unauthenticated `/__sandbox/*` routes for tests and demos driving a sandbox from
 * another process. They are not logged and get no faults or latency, so that inspecting the
 * sandbox never disturbs what is being inspected. Their errors always use the older
 * `{error, error_description}` body: they are the sandbox's own, not Apinizer's.
 */
export function handleAdminRequest(runtime: SandboxRuntime, method: string, segments: readonly string[], body: Buffer): Reply {
  const route = `${method} ${segments.join('/')}`;
  switch (route) {
    case 'GET requests':
      return jsonReply(
        200,
        runtime.log.map((entry) => ({ ...entry, query: { ...entry.query } })),
      );
    case 'DELETE requests':
      runtime.log = [];
      return { status: 204 };
    case 'GET faults':
      return jsonReply(200, runtime.faults);
    case 'PUT faults':
      try {
        runtime.faults = mergeFaults(runtime.faults, parseJsonObject(body));
      } catch (error) {
        if (error instanceof AppError) throw badRequest(error.message);
        throw error;
      }
      return jsonReply(200, runtime.faults);
    case 'PUT api': {
      const api = parseJsonObject(body)['api'];
      if (!SANDBOX_APIS.includes(api as SandboxApi))
        throw badRequest(`api must be one of ${SANDBOX_APIS.map((name) => `"${name}"`).join(', ')}.`);
      runtime.api = api as SandboxApi;
      return jsonReply(200, { api });
    }
    case 'PUT material': {
      const { project, key, environment, content } = parseJsonObject(body);
      if (typeof project !== 'string' || typeof key !== 'string' || typeof environment !== 'string')
        throw badRequest('project, key and environment must be strings.');
      if (content !== null && typeof content !== 'string') throw badRequest('content must be base64 text, or null for no material.');
      try {
        replaceMaterial(runtime.state, project, key, environment, content);
      } catch (error) {
        if (error instanceof AppError) throw badRequest(error.message);
        throw error;
      }
      return { status: 204 };
    }
    case 'GET state':
      return jsonReply(200, takeSnapshot(runtime.state, runtime.faults, runtime.api));
    default:
      throw new SandboxHttpError(404, 'not_found', `No sandbox admin endpoint ${method} /__sandbox/${segments.join('/')}.`);
  }
}
