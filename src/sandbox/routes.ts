import type { ApiHandler } from './api-context.js';
import { createJwk, deleteJwk, getJwk, listJwks } from './jwk-handlers.js';
import { createKey, deleteKey, getKey, listKeys, updateKey } from './key-handlers.js';
import { listEnvironments, listProjects } from './project-handlers.js';
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
}

function route(method: string, path: string, handler: ApiHandler, flags: { authenticated?: boolean } = {}): Route {
  return {
    method,
    pattern: path.split('/'),
    handler,
    authenticated: flags.authenticated ?? true,
    mutation: method !== 'GET' && (flags.authenticated ?? true),
  };
}

/** Every API route, relative to `/apiops`. */
export const ROUTES: readonly Route[] = [
  route('POST', 'auth/token', issueToken, { authenticated: false }),
  route('GET', 'projects', listProjects),
  route('GET', 'environments/:project', listEnvironments),
  route('GET', 'projects/:project/keys', listKeys),
  route('POST', 'projects/:project/keys', createKey),
  route('GET', 'projects/:project/keys/:key', getKey),
  route('PUT', 'projects/:project/keys/:key', updateKey),
  route('DELETE', 'projects/:project/keys/:key', deleteKey),
  route('GET', 'projects/:project/jwks', listJwks),
  route('POST', 'projects/:project/jwks', createJwk),
  route('GET', 'projects/:project/jwks/:jwk', getJwk),
  route('DELETE', 'projects/:project/jwks/:jwk', deleteJwk),
];

/** The matching route and its parameters, or undefined (answered 404 `not_found`). */
export function matchRoute(method: string, segments: readonly string[]): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.pattern.length !== segments.length) continue;
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
