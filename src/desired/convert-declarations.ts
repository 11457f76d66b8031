import { resolve } from 'node:path';
import { Secret } from '../common/secret.js';
import type { ContentSource, DeletionSettings, DesiredEnvironment, DesiredKey, ProjectSettings } from '../core/model/desired-state.js';
import type { RawContent, RawDefaults, RawKey, RawProject } from './document-body.js';
import type { ParsedDocument } from './parse-desired-document.js';

import { compareText } from '../common/compare-text.js';

/** The settings a `defaults` or project mapping declares, without fields it leaves out. */
export function convertSettings(raw: RawDefaults): DeletionSettings {
  const settings: { -readonly [K in keyof DeletionSettings]: DeletionSettings[K] } = {};
  if (raw.jwkDeleteAction !== undefined) settings.jwkDeleteAction = raw.jwkDeleteAction;
  if (raw.jwkUpdateAction !== undefined) settings.jwkUpdateAction = raw.jwkUpdateAction;
  if (raw.updateScope !== undefined) settings.updateScope = raw.updateScope;
  if (raw.prune !== undefined) settings.prune = raw.prune;
  if (raw.ignore !== undefined) settings.ignore = [...raw.ignore];
  if (raw.protect !== undefined) settings.protect = [...raw.protect];
  if (raw.maxDeletions !== undefined) settings.maxDeletions = raw.maxDeletions;
  if (raw.compareMaterial !== undefined) settings.compareMaterial = raw.compareMaterial;
  return settings;
}

/** A project's own settings; empty when the mapping holds only `keys`. */
export function convertProjectSettings(raw: RawProject): ProjectSettings {
  const settings = convertSettings(raw);
  return raw.allowEmpty === undefined ? settings : { ...settings, allowEmpty: raw.allowEmpty };
}

/** Whether a project mapping declares any setting (anything besides `keys`). */
export function declaresProjectSettings(raw: RawProject): boolean {
  return Object.keys(raw).some((field) => field !== 'keys');
}

/** A key as the planner sees it; environments in name order. */
export function convertKey(document: ParsedDocument, project: string, name: string, raw: RawKey): DesiredKey {
  const path = ['projects', project, 'keys', name];
  const environments: DesiredEnvironment[] = Object.entries(raw.environments ?? {})
    .sort(([a], [b]) => compareText(a, b))
    .map(([environment, rawEnvironment]) => ({
      name: environment,
      ...(rawEnvironment.alias === undefined ? {} : { alias: rawEnvironment.alias }),
      content: convertContent(document, rawEnvironment.content),
      location: document.locate([...path, 'environments', environment]),
    }));
  const state = raw.state ?? 'present';
  return {
    project,
    name,
    state,
    ...(raw.type === undefined ? {} : { type: raw.type }),
    ...(raw.algorithm === undefined ? {} : { algorithm: raw.algorithm }),
    description: raw.description ?? '',
    environments: state === 'absent' ? [] : environments,
    ...(raw.jwkDeleteAction === undefined ? {} : { jwkDeleteAction: raw.jwkDeleteAction }),
    ...(raw.jwkUpdateAction === undefined ? {} : { jwkUpdateAction: raw.jwkUpdateAction }),
    ...(raw.updateScope === undefined ? {} : { updateScope: raw.updateScope }),
    ...(raw.protect === undefined ? {} : { protect: raw.protect }),
    location: document.locate(path),
  };
}

/** Inline material goes into a Secret at once, so no plain field ever holds it. */
function convertContent(document: ParsedDocument, raw: RawContent): ContentSource {
  if (raw.file !== undefined) return { kind: 'file', path: raw.file, resolvedPath: resolve(document.baseDir, raw.file) };
  if (raw.env !== undefined) return { kind: 'env', name: raw.env };
  if (raw.base64 !== undefined) return { kind: 'base64', value: new Secret(raw.base64) };
  // the schema requires exactly one source, so this is a bug, not bad input
  throw new Error('content source without file, env or base64 passed schema validation');
}
