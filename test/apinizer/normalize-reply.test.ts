import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { makeTestKeyPair } from '../support/test-keys.js';
import { AppError } from '../../src/common/app-error.js';
import { catchAppError } from '../support/catch-app-error.js';
import { normalizeKey } from '../../src/apinizer/normalize-key.js';
import { normalizeEnvironment, normalizeJwk, normalizeProject } from '../../src/apinizer/normalize-records.js';
import { readDeploymentReply } from '../../src/apinizer/read-deployment-reply.js';
import { readResultList, type ReplyContext } from '../../src/apinizer/reply-envelope.js';

const context: ReplyContext = { baseUrl: 'https://m.example.com/apiops', method: 'GET', path: '/apiops/projects/P/keys/' };

describe('readResultList', () => {
  it.each([
    [{ success: true, resultList: [1], resultCount: 1 }],
    [{ status: 'SUCCESS', resultList: [1], resultCount: 1 }],
    [{ resultList: [1] }],
  ])('accepts both envelopes and a missing flag: %j', (body) => {
    expect(readResultList(body, context)).toEqual([1]);
  });

  it.each([[{ success: true }], [{ success: true, resultList: { a: 1 } }], [[1, 2]], ['<html>'], [null], ['']])(
    'rejects %j as a bad reply naming the Manager and path',
    (body) => {
      const error = catchAppError(() => readResultList(body, context));
      expect(error).toMatchObject({ code: 'bad_reply', fault: 'manager' });
      expect(error.message).toContain('https://m.example.com/apiops');
      expect(error.message).toContain('GET /apiops/projects/P/keys/');
      expect(error.message).toContain('resultList');
    },
  );

  it('treats a failure flag in a 2xx reply as a server error', () => {
    const error = catchAppError(() =>
      readResultList({ success: false, error: 'internal_error', error_description: 'db down', resultList: [] }, context),
    );
    expect(error).toMatchObject({ code: 'server_error', fault: 'manager', http: { serverCode: 'internal_error' } });
    expect(error.message).toContain('db down');
    expect(catchAppError(() => readResultList({ status: 'FAILURE', resultList: [] }, context).length).code).toBe('server_error');
  });
});

describe('normalizeKey', () => {
  it('reads the newer shape without keeping the encrypted content', () => {
    const key = normalizeKey(
      {
        id: 'k-1',
        name: 'signing',
        description: 'JWT signing',
        projectId: 'p-1',
        keyType: 'PRIVATE_KEY',
        extra: { ignored: true },
        cryptoKeyInfoEnvironmentList: [
          { environmentId: 'env-1', content: 'ZW5jcnlwdGVk', alias: 'prod-signing' },
          { environmentId: 'env-2', environmentName: 'test', content: 'ZW5jcnlwdGVk', alias: '' },
        ],
      },
      context,
    );
    expect(key).toEqual({
      id: 'k-1',
      name: 'signing',
      description: 'JWT signing',
      keyType: 'PRIVATE_KEY',
      environments: [
        { environmentId: 'env-1', alias: 'prod-signing' },
        { environmentId: 'env-2', environmentName: 'test' },
      ],
    });
    expect(JSON.stringify(key)).not.toContain('ZW5jcnlwdGVk');
  });

  it('reads the older shape, keeping only the fingerprint of the plain material', () => {
    const privateKey = Buffer.from('private material').toString('base64');
    const publicKey = Buffer.from('public material').toString('base64');
    const key = normalizeKey(
      {
        name: 'legacy',
        keyType: 'RSA',
        cryptoKeyInfoEnvironmentList: [
          { environmentName: 'production', publicKey, privateKey },
          { environmentName: 'test', publicKey },
        ],
      },
      context,
    );
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(key).toEqual({
      name: 'legacy',
      description: '',
      keyType: 'RSA',
      environments: [
        { environmentName: 'production', materialSha256: sha('private material'), aliasUnknown: true },
        { environmentName: 'test', materialSha256: sha('public material'), aliasUnknown: true },
      ],
    });
    expect(JSON.stringify(key)).not.toContain(privateKey);
    expect(JSON.stringify(key)).not.toContain(publicKey);
  });

  it('fingerprints plain material sent back as PEM text by its bytes, as the file is, not as base64', () => {
    const pem = makeTestKeyPair('normalize-legacy').publicPem;
    const key = normalizeKey(
      { name: 'legacy', keyType: 'RSA', cryptoKeyInfoEnvironmentList: [{ environmentName: 'production', publicKey: pem }] },
      context,
    );
    expect(key.environments[0]?.materialSha256).toBe(createHash('sha256').update(Buffer.from(pem, 'utf8')).digest('hex'));
  });

  it('tolerates missing optional fields, never a missing type or a field of the wrong kind', () => {
    expect(normalizeKey({ name: 'bare', keyType: 'SECRET_KEY' }, context)).toEqual({
      name: 'bare',
      description: '',
      keyType: 'SECRET_KEY',
      environments: [],
    });
    expect(catchAppError(() => normalizeKey({ name: 'bare' }, context)).message).toContain('keyType to be a string');
    expect(catchAppError(() => normalizeKey({ name: 'k', keyType: 'SECRET_KEY', algorithm: 1 }, context)).message).toContain(
      'algorithm to be a string or null',
    );
    expect(catchAppError(() => normalizeKey({ name: 'k', keyType: 'SECRET_KEY', description: 5 }, context)).message).toContain(
      'description to be a string or null',
    );
    expect(
      normalizeKey({ name: 'n', keyType: 'PUBLIC_KEY', description: null, algorithm: null, cryptoKeyInfoEnvironmentList: null }, context),
    ).toMatchObject({
      description: '',
      environments: [],
    });
  });

  it.each([[{ description: 'no name' }], ['text'], [null]])('rejects %j', (item) => {
    expect(catchAppError(() => normalizeKey(item, context)).code).toBe('bad_reply');
  });
});

