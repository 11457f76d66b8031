import { isCanonicalBase64 } from './base64.js';
import { checkTokens, checkUsers } from './check-seed-access.js';
import type { SeedPath, SeedProblem } from './seed-checker.js';
import { SeedChecker } from './seed-checker.js';
import type {
  JwkSourceType,
  SandboxSeed,
  SeedEnvironment,
  SeedJwk,
  SeedKey,
  SeedKeyEnvironment,
  SeedProject,
} from './seed-types.js';
import { JWK_SOURCE_TYPES } from './seed-types.js';
import { isSecretKeyAlgorithm, SECRET_KEY_ALGORITHMS } from './key-rules.js';

/** The outcome of checking a seed: the typed seed only when there are no problems. */
export type SeedCheck = { readonly seed: SandboxSeed; readonly problems: readonly [] } | { readonly seed?: undefined; readonly problems: readonly SeedProblem[] };

/** Checks an untyped value (parsed YAML/JSON, or a seed built in code) against the seed format. */
export function checkSeed(value: unknown): SeedCheck {
  const checker = new SeedChecker();
  const raw = checker.record(value, [], 'the seed', ['projects', 'tokens', 'users']);
  if (!raw) return { problems: checker.problems };
  const projectNames = new Set<string>();
  const keyIds = new Set<string>();
  const projects = checker.list(raw, 'projects', []).flatMap((project, index) => {
    const checked = checkProject(checker, project, ['projects', index], keyIds);
    if (checked) checker.unique(projectNames, checked.name, ['projects', index, 'name'], 'project name');
    return checked ? [checked] : [];
  });
  const tokens = checkTokens(checker, checker.list(raw, 'tokens', []));
  const users = checkUsers(checker, checker.list(raw, 'users', []));
  if (checker.problems.length > 0) return { problems: checker.problems };
  return { seed: { projects, tokens, users }, problems: [] };
}

function checkProject(checker: SeedChecker, value: unknown, path: SeedPath, keyIds: Set<string>): SeedProject | undefined {
  const raw = checker.record(value, path, 'a project', ['name', 'description', 'environments', 'keys', 'jwks']);
  if (!raw) return undefined;
  const name = checker.name(raw, 'name', path);
  const description = checker.optionalString(raw, 'description', path);
  const environments = checkEnvironments(checker, checker.list(raw, 'environments', path), [...path, 'environments']);
  const environmentNames = new Set(environments.map((environment) => environment.name));
  const keyNames = new Set<string>();
  const keys = checker.list(raw, 'keys', path).flatMap((key, index) => {
    const where = [...path, 'keys', index];
    const checked = checkKey(checker, key, where, environmentNames);
    if (!checked) return [];
    checker.unique(keyNames, checked.name, [...where, 'name'], 'key name');
    if (checked.id !== undefined) checker.unique(keyIds, checked.id, [...where, 'id'], 'key id');
    return [checked];
  });
  const jwkNames = new Set<string>();
  const jwks = checker.list(raw, 'jwks', path).flatMap((jwk, index) => {
    const where = [...path, 'jwks', index];
    const checked = checkJwk(checker, jwk, where, keyNames);
    if (checked) checker.unique(jwkNames, checked.name, [...where, 'name'], 'JWK name');
    return checked ? [checked] : [];
  });
  return { name, ...(description === undefined ? {} : { description }), environments, keys, jwks };
}

function checkEnvironments(checker: SeedChecker, values: readonly unknown[], path: SeedPath): SeedEnvironment[] {
  const names = new Set<string>();
  const ids = new Set<string>();
  return values.flatMap((value, index) => {
    const where = [...path, index];
    const raw = checker.record(value, where, 'an environment', ['name', 'id', 'type', 'description', 'accessUrl']);
    if (!raw) return [];
    const name = checker.name(raw, 'name', where);
    checker.unique(names, name, [...where, 'name'], 'environment name');
    const id = raw['id'] === undefined ? undefined : checker.name(raw, 'id', where);
    if (id !== undefined) checker.unique(ids, id, [...where, 'id'], 'environment id');
    const environment: SeedEnvironment = {
      name,
      ...optional('id', id),
      ...optional('type', checker.optionalString(raw, 'type', where)),
      ...optional('description', checker.optionalString(raw, 'description', where)),
      ...optional('accessUrl', checker.optionalString(raw, 'accessUrl', where)),
    };
    return [environment];
  });
}

