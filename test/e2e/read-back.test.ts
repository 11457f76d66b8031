/**
 * End to end: reading back after apply. A Manager that answers success without doing (all
 * of) a change makes the apply exit 1, naming the key, the field, what was planned and what
 * the Manager shows; a faithful one gets "Read back: N of N changes confirmed". The re-read
 * costs one key list per changed project, plus the JWK list where a delete affects JWKs.
 */
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultSettings, SandboxSeed } from '../../src/sandbox/index.js';
import { toBase64 } from '../support/e2e.js';
import { desiredFile, seedKey, seedKeyJwk, seedProject, seedSecret, wantKey } from '../support/scenario.js';
import { openWorld, type World } from '../support/world.js';
import { parseStdout, planSchemaErrors } from './gitops-support.js';

const OLD = toBase64('TEST ONLY: old material');
const FRESH = toBase64('TEST ONLY: fresh material');

const seed: SandboxSeed = {
  projects: [
    seedProject(
      'payments',
      ['production', 'staging'],
      [
        seedSecret('change', 'old text', { production: OLD }),
        seedKey('gone', 'PRIVATE_KEY', { production: OLD }),
        seedKey('absent-me', 'PRIVATE_KEY', { production: OLD }),
      ],
      [seedKeyJwk('gone-jwk', 'gone'), seedKeyJwk('absent-jwk', 'absent-me')],
    ),
    seedProject('orders', ['production'], [seedSecret('stay', undefined, { production: OLD })]),
  ],
};

/** payments: one create (two environments, an alias), one update, two deletes (NULLIFY keeps gone-jwk, DELETE removes absent-jwk); orders: one create. */
const desiredYaml = desiredFile({
  payments: {
    keys: {
      change: wantKey('new text', { production: { base64: OLD } }),
      fresh: wantKey('brand new', { production: { alias: 'live', content: { base64: FRESH } }, staging: { base64: FRESH } }),
      'absent-me': { state: 'absent', jwkDeleteAction: 'DELETE' },
    },
  },
  orders: {
    keys: { stay: wantKey(undefined, { production: { base64: OLD } }), added: wantKey(undefined, { production: { base64: FRESH } }) },
  },
});

function worldWith(faults: Partial<FaultSettings> = {}): Promise<World> {
  return openWorld({ seed, faults, files: { 'apinizer-keys.yaml': desiredYaml } });
}

