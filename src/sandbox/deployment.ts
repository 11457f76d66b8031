import { renderDetailList } from './deployment-detail-list.js';
import type { EnvironmentOutcome } from './deployment-outcome.js';
import { DEPLOYMENT_WORDS } from './deployment-outcome.js';
import type { FaultSettings } from './public-types.js';

/**
 * The `deploymentResult` of a create, update or delete, in the shape the fault settings ask
 * for. An environment listed in the fault settings reports failure while the change itself
 * stands, as a real gateway that did not confirm would: the reply is still HTTP 200.
 */
export function buildDeploymentResult(
  faults: FaultSettings,
  deployTo: readonly string[],
  undeployFrom: readonly string[],
): Record<string, unknown> {
  const outcomes: EnvironmentOutcome[] = [
    ...deployTo.map((name) => ({ environmentName: name, kind: 'deploy' as const, success: !faults.failDeployEnvironments.includes(name) })),
    ...undeployFrom.map((name) => ({
      environmentName: name,
      kind: 'undeploy' as const,
      success: !faults.failUndeployEnvironments.includes(name),
    })),
  ];
  const noun = deployTo.length === 0 && undeployFrom.length > 0 ? DEPLOYMENT_WORDS.undeploy.noun : DEPLOYMENT_WORDS.deploy.noun;
  const failed = outcomes.filter((outcome) => !outcome.success).length;
  const success = failed === 0;
  const message = success
    ? `${noun} completed successfully`
    : `${noun} completed with errors: ${failed} of ${outcomes.length} environment${outcomes.length === 1 ? '' : 's'} failed`;
  switch (faults.deploymentShape) {
    case 'detailList':
      return renderDetailList(outcomes, success, message);
    case 'none':
      // The overall verdict only: a client must not read it as confirmed per environment.
      return { success, message };
    case 'environmentResults':
      return { success, message, environmentResults: outcomes.map(renderEnvironmentResult) };
  }
}

function renderEnvironmentResult(outcome: EnvironmentOutcome): Record<string, unknown> {
  const words = DEPLOYMENT_WORDS[outcome.kind];
  return {
    environmentName: outcome.environmentName,
    success: outcome.success,
    message: outcome.success
      ? words.done
      : `${words.noun} failed: environment (${outcome.environmentName}) did not confirm (sandbox fault)`,
  };
}
