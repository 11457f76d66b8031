import { KEY_TYPES } from '../model/domain.js';
import type { LiveKey, LiveKeyEnvironment } from '../model/live-state.js';
import type { FieldChange, KeySpec } from '../model/plan.js';
import { compareText } from '../../common/compare-text.js';

/** Whether a live key type is one this tool can compare (older servers report `RSA`, `EC`, ...). */
export function isComparableKeyType(keyType: string): boolean {
  return (KEY_TYPES as readonly string[]).includes(keyType);
}

/** How a live environment is named in the plan when only its id is known. */
export function nameLiveEnvironment(environment: LiveKeyEnvironment): string {
  return environment.environmentName ?? `id:${environment.environmentId ?? '?'}`;
}

/**
 * Fields of a live key that differ from its desired form. Material is compared only
 * where the Manager returned it in plain (older API), by fingerprint, and the file's
 * material was read; the newer API encrypts it, so there it is write-only and never a
 * difference. The algorithm is compared when the Manager reports one, or when it speaks
 * the current API (which reports algorithms, so a secret key without one is a key the
 * Manager will refuse to update until it has one); older Managers report none, and that is
 * not a difference.
 */
export function diffKey(spec: KeySpec, live: LiveKey, manager: { readonly reportsAlgorithms?: boolean } = {}): FieldChange[] {
  const changes: FieldChange[] = [];
  if (spec.description !== live.description) {
    changes.push({ field: 'description', before: live.description, after: spec.description, sensitive: false });
  }
  if (isComparableKeyType(live.keyType) && spec.type !== live.keyType) {
    changes.push({ field: 'type', before: live.keyType, after: spec.type, sensitive: false });
  }
  const liveAlgorithm = live.algorithm ?? (manager.reportsAlgorithms === true ? '(none)' : undefined);
  if (spec.algorithm !== undefined && liveAlgorithm !== undefined && spec.algorithm !== liveAlgorithm) {
    changes.push({ field: 'algorithm', before: liveAlgorithm, after: spec.algorithm, sensitive: false });
  }
  // A key has a handful of environments: linear lookups allocate nothing per key, which
  // matters at 100,000 keys, where Maps per key were most of the planner's garbage.
  for (const env of spec.environments) {
    const liveEnv = live.environments.findLast((candidate) => nameLiveEnvironment(candidate) === env.name);
    if (!liveEnv) {
      changes.push({ field: `environments.${env.name}`, before: 'absent', after: 'deployed', sensitive: false });
      continue;
    }
    const liveAlias = liveEnv.alias ?? '';
    const desiredAlias = env.alias ?? '';
    // A Manager that does not report aliases (legacy) can not be compared; it would never converge.
    if (liveEnv.aliasUnknown !== true && liveAlias !== desiredAlias) {
      changes.push({ field: `environments.${env.name}.alias`, before: liveAlias, after: desiredAlias, sensitive: false });
    }
    if (liveEnv.materialSha256 !== undefined && env.material && liveEnv.materialSha256 !== env.material.sha256) {
      changes.push({ field: `environments.${env.name}.content`, sensitive: true });
    }
  }
  const undeployed = live.environments.map(nameLiveEnvironment).filter((name) => !spec.environments.some((env) => env.name === name));
  for (const name of [...new Set(undeployed)].sort(compareText)) {
    changes.push({ field: `environments.${name}`, before: 'deployed', after: 'absent', sensitive: false });
  }
  return changes;
}
