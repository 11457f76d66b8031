import { createHash } from 'node:crypto';
import type { SandboxApi } from './public-types.js';
import type { JwkRecord, ProjectRecord } from './state.js';
import { findKeyNameById } from './state.js';

/**
 * A JWK list entry: never any material. `sourceId` is the source key's id in the current
 * generation (which also shows the JWK's own `id`), its name in the older ones.
 */
export function renderJwkSummary(project: ProjectRecord, jwk: JwkRecord, api: SandboxApi): Record<string, unknown> {
  const current = api === 'current';
  return {
    ...(current ? { id: jwk.id } : {}),
    name: jwk.name,
    description: jwk.description,
    projectId: project.id,
    sourceType: jwk.sourceType,
    sourceId: current ? jwk.sourceKeyId : findKeyNameById(project, jwk.sourceKeyId),
    sourceUrl: jwk.sourceUrl,
    type: jwk.type,
    kid: jwk.kid,
  };
}

/** The single-JWK reply: the summary plus fake public material that changes when re-parsed. */
export function renderJwkDetail(project: ProjectRecord, jwk: JwkRecord, api: SandboxApi): Record<string, unknown> {
  return {
    ...renderJwkSummary(project, jwk, api),
    useType: jwk.useType,
    algorithm: jwk.algorithm,
    jwk: fakeMaterial(jwk),
  };
}

function fakeMaterial(jwk: JwkRecord): Record<string, unknown> {
  const common = { kty: jwk.type, kid: jwk.kid, use: jwk.useType === 'ENCRYPTION' ? 'enc' : 'sig', alg: jwk.algorithm };
  if (jwk.type === 'EC') return { ...common, crv: 'P-256', x: stretch(jwk.materialSeed, 'x', 32), y: stretch(jwk.materialSeed, 'y', 32) };
  // A symmetric JWK's material is the secret itself, so none is shown.
  if (jwk.type === 'oct') return common;
  return { ...common, n: stretch(jwk.materialSeed, 'n', 256), e: 'AQAB' };
}

/** `length` deterministic pseudo-random bytes, base64url. */
function stretch(seed: string, label: string, length: number): string {
  const parts: Buffer[] = [];
  for (let index = 0, total = 0; total < length; index += 1) {
    const bytes = createHash('sha256').update(`${label}\u0000${index}\u0000${seed}`).digest();
    parts.push(bytes);
    total += bytes.length;
  }
  return Buffer.concat(parts).subarray(0, length).toString('base64url');
}
