import { REDACTED } from '../../common/secret.js';
import type { AffectedJwk, ChangeEntry, DeleteEntry, JwkEffect, PlannedEnvironment, UpdateEntry } from '../model/plan.js';
import type { PlanSummary } from '../model/plan-summary.js';

/** Shared phrasing, so text, Markdown and prompts say the same thing the same way. */

/**
 * `Plan: 1 to create, 2 to update, 0 to delete.`, or the no-changes sentence, which a
 * refused plan never gets: its blocked keys were not compared.
 */
export function formatSummaryLine(summary: PlanSummary, refused: boolean): string {
  if (!summary.hasChanges && !refused) return 'No changes. Live state matches the desired state.';
  return `Plan: ${formatChangeCounts(summary)}.`;
}

const EFFECT_WORDS: Record<JwkEffect, string> = {
  deleted: 'deleted',
  detached: 'detached, kept',
  reparsed: 're-parsed from the new key',
};

/** How a JWK effect reads in output. */
export function describeJwkEffect(effect: JwkEffect): string {
  return EFFECT_WORDS[effect];
}

/** One line about the JWKs made from a key. */
export function describeJwkImpactLine(jwks: readonly AffectedJwk[] | undefined): string {
  if (jwks === undefined) return 'JWKs made from this key: not read';
  if (jwks.length === 0) return 'JWKs made from this key: none';
  // One key's JWKs all share the key's action, hence one effect.
  const effect = jwks[0]!.effect;
  return `JWKs made from this key (${jwks.length}) will be ${describeJwkEffect(effect)}: ${jwks.map((jwk) => jwk.name).join(', ')}`;
}

/** A delete or update that deletes, detaches or re-parses at least one JWK made from its key. */
export type JwkChange = (DeleteEntry | UpdateEntry) & { readonly affectedJwks: readonly [AffectedJwk, ...AffectedJwk[]] };

/** Whether the change deletes, detaches or re-parses a JWK: the changes every output must make unmissable. */
export function changesJwks(entry: ChangeEntry): entry is JwkChange {
  return entry.action !== 'create' && entry.affectedJwks !== undefined && entry.affectedJwks.length > 0;
}

/**
 * `update, JWK update action NULLIFY (from api-default): 2 JWKs detached, kept`: what a
 * change does to the JWKs made from its key and which setting says so, without the names.
 */
export function describeJwkChange(entry: JwkChange): string {
  const setting = entry.action === 'delete' ? entry.jwkDeleteAction : entry.jwkUpdateAction;
  // One key's JWKs all share the key's action, hence one effect.
  const effect = describeJwkEffect(entry.affectedJwks[0].effect);
  return `${entry.action}, JWK ${entry.action} action ${describeSourcedSetting(setting)}: ${countNoun(entry.affectedJwks.length, 'JWK')} ${effect}`;
}

/** What all the changes do to JWKs: `3 JWKs made from 2 keys` and `2 deleted, 1 detached`. */
export function describeJwkChangeTotals(changes: readonly JwkChange[]): { readonly jwks: string; readonly effects: string } {
  const counts: Record<JwkEffect, number> = { deleted: 0, detached: 0, reparsed: 0 };
  for (const entry of changes) for (const jwk of entry.affectedJwks) counts[jwk.effect] += 1;
  const total = counts.deleted + counts.detached + counts.reparsed;
  const effects = (Object.keys(counts) as JwkEffect[])
    .filter((effect) => counts[effect] > 0)
    .map((effect) => `${counts[effect]} ${SHORT_EFFECT_WORDS[effect]}`);
  return { jwks: `${countNoun(total, 'JWK')} made from ${countNoun(changes.length, 'key')}`, effects: effects.join(', ') };
}

/**
 * `(sensitive) from file keys/a.pem`: where material comes from, never what it is;
 * `(not read here) from env VAR` when it could not be read where the plan ran.
 */
export function describeSource(env: PlannedEnvironment): string {
  return `${env.material ? REDACTED : '(not read here)'} from ${env.source}`;
}

/**
 * What an update's PUT carries, after `sends: `: `description only (stored material
 * untouched)`, or `the whole key with the material of every environment: production
 * (sensitive) from env X`.
 */
export function describeUpdateBody(entry: UpdateEntry): string {
  if (entry.sends === 'changed-fields') {
    const fields = [...new Set(entry.changes.map((change) => change.field))];
    return `${fields.join(' and ')} only (stored material untouched)`;
  }
  const environments = entry.spec.environments.map((env) => `${env.name} ${describeSource(env)}`);
  if (environments.length === 0) return 'the whole key (no environments)';
  return `the whole key with the material of every environment: ${environments.join(', ')}`;
}

/** `1 to create, 2 to update, 0 to delete`: the counts of a summary line, without its frame. */
export function formatChangeCounts(summary: PlanSummary): string {
  return `${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete`;
}

/**
 * The summary line of a drift check: what differs live from the file, phrased as drift.
 * Like {@link formatSummaryLine}, a refused plan never reads as "no drift": its blocked
 * keys were not compared.
 */
export function formatDriftLine(summary: PlanSummary, refused: boolean): string {
  if (!summary.hasChanges && !refused) return 'No drift. Live state matches the desired state.';
  if (!summary.hasChanges) return `Drift check incomplete: ${formatChangeCounts(summary)} among the keys compared.`;
  return `Drift detected: ${formatChangeCounts(summary)}.`;
}

/** `1 key`, `2 keys`. */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** `DELETE (from key)`: a setting's value and where it came from. */
export function describeSourcedSetting(setting: { readonly value: string; readonly source: string }): string {
  return `${setting.value} (from ${setting.source})`;
}

const SHORT_EFFECT_WORDS: Record<JwkEffect, string> = {
  deleted: 'deleted',
  detached: 'detached',
  reparsed: 're-parsed',
};

/** `2 deleted`, `none`, `not read`: the JWKs made from one key, in a few words (table cells). */
export function describeJwkImpactShort(jwks: readonly AffectedJwk[] | undefined): string {
  if (jwks === undefined) return 'not read';
  if (jwks.length === 0) return 'none';
  // One key's JWKs all share the key's action, hence one effect.
  return `${jwks.length} ${SHORT_EFFECT_WORDS[jwks[0]!.effect]}`;
}

/** Said of a deploy or undeploy reply that carried no per-environment results. */
export const NO_ENVIRONMENT_DETAIL = 'the Manager reported no per-environment detail';
