import { formatPath, quoteAlways, type PathSegment, type SchemaViolation } from '../yaml/index.js';
import type { SandboxSeed, SeedProject } from './seed-types.js';

/**
 * What the seed schema cannot say, checked on a seed the schema accepted: names and ids
 * that must be unique, a key's environments that must be its project's, and a JWK's
 * `sourceKey` that must name a key of its project. Every problem, in seed order.
 */
export function checkSeedRules(seed: SandboxSeed): SchemaViolation[] {
  const problems: SchemaViolation[] = [];
  const keyIds = new UniqueNames(problems, 'key id');
  const projectNames = new UniqueNames(problems, 'project name');
  (seed.projects ?? []).forEach((project, index) => {
    const path = ['projects', index];
    projectNames.add(project.name, [...path, 'name']);
    checkProject(project, path, problems, keyIds);
  });
  const tokens = new UniqueNames(problems, 'token', { echo: false });
  (seed.tokens ?? []).forEach((token, index) => tokens.add(token.token, ['tokens', index, 'token']));
  const users = new UniqueNames(problems, 'username');
  (seed.users ?? []).forEach((user, index) => users.add(user.username, ['users', index, 'username']));
  return problems;
}

function checkProject(project: SeedProject, path: readonly PathSegment[], problems: SchemaViolation[], keyIds: UniqueNames): void {
  const environmentNames = new UniqueNames(problems, 'environment name');
  const environmentIds = new UniqueNames(problems, 'environment id');
  (project.environments ?? []).forEach((environment, index) => {
    environmentNames.add(environment.name, [...path, 'environments', index, 'name']);
    if (environment.id !== undefined) environmentIds.add(environment.id, [...path, 'environments', index, 'id']);
  });
  const keyNames = new UniqueNames(problems, 'key name');
  (project.keys ?? []).forEach((key, index) => {
    const where = [...path, 'keys', index];
    keyNames.add(key.name, [...where, 'name']);
    if (key.id !== undefined) keyIds.add(key.id, [...where, 'id']);
    const deployed = new UniqueNames(problems, 'environment');
    (key.environments ?? []).forEach((entry, entryIndex) => {
      const namePath = [...where, 'environments', entryIndex, 'name'];
      deployed.add(entry.name, namePath);
      if (!environmentNames.has(entry.name)) {
        problems.push(createProblem(namePath, `environment ${quoteAlways(entry.name)} is not an environment of this project`));
      }
    });
  });
  const jwkNames = new UniqueNames(problems, 'JWK name');
  (project.jwks ?? []).forEach((jwk, index) => {
    const where = [...path, 'jwks', index];
    jwkNames.add(jwk.name, [...where, 'name']);
    if (typeof jwk.sourceKey === 'string' && !keyNames.has(jwk.sourceKey)) {
      problems.push(createProblem([...where, 'sourceKey'], `key ${quoteAlways(jwk.sourceKey)} is not a key of this project`));
    }
  });
}

/** Names seen so far in one scope; a repeat is a problem naming where the first one is. */
class UniqueNames {
  private readonly first = new Map<string, readonly PathSegment[]>();

  constructor(
    private readonly problems: SchemaViolation[],
    private readonly what: string,
    /** Tokens are credentials: a message points at the first one instead of quoting it. */
    private readonly options: { readonly echo: boolean } = { echo: true },
  ) {}

  add(name: string, path: readonly PathSegment[]): void {
    const earlier = this.first.get(name);
    if (earlier === undefined) {
      this.first.set(name, path);
      return;
    }
    const shown = this.options.echo ? ` ${quoteAlways(name)}` : '';
    this.problems.push(createProblem(path, `duplicate ${this.what}${shown}, first at ${formatPath(earlier)}`));
  }

  has(name: string): boolean {
    return this.first.has(name);
  }
}

/** A rule problem worded like a schema one: `path: what is wrong.`, pointing at the value. */
function createProblem(path: readonly PathSegment[], text: string): SchemaViolation {
  return { path, at: 'value', message: `${formatPath(path)}: ${text}.` };
}
