import type { DeploymentResult, EnvironmentResult } from '../core/model/live-state.js';
import type { ChangeEntry } from '../core/model/plan.js';

/**
 * The environments a change must deploy or undeploy, as the plan knows them: a create's,
 * a whole-key update's (kept, added and dropped ones), a delete's. Undefined for an update of
 * changed fields only, whose redeploy covers whatever the Manager holds. Environments known
 * only by an id the Manager did not name (`id:…`) cannot be matched and are left out.
 */
export function listExpectedEnvironments(entry: ChangeEntry): readonly string[] | undefined {
  switch (entry.action) {
    case 'create':
      return entry.spec.environments.map((environment) => environment.name);
    case 'update': {
      if (entry.sends !== 'everything') return undefined;
      const dropped = entry.changes
        .filter((change) => change.before === 'deployed' && change.after === 'absent' && change.field.startsWith('environments.'))
        .map((change) => change.field.slice('environments.'.length));
      return [...entry.spec.environments.map((environment) => environment.name), ...dropped];
    }
    case 'delete':
      return entry.environments.filter((name) => !name.startsWith('id:'));
  }
}

/**
 * The deployment result with a failed entry for every expected environment it does not
 * mention. A Manager that answers per environment but leaves one out has not confirmed it
 * (the reference does not say what a PUT does to an environment its list leaves out; a
 * Manager that keeps it deployed says nothing about it). A result without any
 * per-environment detail is left as it is: it confirms no environment, and says so.
 */
export function markUnreportedEnvironments(deployment: DeploymentResult, expected: readonly string[] | undefined): DeploymentResult {
  if (expected === undefined || deployment.environments.length === 0) return deployment;
  const reported = new Set(deployment.environments.map((environment) => environment.environmentName));
  const missing: EnvironmentResult[] = [...new Set(expected)]
    .filter((name) => !reported.has(name))
    .map((environmentName) => ({ environmentName, success: false, message: 'the Manager did not report this environment' }));
  return missing.length === 0 ? deployment : { ...deployment, success: false, environments: [...deployment.environments, ...missing] };
}
