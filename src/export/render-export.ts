import { Document, isMap, isScalar, isSeq, Scalar, visit } from 'yaml';
import { SECRET_KEY_ALGORITHMS } from '../core/model/domain.js';
import type { LiveKey, LiveProject } from '../core/model/live-state.js';
import { schemaUrl } from '../common/schema-url.js';
import { isComparableKeyType, nameLiveEnvironment } from '../core/plan/diff-key.js';
import { hasUnsafeCharacters, printableLine, printableText } from '../core/render/printable.js';
import { isDeclarableName, toIgnoreGlob } from './declarable-name.js';
import { nameExportVariables, sortByName, sortEnvironments, variableSlot } from './name-variables.js';

/** A desired-state file made from live state, and the variables it needs set. */
export interface ExportedFile {
  readonly text: string;
  readonly variables: readonly { readonly name: string; readonly address: string; readonly environment: string }[];
  /**
   * Live keys whose names the file format cannot hold (see {@link isDeclarableName}): not
   * written as entries but under their project's `ignore`, so that plan neither fails on them
   * nor prunes them. `pattern` is the glob written; none for the empty name, which no glob holds.
   */
  readonly ignoredKeys: readonly { readonly project: string; readonly key: string; readonly pattern?: string }[];
}

/** Written above the `type:` of a SECRET_KEY the Manager reported no algorithm for. */
const NO_ALGORITHM_COMMENT = ` algorithm: the Manager reported none; add one of ${SECRET_KEY_ALGORITHMS.join(', ')} (validate refuses the key until then)`;

/**
 * Writes live projects as a desired-state file (format version 1). Material cannot be
 * exported, as the Manager returns it encrypted: each environment gets an `env:` source
 * with a generated variable name, and the file starts with a comment listing them, after the
 * `# yaml-language-server: $schema=` line that points editors at the published schema.
 * A SECRET_KEY gets the `algorithm` the Manager reports. Where it reports none (older
 * Managers), the field is left out rather than guessed, with a comment above the key's
 * `type:`: the schema requires it, so `validate` and `plan` refuse the file until someone
 * chooses, instead of an export silently changing a key's algorithm.
 * A live key whose name the format cannot hold is no entry but a glob under its project's
 * `ignore`, with a comment saying why (see {@link ExportedFile.ignoredKeys}).
 * Pure: the same projects always give the same text.
 */
export function renderExport(projects: readonly LiveProject[], origin: string): ExportedFile {
  return renderExportFiles([projects], origin)[0]!;
}

/**
 * {@link renderExport} for several files of one export (`export -o DIR/`): one per group of
 * projects. The variable names are unique across all of them and the same as one file of all
 * the projects would have: files that are planned together must not read one variable for two
 * keys (`a` + `b-c` and `a-b` + `c` both make `A_B_C_…`).
 */
export function renderExportFiles(groups: readonly (readonly LiveProject[])[], origin: string): ExportedFile[] {
  const variableNames = nameExportVariables(groups.flat());
  return groups.map((projects) => renderFile(projects, origin, variableNames));
}

/** Above a project's `ignore` when export wrote one: why those keys are not entries. */
const IGNORE_COMMENT = [
  " The file format cannot hold these live keys' names (leading or trailing whitespace, control",
  ' characters, . or ..), so they are ignored: plan neither changes nor prunes them. Rename them',
  ' in the Manager to manage them here.',
];
const IGNORE_WILDCARD_COMMENT = ' A * or ? in a name is written as ?, which matches it: globs have no escape.';

