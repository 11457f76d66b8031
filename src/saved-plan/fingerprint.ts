import { createHash, createHmac } from 'node:crypto';
import type { DeletionSettings, DesiredProject } from '../core/model/desired-state.js';
import type { LiveKey, LiveProject } from '../core/model/live-state.js';
import type { Material } from '../core/model/material.js';
import { compareText } from '../common/compare-text.js';

/**
 * Fingerprints that tie a saved plan to what it was made from. They are computed over
 * normalized data (sorted, only the fields the planner reads), so a Manager that lists
 * keys in another order is not "changed".
 */

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of one live project: keys, environments, and the JWK list when it was read. */
export function fingerprintLiveProject(project: LiveProject): string {
  const keys = [...project.keys].sort((a, b) => compareText(a.name, b.name)).map(normalizeKey);
  const environments = project.environments
    .map((env) => [env.name, env.id ?? null])
    .sort((a, b) => compareText(String(a[0]), String(b[0])));
  const jwks = project.jwks
    ? [...project.jwks].sort((a, b) => compareText(a.name, b.name)).map((jwk) => [jwk.name, jwk.sourceType ?? null, jwk.sourceId ?? null])
    : null;
  return sha256(JSON.stringify({ keys, environments, jwks, partialUpdates: project.partialUpdates ?? false }));
}

function normalizeKey(key: LiveKey): unknown {
  const environments = key.environments
    .map((env) => [env.environmentName ?? null, env.environmentId ?? null, env.alias ?? '', env.materialSha256 ?? null])
    .sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b)));
  return [key.name, key.id ?? null, key.description, key.keyType, key.algorithm ?? null, environments];
}

/**
 * Hash of one project's desired state and the file's defaults, which apply to it. Source
 * positions are left out, so editing another project in the same file does not change it;
 * inline material serializes as `(sensitive)` and is covered by the material fingerprints.
 */
export function fingerprintDesiredProject(project: DesiredProject, defaults: DeletionSettings): string {
  return sha256(JSON.stringify({ defaults, project }, (name, value: unknown) => (IGNORED_FIELDS.has(name) ? undefined : value)));
}

const IGNORED_FIELDS = new Set(['location', 'resolvedPath']);

/**
 * Keyed fingerprint of material. The plan file holds no material; this lets `apply`
 * check that the material it resolves now is what was planned. Keyed with the plan's
 * random salt, so the same key never has the same fingerprint in two plan files.
 */
export function fingerprintMaterial(salt: string, material: Material): string {
  return createHmac('sha256', salt).update(material.sha256).digest('hex');
}
