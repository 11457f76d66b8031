import { describe, expect, it } from '@jest/globals';
import { readDeploymentReply } from '../../src/apinizer/read-deployment-reply.js';
import type { ReplyContext } from '../../src/apinizer/reply-envelope.js';

const context: ReplyContext = {
  baseUrl: 'https://m.example.com/apiops',
  method: 'DELETE',
  path: '/apiops/projects/P/keys/k/',
  secrets: ['s3cr3t-material-value'],
};

/** The OpenAPI `DeploymentResult`: nested per environment, then per gateway pod. */
describe('readDeploymentReply, detailList shape', () => {
  const pod = (podName: string, success: boolean, detail?: string) => ({
    podName,
    podIp: '10.0.0.1',
    success,
    responseTime: 5,
    ...(detail ? { detail } : {}),
  });

  it('a pod that failed inside HTTP 200 is a partial failure naming environment, pod and the Manager text', () => {
    const result = readDeploymentReply(
      {
        status: 'SUCCESS',
        deploymentResult: {
          success: false,
          detailList: [
            { envName: 'production', success: false, detailList: [pod('gw-0', true), pod('gw-1', false, 'connection refused')] },
            { envName: 'staging', success: true, detailList: [pod('gw-0', true)] },
          ],
        },
      },
      context,
    );
    expect(result.success).toBe(false);
    expect(result.environments).toEqual([
      { environmentName: 'production', pod: 'gw-0', success: true },
      { environmentName: 'production', pod: 'gw-1', success: false, message: 'connection refused' },
      { environmentName: 'staging', pod: 'gw-0', success: true },
    ]);
  });

  it('an environment that failed while every pod succeeded still fails, with its own detail', () => {
    const result = readDeploymentReply(
      {
        status: 'SUCCESS',
        deploymentResult: {
          success: true,
          detailList: [{ envName: 'production', success: false, detail: 'quorum lost', detailList: [pod('gw-0', true)] }],
        },
      },
      context,
    );
    expect(result.success).toBe(false);
    expect(result.environments).toContainEqual({ environmentName: 'production', success: false, message: 'quorum lost' });
  });

  it('per-environment entries without pods, and a result without any detail', () => {
    const flat = readDeploymentReply(
      { status: 'SUCCESS', deploymentResult: { success: true, detailList: [{ envName: 'production', success: true }] } },
      context,
    );
    expect(flat).toEqual({ success: true, environments: [{ environmentName: 'production', success: true }] });
    const bare = readDeploymentReply({ status: 'SUCCESS', deploymentResult: { success: true, responseTime: 12 } }, context);
    expect(bare).toEqual({ success: true, environments: [] });
  });

  it('an entry without a success flag is not confirmed; texts are scrubbed of what was sent', () => {
    const result = readDeploymentReply(
      {
        status: 'SUCCESS',
        deploymentResult: { detailList: [{ envName: 'production', detail: 'rejected s3cr3t-material-value' }, { envName: 'staging' }] },
      },
      context,
    );
    expect(result.success).toBe(false);
    expect(result.environments).toEqual([
      { environmentName: 'production', success: false, message: 'rejected (sensitive)' },
      { environmentName: 'staging', success: false, message: 'the Manager did not report success' },
    ]);
  });
});