function renderFile(projects: readonly LiveProject[], origin: string, variableNames: ReadonlyMap<string, string>): ExportedFile {
  const variables: { name: string; address: string; environment: string }[] = [];
  const ignoredKeys: { project: string; key: string; pattern?: string }[] = [];
  const projectsNode: Record<string, unknown> = {};
  const notes: string[] = [];
  const withoutAlgorithm: [string, string][] = [];
  const withIgnore: [string, boolean][] = [];
  for (const project of sortByName(projects)) {
    const keys: Record<string, unknown> = {};
    const ignore: string[] = [];
    for (const key of sortByName(project.keys)) {
      if (!isDeclarableName(key.name)) {
        const pattern = toIgnoreGlob(key.name);
        ignoredKeys.push({ project: project.name, key: key.name, ...(pattern === undefined ? {} : { pattern }) });
        if (pattern !== undefined && !ignore.includes(pattern)) ignore.push(pattern);
        notes.push(describeIgnoredKey(project.name, key.name, pattern));
        continue;
      }
      const environments: Record<string, unknown> = {};
      for (const env of sortEnvironments(key)) {
        const environment = nameLiveEnvironment(env);
        const name = variableNames.get(variableSlot(project.name, key.name, environment))!;
        variables.push({ name, address: `${project.name}/${key.name}`, environment });
        environments[environment] = { ...(env.alias ? { alias: env.alias } : {}), content: { env: name } };
      }
      const address = `${project.name}/${key.name}`;
      const known = isComparableKeyType(key.keyType);
      if (!known) notes.push(`${address}: the Manager reports type ${key.keyType}; PRIVATE_KEY was written, check it.`);
      const algorithm = exportAlgorithm(key);
      if (algorithm.note) notes.push(`${address}: ${algorithm.note}`);
      if (key.keyType === 'SECRET_KEY' && algorithm.value === undefined) withoutAlgorithm.push([project.name, key.name]);
      keys[key.name] = {
        type: known ? key.keyType : 'PRIVATE_KEY',
        ...(algorithm.value === undefined ? {} : { algorithm: algorithm.value }),
        ...(key.description ? { description: key.description } : {}),
        environments,
      };
    }
    projectsNode[project.name] = { ...(ignore.length > 0 ? { ignore } : {}), keys };
    if (ignore.length > 0) withIgnore.push([project.name, ignore.some((pattern) => pattern.includes('?'))]);
  }
  const document = new Document({ version: 1, projects: projectsNode });
  for (const [project, key] of withoutAlgorithm) commentAboveType(document, project, key, NO_ALGORITHM_COMMENT);
  for (const [project, wildcards] of withIgnore) markIgnore(document, project, wildcards);
  document.commentBefore = [
    // First, so the YAML language server (VS Code, JetBrains, Neovim) completes and checks the file.
    ` yaml-language-server: $schema=${schemaUrl('desired-state')}`,
    ` Exported by apinizer-keys from ${origin}.`,
    ' Key material cannot be exported (the Manager returns it encrypted). Before running',
    ' plan, set each variable below to the key file text of that key and environment:',
    ...variables.map((v) => `   ${v.name}  (${v.address}, ${v.environment})`),
    ...(notes.length ? [' Check these:', ...notes.map((note) => `   ${note}`)] : []),
  ]
    // Comment lines quote names and the Manager's types: a newline in one must not end the comment.
    .map(printableLine)
    .join('\n');
  // A name or description with control or invisible characters is written double-quoted, where
  // YAML has escapes for each; the yaml library leaves DEL, C1 and U+2028 raw even there, so
  // they are escaped after it, which is exact inside double quotes and nowhere else is one left.
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasUnsafeCharacters(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return { text: printableText(document.toString({ lineWidth: 0 }), false), variables, ignoredKeys };
}

/** The algorithm to write for a live key (SECRET_KEYs only), and a note when it needs a look. */
function exportAlgorithm(key: LiveKey): { value?: string; note?: string } {
  if (key.keyType !== 'SECRET_KEY') return {};
  if (key.algorithm === undefined || key.algorithm === '') {
    return {
      note: `the Manager reports no algorithm for this SECRET_KEY; none was written, add one of ${SECRET_KEY_ALGORITHMS.join(', ')}.`,
    };
  }
  if (!(SECRET_KEY_ALGORITHMS as readonly string[]).includes(key.algorithm)) {
    // written as reported, so validate names it and suggests the right spelling
    return { value: key.algorithm, note: `the Manager reports algorithm ${key.algorithm}, which the file format does not take; check it.` };
  }
  return { value: key.algorithm };
}

function commentAboveType(document: Document, project: string, key: string, comment: string): void {
  const node = document.getIn(['projects', project, 'keys', key], true);
  if (!isMap(node)) return;
  const typePair = node.items.find((pair) => isScalar(pair.key) && pair.key.value === 'type');
  if (typePair && isScalar(typePair.key)) typePair.key.commentBefore = comment;
}

/** The header note on a key written under ignore; JSON quoting shows a name's whitespace and escapes. */
function describeIgnoredKey(project: string, key: string, pattern: string | undefined): string {
  const listed = pattern === undefined ? 'no glob can either, so it is not listed.' : 'it is listed under ignore.';
  return `${project}/${JSON.stringify(key)}: the file format cannot hold this name; ${listed} Rename it in the Manager to manage it.`;
}

/** Comments a project's `ignore` and double-quotes its globs, so whitespace at their ends shows and a tab or newline shows as its escape. */
function markIgnore(document: Document, project: string, wildcards: boolean): void {
  const node = document.getIn(['projects', project], true);
  if (!isMap(node)) return;
  const pair = node.items.find((item) => isScalar(item.key) && item.key.value === 'ignore');
  if (!pair || !isScalar(pair.key)) return;
  pair.key.commentBefore = [...IGNORE_COMMENT, ...(wildcards ? [IGNORE_WILDCARD_COMMENT] : [])].join('\n');
  if (isSeq(pair.value)) for (const item of pair.value.items) if (isScalar(item)) item.type = Scalar.QUOTE_DOUBLE;
}
