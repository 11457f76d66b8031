import type { ApinizerClient } from '../apinizer/client.js';
import type { Limiter } from '../common/limiter.js';
import type { LiveEnvironment, LiveKey, LiveProject } from '../core/model/live-state.js';

/** Verbose-output sink for what the reader did beyond the minimum. */
export type ReadNote = (message: string) => void;

/**
 * Reads the keys and environments of each project: one key-list and one environment-list
 * request per project, all projects in parallel under the run's limiter. Environment ids
 * in list replies are resolved to names from the environment list; only keys with ids it
 * cannot resolve are read one by one (the single-key reply carries names).
 */
export async function readLiveProjects(
  client: ApinizerClient,
  projects: readonly string[],
  limit: Limiter,
  note: ReadNote,
): Promise<Map<string, LiveProject>> {
  const read = await Promise.all(
    projects.map(async (project): Promise<LiveProject> => {
      const [keys, environments] = await Promise.all([
        limit(() => client.listKeys(project)),
        limit(() => client.listEnvironments(project)),
      ]);
      return {
        name: project,
        environments,
        keys: await nameKeyEnvironments(client, project, keys, environments, limit, note),
        partialUpdates: client.environmentsApi() === 'current',
      };
    }),
  );
  return new Map(read.map((project) => [project.name, project]));
}

/** Adds the JWK list to the given projects, one request each, in parallel. */
export async function readJwks(
  client: ApinizerClient,
  live: ReadonlyMap<string, LiveProject>,
  projects: readonly string[],
  limit: Limiter,
): Promise<Map<string, LiveProject>> {
  const jwks = await Promise.all(projects.map((project) => limit(() => client.listJwks(project))));
  const result = new Map(live);
  projects.forEach((project, index) => {
    const current = live.get(project);
    if (current) result.set(project, { ...current, jwks: jwks[index] });
  });
  return result;
}

/**
 * Names the environment ids of a key list from the project's environment list; a key with
 * an id the list does not hold is read by itself (the single-key reply carries names).
 * Shared by the plan's read and the read back after apply.
 */
export async function nameKeyEnvironments(
  client: ApinizerClient,
  project: string,
  keys: readonly LiveKey[],
  environments: readonly LiveEnvironment[],
  limit: Limiter,
  note: ReadNote,
): Promise<LiveKey[]> {
  const names = new Map(environments.filter((env) => env.id !== undefined).map((env) => [env.id!, env.name]));
  return Promise.all(
    keys.map(async (key) => {
      const named = key.environments.map((env) =>
        env.environmentName !== undefined || env.environmentId === undefined
          ? env
          : { ...env, environmentName: names.get(env.environmentId) },
      );
      if (named.every((env) => env.environmentName !== undefined)) return { ...key, environments: named };
      note(`${project}/${key.name}: environment ids not in the environment list; reading the key itself for names`);
      return limit(() => client.getKey(project, key.name));
    }),
  );
}
