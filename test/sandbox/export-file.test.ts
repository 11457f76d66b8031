import { describe, expect, it } from '@jest/globals';
import { unzipSync } from 'fflate';
import type { SandboxSeed } from '../../src/sandbox/index.js';
import { useSandbox } from '../support/use-sandbox.js';

/** The sandbox's Export Key File, as the current reference describes it, and the admin way to replace material by hand. */

const b64 = (text: string) => Buffer.from(text).toString('base64');
const PEM = '-----BEGIN PRIVATE KEY-----\nTEST ONLY sandbox export\n-----END PRIVATE KEY-----\n';
const READER = 'tok-export-reader-read-only';
const EXPORTER = 'tok-export-exporter';

const seed: SandboxSeed = {
  projects: [
    {
      name: 'p',
      environments: [{ name: 'production' }, { name: 'staging' }],
      keys: [
        {
          name: 'sig',
          keyType: 'PRIVATE_KEY',
          environments: [
            { name: 'production', content: b64(PEM) },
            { name: 'staging', content: b64(PEM) },
          ],
        },
        { name: 'hmac', keyType: 'SECRET_KEY', environments: [{ name: 'production', content: b64('raw secret') }] },
      ],
    },
  ],
  tokens: [
    { token: READER, projects: { p: ['READ', 'MANAGE', 'DEPLOY_UNDEPLOY'] } },
    { token: EXPORTER, projects: { p: ['EXPORT_IMPORT'] } },
  ],
};

const sandbox = useSandbox({ seed }, { faults: true });

async function get(path: string, token = sandbox.token) {
  const response = await fetch(`${sandbox.url}/apiops/projects/p/keys/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('GET …/keys/{key}/export-file/', () => {
  it('without environmentName: a ZIP of <key>-<environment>.pem entries, the PEM as sent', async () => {
    const reply = await get('sig/export-file/', EXPORTER);
    expect(reply).toMatchObject({ status: 200, type: 'application/octet-stream' });
    expect(reply.disposition).toContain('filename="sig-keys.zip"');
    const entries = unzipSync(reply.bytes);
    expect(Object.keys(entries).sort()).toEqual(['sig-production.pem', 'sig-staging.pem']);
    expect(text(entries['sig-production.pem']!)).toBe(PEM);
  });

  it('with environmentName: that file; a SECRET_KEY as the base64 text it stores', async () => {
    const reply = await get('sig/export-file/?environmentName=staging');
    expect(reply).toMatchObject({ status: 200, type: 'application/x-pem-file' });
    expect(reply.disposition).toContain('filename="sig-staging.pem"');
    expect(text(reply.bytes)).toBe(PEM);
    expect(text((await get('hmac/export-file/?environmentName=production')).bytes)).toBe(b64('raw secret'));
  });

  it('needs EXPORT_IMPORT: 400 with the current generic text', async () => {
    const refused = await get('sig/export-file/', READER);
    expect(refused.status).toBe(400);
    expect(JSON.parse(text(refused.bytes))).toEqual({
      status: 'FAILURE',
      resultMessage: 'User does not have required permission for this operation!',
    });
  });

  it('is not there in the older generations (an unknown path)', async () => {
    sandbox.setApi('2026-01');
    try {
      expect((await get('sig/export-file/')).status).toBe(404);
    } finally {
      sandbox.setApi('current');
    }
  });

  it('material replaced by hand is what it exports; no material is a 400 naming the environments that have some', async () => {
    sandbox.replaceMaterial('p', 'sig', 'staging', b64('replaced'));
    expect(text((await get('sig/export-file/?environmentName=staging')).bytes)).toBe('replaced');
    sandbox.replaceMaterial('p', 'sig', 'staging', null);
    const none = await get('sig/export-file/?environmentName=staging');
    expect(none.status).toBe(400);
    expect(JSON.parse(text(none.bytes)).resultMessage).toBe('(sig) has no material for environment (staging)! Available: production');
    expect(Object.keys(unzipSync((await get('sig/export-file/')).bytes))).toEqual(['sig-production.pem']);
    sandbox.replaceMaterial('p', 'sig', 'production', null);
    expect(JSON.parse(text((await get('sig/export-file/')).bytes)).resultMessage).toBe('(sig) carries no environment material to export!');
    sandbox.replaceMaterial('p', 'sig', 'production', b64(PEM));
    sandbox.replaceMaterial('p', 'sig', 'staging', b64(PEM));
  });

  it('PUT /__sandbox/material does the same from another process, and refuses what does not exist', async () => {
    const put = (body: unknown) =>
      fetch(`${sandbox.url}/__sandbox/material`, {
        method: 'PUT',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    expect((await put({ project: 'p', key: 'hmac', environment: 'production', content: b64('by hand') })).status).toBe(204);
    expect(text((await get('hmac/export-file/?environmentName=production')).bytes)).toBe(b64('by hand'));
    const missing = await put({ project: 'p', key: 'hmac', environment: 'staging', content: b64('x') });
    expect(missing.status).toBe(400);
    expect((await put({ project: 'p', key: 'hmac', environment: 'production', content: 'not base64!' })).status).toBe(400);
    expect(() => sandbox.replaceMaterial('p', 'ghost', 'production', null)).toThrow('Cannot replace material');
  });
});