describe('other records', () => {
  it('reads projects, environments and JWKs, ignoring unknown fields', () => {
    expect(normalizeProject({ name: 'P', description: 'd', id: 'x' }, context)).toEqual({ name: 'P', description: 'd' });
    expect(normalizeProject({ name: 'P' }, context)).toEqual({ name: 'P' });
    expect(
      normalizeEnvironment({ id: 'e1', name: 'prod', description: 'x', type: 'PRODUCTION', status: 'DEPLOYED', accessUrl: 'u' }, context),
    ).toEqual({ id: 'e1', name: 'prod', type: 'PRODUCTION', status: 'DEPLOYED' });
    expect(
      normalizeJwk(
        {
          name: 'j',
          description: 'd',
          projectId: 'p',
          sourceType: 'PRIVATE_KEY',
          sourceId: 'signing',
          sourceUrl: null,
          type: 'RSA',
          kid: 'k1',
          key: 'secret',
        },
        context,
      ),
    ).toEqual({ name: 'j', description: 'd', sourceType: 'PRIVATE_KEY', sourceId: 'signing', type: 'RSA', kid: 'k1' });
    expect(catchAppError(() => normalizeJwk({ kid: 'x' }, context)).code).toBe('bad_reply');
  });
});

describe('readDeploymentReply', () => {
  it('maps environmentResults to environments', () => {
    const result = readDeploymentReply(
      {
        success: true,
        deploymentResult: {
          success: true,
          message: 'Undeployment completed successfully',
          environmentResults: [{ environmentName: 'production', success: true, message: 'Undeployed successfully' }],
        },
      },
      context,
    );
    expect(result).toEqual({
      success: true,
      message: 'Undeployment completed successfully',
      environments: [{ environmentName: 'production', success: true, message: 'Undeployed successfully' }],
    });
  });

  it('reports a failed environment inside HTTP 200 as overall failure', () => {
    const result = readDeploymentReply(
      {
        success: true,
        deploymentResult: {
          success: true,
          environmentResults: [
            { environmentName: 'production', success: true },
            { environmentName: 'test', success: false, message: 'gateway unreachable' },
            { environmentName: 'stage' },
          ],
        },
      },
      context,
    );
    expect(result.success).toBe(false);
    expect(result.environments).toEqual([
      { environmentName: 'production', success: true },
      { environmentName: 'test', success: false, message: 'gateway unreachable' },
      { environmentName: 'stage', success: false, message: 'the Manager did not report success' },
    ]);
  });

  it('reads the older status envelope', () => {
    const result = readDeploymentReply(
      { status: 'SUCCESS', deploymentResult: { status: 'SUCCESS', environmentResults: [{ environmentName: 'p', status: 'SUCCESS' }] } },
      context,
    );
    expect(result).toEqual({ success: true, environments: [{ environmentName: 'p', success: true }] });
  });

  it('treats a missing deploymentResult or an empty body as nothing failed', () => {
    expect(readDeploymentReply({ success: true }, context)).toEqual({ success: true, environments: [] });
    expect(readDeploymentReply('', context)).toEqual({ success: true, environments: [] });
  });

  it('rejects replies of the wrong shape', () => {
    expect(catchAppError(() => readDeploymentReply([1], context)).code).toBe('bad_reply');
    expect(catchAppError(() => readDeploymentReply({ deploymentResult: 'ok' }, context)).code).toBe('bad_reply');
    expect(catchAppError(() => readDeploymentReply({ success: false, error_description: 'nope' }, context)).code).toBe('server_error');
  });
});

describe('Manager texts inside 2xx replies', () => {
  const material = 'VEVTVCBPTkxZOiBlY2hvZWQgbWF0ZXJpYWw=';
  const withSecrets: ReplyContext = { ...context, method: 'POST', secrets: ['the-token', material] };

  it('scrubs what the request carried from per-environment and overall messages', () => {
    const result = readDeploymentReply(
      {
        success: true,
        deploymentResult: {
          success: false,
          message: `could not deploy ${material}`,
          environmentResults: [{ environmentName: 'production', success: false, message: `bad content ${material} for the-token` }],
        },
      },
      withSecrets,
    );
    expect(JSON.stringify(result)).not.toContain(material);
    expect(JSON.stringify(result)).not.toContain('the-token');
    expect(result.environments[0]?.message).toBe('bad content (sensitive) for (sensitive)');
  });

  it('scrubs an envelope failure description', () => {
    let caught: unknown;
    try {
      readDeploymentReply({ success: false, error_description: `rejected body {"content":"${material}"}` }, withSecrets);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(JSON.stringify(caught)).not.toContain(material);
    expect((caught as AppError).message).toContain('(sensitive)');
  });
});
