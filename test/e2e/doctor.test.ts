/**
 * End to end: `doctor` checks a Manager read-only, in every API generation the sandbox
 * speaks; names a wrong token, an unknown project, a missing environment and a cut-short
 * key list with what to do; records its exchanges without any secret; and a recording
 * replayed by `sandbox --replay` gives the same report.
 */
import { describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SANDBOX_APIS, type SandboxApi, type SandboxSeed } from '../../src/sandbox/index.js';
import { toBase64 } from '../support/e2e.js';
import { expectNoLeaks, randomSecret } from '../support/find-leaks.js';
import type { CliRun } from '../support/run-cli.js';
import { schemaErrors } from '../support/schema-errors.js';
import { HAS_OPENSSL, makeSelfSignedCertificate } from '../support/self-signed-certificate.js';
import { desiredFile, seedKey, seedKeyJwk, seedProject, seedSecret, wantKey } from '../support/scenario.js';
import { makeTestKeyPair } from '../support/test-keys.js';
import { openWorld, type World } from '../support/world.js';

/** A parsed JSON document (report or recording), taken apart freely: asserting its shape is the test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonDocument = Record<string, any>;

const PEM = makeTestKeyPair('doctor').privatePem;
const SECRET = toBase64(randomSecret('doctor-secret-key'));
const PASSWORD = randomSecret('doctor-password');

const seed: SandboxSeed = {
  projects: [
    seedProject(
      'payments',
      ['production', 'staging'],
      [
        seedKey('signing', 'PRIVATE_KEY', { production: toBase64(PEM) }),
        seedSecret('hmac', undefined, { production: { content: SECRET, alias: 'live' }, staging: SECRET }),
      ],
      [seedKeyJwk('signing-jwk', 'signing')],
    ),
    { name: 'orders', environments: [{ name: 'production' }] },
  ],
  users: [{ username: 'ci-user', password: PASSWORD, projects: '*' }],
};

/** A file asking for the key `hmac` in each project's environments, material from `HMAC_<ENVIRONMENT>`. */
const fileFor = (projects: Record<string, readonly string[]>) =>
  desiredFile(
    Object.fromEntries(
      Object.entries(projects).map(([project, environments]) => [
        project,
        {
          keys: { hmac: wantKey(undefined, Object.fromEntries(environments.map((name) => [name, { env: `HMAC_${name.toUpperCase()}` }]))) },
        },
      ]),
    ),
  );

const GOOD_FILE = fileFor({ payments: ['production', 'staging'], orders: ['production'] });
const secrets = { pem: PEM, secret: SECRET, password: PASSWORD };

function worldFor(api: SandboxApi, file = GOOD_FILE, extra: Parameters<typeof openWorld>[0] = {}): Promise<World> {
  return openWorld({ seed, api, files: { 'apinizer-keys.yaml': file }, secrets, ...extra });
}

function reportOf(run: CliRun): JsonDocument {
  try {
    return JSON.parse(run.stdout) as JsonDocument;
  } catch {
    throw new Error(`doctor printed no JSON document:\n${run.stdout}\n${run.stderr}`);
  }
}

const findingsOf = (report: JsonDocument, status: string) =>
  (report.findings as { check: string; status: string; project?: string; message: string; fix?: string }[]).filter(
    (finding) => finding.status === status,
  );

/** The report with the Manager's address (a port, which differs between servers) taken out. */
const withoutAddress = (report: JsonDocument) => JSON.parse(JSON.stringify(report).replace(/127\.0\.0\.1:\d+/g, 'MANAGER'));

/** Reads a recording and checks it for every secret of the test, the token included. */
async function readRecording(world: World, path: string, extraSecrets: Record<string, string> = {}): Promise<JsonDocument> {
  const text = await readFile(join(world.dir, path), 'utf8');
  expectNoLeaks(text, { ...secrets, token: world.sandbox.token, ...extraSecrets }, `recording ${path}`);
  const recording = JSON.parse(text) as JsonDocument;
  expect(schemaErrors('recording', recording)).toEqual([]);
  return recording;
}

