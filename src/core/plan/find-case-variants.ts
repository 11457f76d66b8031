import { formatLocation } from '../../common/app-error.js';
import { formatAddress } from '../model/domain.js';
import type { DesiredKey, DesiredProject } from '../model/desired-state.js';
import type { LiveProject } from '../model/live-state.js';
import type { PlanEntry, PlanWarning } from '../model/plan.js';
import { compareText } from '../../common/compare-text.js';
import { isAddressableName } from './find-unaddressable-names.js';
import { findMatchingGlob } from './match-glob.js';
import { isKeyInScope, type TargetScope } from './select-targets.js';

/**
 * A key the file declares whose name no live key has exactly, and a live key of the same
 * project that no entry names exactly, whose names differ only in letter case or Unicode
 * normalization. Names stay case-sensitive (they are in Apinizer): this is a likely typo
 * to point out, never a match.
 */
export interface CaseVariant {
  readonly declared: DesiredKey;
  readonly liveName: string;
}

/** What finding a project's case variants reads. */
export interface CaseVariantContext {
  readonly project: DesiredProject;
  readonly live: LiveProject | undefined;
  /** The project's and the defaults' ignore globs: ignored names are not this file's to plan. */
  readonly ignore: readonly string[];
  readonly scope: TargetScope;
}

/**
 * Every case variant of a project, sorted by the declared name, then the live name. Only
 * names without an exact counterpart are compared: an entry that names its live key exactly
 * is about that key, whatever other variants the project holds. A pair counts when either
 * name is in `--target` scope, so targeting one of them still shows the other.
 */
export function findCaseVariants(context: CaseVariantContext): CaseVariant[] {
  const { project, live, ignore, scope } = context;
  const liveNames = new Set((live?.keys ?? []).map((key) => key.name));
  const declaredNames = new Set(project.keys.map((key) => key.name));
  const planned = (name: string) => isAddressableName(name) && findMatchingGlob(ignore, name) === undefined;
  // Only the unmatched names are folded: in the usual plan there are few or none.
  const unmatchedLive = new Map<string, string[]>();
  for (const name of liveNames) {
    if (declaredNames.has(name) || !planned(name)) continue;
    const folded = foldName(name);
    unmatchedLive.set(folded, [...(unmatchedLive.get(folded) ?? []), name]);
  }
  if (unmatchedLive.size === 0) return [];
  const variants: CaseVariant[] = [];
  for (const declared of project.keys) {
    if (liveNames.has(declared.name) || !planned(declared.name)) continue;
    for (const liveName of unmatchedLive.get(foldName(declared.name)) ?? []) {
      if (isKeyInScope(scope, project.name, declared.name) || isKeyInScope(scope, project.name, liveName)) {
        variants.push({ declared, liveName });
      }
    }
  }
  return variants.sort((a, b) => compareText(a.declared.name, b.declared.name) || compareText(a.liveName, b.liveName));
}

/**
 * One warning per case variant, saying what the plan does with each of the two names as
 * written. `entries` are the project's plan entries.
 */
export function makeCaseVariantWarnings(project: string, variants: readonly CaseVariant[], entries: readonly PlanEntry[]): PlanWarning[] {
  if (variants.length === 0) return [];
  const byKey = new Map(entries.filter((entry) => entry.project === project).map((entry) => [entry.key, entry]));
  return variants.map(({ declared, liveName }) => {
    const address = formatAddress(project, declared.name);
    const liveAddress = formatAddress(project, liveName);
    return {
      kind: 'case_variant',
      project,
      address,
      liveAddress,
      message:
        `File key ${address} and live key ${liveAddress} differ ${describeDifference(declared.name, liveName)}; ` +
        `names are case-sensitive, so the plan treats them as two keys: ${address} ${describeOutcome(byKey.get(declared.name))}, ` +
        `and ${liveAddress} ${describeOutcome(byKey.get(liveName))}.`,
      hint: `If the entry at ${formatLocation(declared.location)} is meant for the live key, write its exact name: ${JSON.stringify(liveName)}.`,
    };
  });
}

/**
 * The key two names share if they differ only in letter case or normalization form: NFC,
 * then upper and lower case (so `ß` and `SS` meet), then NFC again (casing can decompose).
 */
export function foldName(name: string): string {
  return foldCase(name.normalize('NFC')).normalize('NFC');
}

/** `only in letter case`, or the normalization wording with both names spelt out (they look the same). */
export function describeDifference(a: string, b: string): string {
  if (a.normalize('NFC') === b.normalize('NFC')) {
    return `only in Unicode normalization (the same text encoded differently: ${spellOut(a)} and ${spellOut(b)})`;
  }
  return foldCase(a) === foldCase(b) ? 'only in letter case' : 'only in letter case and Unicode normalization';
}

function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase();
}

/** The name with every non-ASCII code point as `\u{…}`, so two encodings of one text read differently. */
function spellOut(name: string): string {
  let text = '';
  for (const ch of name) {
    const point = ch.codePointAt(0)!;
    text += point > 0x7e || point < 0x20 ? `\\u{${point.toString(16)}}` : ch;
  }
  return JSON.stringify(text).replaceAll('\\\\', '\\');
}

function describeOutcome(entry: PlanEntry | undefined): string {
  switch (entry?.action) {
    case 'create':
      return 'will be created';
    case 'update':
      return 'will be updated';
    case 'delete':
      return `will be deleted (${entry.reason})`;
    case 'no-op':
      return `is left as it is (${entry.reason})`;
    case undefined:
      return 'is not changed';
  }
}
