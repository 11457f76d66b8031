import { createHash } from 'node:crypto';
import type { AppError } from '../common/app-error.js';
import { Secret } from '../common/secret.js';
import type { DesiredEnvironment, DesiredKey, DesiredState } from '../core/model/desired-state.js';
import { formatAddress } from '../core/model/domain.js';
import { Material, materialKey, type MaterialTable } from '../core/model/material.js';
import { findMaterialProblem } from './check-material.js';
import { createViolationsError, isNonEmpty, type Violation } from './create-violations-error.js';
import { readFileSource, type FileSourceIo } from './read-file-source.js';

/** The outside world material is read from. */
export interface MaterialIo extends FileSourceIo {
  /** Environment variables, for `env:` sources (usually `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads the material of every environment of the present keys `selectKey` picks:
 * `file` (inside `rootDir` unless `allowOutsideFiles`), `env` (the variable's text as
 * UTF-8) or inline `base64`. Each becomes a {@link Material}: the base64 the API takes,
 * as a Secret, and the SHA-256 of the bytes. Every unusable source (missing, empty,
 * outside the root, unset variable, PEM of the wrong kind) is collected into one
 * `content_source` error located at the environment's declaration; messages name the
 * key, environment and source, never the material.
 */
export async function resolveMaterials(
  state: DesiredState,
  selectKey: (key: DesiredKey) => boolean,
  io: MaterialIo,
): Promise<MaterialTable> {
  return collectMaterials(state, (key) => selectKey(key), io);
}

/**
 * The offline check of `validate`: every `file` source of every present key exists, is a
 * readable, non-empty regular file inside `rootDir` (unless `allowOutsideFiles`), and PEM
 * content matches the key type; inline base64 is checked the same way. `env` sources are
 * NOT checked: the variables are usually set only where `plan`/`apply` run (CI secrets),
 * so their absence on the machine running `validate` says nothing.
 */
export async function checkContentSources(state: DesiredState, io: Omit<MaterialIo, 'env'>): Promise<void> {
  await collectMaterials(state, (_key, environment) => environment.content.kind !== 'env', { ...io, env: {} });
}

/** Reads and checks the selected environments' material; one error lists every problem. */
async function collectMaterials(
  state: DesiredState,
  select: (key: DesiredKey, environment: DesiredEnvironment) => boolean,
  io: MaterialIo,
): Promise<MaterialTable> {
  const table = new Map<string, Material>();
  const violations: Violation[] = [];
  for (const key of listPresentKeys(state)) {
    for (const environment of key.environments) {
      if (!select(key, environment)) continue;
      const result = await readMaterialBytes(environment, io);
      const problem = result.ok ? findMaterialProblem(key.type, result.bytes) : result.problem;
      if (problem !== undefined || !result.ok) {
        violations.push(locateProblem(key, environment, problem ?? 'unreadable'));
        continue;
      }
      const material = new Material(
        new Secret(result.bytes.toString('base64')),
        createHash('sha256').update(result.bytes).digest('hex'),
      );
      table.set(materialKey(key.project, key.name, environment.name), material);
    }
  }
  if (isNonEmpty(violations)) throw createContentError(violations);
  return table;
}

type BytesResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly problem: string };

async function readMaterialBytes(environment: DesiredEnvironment, io: MaterialIo): Promise<BytesResult> {
  const content = environment.content;
  switch (content.kind) {
    case 'file':
      return readFileSource(content.path, content.resolvedPath, io);
    case 'env': {
      const value = io.env[content.name];
      if (value === undefined) return { ok: false, problem: `environment variable ${content.name} is not set` };
      if (value === '') return { ok: false, problem: `environment variable ${content.name} is empty` };
      return { ok: true, bytes: Buffer.from(value, 'utf8') };
    }
    case 'base64':
      return { ok: true, bytes: Buffer.from(content.value.reveal(), 'base64') };
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
