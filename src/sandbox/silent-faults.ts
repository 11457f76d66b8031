import type { FaultSettings } from './public-types.js';
import type { KeyRecord } from './state.js';

/**
 * The write faults that answer success without doing it all (see
 * {@link FaultSettings.ignoreFieldsOnWrite} and {@link FaultSettings.dropEnvironmentsOnWrite}):
 * undoes part of a write just made to `key`, given the key as it was before (none on a
 * create). The reply is built from the request, so it still reports the whole change.
 */
export function undoIgnoredWrites(faults: FaultSettings, before: KeyRecord | undefined, key: KeyRecord): void {
  const ignored = new Set(faults.ignoreFieldsOnWrite);
  if (ignored.has('description')) key.description = before?.description ?? '';
  if (ignored.has('algorithm')) key.algorithm = before?.algorithm ?? null;
  if (ignored.has('alias')) {
    const aliases = new Map((before?.environments ?? []).map((env) => [env.environmentName, env.alias]));
    key.environments = key.environments.map((env) => ({ ...env, alias: aliases.get(env.environmentName) ?? null }));
  }
  const dropped = new Set(faults.dropEnvironmentsOnWrite);
  if (dropped.size > 0) key.environments = key.environments.filter((env) => !dropped.has(env.environmentName));
}
