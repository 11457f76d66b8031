import { compareText } from '../common/compare-text.js';
import { AppError, formatLocation, type SourceLocation } from '../common/app-error.js';
import { formatAddress } from '../core/model/domain.js';
import type { DeletionSettings, DesiredKey, DesiredProject, DesiredState, ProjectSettings } from '../core/model/desired-state.js';
import { convertKey, convertProjectSettings, convertSettings, declaresProjectSettings } from './convert-declarations.js';
import type { ParsedDocument } from './parse-desired-document.js';

interface ProjectDraft {
  readonly location: SourceLocation;
  settings?: { readonly value: ProjectSettings; readonly location: SourceLocation };
  readonly keys: Map<string, DesiredKey>;
}

/**
 * Merges parsed files into one desired state. Pure. A project may be spread over several
 * files, but each key, each project's settings and `defaults` are declared at most once:
 * a second declaration is a `duplicate_declaration` error naming both places, because
 * silently letting one file win would hide a conflict between files.
 */
export function mergeDesiredDocuments(documents: readonly ParsedDocument[]): DesiredState {
  let defaults: { value: DeletionSettings; location: SourceLocation } | undefined;
  const projects = new Map<string, ProjectDraft>();

  for (const document of documents) {
    const body = document.body;
    if (body.defaults !== undefined) {
      const location = document.locate(['defaults']);
      if (defaults) throw duplicate('Defaults are declared twice', defaults.location, location, 'Declare `defaults` in one file only.');
      defaults = { value: convertSettings(body.defaults), location };
    }
    for (const [name, rawProject] of Object.entries(body.projects ?? {})) {
      const location = document.locate(['projects', name]);
      const draft = projects.get(name) ?? { location, keys: new Map<string, DesiredKey>() };
      projects.set(name, draft);
      if (declaresProjectSettings(rawProject)) {
        if (draft.settings) {
          throw duplicate(
            `Settings of project ${JSON.stringify(name)} are declared twice`,
            draft.settings.location,
            location,
            "Declare a project's settings in one file; other files may list only its `keys`.",
          );
        }
        draft.settings = { value: convertProjectSettings(rawProject), location };
      }
      for (const [keyName, rawKey] of Object.entries(rawProject.keys ?? {})) {
        const key = convertKey(document, name, keyName, rawKey);
        const earlier = draft.keys.get(keyName);
        if (earlier) {
          throw duplicate(
            `Key ${formatAddress(name, keyName)} is declared twice`,
            earlier.location,
            key.location,
            'Declare each key once.',
          );
        }
        draft.keys.set(keyName, key);
      }
    }
  }

  return {
    defaults: defaults?.value ?? {},
    projects: [...projects.entries()].sort(([a], [b]) => compareText(a, b)).map(([name, draft]) => finishProject(name, draft)),
    documents: documents.map((document) => ({ file: document.file, sha256: document.sha256 })),
  };
}

function finishProject(name: string, draft: ProjectDraft): DesiredProject {
  return {
    name,
    settings: draft.settings?.value ?? {},
    keys: [...draft.keys.values()].sort((a, b) => compareText(a.name, b.name)),
    location: draft.location,
  };
}

function duplicate(what: string, first: SourceLocation, second: SourceLocation, hint: string): AppError {
  return new AppError({
    code: 'duplicate_declaration',
    fault: 'user',
    message: `${what}: at ${formatLocation(first)} and at ${formatLocation(second)}.`,
    hint,
    location: second,
  });
}
