import { AppError } from '../common/app-error.js';

/**
 * Request paths, relative to the `/apiops/` prefix. Every segment is encoded on its own,
 * so names with spaces, `/`, `#`, `?`, `%` or non-ASCII letters address exactly one resource.
 */

/** `auth/token`: documented without a trailing slash. */
export const TOKEN_PATH = 'auth/token';

/** `projects/`. */
export function projectsPath(): string {
  return joinPath(['projects'], true);
}

/** `projects/{project}/environments/`: the current reference's environments of a project. */
export function environmentsPath(project: string): string {
  return joinPath(['projects', segment(project, 'project'), 'environments'], true);
}

/** `environments/{project}`: the 2026-01 and legacy path, documented without a trailing slash. */
export function olderEnvironmentsPath(project: string): string {
  return joinPath(['environments', segment(project, 'project')], false);
}

/** `projects/{project}/keys/`. */
export function keysPath(project: string): string {
  return joinPath(['projects', segment(project, 'project'), 'keys'], true);
}

/** `projects/{project}/keys/{key}/`. */
export function keyPath(project: string, key: string): string {
  return joinPath(['projects', segment(project, 'project'), 'keys', segment(key, 'key')], true);
}

/** `projects/{project}/keys/{key}/export-file/`: Export Key File, the raw material. */
export function exportFilePath(project: string, key: string): string {
  return joinPath(['projects', segment(project, 'project'), 'keys', segment(key, 'key'), 'export-file'], true);
}

/** `projects/{project}/jwks/`. */
export function jwksPath(project: string): string {
  return joinPath(['projects', segment(project, 'project'), 'jwks'], true);
}

/** Encodes one name as a path segment. */
export function segment(name: string, what: string): string {
  // `.` and `..` (even as %2E) are dot segments to every URL parser: the request would
  // silently address the parent resource, e.g. DELETE of the key list instead of one key.
  if (name === '' || name === '.' || name === '..') {
    throw new AppError({
      code: 'usage',
      fault: 'user',
      message: `The ${what} name '${name}' can not be addressed in the Manager's API.`,
      hint: `Use a ${what} name that is not empty, '.' or '..'.`,
    });
  }
  return encodeURIComponent(name);
}

function joinPath(segments: readonly string[], trailingSlash: boolean): string {
  return segments.join('/') + (trailingSlash ? '/' : '');
}
