import { createHash } from 'node:crypto';
import type { JwkRecord, ProjectRecord } from './state.js';

/** A JWK list entry: never any material. */
export function renderJwkSummary(project: ProjectRecord, jwk: JwkRecord): Record<string, unknown> {
  return {
    name: jwk.name,
    description: jwk.description,
    projectId: project.id,
    sourceType: jwk.sourceType,
    sourceId: jwk.sourceId,
    sourceUrl: jwk.sourceUrl,
    type: jwk.type,
    kid: jwk.kid,
  };
}

/** The single-JWK reply: the summary plus fake public material that changes when re-parsed. */
export function renderJwkDetail(project: ProjectRecord, jwk: JwkRecord): Record<string, unknown> {
  return {
    ...renderJwkSummary(project, jwk),
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
