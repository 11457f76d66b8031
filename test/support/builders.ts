/**
 * Small typed builders for planner and renderer tests. Everything has an obvious default:
 * a present SECRET_KEY deployed to `production` from inline base64, located at test.yaml:1:1.
 */
import { createHash } from 'node:crypto';
import type { SourceLocation } from '../../src/common/app-error.js';
import { Secret } from '../../src/common/secret.js';
import type {
  DeletionSettings,
  DesiredEnvironment,
  DesiredKey,
  DesiredProject,
  DesiredState,
  ProjectSettings,
  SourceDocument,
} from '../../src/core/model/desired-state.js';
import type { LiveEnvironment, LiveJwk, LiveKey, LiveProject, LiveState } from '../../src/core/model/live-state.js';
import { Material, materialKey, type MaterialGaps, type MaterialTable } from '../../src/core/model/material.js';
import type { JwkDeleteAction } from '../../src/core/model/domain.js';
import type { DeleteEntry, Plan } from '../../src/core/model/plan.js';
import { makePlanRequest } from '../../src/core/model/plan-request.js';
import { attachJwkImpact, makePlan } from '../../src/core/plan/index.js';

export const LOCATION: SourceLocation = { file: 'test.yaml', line: 1, column: 1 };

/** The default material of every built environment: base64 of this text. */
export const DEFAULT_MATERIAL_TEXT = 'default-secret-material';
export const DEFAULT_MATERIAL_BASE64 = Buffer.from(DEFAULT_MATERIAL_TEXT, 'utf8').toString('base64');

/** SHA-256 (hex) over the decoded bytes of a base64 string, as the material resolver computes it. */
export function sha256OfBase64(base64: string): string {
  return createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
}

/** A desired environment with inline base64 content. */
export function desiredEnvironment(
  name: string,
  overrides: Partial<Omit<DesiredEnvironment, 'content'>> & { base64?: string } = {},
): DesiredEnvironment {
  const { base64 = DEFAULT_MATERIAL_BASE64, ...rest } = overrides;
  return { name, content: { kind: 'base64', value: new Secret(base64) }, location: LOCATION, ...rest };
}

/** A present SECRET_KEY in `production` unless overridden. */
export function desiredKey(project: string, name: string, overrides: Partial<Omit<DesiredKey, 'project' | 'name'>> = {}): DesiredKey {
  return {
    project,
    name,
    state: 'present',
    type: 'SECRET_KEY',
    description: '',
    environments: [desiredEnvironment('production')],
    location: LOCATION,
    ...overrides,
  };
}

/** A `state: absent` key: no type, no environments. */
export function absentKey(
  project: string,
  name: string,
  overrides: Partial<Omit<DesiredKey, 'project' | 'name' | 'state'>> = {},
): DesiredKey {
  return { project, name, state: 'absent', description: '', environments: [], location: LOCATION, ...overrides };
}

export function desiredProject(name: string, keys: readonly DesiredKey[], settings: ProjectSettings = {}): DesiredProject {
  return { name, settings, keys, location: LOCATION };
}

export function desiredState(
  parts: { projects?: readonly DesiredProject[]; defaults?: DeletionSettings; documents?: readonly SourceDocument[] } = {},
): DesiredState {
  return {
    defaults: parts.defaults ?? {},
    projects: parts.projects ?? [],
    documents: parts.documents ?? [{ file: 'test.yaml', sha256: '0'.repeat(64) }],
  };
}

/** A live SECRET_KEY deployed to `production` unless overridden. */
export function liveKey(name: string, overrides: Partial<Omit<LiveKey, 'name'>> = {}): LiveKey {
  return { name, description: '', keyType: 'SECRET_KEY', environments: [{ environmentName: 'production' }], ...overrides };
}

/** Default environments of a live project. */
export const DEFAULT_ENVIRONMENTS: readonly LiveEnvironment[] = [{ name: 'production' }, { name: 'staging' }];

/**
 * A live project; its environments default to `production` and `staging`; no JWK list
 * unless given; `partialUpdates` (a current-API Manager) only when given.
 */
