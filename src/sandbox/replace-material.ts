import { AppError } from '../common/app-error.js';
import { isCanonicalBase64 } from './base64.js';
import type { SandboxState } from './state.js';

/**
 * Replaces a key's material in one environment "by hand", as someone in the Manager UI
 * would, without the API and without touching anything else: how tests make material drift.
 * `content` is the base64 of the new key file; null leaves the environment deployed with no
 * material at all (Export Key File then says it has none).
 * @throws AppError `invalid_document` naming what does not exist or is not base64.
 */
export function replaceMaterial(state: SandboxState, project: string, key: string, environment: string, content: string | null): void {
  const record = state.projects.get(project)?.keys.get(key);
  const entry = record?.environments.find((candidate) => candidate.environmentName === environment);
  if (!entry)
    throw invalid(`no key ${JSON.stringify(key)} in environment ${JSON.stringify(environment)} of project ${JSON.stringify(project)}`);
  if (content !== null && !isCanonicalBase64(content)) throw invalid('content must be canonical, padded base64, or null for no material');
  entry.content = content ?? '';
}

function invalid(text: string): AppError {
  return new AppError({ code: 'invalid_document', fault: 'user', message: `Cannot replace material: ${text}.` });
}
