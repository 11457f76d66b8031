import type { SeedChecker, SeedPath } from './seed-checker.js';
import { isRecord } from './seed-checker.js';
import type { SeedGrants, SeedPermission, SeedToken, SeedUser } from './seed-types.js';
import { SEED_PERMISSIONS } from './seed-types.js';

/** `"*"` or a mapping of project name to a list of permissions. */
export function checkGrants(checker: SeedChecker, value: unknown, path: SeedPath): SeedGrants {
  if (value === '*') return '*';
  if (!isRecord(value)) {
    checker.report(path, 'must be "*" or a mapping of project name to a list of permissions.');
    return {};
  }
  const grants: Record<string, SeedPermission[]> = {};
  for (const [project, permissions] of Object.entries(value)) {
    const where = [...path, project];
    if (!Array.isArray(permissions)) {
      checker.report(where, `must be a list of permissions (${SEED_PERMISSIONS.join(', ')}).`);
      continue;
    }
    grants[project] = permissions.filter((permission, index): permission is SeedPermission => {
      const known = SEED_PERMISSIONS.includes(permission as SeedPermission);
      if (!known) checker.report([...where, index], `unknown permission ${JSON.stringify(permission)} (allowed: ${SEED_PERMISSIONS.join(', ')}).`);
      return known;
    });
  }
  return grants;
}

/** The `tokens` list. */
export function checkTokens(checker: SeedChecker, values: readonly unknown[]): SeedToken[] {
  const seen = new Set<string>();
  const tokens: SeedToken[] = [];
  values.forEach((value, index) => {
    const path = ['tokens', index];
    const raw = checker.record(value, path, 'a token', ['token', 'projects', 'expired']);
    if (!raw) return;
    const token = checker.name(raw, 'token', path);
    checker.unique(seen, token, [...path, 'token'], 'token');
    const projects = checkGrants(checker, raw['projects'], [...path, 'projects']);
    const expired = checker.optionalBoolean(raw, 'expired', path);
    tokens.push({ token, projects, ...(expired === undefined ? {} : { expired }) });
  });
  return tokens;
}

/** The `users` list. */
export function checkUsers(checker: SeedChecker, values: readonly unknown[]): SeedUser[] {
  const seen = new Set<string>();
  const users: SeedUser[] = [];
  values.forEach((value, index) => {
    const path = ['users', index];
    const raw = checker.record(value, path, 'a user', ['username', 'password', 'projects']);
    if (!raw) return;
    const username = checker.name(raw, 'username', path);
    checker.unique(seen, username, [...path, 'username'], 'username');
    const password = checker.name(raw, 'password', path);
    const projects = checkGrants(checker, raw['projects'], [...path, 'projects']);
    users.push({ username, password, projects });
  });
  return users;
}
