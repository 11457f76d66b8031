import { isCanonicalBase64 } from './base64.js';
import { isRecord } from '../common/json.js';
import { validationFailed } from './http-error.js';
import { checkCurrentKeyType, resolveAlgorithm } from './key-rules.js';
import type { SandboxApi } from './public-types.js';
import type { KeyEnvironmentRecord, ProjectRecord } from './state.js';

/** A checked whole-key body. `name` is undefined when an update body leaves it out. */
export interface KeyBody {
  readonly name: string | undefined;
  readonly description: string;
  readonly keyType: string;
  /** Only the current generation stores one (SECRET_KEY); the older ones ignore the field. */
  readonly algorithm: string | null;
  readonly environments: KeyEnvironmentRecord[];
}

/**
 * Checks a whole-key body against the project: every create, and the full-replacement PUT of
 * the older generations. `nameRequired` is false for updates, where a body without a name
 * keeps the key's name.
 * @throws 400 `validation_failed` naming the first problem.
 */
export function parseKeyBody(body: Record<string, unknown>, project: ProjectRecord, api: SandboxApi, nameRequired: boolean): KeyBody {
  const name = body['name'];
  if (name !== undefined || nameRequired) checkName(name);
  const description = body['description'] ?? '';
  if (typeof description !== 'string') throw validationFailed('Key description must be a string.');
  const keyType = body['keyType'];
  if (typeof keyType !== 'string' || keyType.trim() === '') throw validationFailed('keyType is required and must be a non-empty string.');
  if (api === 'current') checkCurrentKeyType(keyType);
  const algorithm = api === 'current' ? resolveAlgorithm(keyType, body['algorithm']) : null;
  const list = body['cryptoKeyInfoEnvironmentList'];
  if (!Array.isArray(list)) throw validationFailed('cryptoKeyInfoEnvironmentList is required and must be a list.');
  const environments = parseEnvironmentList(list, project, api, keyType);
  return { name: typeof name === 'string' ? name : undefined, description, keyType, algorithm, environments };
}

/** @throws 400 unless `name` is a non-empty string. */
export function checkName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '') throw validationFailed('Key name is required and must be a non-empty string.');
}

/**
 * Checks a `cryptoKeyInfoEnvironmentList`: environments of the project, each once, with base64
 * content. The current generation also takes raw PEM for private and public keys, as its
 * reference says, and stores it base64-encoded like the rest.
 */
export function parseEnvironmentList(
  list: readonly unknown[],
  project: ProjectRecord,
  api: SandboxApi,
  keyType: string,
): KeyEnvironmentRecord[] {
  const acceptsPem = api === 'current' && (keyType === 'PRIVATE_KEY' || keyType === 'PUBLIC_KEY');
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const environment = parseEnvironmentEntry(entry, index, project, acceptsPem);
    if (seen.has(environment.environmentName)) {
      throw validationFailed(`Environment (name: ${environment.environmentName}) is listed more than once.`);
    }
    seen.add(environment.environmentName);
    return environment;
  });
}

function parseEnvironmentEntry(entry: unknown, index: number, project: ProjectRecord, acceptsPem: boolean): KeyEnvironmentRecord {
  if (!isRecord(entry)) throw validationFailed(`cryptoKeyInfoEnvironmentList[${index}] must be an object.`);
  const environmentName = entry['environmentName'];
  if (typeof environmentName !== 'string' || environmentName === '') {
    throw validationFailed(`cryptoKeyInfoEnvironmentList[${index}].environmentName is required.`);
  }
  if (!project.environments.some((environment) => environment.name === environmentName)) {
    throw validationFailed(`Environment (name: ${environmentName}) is not found in project (${project.name})!`);
  }
  // Older clients send the material as privateKey/publicKey; accept it where content is absent.
  const sent = entry['content'] ?? entry['privateKey'] ?? entry['publicKey'];
  const content =
    acceptsPem && typeof sent === 'string' && sent.startsWith('-----BEGIN ') ? Buffer.from(sent, 'utf8').toString('base64') : sent;
  if (typeof content !== 'string' || !isCanonicalBase64(content)) {
    throw validationFailed(`Content for environment (${environmentName}) must be non-empty, padded base64.`);
  }
  const alias = entry['alias'] ?? null;
  if (alias !== null && typeof alias !== 'string') {
    throw validationFailed(`Alias for environment (${environmentName}) must be a string.`);
  }
  return { environmentName, content, alias };
}
