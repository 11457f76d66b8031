import type { IncomingHttpHeaders } from 'node:http';
import { expiredToken, invalidToken, missingToken, permissionDenied, projectNotFound } from './http-error.js';
import type { FaultSettings } from './public-types.js';
import type { SeedPermission } from './seed-types.js';
import type { Grants, ProjectRecord, SandboxState, TokenRecord } from './state.js';

/**
 * The grants of the request's bearer token. A token issued from credentials expires after
 * its lifetime, or after `tokenLifetimeRequests` accepted requests when that fault is set;
 * each accepted request counts as one use.
 * @throws 401 for a missing, unknown or expired token (worded per generation by the renderer).
 */
export function authenticate(state: SandboxState, faults: FaultSettings, headers: IncomingHttpHeaders): Grants {
  const header = headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw missingToken();
  const token = state.tokens.get(match[1]);
  if (!token) throw invalidToken();
  if (hasExpired(token, faults)) throw expiredToken();
  if (token.issued) token.issued.uses += 1;
  return token.grants;
}

function hasExpired(token: TokenRecord, faults: FaultSettings): boolean {
  if (token.expired) return true;
  const issued = token.issued;
  if (!issued) return false;
  if (Date.now() >= issued.expiresAt) return true;
  return faults.tokenLifetimeRequests !== null && issued.uses >= faults.tokenLifetimeRequests;
}

/** Whether the grants reach the project at all (listed with any permissions, or `*`). */
export function canSeeProject(grants: Grants, project: string): boolean {
  return grants === '*' || grants.has(project);
}

/** The project, if it exists and the token can see it; else the documented not-found. */
export function requireProject(state: SandboxState, grants: Grants, name: string): ProjectRecord {
  const project = state.projects.get(name);
  if (!project || !canSeeProject(grants, name)) throw projectNotFound(name);
  return project;
}

/**
 * Checks permissions in order and names the first one missing (older generations; the current
 * one does not name it). READ is implied by MANAGE, as someone who may change keys may also
 * list them.
 */
export function requirePermissions(grants: Grants, project: string, needed: readonly SeedPermission[]): void {
  if (grants === '*') return;
  const held = grants.get(project) ?? new Set<SeedPermission>();
  for (const permission of needed) {
    const ok = held.has(permission) || (permission === 'READ' && held.has('MANAGE'));
    if (!ok) throw permissionDenied(project, permission);
  }
}
