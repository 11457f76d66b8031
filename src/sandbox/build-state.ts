import { createHash, randomBytes } from 'node:crypto';
import type { Grants, JwkRecord, KeyRecord, ProjectRecord, SandboxState, TokenRecord, UserRecord } from './state.js';
import { allocateJwkId, allocateKeyId } from './state.js';
import type { SandboxSeed, SeedGrants, SeedJwk, SeedPermission, SeedProject } from './seed-types.js';

/** Builds fresh state from a checked seed, plus a full-access token for the handle. */
export function buildState(seed: SandboxSeed, handleToken: string): SandboxState {
  const state: SandboxState = {
    projects: new Map(),
    tokens: new Map(),
    users: new Map(),
    keyIds: new Set(),
    nextKeyNumber: 1,
    nextJwkNumber: 1,
    cipherSecret: randomBytes(32),
  };
  // Seeded ids are reserved first so generated ones never take them.
  for (const project of seed.projects ?? []) {
    for (const key of project.keys ?? []) if (key.id !== undefined) state.keyIds.add(key.id);
  }
  let environmentNumber = 0;
  (seed.projects ?? []).forEach((project, index) => {
    const environments = (project.environments ?? []).map((environment) => {
      environmentNumber += 1;
      return {
        id: environment.id ?? `env-${slugify(environment.name, 'environment')}-${environmentNumber}`,
        name: environment.name,
        type: environment.type ?? 'TEST',
        description: environment.description ?? '',
        accessUrl: environment.accessUrl ?? `https://${slugify(environment.name, 'environment')}.gateway.example.com`,
      };
    });
    const record: ProjectRecord = {
      id: `prj-${slugify(project.name, 'project')}-${index + 1}`,
      name: project.name,
      description: project.description ?? '',
      environments,
      keys: new Map(),
      jwks: new Map(),
    };
    addSeedKeys(state, record, project);
    for (const jwk of project.jwks ?? []) record.jwks.set(jwk.name, makeSeedJwk(state, record, jwk));
    state.projects.set(record.name, record);
  });
  for (const token of seed.tokens ?? []) {
    const record: TokenRecord = { grants: toGrants(token.projects), expired: token.expired ?? false };
    state.tokens.set(token.token, record);
  }
  for (const user of seed.users ?? []) {
    const record: UserRecord = { password: user.password, grants: toGrants(user.projects) };
    state.users.set(user.username, record);
  }
  state.tokens.set(handleToken, { grants: '*', expired: false });
  return state;
}

/** Seed grants as lookup structures. */
export function toGrants(grants: SeedGrants): Grants {
  if (grants === '*') return '*';
  return new Map(Object.entries(grants).map(([project, permissions]) => [project, new Set<SeedPermission>(permissions)]));
}

/** Lower-case ASCII slug; `fallback` when nothing of the name survives (e.g. non-Latin names). */
export function slugify(name: string, fallback: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? fallback : slug;
}

/** A stable `kid` for a JWK that was not given one. */
export function deriveKid(projectName: string, jwkName: string): string {
  return `kid-${digest(`${projectName}\u0000${jwkName}`).slice(0, 12)}`;
}

/** The JWK `kty` an algorithm implies. */
export function jwkTypeFor(algorithm: string): string {
  if (algorithm.startsWith('ES')) return 'EC';
  if (algorithm.startsWith('HS')) return 'oct';
  return 'RSA';
}

/** Hex SHA-256. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a JWK made from `key` is parsed from: the material of one environment (or the first). */
export function materialSeedOf(key: KeyRecord, environmentName: string | null): string {
  const environment = key.environments.find((entry) => entry.environmentName === environmentName) ?? key.environments[0];
  return digest(`${key.name}\u0000${environment?.content ?? ''}`);
}

function addSeedKeys(state: SandboxState, project: ProjectRecord, seed: SeedProject): void {
  for (const key of seed.keys ?? []) {
    project.keys.set(key.name, {
      id: key.id ?? allocateKeyId(state),
      name: key.name,
      description: key.description ?? '',
      keyType: key.keyType,
      algorithm: key.algorithm === undefined ? (key.keyType === 'SECRET_KEY' ? 'AES' : null) : key.algorithm,
      environments: (key.environments ?? []).map((environment) => ({
        environmentName: environment.name,
        content: environment.content,
        alias: environment.alias ?? null,
      })),
    });
  }
}

function makeSeedJwk(state: SandboxState, project: ProjectRecord, jwk: SeedJwk): JwkRecord {
  const algorithm = jwk.algorithm ?? 'RS256';
  const key = typeof jwk.sourceKey === 'string' ? project.keys.get(jwk.sourceKey) : undefined;
  return {
    id: allocateJwkId(state),
    name: jwk.name,
    description: jwk.description ?? '',
    sourceType: jwk.sourceType,
    sourceKeyId: key?.id ?? null,
    sourceUrl: jwk.sourceUrl ?? null,
    type: jwk.type ?? jwkTypeFor(algorithm),
    kid: jwk.kid ?? deriveKid(project.name, jwk.name),
    useType: jwk.useType ?? 'SIGNATURE',
    algorithm,
    environmentName: null,
    revision: 0,
    materialSeed: key ? materialSeedOf(key, null) : digest(`${jwk.sourceUrl ?? ''}\u0000${jwk.name}`),
  };
}
