// In-memory planner input for `keys` keys (projects of `perProject` keys), built like the
// loader and the live-state reader would build it: the 10% change mix of the fixture,
// JWK lists read for every project (as a plan with deletes and updates has them).
import { createHash } from 'node:crypto';
import { Secret } from '../../dist/common/secret.js';
import { Material, materialKey } from '../../dist/core/model/material.js';
import { changeOf, hasJwk, jwkName, keyAt, keyName, newKeyName, projectName } from './fixture.mjs';

const LOCATION = { file: 'bench.yaml', line: 1, column: 1 };

export function buildPlannerInput(keys, perProject) {
  const projects = Math.ceil(keys / perProject);
  const desiredProjects = [];
  const live = new Map();
  const materials = new Map();
  for (let p = 0; p < projects; p += 1) {
    const name = projectName(p);
    const count = Math.min(perProject, keys - p * perProject);
    const desiredKeys = [];
    const liveKeys = [];
    const jwks = [];
    for (let k = 0; k < count; k += 1) {
      const key = keyAt(p, k);
      liveKeys.push({
        id: `id-${p}-${k}`,
        name: key.name,
        description: key.description,
        keyType: key.type,
        ...(key.algorithm ? { algorithm: key.algorithm } : {}),
        environments: key.environments.map((env) => ({
          environmentName: env.name,
          environmentId: `env-${name}-${env.name}`,
          ...(env.alias ? { alias: env.alias } : {}),
        })),
      });
      if (hasJwk(k)) jwks.push({ name: jwkName(k), sourceType: 'PRIVATE_KEY', sourceId: keyName(k) });
      const change = changeOf(k);
      if (change === 'delete') continue;
      if (change === 'update') key.description += ' (changed)';
      desiredKeys.push(desiredKey(name, key, materials));
      if (change === 'create') desiredKeys.push(desiredKey(name, { ...key, name: newKeyName(k) }, materials));
    }
    desiredProjects.push({ name, settings: {}, keys: desiredKeys, location: LOCATION });
    live.set(name, {
      name,
      keys: liveKeys,
      environments: [
        { id: `env-${name}-production`, name: 'production' },
        { id: `env-${name}-staging`, name: 'staging' },
      ],
      jwks,
    });
  }
  const desired = { defaults: {}, projects: desiredProjects, documents: [{ file: 'bench.yaml', sha256: '0'.repeat(64) }] };
  return { desired, live, materials };
}

function desiredKey(project, key, materials) {
  const environments = key.environments.map((env) => {
    const secret = new Secret(env.base64);
    const sha = createHash('sha256').update(Buffer.from(env.base64, 'base64')).digest('hex');
    materials.set(materialKey(project, key.name, env.name), new Material(secret, sha));
    return { name: env.name, ...(env.alias ? { alias: env.alias } : {}), content: { kind: 'base64', value: secret }, location: LOCATION };
  });
  return {
    project,
    name: key.name,
    state: 'present',
    type: key.type,
    ...(key.algorithm ? { algorithm: key.algorithm } : {}),
    description: key.description,
    environments,
    location: LOCATION,
  };
}
