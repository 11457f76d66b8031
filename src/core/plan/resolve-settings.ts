import { API_DEFAULTS, type JwkDeleteAction, type JwkUpdateAction, type UpdateScope } from '../model/domain.js';
import type { DeletionSettings, DesiredKey, DesiredProject } from '../model/desired-state.js';
import type { SettingSource, Sourced } from '../model/plan.js';
import type { PlanRequest } from '../model/plan-request.js';

/** The command line's settings, which take part in precedence. */
type Overrides = PlanRequest['overrides'];

type ActionSetting = 'jwkDeleteAction' | 'jwkUpdateAction' | 'updateScope';
type SettingValue<K extends ActionSetting> = NonNullable<DeletionSettings[K]>;

/**
 * Effective value of a JWK setting and where it came from. Precedence, highest first:
 * the key's own entry, the project, the command-line flag, the file's defaults, the API default.
 */
export function resolveSetting<K extends ActionSetting>(
  name: K,
  layers: {
    readonly key?: Pick<DesiredKey, ActionSetting>;
    readonly project?: DesiredProject;
    readonly overrides: Overrides;
    readonly defaults: DeletionSettings;
  },
): Sourced<SettingValue<K>> {
  const candidates: [SettingSource, SettingValue<K> | undefined][] = [
    ['key', layers.key?.[name] as SettingValue<K> | undefined],
    ['project', layers.project?.settings[name] as SettingValue<K> | undefined],
    ['flag', (layers.overrides as Partial<Record<ActionSetting, SettingValue<K>>>)[name]],
    ['defaults', layers.defaults[name] as SettingValue<K> | undefined],
  ];
  for (const [source, value] of candidates) {
    if (value !== undefined) return { value, source };
  }
  return { value: API_DEFAULTS[name], source: 'api-default' };
}

/** Effective JWK delete action for a key (the key may be gone from the file). */
export function resolveJwkDeleteAction(
  key: DesiredKey | undefined,
  project: DesiredProject,
  overrides: Overrides,
  defaults: DeletionSettings,
): Sourced<JwkDeleteAction> {
  return resolveSetting('jwkDeleteAction', { key, project, overrides, defaults });
}

/** Effective JWK update action and scope for a key. */
export function resolveUpdateSettings(
  key: DesiredKey,
  project: DesiredProject,
  overrides: Overrides,
  defaults: DeletionSettings,
): { jwkUpdateAction: Sourced<JwkUpdateAction>; updateScope: Sourced<UpdateScope> } {
  return {
    jwkUpdateAction: resolveSetting('jwkUpdateAction', { key, project, overrides, defaults }),
    updateScope: resolveSetting('updateScope', { key, project, overrides, defaults }),
  };
}