/** The trimmed lines of the summary that name `address` as unconfirmed, and the mismatch lines under it. */
function unconfirmedLines(stdout: string, address: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.trim().startsWith(`${address}: UNCONFIRMED`));
  if (start < 0) throw new Error(`${address} is not named unconfirmed in:\n${stdout}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith('      '));
  return rest.slice(0, end < 0 ? undefined : end).map((line) => line.trim());
}

describe('read back after apply', () => {
  it('confirms a faithful apply, at the cost of one key list per changed project and one JWK list', async () => {
    const world = await worldWith();
    const run = await world.cli(['apply', '--auto-approve']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply complete: 2 created, 1 updated, 2 deleted.');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Read back: 5 of 5 changes confirmed in 2 projects.');
    const requests = world.sandbox.requests();
    const lastMutation = requests.findLastIndex((request) => request.method !== 'GET');
    const after = requests.slice(lastMutation + 1).map((request) => `${request.method} ${request.path}`);
    expect(after.sort()).toEqual([
      'GET /apiops/projects/orders/keys/',
      'GET /apiops/projects/payments/jwks/',
      'GET /apiops/projects/payments/keys/',
    ]);
  });

  it('names a description the Manager kept unchanged (ignoreFieldsOnWrite), and exits 1', async () => {
    const world = await worldWith({ ignoreFieldsOnWrite: ['description'] });
    const run = await world.cli(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Apply failed: 1 created, 0 updated, 2 deleted; 0 partial, 0 failed, 0 not run, 2 unconfirmed.');
    expect(unconfirmedLines(run.stdout, 'payments/change')).toEqual(['description: planned "new text", the Manager shows "old text"']);
    expect(unconfirmedLines(run.stdout, 'payments/fresh')).toEqual(['description: planned "brand new", the Manager shows ""']);
    // A key with no description planned is confirmed.
    expect(run.stdout).not.toContain('orders/added: UNCONFIRMED');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Read back: 3 of 5 changes confirmed in 2 projects; 2 unconfirmed.');
  });

  it('names an environment the Manager dropped (dropEnvironmentsOnWrite)', async () => {
    const world = await worldWith({ dropEnvironmentsOnWrite: ['staging'] });
    const run = await world.cli(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(unconfirmedLines(run.stdout, 'payments/fresh')).toEqual(['environments.staging: planned deployed, the Manager shows absent']);
    expect(run.stdout).toContain('Read back: 4 of 5 changes confirmed in 2 projects; 1 unconfirmed.');
  });

  it('names an alias the Manager did not store (ignoreFieldsOnWrite alias)', async () => {
    const world = await worldWith({ ignoreFieldsOnWrite: ['alias'] });
    const run = await world.cli(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(unconfirmedLines(run.stdout, 'payments/fresh')).toEqual(['environments.production.alias: planned "live", the Manager shows ""']);
  });

  it('names deleted keys that are still there, and the JWK DELETE should have removed (keepDeletedKeys)', async () => {
    const world = await worldWith({ keepDeletedKeys: true });
    const run = await world.cli(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(unconfirmedLines(run.stdout, 'payments/gone')).toEqual(['key: planned absent, the Manager shows present']);
    expect(unconfirmedLines(run.stdout, 'payments/absent-me')).toEqual([
      'key: planned absent, the Manager shows present',
      'jwks.absent-jwk: planned deleted, the Manager shows present',
    ]);
    expect(run.stdout).toContain('Apply failed: 2 created, 1 updated, 0 deleted; 0 partial, 0 failed, 0 not run, 2 unconfirmed.');
  });

  it('names a JWK that jwkDeleteAction=DELETE should have removed (keepJwksOnDelete), the key itself being gone', async () => {
    const world = await worldWith({ keepJwksOnDelete: true });
    const run = await world.cli(['apply', '--auto-approve']);
    expect(run.code).toBe(1);
    expect(unconfirmedLines(run.stdout, 'payments/absent-me')).toEqual(['jwks.absent-jwk: planned deleted, the Manager shows present']);
    expect(run.stdout).not.toContain('payments/gone: UNCONFIRMED');
    expect(run.stdout).toContain('Read back: 4 of 5 changes confirmed in 2 projects; 1 unconfirmed.');
  });

  it('checks a saved plan applied with apply FILE the same way', async () => {
    const world = await worldWith({ ignoreFieldsOnWrite: ['description'] });
    expect((await world.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const run = await world.cli(['apply', 'plan.json']);
    expect(run.code).toBe(1);
    expect(unconfirmedLines(run.stdout, 'payments/change')).toEqual(['description: planned "new text", the Manager shows "old text"']);
  });

  it('carries each verdict in the JSON document, schema-valid', async () => {
    const world = await worldWith({ keepDeletedKeys: true });
    const run = await world.cli(['apply', '--auto-approve', '--format', 'json']);
    expect(run.code).toBe(1);
    const document = parseStdout(run) as {
      apply: {
        success: boolean;
        counts: Record<string, number>;
        readBack: unknown;
        results: { address: string; status: string; readBack?: unknown }[];
      };
    };
    expect(planSchemaErrors(document)).toEqual([]);
    expect(document.apply.success).toBe(false);
    expect(document.apply.counts['unconfirmed']).toBe(2);
    expect(document.apply.readBack).toEqual({
      status: 'done',
      projects: ['orders', 'payments'],
      counts: { checked: 5, confirmed: 3, unconfirmed: 2, notChecked: 0 },
    });
    const gone = document.apply.results.find((result) => result.address === 'payments/gone')!;
    expect(gone.status).toBe('succeeded');
    expect(gone.readBack).toEqual({ status: 'unconfirmed', mismatches: [{ field: 'key', planned: 'absent', actual: 'present' }] });
    const added = document.apply.results.find((result) => result.address === 'orders/added')!;
    expect(added.readBack).toEqual({ status: 'confirmed' });
  });

  it('does not check failed or skipped operations, and says so', async () => {
    // Every POST answers 500 and is not retried: both creates fail.
    const world = await worldWith({ failureRate: 1, faultMethods: ['POST'] });
    const run = await world.cli(['apply', '--auto-approve', '--retries', '0']);
    expect(run.code).toBe(1);
    // Both creates fail; payments' deletes are skipped behind its failed create; the update is checked.
    expect(run.stdout).toContain('Read back: 1 of 1 changes confirmed in 1 project (4 failed or not run, not checked).');
  });

  it('skips the read back with --no-read-back, and says the apply was not verified', async () => {
    const world = await worldWith({ keepDeletedKeys: true });
    const run = await world.cli(['apply', '--auto-approve', '--no-read-back']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Read back: skipped (--no-read-back): what the Manager did was not verified.');
    const requests = world.sandbox.requests();
    expect(requests.at(-1)?.method).toBe('DELETE');
  });

  it('says so and exits 1 when the read back itself fails: applied, not verified', async () => {
    const world = await worldWith();
    const proxy = await startReadFailingProxy(world.sandbox.url);
    world.defer(proxy.close);
    world.pointAt(proxy.url);
    const run = await world.cli(['apply', '--auto-approve', '--retries', '0']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Apply complete but not verified: 2 created, 1 updated, 2 deleted.');
    expect(run.stdout).toMatch(/Read back failed: .+ The changes were applied but not verified; run plan to see the live state\./);
    expect(world.keyNames('payments')).toEqual(['change', 'fresh']);
  });
});

/** A proxy to the sandbox that, once it has forwarded a change, answers every read 503: the network failing just after an apply. */
async function startReadFailingProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  let changed = false;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      if (method === 'GET' && changed) {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end('{"status":"FAILURE","resultMessage":"Service Unavailable"}');
        return;
      }
      if (method !== 'GET') changed = true;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers = {
        authorization: request.headers.authorization ?? '',
        'content-type': request.headers['content-type'] ?? 'application/json',
      };
      void fetch(`${target}${request.url ?? '/'}`, { method, headers, body }).then(async (reply) => {
        response.writeHead(reply.status, { 'content-type': reply.headers.get('content-type') ?? 'application/json' });
        response.end(Buffer.from(await reply.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