export function liveProject(
  name: string,
  keys: readonly LiveKey[],
  extra: { environments?: readonly LiveEnvironment[]; jwks?: readonly LiveJwk[]; partialUpdates?: boolean } = {},
): LiveProject {
  const project: LiveProject = {
    name,
    keys,
    environments: extra.environments ?? DEFAULT_ENVIRONMENTS,
    ...(extra.partialUpdates !== undefined ? { partialUpdates: extra.partialUpdates } : {}),
  };
  return extra.jwks ? { ...project, jwks: extra.jwks } : project;
}

export function liveStateOf(...projects: LiveProject[]): LiveState {
  return new Map(projects.map((project) => [project.name, project]));
}

/** A live state of one project holding plain keys of these names. */
export function liveKeysIn(project: string, names: readonly string[]): LiveState {
  return liveStateOf(
    liveProject(
      project,
      names.map((name) => liveKey(name)),
    ),
  );
}

/**
 * Material for every environment of every present key, as the resolver would build it;
 * environments sourced from `env:` are left out (as the resolver does where the variable
 * is unset): see {@link gapsFor}.
 */
export function materialsFor(desired: DesiredState): MaterialTable {
  const table = new Map<string, Material>();
  for (const { key, env } of presentEnvironments(desired)) {
    if (env.content.kind === 'env') continue;
    if (env.content.kind !== 'base64') throw new Error(`materialsFor supports inline base64 only (${key.name}/${env.name})`);
    const base64 = env.content.value.reveal();
    table.set(materialKey(key.project, key.name, env.name), new Material(new Secret(base64), sha256OfBase64(base64)));
  }
  return table;
}

/** Every environment of every present key: the ones the resolver gives material or a gap. */
function* presentEnvironments(desired: DesiredState): Generator<{ key: DesiredKey; env: DesiredEnvironment }> {
  for (const project of desired.projects) {
    for (const key of project.keys) {
      if (key.state !== 'present') continue;
      for (const env of key.environments) yield { key, env };
    }
  }
}

/** A desired environment whose material comes from an environment variable (unset in tests: a gap). */
export function envSourcedEnvironment(
  name: string,
  variable: string,
  overrides: Partial<Omit<DesiredEnvironment, 'content'>> = {},
): DesiredEnvironment {
  return { name, content: { kind: 'env', name: variable }, location: LOCATION, ...overrides };
}

/** The gaps the resolver reports for every `env:`-sourced environment: the variable is not set. */
export function gapsFor(desired: DesiredState): MaterialGaps {
  const gaps = new Map<string, string>();
  for (const { key, env } of presentEnvironments(desired)) {
    if (env.content.kind !== 'env') continue;
    const where = `${env.location.file}:${env.location.line}:${env.location.column}`;
    gaps.set(
      materialKey(key.project, key.name, env.name),
      `${where}: Key ${key.project}/${key.name}, environment ${env.name}: environment variable ${env.content.name} is not set.`,
    );
  }
  return gaps;
}

/** The planning options a test gives, as the command line used to name them. */
export interface TestPlanOptions {
  readonly targets?: readonly string[];
  readonly replaceContent?: readonly string[];
  readonly jwkDeleteAction?: JwkDeleteAction;
  readonly allowMassDelete?: boolean;
}

/** A whole plan as the engine makes it, from plain inputs: one planning pass, then JWK impact from the live JWK lists given. */
export function makeTestPlan(input: {
  readonly desired: DesiredState;
  readonly live: LiveState;
  readonly materials: MaterialTable;
  readonly materialGaps?: MaterialGaps;
  readonly options?: TestPlanOptions;
}): Plan {
  const options = input.options ?? {};
  const request = makePlanRequest({
    targets: options.targets,
    replaceContent: options.replaceContent,
    overrides: options.jwkDeleteAction === undefined ? {} : { jwkDeleteAction: options.jwkDeleteAction },
    guards: { allowMassDelete: options.allowMassDelete ?? false },
  });
  return attachJwkImpact(makePlan(input, request), input.live);
}

/** A `state: absent` delete entry of `project/key`, as the planner makes one. */
export function deleteEntryOf(
  project: string,
  key: string,
  overrides: Partial<Omit<DeleteEntry, 'action' | 'project' | 'key'>> = {},
): DeleteEntry {
  return {
    action: 'delete',
    address: `${project}/${key}`,
    project,
    key,
    reason: 'state: absent in the file',
    cause: 'absent',
    jwkDeleteAction: { value: 'NULLIFY', source: 'api-default' },
    environments: ['production'],
    affectedJwks: [],
    ...overrides,
  };
}
