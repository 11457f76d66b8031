import { Document } from 'yaml';
import type { LiveProject } from '../core/model/live-state.js';
import { compareText } from '../core/plan/compare-text.js';
import { isComparableKeyType, nameLiveEnvironment } from '../core/plan/diff-key.js';
import { createVariableNamer } from './name-variables.js';

/** A desired-state file made from live state, and the variables it needs set. */
export interface ExportedFile {
  readonly text: string;
  readonly variables: readonly { readonly name: string; readonly address: string; readonly environment: string }[];
}

/**
 * Writes live projects as a desired-state file (format version 1). Material cannot be
 * exported, as the Manager returns it encrypted: each environment gets an `env:` source
 * with a generated variable name, and the file starts with a comment listing them.
 * Pure: the same projects always give the same text.
 */
export function renderExport(projects: readonly LiveProject[], origin: string): ExportedFile {
  const nameVariable = createVariableNamer();
  const variables: { name: string; address: string; environment: string }[] = [];
  const projectsNode: Record<string, unknown> = {};
  const typeNotes: string[] = [];
  for (const project of [...projects].sort((a, b) => compareText(a.name, b.name))) {
    const keys: Record<string, unknown> = {};
    for (const key of [...project.keys].sort((a, b) => compareText(a.name, b.name))) {
      const environments: Record<string, unknown> = {};
      for (const env of [...key.environments].sort((a, b) => compareText(nameLiveEnvironment(a), nameLiveEnvironment(b)))) {
        const name = nameVariable(project.name, key.name, nameLiveEnvironment(env));
        variables.push({ name, address: `${project.name}/${key.name}`, environment: nameLiveEnvironment(env) });
        environments[nameLiveEnvironment(env)] = { ...(env.alias ? { alias: env.alias } : {}), content: { env: name } };
      }
      const known = isComparableKeyType(key.keyType);
      if (!known) typeNotes.push(`${project.name}/${key.name}: the Manager reports type ${key.keyType}; PRIVATE_KEY was written, check it.`);
      keys[key.name] = {
        type: known ? key.keyType : 'PRIVATE_KEY',
        ...(key.description ? { description: key.description } : {}),
        environments,
      };
    }
    projectsNode[project.name] = { keys };
  }
  const document = new Document({ version: 1, projects: projectsNode });
  document.commentBefore = [
    ` Exported by apinizer-keys from ${origin}.`,
    ' Key material cannot be exported (the Manager returns it encrypted). Before running',
    ' plan, set each variable below to the key file text of that key and environment:',
    ...variables.map((v) => `   ${v.name}  (${v.address}, ${v.environment})`),
    ...(typeNotes.length ? [' Check these:', ...typeNotes.map((note) => `   ${note}`)] : []),
  ].join('\n');
  return { text: document.toString({ lineWidth: 0 }), variables };
}
