import { formatAddress } from '../model/domain.js';
import type { DeletionSettings, DesiredKey, DesiredProject } from '../model/desired-state.js';
import type { LiveKey, LiveProject } from '../model/live-state.js';
import { materialKey, type MaterialGaps, type MaterialTable } from '../model/material.js';
import type { Blocker, DeleteEntry, FieldChange, KeySpec, Notice, PlanEntry } from '../model/plan.js';
import type { ComparisonMode, MaterialComparisons } from '../model/material-comparison.js';
import { chooseUpdateBody } from './choose-update-body.js';
import { compareText } from '../../common/compare-text.js';
import { diffKey, isComparableKeyType, nameLiveEnvironment } from './diff-key.js';
import { findUnaddressableNames, isAddressableName, isDeclarableName } from './find-unaddressable-names.js';
import { makeKeySpec, type UnreadMaterial } from './make-key-spec.js';
import { findMatchingGlob } from './match-glob.js';
import { reportUnreadMaterial, type MaterialUse } from './report-unread-material.js';
import type { PlanRequest } from '../model/plan-request.js';
import { resolveJwkDeleteAction, resolveUpdateSettings } from './resolve-settings.js';
import { isKeyInScope, type TargetScope } from './select-targets.js';

/** Everything planning one project needs; all plain data. */
export interface ProjectPlanContext {
  readonly project: DesiredProject;
  /** Undefined when the project was not read (a bug in the caller) or does not exist. */
  readonly live: LiveProject | undefined;
  readonly defaults: DeletionSettings;
  readonly materials: MaterialTable;
  /** Material that could not be read where the plan runs (an unset variable). */
  readonly materialGaps?: MaterialGaps;
  readonly overrides: PlanRequest['overrides'];
  readonly scope: TargetScope;
  readonly replaceContent: ReadonlySet<string>;
  /** Whether live material is compared in this project, and why; undefined: not compared (or skipped). */
  readonly comparisonMode?: ComparisonMode;
  readonly comparisons?: MaterialComparisons;
}

/** What planning each key of a project reads: the project's context and what is derived from it once. */
interface KeyPlanContext extends ProjectPlanContext {
  /** Names of the live project's environments. */
  readonly knownEnvironments: ReadonlySet<string>;
}

/** One project's share of the plan. */
export interface ProjectPlan {
  readonly entries: PlanEntry[];
  readonly blockers: Blocker[];
  readonly notices: Notice[];
}

/** Plans every in-scope key of one project: the union of the file's keys and the live keys. */
export function planProject(input: ProjectPlanContext): ProjectPlan {
  const { project, live, defaults, scope } = input;
  const context: KeyPlanContext = { ...input, knownEnvironments: new Set(live?.environments.map((env) => env.name)) };
  const result: ProjectPlan = { entries: [], blockers: [], notices: [] };
  const desiredByName = new Map(project.keys.map((key) => [key.name, key]));
  const liveByName = new Map((live?.keys ?? []).map((key) => [key.name, key]));
  const ignore = [...(defaults.ignore ?? []), ...(project.settings.ignore ?? [])];
  const prune = project.settings.prune ?? defaults.prune ?? true;
  const names = [...new Set([...desiredByName.keys(), ...liveByName.keys()])].sort(compareText);
  // Every such key of the project blocks, in scope of --target or not: a request meant for
  // it would reach another resource, so the plan waits until it is renamed.
  for (const blocker of findUnaddressableNames(project.name, liveByName.keys(), desiredByName.keys())) result.blockers.push(blocker);

  for (const name of names) {
    if (!isAddressableName(name) || !isKeyInScope(scope, project.name, name)) continue;
    const address = formatAddress(project.name, name);
    const pattern = findMatchingGlob(ignore, name);
    if (pattern !== undefined) {
      result.notices.push({ kind: 'ignored', address, message: `ignored: name matches ignore pattern "${pattern}"` });
      continue;
    }
    const desiredKey = desiredByName.get(name);
    const liveKey = liveByName.get(name);
    if (desiredKey?.state === 'present') {
      planPresentKey(context, desiredKey, liveKey, result);
    } else if (liveKey && !desiredKey && !isDeclarableName(name)) {
      // Never pruned: no file can list it, so its absence from the file is no decision.
      result.notices.push({
        kind: 'undeclarable',
        address,
        message:
          'left alone, never pruned: its name (leading or trailing whitespace, or a control character) can not be written in a desired-state file; rename it in the Manager to manage it',
      });
    } else if (liveKey && (desiredKey || prune)) {
      result.entries.push(planDelete(context, name, desiredKey, liveKey));
    } else if (liveKey) {
      result.notices.push({ kind: 'unmanaged', address, message: 'not managed by this file (prune is off); left alone' });
    } else {
      result.entries.push({ action: 'no-op', address, project: project.name, key: name, reason: 'absent, as the file wants' });
    }
  }
  return result;
}

