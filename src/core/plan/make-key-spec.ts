import { formatLocation } from '../../common/app-error.js';
import type { DesiredKey } from '../model/desired-state.js';
import { materialKey, type MaterialGaps, type MaterialTable } from '../model/material.js';
import type { KeySpec, PlannedEnvironment } from '../model/plan.js';
import { describeContentSource } from './describe-content-source.js';

/** An environment of a key whose material could not be read where the plan runs. */
export interface UnreadMaterial {
  readonly environment: string;
  /** What could not be read and where (`file:line:col: ...`); never the material. */
  readonly gap: string;
}

/** The desired form of a key, and the environments whose material is not at hand. */
export interface BuiltKeySpec {
  readonly spec: KeySpec;
  readonly unread: readonly UnreadMaterial[];
}

/**
 * The full desired form of a present key. Material that was not read is left out of its
 * environment instead of failing here: only the caller knows whether the plan sends it (a
 * description change does not), so only the caller can tell a blocker from a notice.
 */
export function makeKeySpec(key: DesiredKey, materials: MaterialTable, gaps: MaterialGaps | undefined): BuiltKeySpec {
  const unread: UnreadMaterial[] = [];
  const environments = key.environments.map((env): PlannedEnvironment => {
    const id = materialKey(key.project, key.name, env.name);
    const source = describeContentSource(env.content);
    const material = materials.get(id);
    if (material) return { name: env.name, alias: env.alias, source, material };
    const planned = { name: env.name, alias: env.alias, source };
    // Neither read nor reported as a gap: a caller bug, but still no reason to plan on without it.
    const gap =
      gaps?.get(id) ?? `${formatLocation(env.location)}: Key ${key.project}/${key.name}, environment ${env.name}: material was not read.`;
    unread.push({ environment: env.name, gap });
    return planned;
  });
  // The algorithm belongs to secret keys only; the schema refuses it elsewhere, this makes sure.
  const algorithm = key.type === 'SECRET_KEY' ? key.algorithm : undefined;
  const spec: KeySpec = {
    type: key.type!,
    ...(algorithm !== undefined ? { algorithm } : {}),
    description: key.description,
    environments,
  };
  return { spec, unread };
}
