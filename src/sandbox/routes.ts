import type { ApiHandler } from './api-context.js';
import { exportKeyFile } from './export-handlers.js';
import { createJwk, deleteJwk, getJwk, listJwks } from './jwk-handlers.js';
import { createKey, deleteKey, getKey, listKeys } from './key-handlers.js';
import { updateKey } from './key-update.js';
import { listEnvironments, listEnvironmentsOfProject, listProjects } from './project-handlers.js';
import type { SandboxApi } from './public-types.js';
import { issueToken } from './token-endpoint.js';

/** One `/apiops` route. Pattern segments starting with `:` capture a decoded path segment. */
export interface Route {
  readonly method: string;
  readonly pattern: readonly string[];
  readonly handler: ApiHandler;
  /** False only for the token endpoint, which is how a token is obtained. */
  readonly authenticated: boolean;
  /** Changes state: eligible for the commit-then-fail fault. */
  readonly mutation: boolean;
  /** The generations that have the route; elsewhere it is an unknown path (404). */
  readonly apis: readonly SandboxApi[];
  /**
   * Whether the path ends with a slash. The contract's paths do, but for the token endpoint
   * and the older environments path; a Spring Manager matches them exactly, so the other
   * form is an unknown path, and a client that drops or adds the slash fails here as there.
   */
  readonly trailingSlash: boolean;
}

const EVERY_API: readonly SandboxApi[] = ['current', '2026-01', 'legacy'];

function route(
  method: string,
  path: string,
  handler: ApiHandler,
  flags: { authenticated?: boolean; apis?: readonly SandboxApi[]; trailingSlash?: boolean } = {},
): Route {
  return {
    method,
    pattern: path.split('/'),
    handler,
    authenticated: flags.authenticated ?? true,
    mutation: method !== 'GET' && (flags.authenticated ?? true),
    apis: flags.apis ?? EVERY_API,
    trailingSlash: flags.trailingSlash ?? true,
  };
}

/** Every API route, relative to `/apiops`. */
export const ROUTES: readonly Route[] = [
  route('POST', 'auth/token', issueToken, { authenticated: false, trailingSlash: false }),
  route('GET', 'projects', listProjects),
  // The environments moved under the project in the current generation; the old path is gone there.
  route('GET', 'environments/:project', listEnvironments, { apis: ['2026-01', 'legacy'], trailingSlash: false }),
  route('GET', 'projects/:project/environments', listEnvironmentsOfProject, { apis: ['current'] }),
  route('GET', 'projects/:project/keys', listKeys),
  route('POST', 'projects/:project/keys', createKey),
  route('GET', 'projects/:project/keys/:key', getKey),
  route('PUT', 'projects/:project/keys/:key', updateKey),
  route('DELETE', 'projects/:project/keys/:key', deleteKey),
  // Export Key File appeared in the reference in 2026-08; older Managers answer an unknown path.
  route('GET', 'projects/:project/keys/:key/export-file', exportKeyFile, { apis: ['current'] }),
  route('GET', 'projects/:project/jwks', listJwks),
  route('POST', 'projects/:project/jwks', createJwk),
  route('GET', 'projects/:project/jwks/:jwk', getJwk),
  route('DELETE', 'projects/:project/jwks/:jwk', deleteJwk),
];

/** The matching route of the generation and its parameters, or undefined (answered 404). */
export function matchRoute(
  api: SandboxApi,
  method: string,
  segments: readonly string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.pattern.length !== segments.length || !candidate.apis.includes(api)) continue;
    const params: Record<string, string> = {};
    const matches = candidate.pattern.every((part, index) => {
      const segment = segments[index] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (matches) return { route: candidate, params };
  }
  return undefined;
}