/** Starts `sandbox --replay FILE` from the CLI and returns its URL; it is stopped with the world. */
async function startReplay(world: World, path: string): Promise<string> {
  const replay = world.spawn(['sandbox', '--port', '0', '--replay', path], {}, { decorate: false });
  world.defer(async () => {
    replay.child.kill('SIGINT');
    await replay.done;
  });
  await replay.waitForStdout(/Sandbox listening on http:\/\/\S+/, 20_000);
  return /Sandbox listening on (http:\/\/[^\s]+)/.exec(replay.stdout())![1]!;
}

describe.each(SANDBOX_APIS)('doctor against the %s sandbox', (api) => {
  it('finds everything in order, names the generation, and exits 0', async () => {
    const world = await worldFor(api);
    const run = await world.cli(['doctor', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = reportOf(run);
    expect(schemaErrors('doctor-report', report)).toEqual([]);
    expect(report).toMatchObject({ formatVersion: 1, ok: true, scope: 'file', manager: `${world.sandbox.url}/apiops` });
    expect(report.api.generation).toBe(api);
    expect(report.api.environmentsPath).toBe(api === 'current' ? 'current' : 'older');
    expect(report.projects).toEqual([
      {
        name: 'orders',
        visible: true,
        environments: ['production'],
        missingEnvironments: [],
        keys: 0,
        keysResultCount: 0,
        keyList: 'complete',
        jwks: 0,
      },
      {
        name: 'payments',
        visible: true,
        environments: ['production', 'staging'],
        missingEnvironments: [],
        keys: 2,
        keysResultCount: 2,
        keyList: 'complete',
        jwks: 1,
      },
    ]);
    expect(findingsOf(report, 'problem')).toEqual([]);
    // What only writing would tell is said plainly, with how apply reports it.
    expect(findingsOf(report, 'unknown').map((finding) => finding.check)).toEqual([
      'token.lifetime',
      'permissions.manage',
      'permissions.deploy',
    ]);
    expect(findingsOf(report, 'unknown')[1]!.fix).toContain('SECRETS + MANAGE');
    // Read-only: not one write.
    expect(world.mutationsSince()).toEqual([]);
  });

  it('says in text what was checked and that plan and apply look ready', async () => {
    const world = await worldFor(api);
    const run = await world.cli(['doctor']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Checking the Manager at ${world.sandbox.url}/apiops`);
    expect(run.stdout).toContain(`The Manager speaks the ${api} API`);
    expect(run.stdout).toContain("'payments': 2 keys, list complete (resultCount 2).");
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Doctor: 0 problems, 0 warnings. What plan and apply need looks right, as far as reading can tell (3 unknown, see above).',
    );
  });

  it('names a wrong token, and exits 1', async () => {
    const world = await worldFor(api);
    const wrong = randomSecret('wrong-token');
    const run = await world.cli(['doctor', '--format', 'json', '--record', 'wrong.json'], { APINIZER_TOKEN: wrong });
    expect(run.code).toBe(1);
    expectNoLeaks(`${run.stdout}${run.stderr}`, { wrong }, 'doctor with a wrong token');
    const report = reportOf(run);
    expect(report.ok).toBe(false);
    expect(findingsOf(report, 'problem')).toEqual([
      expect.objectContaining({
        check: 'token.accepted',
        message: expect.stringContaining('rejected the API token'),
        fix: expect.any(String),
      }),
    ]);
    expect(report.projects).toEqual([]);
    await readRecording(world, 'wrong.json', { wrong });
  });

  it('names an unknown project and an environment the Manager does not have, each with what to do', async () => {
    const world = await worldFor(api, fileFor({ payments: ['production', 'qa'], ghost: ['production'] }));
    const run = await world.cli(['doctor', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = reportOf(run);
    expect(schemaErrors('doctor-report', report)).toEqual([]);
    const problems = findingsOf(report, 'problem');
    expect(problems.map((finding) => [finding.check, finding.project])).toEqual([
      ['project.visible', 'ghost'],
      ['project.environments', 'payments'],
    ]);
    expect(problems[0]!.message).toMatch(/ghost/);
    expect(problems[1]!.message).toBe(
      "Environment 'qa' named in the file does not exist in project 'payments' (it has: production, staging).",
    );
    for (const problem of problems) expect(problem.fix).toEqual(expect.any(String));
    expect(report.projects).toEqual([
      { name: 'ghost', visible: false, missingEnvironments: [], keyList: 'unknown' },
      expect.objectContaining({ name: 'payments', visible: true, missingEnvironments: ['qa'] }),
    ]);
  });

  it('records every exchange without the token, credentials or material, and the replay gives the same report', async () => {
    const world = await worldFor(api);
    const live = await world.cli(['doctor', '--format', 'json', '--record', 'doctor.json']);
    expect(live.code).toBe(0);
    expect(live.stderr).toContain('Recorded ');
    const recording = await readRecording(world, 'doctor.json');
    expect(recording).toMatchObject({ formatVersion: 1, anonymized: false });
    const paths = (recording.exchanges as { method: string; path: string }[]).map((exchange) => `${exchange.method} ${exchange.path}`);
    expect(paths).toEqual(expect.arrayContaining(['GET projects/', 'GET projects/payments/keys/', 'GET projects/payments/jwks/']));
    // Ids are kept; material is redacted where this generation sends any.
    expect(JSON.stringify(recording)).toMatch(/"id": ?"[^"]+"/);
    if (api !== 'current') expect(JSON.stringify(recording)).toContain('(redacted)');

    const replayUrl = await startReplay(world, join(world.dir, 'doctor.json'));
    const replayed = await world.cli(['doctor', '--format', 'json'], { APINIZER_URL: replayUrl, APINIZER_TOKEN: 'any' });
    expect(replayed.code).toBe(0);
    expect(withoutAddress(reportOf(replayed))).toEqual(withoutAddress(reportOf(live)));
  });
});

describe('doctor in particular cases', () => {
  it('with credentials: the token request is recorded without the user, password or token, and its lifetime is reported', async () => {
    const world = await worldFor('current', GOOD_FILE, {
      env: { APINIZER_TOKEN: undefined, APINIZER_USERNAME: 'ci-user', APINIZER_PASSWORD: PASSWORD },
    });
    const run = await world.cli(['doctor', '--format', 'json', '--record', 'creds.json']);
    expect(run.code).toBe(0);
    const report = reportOf(run);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'token.lifetime', status: 'ok', message: expect.stringContaining('it lives 3600 s (expires_in)') }),
    );
    const recording = await readRecording(world, 'creds.json');
    const token = recording.exchanges.find((exchange: { path: string }) => exchange.path === 'auth/token');
    expect(token.requestBody).toEqual({ grant_type: 'client_credentials', client_id: '(redacted)', client_secret: '(redacted)' });
    expect(token.replyBody).toEqual({ access_token: '(redacted)', token_type: 'Bearer', expires_in: 3600 });
  });

  it('names a key list shorter than its resultCount', async () => {
    const world = await worldFor('current', GOOD_FILE, { faults: { keyListLimit: 1 } });
    const run = await world.cli(['doctor', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = reportOf(run);
    expect(findingsOf(report, 'problem')).toEqual([
      expect.objectContaining({
        check: 'project.keys',
        project: 'payments',
        message: expect.stringContaining('holds 1 of 2 keys (resultCount)'),
      }),
    ]);
    expect(report.projects[1]).toMatchObject({ name: 'payments', keys: 1, keysResultCount: 2, keyList: 'incomplete' });
  });

  it('warns of a project list shorter than its resultCount, and of a key list longer than its own', async () => {
    const world = await openWorld({ seed, secrets });
    expect((await world.cli(['doctor', '--record', 'doctor.json'])).code).toBe(0);
    const recording = await readRecording(world, 'doctor.json');
    const replyTo = (path: string): JsonDocument =>
      recording.exchanges.find((exchange: { method: string; path: string }) => exchange.method === 'GET' && exchange.path === path)
        .replyBody;
    // A Manager that pages: the first of its projects, of seven; and a key list that counts one key of the two it holds.
    replyTo('projects/').resultList.splice(1);
    replyTo('projects/').resultCount = 7;
    replyTo('projects/payments/keys/').resultCount = 1;
    await writeFile(join(world.dir, 'paged.json'), JSON.stringify(recording));
    const replayUrl = await startReplay(world, join(world.dir, 'paged.json'));
    const env = { APINIZER_URL: replayUrl, APINIZER_TOKEN: 'any' };

    const run = await world.cli(['doctor', '--format', 'json'], env);
    expect(run.code).toBe(0);
    const report = reportOf(run);
    expect(schemaErrors('doctor-report', report)).toEqual([]);
    expect(findingsOf(report, 'warning')).toEqual([
      expect.objectContaining({
        check: 'projects.list',
        message:
          'GET projects/ listed 1 of the 7 projects its resultCount counts: only the 1 listed are checked here, not every project the token sees.',
        fix: expect.stringContaining('-f'),
      }),
      expect.objectContaining({
        check: 'project.keys',
        project: 'payments',
        message: expect.stringContaining('holds 2 keys, but its resultCount says 1: the list and its count disagree'),
      }),
    ]);
    expect(report.projects).toEqual([expect.objectContaining({ name: 'payments', keys: 2, keysResultCount: 1, keyList: 'unknown' })]);

    const text = await world.cli(['doctor'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Projects (every project the Manager lists for the token)');
    expect(text.stdout).not.toContain('list complete');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Doctor: 0 problems, 2 warnings\./);
  });

  it('without a file checks every project the token sees', async () => {
    const world = await openWorld({ seed, secrets });
    const run = await world.cli(['doctor', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = reportOf(run);
    expect(report.scope).toBe('visible');
    expect(report.projects.map((project: { name: string }) => project.name)).toEqual(['orders', 'payments']);
  });

  it('--anonymize replaces every name consistently, and the anonymized recording still replays', async () => {
    const world = await openWorld({ seed, api: 'legacy', secrets });
    const run = await world.cli(['doctor', '--record', 'anon.json', '--anonymize']);
    expect(run.code).toBe(0);
    const recording = await readRecording(world, 'anon.json');
    expect(recording.anonymized).toBe(true);
    const text = JSON.stringify(recording);
    for (const name of ['payments', 'orders', 'signing', 'hmac', 'production', 'staging', 'signing-jwk', 'live']) {
      expect(text).not.toMatch(new RegExp(`[^a-z-]${name}[^a-z-]`));
    }
    const paths = recording.exchanges.map((exchange: { path: string }) => exchange.path);
    expect(paths).toEqual(expect.arrayContaining(['environments/project-1', 'projects/project-1/keys/', 'projects/project-2/jwks/']));
    const projects = recording.exchanges.find((exchange: { path: string }) => exchange.path === 'projects/').replyBody.resultList;
    expect(projects.map((project: { name: string }) => project.name)).toEqual(['project-1', 'project-2']);

    const replayUrl = await startReplay(world, join(world.dir, 'anon.json'));
    const replayed = await world.cli(['doctor', '--format', 'json'], { APINIZER_URL: replayUrl, APINIZER_TOKEN: 'any' });
    expect(replayed.code).toBe(0);
    const report = reportOf(replayed);
    expect(report.api.generation).toBe('legacy');
    expect(report.projects.map((project: { name: string; keys: number }) => [project.name, project.keys])).toEqual([
      ['project-1', 2],
      ['project-2', 0],
    ]);
    expect(report.findings.filter((finding: { status: string }) => finding.status === 'problem')).toEqual([]);
  });

  it('names a redirect (never followed) and a port nobody listens on, each at its layer', async () => {
    const world = await worldFor('current');
    const redirecting = createServer((_request, response) =>
      response.writeHead(301, { location: 'https://manager.example.com/apiops/projects/' }).end(),
    );
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    world.defer(() => new Promise<void>((resolve) => redirecting.close(() => resolve())));
    const { port } = redirecting.address() as AddressInfo;
    const redirected = reportOf(await world.cli(['doctor', '--format', 'json'], { APINIZER_URL: `http://127.0.0.1:${port}` }));
    expect(findingsOf(redirected, 'problem')).toEqual([
      expect.objectContaining({ check: 'reachability.redirect', message: expect.stringContaining('https://manager.example.com') }),
    ]);
    expect(redirected.findings).toContainEqual(expect.objectContaining({ check: 'reachability.tcp', status: 'ok' }));

    // The port the redirecting server had, once it is closed: nothing listens there.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const free = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(free));
      });
    });
    const refused = await world.cli(['doctor', '--format', 'json'], { APINIZER_URL: `http://127.0.0.1:${closed}` });
    expect(refused.code).toBe(1);
    expect(findingsOf(reportOf(refused), 'problem')).toEqual([
      expect.objectContaining({ check: 'reachability.tcp', message: expect.stringContaining('ECONNREFUSED'), fix: expect.any(String) }),
    ]);
  });

  (HAS_OPENSSL ? it : it.skip)(
    'verifies TLS as the client does: a self-signed certificate is a problem, trusted through NODE_EXTRA_CA_CERTS it is checked for expiry',
    async () => {
      const world = await openWorld({ seed });
      const { key, cert } = makeSelfSignedCertificate('localhost');
      const manager = createHttpsServer({ key, cert }, (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"SUCCESS","resultList":[],"resultCount":0}');
      });
      await new Promise<void>((resolve) => manager.listen(0, '127.0.0.1', resolve));
      world.defer(() => new Promise<void>((resolve) => manager.close(() => resolve())));
      const url = `https://localhost:${(manager.address() as AddressInfo).port}`;

      const untrusted = reportOf(await world.cli(['doctor', '--format', 'json'], { APINIZER_URL: url }));
      expect(findingsOf(untrusted, 'problem')).toEqual([
        expect.objectContaining({
          check: 'reachability.tls',
          message: expect.stringMatching(/self.signed/i),
          fix: expect.stringContaining('NODE_EXTRA_CA_CERTS'),
        }),
      ]);

      await writeFile(join(world.dir, 'ca.pem'), cert);
      const trusted = await world.cli(['doctor', '--format', 'json'], {
        APINIZER_URL: url,
        NODE_EXTRA_CA_CERTS: join(world.dir, 'ca.pem'),
      });
      expect(trusted.code).toBe(0);
      const report = reportOf(trusted);
      // Valid for one day: under two weeks is a warning to renew it.
      expect(report.findings).toContainEqual(
        expect.objectContaining({
          check: 'reachability.tls',
          status: 'warning',
          message: expect.stringContaining('certificate for localhost'),
        }),
      );
      expect(report.findings).toContainEqual(expect.objectContaining({ check: 'projects.visible', status: 'warning' }));
    },
  );

  it('reports a broken desired-state file before a missing Manager URL, and sends nothing', async () => {
    const world = await openWorld({ seed, connect: false, files: { 'apinizer-keys.yaml': 'version: 1\nprojects: [\n' } });
    const run = await world.cli(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: apinizer-keys\.yaml:\d+:\d+/);
    expect(world.sandbox.requests()).toEqual([]);
  });

  it('refuses --anonymize without --record', async () => {
    const world = await worldFor('current');
    const run = await world.cli(['doctor', '--anonymize']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--anonymize applies to the recording: it needs --record FILE.');
  });

  it('refuses to record over the desired-state file it reads', async () => {
    const world = await worldFor('current');
    const before = await readFile(join(world.dir, 'apinizer-keys.yaml'), 'utf8');
    const run = await world.cli(['doctor', '--record', 'apinizer-keys.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('would be overwritten');
    expect(await readFile(join(world.dir, 'apinizer-keys.yaml'), 'utf8')).toBe(before);
  });
});
