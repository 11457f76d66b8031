import type { LiveKey, LiveProject } from '../core/model/live-state.js';
import { compareText } from '../common/compare-text.js';
import { nameLiveEnvironment } from '../core/plan/diff-key.js';
import { isDeclarableName } from './declarable-name.js';

/**
 * Environment-variable names for exported keys: `PROJECT_KEY_ENVIRONMENT`, upper case,
 * every run of other characters as one `_`, unique within one export.
 */
export function createVariableNamer(): (project: string, key: string, environment: string) => string {
  const taken = new Set<string>();
  return (project, key, environment) => {
    const base = [project, key, environment]
      .map((part) =>
        part
          .normalize('NFKD')
          .toUpperCase()
          .replace(/[^A-Z0-9]+/g, '_')
          .replace(/^_+|_+$/g, ''),
      )
      .filter((part) => part !== '')
      .join('_');
    const safe = /^[A-Z_]/.test(base) ? base : `KEY_${base}`;
    let name = safe;
    for (let n = 2; taken.has(name); n += 1) name = `${safe}_${n}`;
    taken.add(name);
    return name;
  };
}

/**
 * The variable name of every environment of every key an export writes as an entry, by
 * {@link variableSlot}: named in the order one file of all the projects lists them, so that
 * one export gives the same names whether it writes one file or one per project.
 */
export function nameExportVariables(projects: readonly LiveProject[]): Map<string, string> {
  const nameVariable = createVariableNamer();
  const names = new Map<string, string>();
  for (const project of sortByName(projects)) {
    for (const key of sortByName(project.keys)) {
      if (!isDeclarableName(key.name)) continue;
      for (const env of sortEnvironments(key)) {
        const environment = nameLiveEnvironment(env);
        names.set(variableSlot(project.name, key.name, environment), nameVariable(project.name, key.name, environment));
      }
    }
  }
  return names;
}

/** The key of one environment of one key in the map of {@link nameExportVariables}. */
export function variableSlot(project: string, key: string, environment: string): string {
  return JSON.stringify([project, key, environment]);
}

/** Items sorted by name, in code-point order. */
export function sortByName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareText(a.name, b.name));
}

/** The environments of a key sorted by name, in code-point order. */
export function sortEnvironments(key: LiveKey): LiveKey['environments'][number][] {
  return [...key.environments].sort((a, b) => compareText(nameLiveEnvironment(a), nameLiveEnvironment(b)));
}
