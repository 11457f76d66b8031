import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { runOperation } from '../../src/apply/run-operation.js';
import { Secret } from '../../src/common/secret.js';
import { Material } from '../../src/core/model/material.js';
import type { CreateEntry } from '../../src/core/model/plan.js';
import { client, json, serve } from '../apinizer/fake-manager.js';

/** A create that meets the key already there: whose key it is decides whether it counts as done. */

const BYTES = Buffer.from('create-conflict test material');
const SHA = createHash('sha256').update(BYTES).digest('hex');

const CREATE: CreateEntry = {
  action: 'create',
  address: 'p/k',
  project: 'p',
  key: 'k',
  reason: 'not in the Manager',
  spec: {
    type: 'SECRET_KEY',
    algorithm: 'AES',
    description: 'd',
    environments: [{ name: 'production', source: 'inline base64', material: new Material(new Secret(BYTES.toString('base64')), SHA) }],
  },
};

/** The key as a Manager lists it: same fields as planned; `fingerprint` as an older Manager reports plain material. */
function liveKey(fingerprint?: Buffer) {
  const environment = { environmentName: 'production', alias: '', ...(fingerprint ? { privateKey: fingerprint.toString('base64') } : {}) };
  return { name: 'k', keyType: 'SECRET_KEY', algorithm: 'AES', description: 'd', cryptoKeyInfoEnvironmentList: [environment] };
}

/** POSTs answer `post(index)`; GET of the key answers it as `liveKey(fingerprint)` once `visibleAfter` POSTs were sent. */
async function serveConflict(post: (index: number) => [number, unknown], fingerprint?: Buffer, visibleAfter = 0) {
  let posts = 0;
  return serve((request, response) => {
    if (request.method === 'POST') {
      const [status, body] = post(posts++);
      json(response, status, body);
    } else if (posts < visibleAfter) json(response, 400, { status: 'FAILURE', resultMessage: 'Key (name: k) is not found!' });
    else json(response, 200, { status: 'SUCCESS', resultList: [liveKey(fingerprint)], resultCount: 1 });
  });
}

const CONFLICT: [number, unknown] = [
  400,
  { status: 'FAILURE', resultMessage: 'Key (name: k) is already exist! Try update operation if want to change its value.' },
];

describe('a create answered "already exist"', () => {
  it('on its first attempt, with material the Manager does not show, is a conflict, not "already exists as planned"', async () => {
    const server = await serveConflict(() => CONFLICT);
    const outcome = await runOperation(client(server.url, { retries: 0 }), CREATE);
    expect(outcome).toMatchObject({ status: 'failed', code: 'conflict' });
    expect(JSON.stringify(outcome)).toContain('created by someone else since the plan was made');
    expect(JSON.stringify(outcome)).toContain('--compare-material');
  });

  it('on its first attempt, where an older Manager fingerprints the same material, is already done', async () => {
    const server = await serveConflict(() => CONFLICT, BYTES);
    expect(await runOperation(client(server.url, { retries: 0 }), CREATE)).toMatchObject({
      status: 'already-done',
      note: 'already exists as planned',
    });
  });

  it('on its first attempt, where an older Manager fingerprints other material, is a conflict naming the content', async () => {
    const server = await serveConflict(() => CONFLICT, Buffer.from('someone else'));
    const outcome = await runOperation(client(server.url, { retries: 0 }), CREATE);
    expect(outcome).toMatchObject({ status: 'failed', code: 'conflict' });
    expect(JSON.stringify(outcome)).toContain('environments.production.content');
  });

  it("after an attempt that failed without an answer, is this run's own create, confirmed by reading it back", async () => {
    // The first POST's answer was lost and the key not yet readable; the second meets the key the first made.
    const server = await serveConflict(
      (index) => (index === 0 ? [503, { status: 'FAILURE', resultMessage: 'busy' }] : CONFLICT),
      undefined,
      2,
    );
    expect(await runOperation(client(server.url, { retries: 0 }), CREATE)).toMatchObject({
      status: 'already-done',
      note: 'created (confirmed by reading it back)',
    });
    expect(server.seen.map((seen) => seen.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
  });
});
