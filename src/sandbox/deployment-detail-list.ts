import type { EnvironmentOutcome } from './deployment-outcome.js';
import { DEPLOYMENT_WORDS } from './deployment-outcome.js';

/** Gateway pods per environment: two, so that one can fail while the other confirms. */
const PODS_PER_ENVIRONMENT = 2;
/** Milliseconds a pod "takes"; fixed, so replies are repeatable. */
const POD_RESPONSE_MS = [12, 15] as const;

/**
 * The OpenAPI `DeploymentResult` form: a root with one `detailList` entry per environment,
 * each with one entry per gateway pod. A failed environment has its second pod fail with a
 * `detail` text, and `success: false` on the environment and the root.
 */
export function renderDetailList(outcomes: readonly EnvironmentOutcome[], success: boolean, message: string): Record<string, unknown> {
  const environments = outcomes.map((outcome, index) => renderEnvironment(outcome, index));
  return {
    success,
    responseTime: environments.reduce((sum, environment) => sum + (environment['responseTime'] as number), 0),
    envName: null,
    podName: null,
    podIp: null,
    detail: message,
    detailList: environments,
  };
}

function renderEnvironment(outcome: EnvironmentOutcome, index: number): Record<string, unknown> {
  const words = DEPLOYMENT_WORDS[outcome.kind];
  const pods = Array.from({ length: PODS_PER_ENVIRONMENT }, (_, pod) => {
    const podName = `worker-${outcome.environmentName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${pod}`;
    const failed = !outcome.success && pod === PODS_PER_ENVIRONMENT - 1;
    return {
      success: !failed,
      responseTime: POD_RESPONSE_MS[pod] ?? 10,
      envName: outcome.environmentName,
      podName,
      podIp: `10.0.${index + 1}.${pod + 1}`,
      detail: failed ? `${words.noun} failed on pod ${podName}: gateway did not confirm (sandbox fault)` : null,
      detailList: [],
    };
  });
  return {
    success: outcome.success,
    responseTime: Math.max(...pods.map((pod) => pod.responseTime)),
    envName: outcome.environmentName,
    podName: null,
    podIp: null,
    detail: outcome.success
      ? null
      : `${words.noun} failed on 1 of ${PODS_PER_ENVIRONMENT} pods of environment (${outcome.environmentName})`,
    detailList: pods,
  };
}
