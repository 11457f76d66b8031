import { createHash } from 'node:crypto';
import { formatLocation, type AppError } from '../common/app-error.js';
import { Secret } from '../common/secret.js';
import type { ContentSource, DesiredEnvironment, DesiredKey, DesiredState } from '../core/model/desired-state.js';
import { formatAddress } from '../core/model/domain.js';
import { Material, materialKey, type MaterialGaps, type MaterialTable } from '../core/model/material.js';
import { findMaterialProblem } from './check-material.js';
import { createViolationsError, isNonEmpty, type Violation } from '../yaml/index.js';
import { readFileSource, type FileSourceIo } from './read-file-source.js';

/** The outside world material is read from. */
export interface MaterialIo extends FileSourceIo {
  /** Environment variables, for `env:` sources (usually `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Material that was read, and material that is not available where this runs. */
export interface ResolvedMaterials {
  readonly table: MaterialTable;
  readonly gaps: MaterialGaps;
}

/**
 * Reads the material of every environment of the present keys `selectKey` picks:
 * `file` (inside `rootDir` unless `allowOutsideFiles`), `env` (the variable's text as
 * UTF-8) or inline `base64`. Each becomes a {@link Material}: the base64 the API takes,
 * as a Secret, and the SHA-256 of the bytes.
 *
 * An `env:` variable that is unset or empty is a gap, not an error: a pull-request job
 * planning a description change has no key secrets, and the planner refuses only where it
 * must send material it lacks. Every other unusable source (missing, empty or unreadable
 * file, outside the root, content that is not a key of the declared type) is collected
 * into one `content_source` error located at the environment's declaration. Messages name
 * the key, environment and source, never the material.
 */
export async function resolveMaterials(
  state: DesiredState,
  selectKey: (key: DesiredKey) => boolean,
  io: MaterialIo,
): Promise<ResolvedMaterials> {
  return collectMaterials(state, (key) => selectKey(key), io);
}

/**
 * The offline check of `validate`: every `file` source of every present key exists, is a
 * readable, non-empty regular file inside `rootDir` (unless `allowOutsideFiles`), and its
 * content is a key of the declared type; inline base64 is checked the same way. `env`
 * sources are NOT checked: the variables are usually set only where `plan`/`apply` run
 * (CI secrets), so their absence on the machine running `validate` says nothing.
 */
export async function checkContentSources(state: DesiredState, io: Omit<MaterialIo, 'env'>): Promise<void> {
  await collectMaterials(state, (_key, environment) => environment.content.kind !== 'env', { ...io, env: {} });
}

/** Reads and checks the selected environments' material; one error lists every problem. */
async function collectMaterials(
  state: DesiredState,
  select: (key: DesiredKey, environment: DesiredEnvironment) => boolean,
  io: MaterialIo,
): Promise<ResolvedMaterials> {
  const table = new Map<string, Material>();
  const gaps = new Map<string, string>();
  const violations: Violation[] = [];
  // type + SHA-256 of material already found usable: the check is pure, and parsing a PEM
  // key with node:crypto costs ~0.1–0.4 ms, seconds for 10,000 keys sharing one key pair
  const usable = new Set<string>();
  for (const key of listPresentKeys(state)) {
    for (const environment of key.environments) {
      if (!select(key, environment)) continue;
      const id = materialKey(key.project, key.name, environment.name);
      const result = await readMaterialBytes(environment.content, io);
      if (!result.ok) {
        const violation = locateProblem(key, environment, result.problem);
        if (result.unavailable) gaps.set(id, `${formatLocation(violation.location)}: ${violation.message}`);
        else violations.push(violation);
        continue;
      }
      const sha256 = createHash('sha256').update(result.bytes).digest('hex');
      const verdict = `${key.type ?? ''}:${sha256}`;
      const problem = usable.has(verdict) ? undefined : findMaterialProblem(key.type, result.bytes, describeSource(environment.content));
      if (problem !== undefined) {
        violations.push(locateProblem(key, environment, problem));
        continue;
      }
      usable.add(verdict);
      const material = new Material(new Secret(result.bytes.toString('base64')), sha256);
      table.set(id, material);
    }
  }
  if (isNonEmpty(violations)) throw createContentError(violations);
  return { table, gaps };
}

type BytesResult =
  | { readonly ok: true; readonly bytes: Buffer }
  /** `unavailable`: the source may legitimately be missing where this runs (an unset variable). */
  | { readonly ok: false; readonly problem: string; readonly unavailable?: boolean };

async function readMaterialBytes(content: ContentSource, io: MaterialIo): Promise<BytesResult> {
  switch (content.kind) {
    case 'file':
      return readFileSource(content.path, content.resolvedPath, io);
    case 'env': {
      const value = io.env[content.name];
      if (value === undefined) return { ok: false, unavailable: true, problem: `environment variable ${content.name} is not set` };
      if (value === '') return { ok: false, unavailable: true, problem: `environment variable ${content.name} is empty` };
      return { ok: true, bytes: Buffer.from(value, 'utf8') };
    }
    case 'base64':
      return { ok: true, bytes: Buffer.from(content.value.reveal(), 'base64') };
  }
}

/** Where material comes from, as messages name it. */
function describeSource(content: ContentSource): string {
  switch (content.kind) {
    case 'file':
      return `file ${content.path}`;
    case 'env':
      return `environment variable ${content.name}`;
    case 'base64':
      return 'the inline base64';
  }
}

function listPresentKeys(state: DesiredState): DesiredKey[] {
  return state.projects.flatMap((project) => project.keys.filter((key) => key.state === 'present'));
}

function locateProblem(key: DesiredKey, environment: DesiredEnvironment, problem: string): Violation {
  return {
    location: environment.location,
    message: `Key ${formatAddress(key.project, key.name)}, environment ${environment.name}: ${problem}.`,
  };
}

function createContentError(violations: readonly [Violation, ...Violation[]]): AppError {
  return createViolationsError('content_source', violations);
}
