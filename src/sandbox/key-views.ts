import { createHmac } from 'node:crypto';
import type { SandboxApi } from './public-types.js';
import type { KeyRecord, ProjectRecord } from './state.js';

/**
 * Stand-in for the Manager's encrypted content: as long as a ciphertext would be, different
 * per environment and per sandbox, and not reversible, so a client can not mistake it for
 * (or compare it with) the plaintext it sent.
 */
export function opaqueContent(secret: Buffer, environmentId: string, content: string): string {
  const plainLength = Buffer.from(content, 'base64').length;
  const length = 16 + (Math.floor(plainLength / 16) + 1) * 16;
  const blocks: Buffer[] = [];
  for (let block = 0, total = 0; total < length; block += 1) {
    const bytes = createHmac('sha256', secret).update(`${block}\u0000${environmentId}\u0000${content}`).digest();
    blocks.push(bytes);
    total += bytes.length;
  }
  return Buffer.concat(blocks).subarray(0, length).toString('base64');
}

/**
 * A key as the API returns it. Current: entries by environment name with no material at all,
 * plus `algorithm`. 2026-01: entries by environment id with opaque "encrypted" content, and
 * `detail` (the single-key GET) adds `environmentName`. Legacy: entries by name with the plain
 * material.
 */
export function renderKey(
  project: ProjectRecord,
  key: KeyRecord,
  api: SandboxApi,
  secret: Buffer,
  detail: boolean,
): Record<string, unknown> {
  const environmentIds = new Map(project.environments.map((environment) => [environment.name, environment.id]));
  const entries = key.environments.map((environment) => {
    if (api === 'current') return { environmentName: environment.environmentName, alias: environment.alias, source: null };
    if (api === 'legacy') {
      const isPublic = key.keyType === 'PUBLIC_KEY';
      return {
        environmentName: environment.environmentName,
        publicKey: isPublic ? environment.content : null,
        privateKey: isPublic ? null : environment.content,
      };
    }
    const environmentId = environmentIds.get(environment.environmentName) ?? '';
    return {
      environmentId,
      ...(detail ? { environmentName: environment.environmentName } : {}),
      content: opaqueContent(secret, environmentId, environment.content),
      alias: environment.alias,
    };
  });
  return {
    id: key.id,
    name: key.name,
    description: key.description,
    projectId: project.id,
    keyType: key.keyType,
    ...(api === 'current' ? { algorithm: key.algorithm } : {}),
    cryptoKeyInfoEnvironmentList: entries,
  };
}
