import { isCanonicalBase64 } from './base64.js';
import { validationFailed } from './http-error.js';
import { isRecord } from './seed-checker.js';
import type { KeyEnvironmentRecord, ProjectRecord } from './state.js';

/** A checked create or update body. `name` is undefined when an update body leaves it out. */
export interface KeyBody {
  readonly name: string | undefined;
  readonly description: string;
  readonly keyType: string;
  readonly environments: KeyEnvironmentRecord[];
}

/**
 * Checks a key body against the project. `nameRequired` is false for updates, where a body
 * without a name keeps the key's name.
 * @throws 400 `validation_failed` naming the first problem.
 */
export function parseKeyBody(body: Record<string, unknown>, project: ProjectRecord, nameRequired: boolean): KeyBody {
  const name = body['name'];
  if (name !== undefined || nameRequired) {
    if (typeof name !== 'string' || name.trim() === '') throw validationFailed('Key name is required and must be a non-empty string.');
  }
  const description = body['description'] ?? '';
  if (typeof description !== 'string') throw validationFailed('Key description must be a string.');
  const keyType = body['keyType'];
  if (typeof keyType !== 'string' || keyType.trim() === '') throw validationFailed('keyType is required and must be a non-empty string.');
  const list = body['cryptoKeyInfoEnvironmentList'];
  if (!Array.isArray(list)) throw validationFailed('cryptoKeyInfoEnvironmentList is required and must be a list.');
  const seen = new Set<string>();
  const environments = list.map((entry, index) => {
    const environment = parseEnvironmentEntry(entry, index, project);
    if (seen.has(environment.environmentName)) {
      throw validationFailed(`Environment (name: ${environment.environmentName}) is listed more than once.`);
    }
    seen.add(environment.environmentName);
    return environment;
  });
  return { name: typeof name === 'string' ? name : undefined, description, keyType, environments };
}

function parseEnvironmentEntry(entry: unknown, index: number, project: ProjectRecord): KeyEnvironmentRecord {
  if (!isRecord(entry)) throw validationFailed(`cryptoKeyInfoEnvironmentList[${index}] must be an object.`);
  const environmentName = entry['environmentName'];
  if (typeof environmentName !== 'string' || environmentName === '') {
    throw validationFailed(`cryptoKeyInfoEnvironmentList[${index}].environmentName is required.`);
  }
  if (!project.environments.some((environment) => environment.name === environmentName)) {
    throw validationFailed(`Environment (name: ${environmentName}) is not found in project (${project.name})!`);
  }
  // Older clients send the material as privateKey/publicKey; accept it where content is absent.
  const content = entry['content'] ?? entry['privateKey'] ?? entry['publicKey'];
  if (typeof content !== 'string' || !isCanonicalBase64(content)) {
    throw validationFailed(`Content for environment (${environmentName}) must be non-empty, padded base64.`);
  }
  const alias = entry['alias'] ?? null;
  if (alias !== null && typeof alias !== 'string') {
    throw validationFailed(`Alias for environment (${environmentName}) must be a string.`);
  }
  return { environmentName, content, alias };
}
