/** Whether environments are being deployed to or undeployed from. */
export type DeploymentKind = 'deploy' | 'undeploy';

/** One environment's outcome in a `deploymentResult`, before it is put in the configured shape. */
export interface EnvironmentOutcome {
  readonly environmentName: string;
  readonly kind: DeploymentKind;
  readonly success: boolean;
}

/** The words of the replies, by kind. */
export const DEPLOYMENT_WORDS = {
  deploy: { noun: 'Deployment', done: 'Deployed successfully' },
  undeploy: { noun: 'Undeployment', done: 'Undeployed successfully' },
} as const;
