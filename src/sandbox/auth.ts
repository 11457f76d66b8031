import type { IncomingHttpHeaders } from 'node:http';
import { projectNotFound, SandboxHttpError } from './http-error.js';
import type { SeedPermission } from './seed-types.js';
import type { Grants, ProjectRecord, SandboxState } from './state.js';

/**
 * The grants of the request's bearer token.
 * @throws 401 `invalid_token` for a missing or unknown token, `token_expired` for an expired one.
 */
export function authenticate(state: SandboxState, headers: IncomingHttpHeaders): Grants {
  const header = headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new SandboxHttpError(401, 'invalid_token', 'Full authentication is required to access this resource: missing Bearer token.');
  }
  const token = state.tokens.get(match[1]);
  if (!token) throw new SandboxHttpError(401, 'invalid_token', 'Invalid access token.');
  if (token.expired) throw new SandboxHttpError(401, 'token_expired', 'The access token has expired.');
  return token.grants;
}

/** Whether the grants reach the project at all (listed with any permissions, or `*`). */
export function canSeeProject(grants: Grants, project: string): boolean {
  return grants === '*' || grants.has(project);
}

/** The project, if it exists and the token can see it; else the documented 404. */
export function requireProject(state: SandboxState, grants: Grants, name: string): ProjectRecord {
  const project = state.projects.get(name);
  if (!project || !canSeeProject(grants, name)) throw projectNotFound(name);
  return project;
}

/**
 * Checks permissions in order and names the first one missing in a 403. READ is implied by
 * MANAGE, as someone who may change keys may also list them.
 */
export function requirePermissions(grants: Grants, project: string, needed: readonly SeedPermission[]): void {
  if (grants === '*') return;
  const held = grants.get(project) ?? new Set<SeedPermission>();
  for (const permission of needed) {
    const ok = held.has(permission) || (permission === 'READ' && held.has('MANAGE'));
    if (!ok) {
      throw new SandboxHttpError(403, 'forbidden', `User does not have SECRETS + ${permission} permission in project (${project})`);
    }
  }
}