function checkKey(checker: SeedChecker, value: unknown, path: SeedPath, environmentNames: ReadonlySet<string>): SeedKey | undefined {
  const raw = checker.record(value, path, 'a key', ['name', 'keyType', 'algorithm', 'description', 'id', 'environments']);
  if (!raw) return undefined;
  const name = checker.name(raw, 'name', path);
  const keyType = checker.name(raw, 'keyType', path);
  const algorithm = checkAlgorithm(checker, raw, path, keyType);
  const id = raw['id'] === undefined ? undefined : checker.name(raw, 'id', path);
  const seen = new Set<string>();
  const environments = checker.list(raw, 'environments', path).flatMap((entry, index): SeedKeyEnvironment[] => {
    const where = [...path, 'environments', index];
    const env = checker.record(entry, where, 'a key environment', ['name', 'content', 'alias']);
    if (!env) return [];
    const envName = checker.name(env, 'name', where);
    checker.unique(seen, envName, [...where, 'name'], 'environment');
    if (envName !== '' && !environmentNames.has(envName)) {
      checker.report([...where, 'name'], `environment "${envName}" is not an environment of this project.`);
    }
    const content = env['content'];
    if (typeof content !== 'string' || !isCanonicalBase64(content)) {
      checker.report([...where, 'content'], 'is required and must be non-empty, padded base64.');
    }
    const alias = checker.optionalString(env, 'alias', where);
    return [{ name: envName, content: typeof content === 'string' ? content : '', ...optional('alias', alias) }];
  });
  return {
    name,
    keyType,
    ...optional('algorithm', algorithm),
    ...optional('description', checker.optionalString(raw, 'description', path)),
    ...optional('id', id),
    environments,
  };
}

/**
 * A SECRET_KEY's algorithm: exactly one of the four, or `null` for a key stored without one
 * (made by an older Manager); other key types have none.
 */
function checkAlgorithm(checker: SeedChecker, raw: Record<string, unknown>, path: SeedPath, keyType: string): string | null | undefined {
  const value = raw['algorithm'];
  if (value === null && keyType === 'SECRET_KEY') return null;
  if (value === undefined || value === null) return undefined;
  if (keyType !== 'SECRET_KEY') {
    checker.report([...path, 'algorithm'], 'is only allowed with keyType SECRET_KEY.');
    return undefined;
  }
  if (!isSecretKeyAlgorithm(value)) {
    checker.report([...path, 'algorithm'], `must be one of ${SECRET_KEY_ALGORITHMS.join(', ')} (case-sensitive).`);
    return undefined;
  }
  return value;
}

function checkJwk(checker: SeedChecker, value: unknown, path: SeedPath, keyNames: ReadonlySet<string>): SeedJwk | undefined {
  const fields = ['name', 'sourceType', 'sourceKey', 'sourceUrl', 'description', 'type', 'kid', 'useType', 'algorithm'];
  const raw = checker.record(value, path, 'a JWK', fields);
  if (!raw) return undefined;
  const name = checker.name(raw, 'name', path);
  const sourceType = raw['sourceType'];
  if (!JWK_SOURCE_TYPES.includes(sourceType as JwkSourceType)) {
    checker.report([...path, 'sourceType'], `must be one of ${JWK_SOURCE_TYPES.join(', ')}.`);
    return undefined;
  }
  const type = sourceType as JwkSourceType;
  const sourceKey = checker.optionalString(raw, 'sourceKey', path);
  if (sourceKey !== undefined && type !== 'PRIVATE_KEY' && type !== 'PUBLIC_KEY') {
    checker.report([...path, 'sourceKey'], 'is only allowed with sourceType PRIVATE_KEY or PUBLIC_KEY.');
  } else if (sourceKey !== undefined && !keyNames.has(sourceKey)) {
    checker.report([...path, 'sourceKey'], `key "${sourceKey}" is not a key of this project (declared above).`);
  }
  const sourceUrl = checker.optionalString(raw, 'sourceUrl', path);
  if (type === 'URL' && (sourceUrl === undefined || sourceUrl === '')) {
    checker.report([...path, 'sourceUrl'], 'is required with sourceType URL.');
  } else if (type !== 'URL' && sourceUrl !== undefined) {
    checker.report([...path, 'sourceUrl'], 'is only allowed with sourceType URL.');
  }
  return {
    name,
    sourceType: type,
    ...optional('sourceKey', sourceKey),
    ...optional('sourceUrl', sourceUrl),
    ...optional('description', checker.optionalString(raw, 'description', path)),
    ...optional('type', checker.optionalString(raw, 'type', path)),
    ...optional('kid', checker.optionalString(raw, 'kid', path)),
    ...optional('useType', checker.optionalString(raw, 'useType', path)),
    ...optional('algorithm', checker.optionalString(raw, 'algorithm', path)),
  };
}

/** `{ [field]: value }` when defined, so optional fields stay absent rather than undefined. */
function optional<K extends string, V>(field: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [field]: value }) as { [P in K]?: V };
}