function planPresentKey(context: KeyPlanContext, key: DesiredKey, liveKey: LiveKey | undefined, result: ProjectPlan): void {
  const { project, live } = context;
  const address = formatAddress(project.name, key.name);
  const unknown = live ? findUnknownEnvironments(key, context.knownEnvironments) : [];
  if (unknown.length > 0) {
    result.blockers.push({
      kind: 'unknown_environment',
      project: project.name,
      address,
      message: `Key ${address} names environment${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} that project "${project.name}" does not have.`,
      hint: `Known environments: ${live!.environments.map((env) => env.name).join(', ') || '(none)'}.`,
    });
    return;
  }
  const { spec, unread } = makeKeySpec(key, context.materials, context.materialGaps);
  // Most keys have all their material: then nothing below allocates for it.
  const report = (needed: (environment: string) => MaterialUse | undefined): void => {
    if (unread.length === 0) return;
    const found = reportUnreadMaterial(project.name, address, unread, needed);
    for (const blocker of found.blockers) result.blockers.push(blocker);
    for (const notice of found.notices) result.notices.push(notice);
  };
  if (!liveKey) {
    result.entries.push({ action: 'create', address, project: project.name, key: key.name, reason: 'not in the Manager', spec });
    report(() => 'create');
    return;
  }
  if (!isComparableKeyType(liveKey.keyType)) {
    result.notices.push({
      kind: 'legacy_type',
      address,
      message: `the Manager reports type "${liveKey.keyType}" (older API); type is not compared`,
    });
  }
  const changes: FieldChange[] = diffKey(spec, liveKey, { reportsAlgorithms: context.live?.partialUpdates === true });
  const drift = addMaterialDrift(context, key.name, spec, changes);
  const replace = context.replaceContent.has(address);
  if (replace) changes.push({ field: 'content', sensitive: true });
  // A live fingerprint can only be checked against material that was read; so can live material.
  const compare = (environment: string): MaterialUse | undefined => {
    if (findUncomparedEnvironments(unread, liveKey).includes(environment)) return 'compare';
    const deployed = liveKey.environments.some((live) => nameLiveEnvironment(live) === environment);
    return context.comparisonMode === 'flag' && deployed ? 'compare-live' : undefined;
  };
  if (changes.length === 0) {
    result.entries.push({ action: 'no-op', address, project: project.name, key: key.name, reason: 'matches the file' });
    report(compare);
    return;
  }
  const sends = chooseUpdateBody(changes, replace, live);
  const settings = resolveUpdateSettings(key, project, context.overrides, context.defaults);
  result.entries.push({
    address,
    project: project.name,
    key: key.name,
    action: 'update',
    reason: describeUpdateReason(changes, replace, drift),
    spec,
    changes,
    sends,
    ...settings,
    liveId: liveKey.id,
  });
  report(sends === 'everything' ? () => 'update' : compare);
}

/** Environments whose live material differs from the file's, or is missing there. */
interface MaterialDrift {
  readonly differs: readonly string[];
  readonly missing: readonly string[];
  /** The content changes that stand for them. */
  readonly fields: ReadonlySet<string>;
}

const NO_DRIFT: MaterialDrift = { differs: [], missing: [], fields: new Set() };

/**
 * Adds a content change for each environment whose live material the comparison found
 * different or missing (once: a legacy fingerprint may have found it already). Material
 * found the same adds nothing, so an update of other fields need not re-send it.
 */
function addMaterialDrift(context: ProjectPlanContext, keyName: string, spec: KeySpec, changes: FieldChange[]): MaterialDrift {
  const verdicts = context.comparisonMode === undefined ? undefined : context.comparisons?.verdicts;
  // Without comparison (the usual plan), nothing is allocated per key.
  if (verdicts === undefined || verdicts.size === 0) return NO_DRIFT;
  const differs: string[] = [];
  const missing: string[] = [];
  const fields = new Set<string>();
  for (const environment of spec.environments) {
    const verdict = verdicts.get(materialKey(context.project.name, keyName, environment.name));
    if (verdict !== 'differs' && verdict !== 'missing') continue;
    (verdict === 'differs' ? differs : missing).push(environment.name);
    const field = `environments.${environment.name}.content`;
    fields.add(field);
    if (!changes.some((change) => change.field === field)) changes.push({ field, sensitive: true });
  }
  return { differs, missing, fields };
}

/** `changed: description; material differs in production`: why an update, never a value. */
function describeUpdateReason(changes: readonly FieldChange[], replace: boolean, drift: MaterialDrift): string {
  if (replace && changes.length === 1) return 'content replacement requested';
  const others = changes.filter((change) => !drift.fields.has(change.field)).map((change) => change.field);
  const parts = [
    ...(others.length > 0 ? [`changed: ${others.join(', ')}`] : []),
    ...(drift.differs.length > 0 ? [`material differs in ${drift.differs.join(', ')}`] : []),
    ...(drift.missing.length > 0 ? [`no material in ${drift.missing.join(', ')}`] : []),
  ];
  return parts.join('; ');
}

function findUncomparedEnvironments(unread: readonly UnreadMaterial[], liveKey: LiveKey): string[] {
  if (unread.length === 0) return [];
  const fingerprinted = new Set(liveKey.environments.filter((env) => env.materialSha256 !== undefined).map(nameLiveEnvironment));
  return unread.map((item) => item.environment).filter((environment) => fingerprinted.has(environment));
}

function planDelete(context: KeyPlanContext, name: string, desiredKey: DesiredKey | undefined, liveKey: LiveKey): DeleteEntry {
  const { project } = context;
  const jwkDeleteAction = resolveJwkDeleteAction(desiredKey, project, context.overrides, context.defaults);
  return {
    action: 'delete',
    address: formatAddress(project.name, name),
    project: project.name,
    key: name,
    cause: desiredKey ? 'absent' : 'prune',
    reason: desiredKey ? 'state: absent in the file' : 'not in the file, and prune is on',
    jwkDeleteAction,
    environments: liveKey.environments.map(nameLiveEnvironment).sort(compareText),
    liveId: liveKey.id,
  };
}

function findUnknownEnvironments(key: DesiredKey, known: ReadonlySet<string>): string[] {
  const unknown: string[] = [];
  for (const env of key.environments) if (!known.has(env.name)) unknown.push(env.name);
  return unknown;
}
