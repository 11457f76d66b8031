import type { FaultSettings } from './public-types.js';

/** Whether environments are being deployed to or undeployed from. */
export type DeploymentKind = 'deploy' | 'undeploy';

/** One environment's outcome inside `deploymentResult`. */
interface EnvironmentOutcome {
  environmentName: string;
  success: boolean;
  message: string;
}

const WORDS = {
  deploy: { noun: 'Deployment', done: 'Deployed successfully' },
  undeploy: { noun: 'Undeployment', done: 'Undeployed successfully' },
} as const;

/**
 * The `deploymentResult` of a create, update or delete. An environment listed in the fault
 * settings reports failure while the change itself stands, as a real gateway that did not
 * confirm would: the reply is still HTTP 200.
 */
export function buildDeploymentResult(
  faults: FaultSettings,
  deployTo: readonly string[],
  undeployFrom: readonly string[],
): Record<string, unknown> {
  const outcomes: EnvironmentOutcome[] = [
    ...deployTo.map((name) => outcomeOf('deploy', name, faults.failDeployEnvironments.includes(name))),
    ...undeployFrom.map((name) => outcomeOf('undeploy', name, faults.failUndeployEnvironments.includes(name))),
  ];
  const noun = deployTo.length === 0 && undeployFrom.length > 0 ? WORDS.undeploy.noun : WORDS.deploy.noun;
  const failed = outcomes.filter((outcome) => !outcome.success).length;
  return {
    success: failed === 0,
    message:
      failed === 0
        ? `${noun} completed successfully`
        : `${noun} completed with errors: ${failed} of ${outcomes.length} environment${outcomes.length === 1 ? '' : 's'} failed`,
    environmentResults: outcomes,
  };
}

function outcomeOf(kind: DeploymentKind, environmentName: string, fail: boolean): EnvironmentOutcome {
  if (!fail) return { environmentName, success: true, message: WORDS[kind].done };
  return {
    environmentName,
    success: false,
    message: `${WORDS[kind].noun} failed: environment (${environmentName}) did not confirm (sandbox fault)`,
  };
}
