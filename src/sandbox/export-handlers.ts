import { zipSync } from 'fflate';
import type { ApiHandler } from './api-context.js';
import { param } from './api-context.js';
import { requirePermissions, requireProject } from './auth.js';
import { badRequest, keyNotFound } from './http-error.js';
import type { Reply } from './http-io.js';
import type { KeyEnvironmentRecord, KeyRecord } from './state.js';

/**
 * `GET /apiops/projects/{project}/keys/{key}/export-file/` (current generation, added to the
 * reference in 2026-08): the raw material, for a token with SECRETS + EXPORT_IMPORT. With
 * `environmentName` one environment's file (`application/x-pem-file`), without it a ZIP
 * (`application/octet-stream`) of one `<key>-<environment>.pem` entry per environment that
 * has material. An environment without material (`content` empty, as the admin route can
 * make it) is a 400 naming the environments that have some, never an empty file.
 */
export const exportKeyFile: ApiHandler = (context, request) => {
  const project = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['EXPORT_IMPORT']);
  const name = param(request, 'key');
  const key = project.keys.get(name);
  if (!key) throw keyNotFound(name);
  const stocked = key.environments.filter((environment) => environment.content !== '');
  const wanted = request.query['environmentName'];
  if (wanted !== undefined) {
    const environment = stocked.find((candidate) => candidate.environmentName === wanted);
    if (!environment) {
      const available = stocked.map((candidate) => candidate.environmentName).join(', ');
      throw badRequest(`(${key.name}) has no material for environment (${wanted})! Available: ${available}`);
    }
    return fileReply(readFileBytes(key, environment), 'application/x-pem-file', entryName(key, environment));
  }
  if (stocked.length === 0) throw badRequest(`(${key.name}) carries no environment material to export!`);
  const entries: Record<string, Uint8Array> = {};
  for (const environment of stocked) entries[entryName(key, environment)] = readFileBytes(key, environment);
  return fileReply(zipSync(entries), 'application/octet-stream', `${sanitize(key.name)}-keys.zip`);
};

/**
 * What the file holds: a private or public key as the PEM the Manager decoded it to; a
 * SECRET_KEY as stored, "as-is (base64)" (the reference's words), so as base64 text.
 */
function readFileBytes(key: KeyRecord, environment: KeyEnvironmentRecord): Uint8Array {
  if (key.keyType === 'SECRET_KEY') return Buffer.from(environment.content, 'utf8');
  return Buffer.from(environment.content, 'base64');
}

/** `<key>-<environment>.pem`: keys supplied as text fall back to `.pem`, as the reference says. */
function entryName(key: KeyRecord, environment: KeyEnvironmentRecord): string {
  return `${sanitize(key.name)}-${sanitize(environment.environmentName)}.pem`;
}

/** A file name keeps no path separators (the reference: names are sanitized). */
function sanitize(name: string): string {
  return name.replace(/[/\\]/g, '_');
}

function fileReply(bytes: Uint8Array, contentType: string, filename: string): Reply {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    status: 200,
    file: { bytes, contentType },
    headers: { 'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}` },
  };
}
