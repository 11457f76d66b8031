import { describe, expect, it } from '@jest/globals';
import { Secret } from '../../src/common/secret.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { b64, makeSeed, ODD_KEY, ODD_PROJECT, useSandboxClients } from './sandbox-fixture.js';

/** The client's creates, updates and deletes against the sandbox, and names that need encoding. */

const { sandbox, clients } = useSandboxClients({}, (shared) => {
  shared.setApi('current');
  shared.setFaults({ failUndeployEnvironments: [], failDeployEnvironments: [] });
});

const newKey = (name: string, content: string, environmentName = 'test') => ({
  name,
  description: `about ${name}`,
  keyType: 'SECRET_KEY' as const,
  algorithm: 'AES' as const,
  environments: [{ environmentName, alias: `${name}-alias`, content: new Secret(b64(content)) }],
});

/** The deployment result of creating a {@link newKey} in its default environment, in either reply envelope. */
const DEPLOYED_TO_TEST = {
  success: true,
  message: 'Deployment completed successfully',
  environments: [{ environmentName: 'test', success: true, message: 'Deployed successfully' }],
};

describe('writes', () => {
  it('reads deployment results of the legacy status envelope', async () => {
    sandbox.setApi('legacy');
    const client = clients.make();
    const created = await client.createKey('Shop', newKey('legacy-made', 'legacy material'));
    expect(created).toEqual(DEPLOYED_TO_TEST);
    const deleted = await client.deleteKey('Shop', 'legacy-made', 'NULLIFY');
    expect(deleted.environments).toEqual([{ environmentName: 'test', success: true, message: 'Undeployed successfully' }]);
  });
  it('creates a key with the documented body and deploys it', async () => {
    const client = clients.make();
    const result = await client.createKey('Shop', newKey('created', 'created material'));
    expect(result).toEqual(DEPLOYED_TO_TEST);
    const stored = sandbox
      .snapshot()
      .projects.find((project) => project.name === 'Shop')
      ?.keys.find((key) => key.name === 'created');
    expect(stored).toMatchObject({
      description: 'about created',
      keyType: 'SECRET_KEY',
      environments: [{ environmentName: 'test', content: b64('created material'), alias: 'created-alias' }],
    });
    await client.deleteKey('Shop', 'created', 'NULLIFY');
  });

  it('updates a key, sending jwkUpdateAction, updateScope and updateReferencedJwks', async () => {
    const client = clients.make();
    await client.createKey('Shop', newKey('to-update', 'v1'));
    sandbox.clearRequests();
    const result = await client.updateKey(
      'Shop',
      'to-update',
      { kind: 'whole', key: newKey('to-update', 'v2', 'production') },
      {
        jwkUpdateAction: 'UPDATE',
        updateScope: 'ALL_PROJECTS',
      },
    );
    expect(result.success).toBe(true);
    expect(result.environments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ environmentName: 'production', success: true }),
        expect.objectContaining({ environmentName: 'test', success: true }),
      ]),
    );
    expect(sandbox.requests()).toEqual([
      expect.objectContaining({
        method: 'PUT',
        path: '/apiops/projects/Shop/keys/to-update/',
        query: { jwkUpdateAction: 'UPDATE', updateScope: 'ALL_PROJECTS', updateReferencedJwks: 'true' },
        status: 200,
      }),
    ]);
    await client.updateKey(
      'Shop',
      'to-update',
      { kind: 'whole', key: newKey('to-update', 'v3') },
      { jwkUpdateAction: 'NULLIFY', updateScope: 'SAME_PROJECT' },
    );
    expect(sandbox.requests()[1]?.query).toEqual({
      jwkUpdateAction: 'NULLIFY',
      updateScope: 'SAME_PROJECT',
      updateReferencedJwks: 'false',
    });
    await client.deleteKey('Shop', 'to-update', 'NULLIFY');
  });

  it('renames a key by update', async () => {
    const client = clients.make();
    await client.createKey('Shop', newKey('old-name', 'rename me'));
    await client.updateKey(
      'Shop',
      'old-name',
      { kind: 'whole', key: newKey('new-name', 'rename me') },
      { jwkUpdateAction: 'NULLIFY', updateScope: 'SAME_PROJECT' },
    );
    const names = (await client.listKeys('Shop')).map((key) => key.name);
    expect(names).toContain('new-name');
    expect(names).not.toContain('old-name');
    await client.deleteKey('Shop', 'new-name', 'NULLIFY');
  });

  it('deletes with an explicit jwkDeleteAction, which reaches the JWKs', async () => {
    const client = clients.make();
    await client.createKey('Shop', newKey('with-jwk', 'jwk source'));
    // The seed's signing-jwk shows the JWK effect: DELETE removes it, NULLIFY detaches it.
    sandbox.clearRequests();
    const result = await client.deleteKey('Shop', 'with-jwk', 'NULLIFY');
    expect(result).toEqual({
      success: true,
      message: 'Undeployment completed successfully',
      environments: [{ environmentName: 'test', success: true, message: 'Undeployed successfully' }],
    });
    expect(sandbox.requests()).toEqual([
      expect.objectContaining({ method: 'DELETE', path: '/apiops/projects/Shop/keys/with-jwk/', query: { jwkDeleteAction: 'NULLIFY' } }),
    ]);
  });

  it('DELETE removes the JWKs made from the key; NULLIFY detaches them', async () => {
    const seeded = await startSandbox({ port: 0, seed: makeSeed() });
    try {
      const client = clients.make({ url: seeded.url, tokenText: seeded.token });
      await client.deleteKey('Shop', 'signing', 'DELETE');
      expect((await client.listJwks('Shop')).map((jwk) => jwk.name)).toEqual(['remote']);
    } finally {
      clients.closeAll();
      await seeded.close();
    }
    const other = await startSandbox({ port: 0, seed: makeSeed() });
    try {
      const client = clients.make({ url: other.url, tokenText: other.token });
      await client.deleteKey('Shop', 'signing', 'NULLIFY');
      const jwk = (await client.listJwks('Shop')).find((item) => item.name === 'signing-jwk');
      expect(jwk).toBeDefined();
      expect(jwk?.sourceId).toBeUndefined();
    } finally {
      clients.closeAll();
      await other.close();
    }
  });

  it('reports an environment that did not confirm the undeploy inside HTTP 200', async () => {
    const client = clients.make();
    await client.createKey('Shop', {
      ...newKey('half-undeployed', 'x'),
      environments: [
        { environmentName: 'production', content: new Secret(b64('p')) },
        { environmentName: 'test', content: new Secret(b64('t')) },
      ],
    });
    sandbox.setFaults({ failUndeployEnvironments: ['test'] });
    const result = await client.deleteKey('Shop', 'half-undeployed', 'NULLIFY');
    expect(result.success).toBe(false);
    expect(result.environments).toEqual([
      expect.objectContaining({ environmentName: 'production', success: true }),
      expect.objectContaining({ environmentName: 'test', success: false, message: expect.stringContaining('did not confirm') }),
    ]);
  });

  it('reports an environment that did not confirm the deploy', async () => {
    sandbox.setFaults({ failDeployEnvironments: ['test'] });
    const client = clients.make();
    const result = await client.createKey('Shop', newKey('half-deployed', 'x'));
    expect(result.success).toBe(false);
    expect(result.environments).toEqual([expect.objectContaining({ environmentName: 'test', success: false })]);
    sandbox.setFaults({ failDeployEnvironments: [] });
    await client.deleteKey('Shop', 'half-deployed', 'NULLIFY');
  });
});

