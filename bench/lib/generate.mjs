// Writes the files the CLI runs on: a sandbox seed (JSON, which is YAML too) and
// desired-state files, one per project in a directory (each file stays far below the
// tool's 5 MiB input limit whatever the sizes).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ENVIRONMENTS, TOKEN, changeOf, hasJwk, jwkName, keyAt, keyName, newKeyName, projectName } from './fixture.mjs';

/** Seed: `projects` × `keys` keys (or none), 2 environments each, a JWK from one key in ten. */
export async function writeSeed(file, { projects, keys }) {
  const seed = { projects: [], tokens: [{ token: TOKEN, projects: '*' }] };
  for (let p = 0; p < projects; p += 1) {
    const name = projectName(p);
    const list = Array.from({ length: keys }, (_, k) => keyAt(p, k));
    seed.projects.push({
      name,
      environments: ENVIRONMENTS.map((env, i) => ({ name: env, id: `env-${name}-${i}`, type: i === 0 ? 'PRODUCTION' : 'TEST' })),
      keys: list.map((key) => ({
        name: key.name,
        keyType: key.type,
        description: key.description,
        environments: key.environments.map((env) => ({ name: env.name, content: env.base64, ...(env.alias ? { alias: env.alias } : {}) })),
      })),
      jwks: list
        .map((_, k) => k)
        .filter(hasJwk)
        .map((k) => ({ name: jwkName(k), sourceType: 'PRIVATE_KEY', sourceKey: keyName(k) })),
    });
  }
  await writeFile(file, JSON.stringify(seed));
  return file;
}

/**
 * Desired state in `dir`, one file per project. `mode`:
 * - `same`: exactly the seed (nothing to change);
 * - `changed`: the 10% mix of {@link changeOf};
 * - `absent`: every key listed with `state: absent` (deletes without tripping the prune guards);
 * - `present`: every key, for creates against a seed without keys;
 * - `spread`: exactly the seed, except the keys `isDeleted(k)` picks, listed `state: absent`
 *   (deletes spread over every project while the other keys stay in the file).
 */
export async function writeDesired(dir, { projects, keys, mode, isDeleted = () => false }) {
  await mkdir(dir, { recursive: true });
  for (let p = 0; p < projects; p += 1) {
    const lines = ['version: 1', 'projects:', `  ${projectName(p)}:`, '    keys:'];
    for (let k = 0; k < keys; k += 1) {
      const key = keyAt(p, k);
      const change = mode === 'changed' ? changeOf(k) : 'none';
      if (mode === 'absent' || (mode === 'spread' && isDeleted(k))) {
        lines.push(`      ${key.name}: { state: absent }`);
        continue;
      }
      if (change === 'delete') continue;
      if (change === 'update') key.description += ' (changed)';
      lines.push(...keyLines(key));
      if (change === 'create') lines.push(...keyLines({ ...keyAt(p, k), name: newKeyName(k) }));
    }
    await writeFile(join(dir, `${projectName(p)}.yaml`), `${lines.join('\n')}\n`);
  }
  return dir;
}

function keyLines(key) {
  const lines = [`      ${key.name}:`, `        type: ${key.type}`];
  if (key.algorithm) lines.push(`        algorithm: ${key.algorithm}`);
  lines.push(`        description: ${JSON.stringify(key.description)}`, '        environments:');
  for (const env of key.environments) {
    const alias = env.alias ? `alias: ${JSON.stringify(env.alias)}, ` : '';
    lines.push(`          ${env.name}: { ${alias}content: { base64: "${env.base64}" } }`);
  }
  return lines;
}

/** What the `changed` mix of {@link writeDesired} plans, for checking the CLI's summary. */
export function expectedChanges(projects, keys) {
  const counts = { create: 0, update: 0, delete: 0 };
  for (let k = 0; k < keys; k += 1) {
    const change = changeOf(k);
    if (change !== 'none') counts[change] += projects;
  }
  return counts;
}