describe('odd names', () => {
  it('round-trip through every call, each segment encoded on its own', async () => {
    const client = clients.make();
    sandbox.clearRequests();
    const body = { ...newKey(ODD_KEY, 'odd material', 'prod ü'), keyType: 'PUBLIC_KEY' as const };
    expect((await client.createKey(ODD_PROJECT, body)).success).toBe(true);
    expect((await client.listKeys(ODD_PROJECT)).map((key) => key.name)).toEqual([ODD_KEY]);
    const key = await client.getKey(ODD_PROJECT, ODD_KEY);
    expect(key).toMatchObject({ name: ODD_KEY, environments: [{ environmentName: 'prod ü', alias: `${ODD_KEY}-alias` }] });
    expect((await client.listEnvironments(ODD_PROJECT)).map((environment) => environment.name)).toEqual(['prod ü']);
    expect(await client.listJwks(ODD_PROJECT)).toEqual([]);
    const renamed = `${ODD_KEY} #2`;
    await client.updateKey(
      ODD_PROJECT,
      ODD_KEY,
      { kind: 'whole', key: { ...body, name: renamed } },
      { jwkUpdateAction: 'NULLIFY', updateScope: 'SAME_PROJECT' },
    );
    expect((await client.getKey(ODD_PROJECT, renamed)).name).toBe(renamed);
    await client.deleteKey(ODD_PROJECT, renamed, 'DELETE');
    expect(await client.listKeys(ODD_PROJECT)).toEqual([]);

    const project = encodeURIComponent(ODD_PROJECT);
    expect(sandbox.requests().map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      `POST /apiops/projects/${project}/keys/ 200`,
      `GET /apiops/projects/${project}/keys/ 200`,
      `GET /apiops/projects/${project}/keys/${encodeURIComponent(ODD_KEY)}/ 200`,
      `GET /apiops/projects/${project}/environments/ 200`,
      `GET /apiops/projects/${project}/jwks/ 200`,
      `PUT /apiops/projects/${project}/keys/${encodeURIComponent(ODD_KEY)}/ 200`,
      `GET /apiops/projects/${project}/keys/${encodeURIComponent(renamed)}/ 200`,
      `DELETE /apiops/projects/${project}/keys/${encodeURIComponent(renamed)}/ 200`,
      `GET /apiops/projects/${project}/keys/ 200`,
    ]);
  });
});

describe('current generation writes', () => {
  const settings = { jwkUpdateAction: 'NULLIFY', updateScope: 'SAME_PROJECT' } as const;
  const stored = (name: string) =>
    sandbox
      .snapshot()
      .projects.find((project) => project.name === 'Shop')
      ?.keys.find((key) => key.name === name);

  it('a fields-only update sends no environment list, and the stored material stays', async () => {
    const client = clients.make();
    await client.createKey('Shop', newKey('partial', 'kept material'));
    sandbox.clearRequests();
    await client.updateKey('Shop', 'partial', { kind: 'fields', description: 'new words', algorithm: 'DESede' }, settings);
    expect(stored('partial')).toMatchObject({
      description: 'new words',
      algorithm: 'DESede',
      environments: [{ environmentName: 'test', content: b64('kept material'), alias: 'partial-alias' }],
    });
    await client.deleteKey('Shop', 'partial', 'NULLIFY');
  });

  it.each(['environmentResults', 'detailList'] as const)(
    'a failed undeploy in %s names the environment and the Manager text',
    async (deploymentShape) => {
      const client = clients.make();
      await client.createKey('Shop', newKey(`undeploy-${deploymentShape}`, 'x'));
      sandbox.setFaults({ deploymentShape, failUndeployEnvironments: ['test'] });
      try {
        const result = await client.deleteKey('Shop', `undeploy-${deploymentShape}`, 'NULLIFY');
        expect(result.success).toBe(false);
        const failed = result.environments.filter((environment) => !environment.success);
        expect(failed.length).toBeGreaterThan(0);
        for (const environment of failed) {
          expect(environment.environmentName).toBe('test');
          expect(environment.message).toEqual(expect.any(String));
        }
        if (deploymentShape === 'detailList') expect(failed[0]?.pod).toEqual(expect.any(String));
      } finally {
        sandbox.setFaults({ deploymentShape: 'environmentResults', failUndeployEnvironments: [] });
      }
    },
  );

  it('a reply without per-environment detail confirms no environment', async () => {
    const client = clients.make();
    sandbox.setFaults({ deploymentShape: 'none' });
    try {
      const result = await client.createKey('Shop', newKey('no-detail', 'x'));
      expect(result.environments).toEqual([]);
    } finally {
      sandbox.setFaults({ deploymentShape: 'environmentResults' });
    }
    await client.deleteKey('Shop', 'no-detail', 'NULLIFY');
  });
});
