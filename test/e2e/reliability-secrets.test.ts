/**
 * End to end: no secret ever leaves the process. Every command and output format runs with
 * --debug and -v, in successful and failing scenarios, and nothing the tool writes (stdout,
 * stderr, plan files, exported files) holds the token, the password, or any key material
 * (from a file, an env variable, inline base64, or live in the Manager) in any form the
 * world's leak finder knows (test/support/find-leaks.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { SandboxApi, SandboxSeed } from '../../src/sandbox/index.js';
import type { RawKey } from '../../src/desired/document-body.js';
import { toBase64 } from '../support/e2e.js';
import { desiredFile, handEditBody, seedKey, seedKeyJwk, seedProject, seedSecret, wantKey, wantPrivateKey } from '../support/scenario.js';
import { randomSecret } from '../support/find-leaks.js';
import type { CliRun } from '../support/run-cli.js';
import { makeTestKeyPair } from '../support/test-keys.js';
import { openWorld, type World } from '../support/world.js';

// Test-only secrets, random per run; each distinct so a leak names its source.
const TOKEN = randomSecret('token');
const READER_TOKEN = randomSecret('reader-token');
const WRONG_TOKEN = randomSecret('wrong-token');
const USERNAME = 'deployer';
const PASSWORD = randomSecret('password');
const WRONG_PASSWORD = randomSecret('wrong-password');
// fresh is a PRIVATE_KEY, so its file and env material are real (test-only, generated per run) private keys
const FILE_MATERIAL = makeTestKeyPair('file').privatePem;
const ENV_MATERIAL = makeTestKeyPair('env').privatePem;
const ENV_MATERIAL_2 = randomSecret('env-second');
const INLINE_MATERIAL = randomSecret('inline');
const LIVE_KEEP = randomSecret('live-keep');
const LIVE_CHANGE = randomSecret('live-change');
const LIVE_GONE = randomSecret('live-gone');

const SECRETS: Readonly<Record<string, string>> = {
  'API token': TOKEN,
  'read-only API token': READER_TOKEN,
  'wrong API token': WRONG_TOKEN,
  APINIZER_PASSWORD: PASSWORD,
  'wrong APINIZER_PASSWORD': WRONG_PASSWORD,
  'file material': FILE_MATERIAL,
  'env material': ENV_MATERIAL,
  'second env material': ENV_MATERIAL_2,
  'inline material': INLINE_MATERIAL,
  'live material of keep': LIVE_KEEP,
  'live material of change': LIVE_CHANGE,
  'live material of gone': LIVE_GONE,
};

const KEY_FILE = 'keys/fresh.test-key.pem';

/** The desired state as data: keep (no-op), change (update), fresh (create from a file and an env variable); gone is pruned. */
function desiredKeys(freshStaging = 'staging'): Record<string, RawKey> {
  return {
    keep: wantKey('kept', { production: { base64: toBase64(LIVE_KEEP) } }),
    change: wantKey('new text', { production: { base64: toBase64(INLINE_MATERIAL) } }),
    fresh: wantPrivateKey('fresh', { production: { file: KEY_FILE }, [freshStaging]: { alias: 'st', content: { env: 'FRESH_SECRET' } } }),
  };
}

/** The desired-state file of {@link desiredKeys}, with `defaults` when given. */
function desiredYaml(keys = desiredKeys(), defaults?: object): string {
  return desiredFile({ payments: { keys } }, defaults);
}

/** A second key to create, from another env variable. */
const SECOND_KEY = { second: wantKey(undefined, { production: { env: 'SECOND_SECRET' } }) };

function seed(): SandboxSeed {
  return {
    projects: [
      seedProject(
        'payments',
        ['production', 'staging'],
        [
          seedSecret('keep', 'kept', { production: toBase64(LIVE_KEEP) }),
          seedSecret('change', 'old text', { production: toBase64(LIVE_CHANGE) }),
          seedKey('gone', 'PRIVATE_KEY', { production: toBase64(LIVE_GONE), staging: toBase64(LIVE_GONE) }),
        ],
        [seedKeyJwk('gone-jwk', 'gone')],
      ),
    ],
    tokens: [
      { token: TOKEN, projects: '*' },
      { token: READER_TOKEN, projects: { payments: ['READ'] } },
    ],
    users: [{ username: USERNAME, password: PASSWORD, projects: '*' }],
  };
}

/** A world with the seed above, every secret in the env it needs, and every run under --debug -v checked for leaks. */
function openScene(options: { api?: SandboxApi; yaml?: string; url?: string } = {}): Promise<World> {
  return openWorld({
    seed: seed(),
    api: options.api,
    url: options.url,
    files: {
      'apinizer-keys.yaml': options.yaml ?? desiredYaml(),
      [KEY_FILE]: FILE_MATERIAL,
      'out/.keep': '',
      // The export -o DIR/ target exists beforehand, so that the runs here test leaks, not directory creation.
      'out/export-dir/.keep': '',
    },
    env: { APINIZER_TOKEN: TOKEN, FRESH_SECRET: ENV_MATERIAL, SECOND_SECRET: ENV_MATERIAL_2 },
    secrets: SECRETS,
    flags: ['--debug', '-v'],
  });
}

/** Every file the runs wrote under `out/`, each checked for leaks. */
function checkWrittenFiles(scene: World): Promise<string[]> {
  return scene.checkWrittenFiles(join(scene.dir, 'out'));
}

/** `--debug` really was on: the request log lines are there. */
function expectDebugLog(run: CliRun): void {
  expect(run.stderr).toMatch(/http: (GET|POST) \/apiops\//);
}

describe('no secret leaves the process', () => {
  it('validate, plan (every format, --out), export (stdout, -o FILE, -o DIR/), with a token and with username/password', async () => {
    const scene = await openScene();
    const noToken = { APINIZER_TOKEN: undefined, APINIZER_USERNAME: USERNAME, APINIZER_PASSWORD: PASSWORD };
    const formats = ['text', 'json', 'markdown'];
    const runs = await Promise.all([
      scene.cli(['validate']),
      ...formats.map((format) => scene.cli(['plan', '--format', format])),
      scene.cli(['plan', '--out', 'out/plan.json']),
      scene.cli(['plan', '--format', 'json'], noToken),
      scene.cli(['export', '--project', 'payments']),
      scene.cli(['export', '--project', 'payments', '-o', 'out/export.yaml']),
      scene.cli(['export', '--project', 'payments', '-o', 'out/export-dir/'], noToken),
    ]);
    expect(runs.map((run) => run.code)).toEqual(runs.map(() => 0));
    for (const run of runs.slice(1)) expectDebugLog(run);
    expect(runs[1].stdout).toContain('(sensitive)');
    expect(await checkWrittenFiles(scene)).toEqual(['export-dir/payments.yaml', 'export.yaml', 'plan.json']);
  });

  it('doctor (text, json, --record, --anonymize), with a token, with username/password, and with a wrong password', async () => {
    const scene = await openScene();
    const noToken = { APINIZER_TOKEN: undefined, APINIZER_USERNAME: USERNAME, APINIZER_PASSWORD: PASSWORD };
    const runs = await Promise.all([
      scene.cli(['doctor']),
      scene.cli(['doctor', '--format', 'json', '--record', 'out/doctor.json']),
      scene.cli(['doctor', '--record', 'out/doctor-password.json'], noToken),
      scene.cli(['doctor', '--record', 'out/doctor-anonymized.json', '--anonymize'], noToken),
    ]);
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0]);
    for (const run of runs) expectDebugLog(run);
    const refused = await scene.cli(['doctor', '--record', 'out/doctor-refused.json'], { ...noToken, APINIZER_PASSWORD: WRONG_PASSWORD });
    expect(refused.code).toBe(1);
    expect(await checkWrittenFiles(scene)).toEqual([
      'doctor-anonymized.json',
      'doctor-password.json',
      'doctor-refused.json',
      'doctor.json',
    ]);
  });

  it('apply (text, json, a saved plan, username/password) and a stale saved plan', async () => {
    const scene = await openScene();
    const planned = await scene.cli(['plan', '--out', 'out/plan.json']);
    expect(planned.code).toBe(0);
    const applied = await scene.cli(['apply', 'out/plan.json']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 1 created, 1 updated, 1 deleted.');
    expectDebugLog(applied);

    const text = await scene.cli(['apply', '--auto-approve', '--replace-content', 'payments/fresh']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted.');
    const json = await scene.cli(['apply', '--auto-approve', '--format', 'json', '--replace-content', 'payments/change']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      apply: {
        success: true,
        counts: { created: 0, updated: 1, deleted: 0, failed: 0 },
        results: [{ address: 'payments/change', status: 'succeeded' }],
      },
    });
    const withPassword = await scene.cli(['apply', '--auto-approve', '--replace-content', 'payments/keep'], {
      APINIZER_TOKEN: undefined,
      APINIZER_USERNAME: USERNAME,
      APINIZER_PASSWORD: PASSWORD,
    });
    expect(withPassword.code).toBe(0);

    // A saved plan made stale by a change on the Manager is refused, and says so without secrets.
    expect((await scene.cli(['plan', '--out', 'out/stale.json', '--replace-content', 'payments/keep'])).code).toBe(0);
    await scene.api(
      'PUT',
      'projects/payments/keys/change/',
      handEditBody('change', 'changed by hand', { production: toBase64(LIVE_CHANGE) }),
    );
    const stale = await scene.cli(['apply', 'out/stale.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('Saved plan is stale');
    expect(await checkWrittenFiles(scene)).toEqual(['plan.json', 'stale.json']);
  });

  it('every command with live material compared: plan (every format, --drift, --out), show, apply (text, json, a saved plan), refusals', async () => {
    const scene = await openScene();
    // change's live material differs from the file's; keep's matches: both are read, neither may show.
    const formats = ['text', 'json', 'markdown'];
    const plans = await Promise.all([
      ...formats.map((format) => scene.cli(['plan', '--compare-material', '--format', format])),
      scene.cli(['plan', '--compare-material', '--drift', '--detailed-exitcode']),
      scene.cli(['plan', '--compare-material', '--out', 'out/compared.json']),
    ]);
    expect(plans.map((run) => run.code)).toEqual([0, 0, 0, 2, 0]);
    for (const run of plans) expectDebugLog(run);
    expect(plans[0].stdout).toContain('payments/change will be updated in place (changed: description; material differs in production)');
    const refused = await scene.cli(['plan', '--compare-material'], { APINIZER_TOKEN: READER_TOKEN });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SECRETS + EXPORT_IMPORT');
    const setting = await scene.workdir({
      'apinizer-keys.yaml': desiredYaml(desiredKeys(), { compareMaterial: true }),
      [KEY_FILE]: FILE_MATERIAL,
    });
    const warned = await scene.cli(['plan', '--format', 'json'], { APINIZER_TOKEN: READER_TOKEN }, { cwd: setting });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('is not compared');

    // A saved plan made with comparison shows, offline, no more than it holds.
    const shown = await Promise.all(formats.map((format) => scene.cli(['show', 'out/compared.json', '--format', format])));
    expect(shown.map((run) => run.code)).toEqual([0, 0, 0]);
    const saved = await scene.cli(['apply', 'out/compared.json']);
    expect(saved.code).toBe(0);
    scene.sandbox.replaceMaterial('payments', 'keep', 'production', toBase64(LIVE_GONE));
    const json = await scene.cli(['apply', '--auto-approve', '--compare-material', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ apply: { results: [{ address: 'payments/keep', status: 'succeeded' }] } });
    scene.sandbox.replaceMaterial('payments', 'fresh', 'staging', toBase64(LIVE_GONE));
    const text = await scene.cli(['apply', '--auto-approve', '--compare-material']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('material differs in staging');
    expect(await checkWrittenFiles(scene)).toEqual(['compared.json']);
  });

  it('failures: 401 (token, --token flag, password), 403, 500s with retries, a partial undeploy', async () => {
    const scene = await openScene({ yaml: desiredYaml({ ...desiredKeys(), ...SECOND_KEY }) });
    const [wrongToken, wrongFlag, wrongPassword, forbidden] = await Promise.all([
      scene.cli(['plan'], { APINIZER_TOKEN: WRONG_TOKEN }),
      scene.cli(['plan', '--token', WRONG_TOKEN]),
      scene.cli(['plan'], { APINIZER_TOKEN: undefined, APINIZER_USERNAME: USERNAME, APINIZER_PASSWORD: WRONG_PASSWORD }),
      scene.cli(['apply', '--auto-approve'], { APINIZER_TOKEN: READER_TOKEN }),
    ]);
    for (const run of [wrongToken, wrongFlag]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('rejected the API token');
    }
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.stderr).toContain('rejected the username and password');
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toContain('lacks a permission');

    // Every create and update answered 500: creates are read back, updates retried, all fail.
    scene.sandbox.setFaults({ failureRate: 1, faultMethods: ['POST', 'PUT'] });
    const failing = await scene.cli(['apply', '--auto-approve', '--retries', '1']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('HTTP 500');
    expect(failing.stderr).toMatch(/retry: PUT \/apiops\/projects\/payments\/keys\/change\/ attempt 1/);

    // Creates and updates succeed, the delete's undeploy fails in production: partial.
    scene.sandbox.setFaults({ failureRate: 0, failUndeployEnvironments: ['production'] });
    const partial = await scene.cli(['apply', '--auto-approve', '--format', 'json']);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('not every environment confirmed');
  });

  it('failures in the file: invalid YAML next to the material, an unknown environment', async () => {
    const b64 = toBase64(INLINE_MATERIAL);
    const broken: Record<string, string> = {
      'unclosed flow mapping': `      bad: { type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${b64}" } }\n`,
      'a tag on the material': `      bad: { type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64:!!int "${b64}" } } } }\n`,
      'material as a key': `      bad:\n        ${b64}: 1\n`,
      'material with a space': `      bad: { type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${b64.slice(0, 20)} ${b64.slice(20)}" } } } }\n`,
      'material as a list': `      bad: { type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: ["${b64}"] } } } }\n`,
      'material unquoted after a bad indent': `      bad:\n        type: SECRET_KEY\n        algorithm: AES\n       environments: { production: { content: { base64: ${b64} } } }\n`,
      'material in an unknown field': `      bad: { type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base46: "${b64}" } } } }\n`,
      'material as the type': `      bad: { type: "${b64}", environments: { production: { content: { env: X } } } }\n`,
    };
    const scene = await openScene();
    const runs = await Promise.all(
      Object.entries(broken).flatMap(([label, extra]) => {
        const path = `bad-${label.replace(/\W+/g, '-')}.yaml`;
        return [
          scene.workdir({ [path]: `version: 1\nprojects:\n  payments:\n    keys:\n${extra}` }).then(async (dir) => {
            const [validate, plan] = await Promise.all([
              scene.cli(['validate', '-f', path], {}, { cwd: dir }),
              scene.cli(['plan', '-f', path], {}, { cwd: dir }),
            ]);
            return [validate, plan];
          }),
        ];
      }),
    );
    for (const run of runs.flat()) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^Error: bad-/);
    }
    const qa = await scene.workdir({
      'apinizer-keys.yaml': desiredYaml(desiredKeys('qa')),
      [KEY_FILE]: FILE_MATERIAL,
    });
    const refused = await scene.cli(['apply', '--auto-approve'], {}, { cwd: qa });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"qa"');
  });

  it('the older reply shape, where the Manager returns plain material: plan, apply, export', async () => {
    const scene = await openScene({ api: 'legacy' });
    const plan = await scene.cli(['plan', '--format', 'json']);
    expect(plan.code).toBe(0);
    const apply = await scene.cli(['apply', '--auto-approve']);
    // Legacy lists carry no aliases: they are not compared, so the read back confirms all three.
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Read back: 3 of 3 changes confirmed in 1 project.');
    const exported = await scene.cli(['export', '--project', 'payments', '-o', 'out/legacy.yaml']);
    expect(exported.code).toBe(0);
    // Material changed by hand shows as an update (fingerprints differ), without showing the material.
    await scene.api('PUT', 'projects/payments/keys/keep/', handEditBody('keep', 'kept', { production: toBase64(LIVE_GONE) }));
    const drift = await scene.cli(['plan', '--detailed-exitcode']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('payments/keep');
    expect(await checkWrittenFiles(scene)).toEqual(['legacy.yaml']);
  });

  /** A fake Manager that echoes what it is sent: the Authorization header in a 401, the request body in a 400. */
  async function openEchoingManager(
    options: { slowWritesMs?: number; quote?: (body: string) => string } = {},
  ): Promise<{ scene: World; mutations: string[] }> {
    const mutations: string[] = [];
    const timers = new Set<NodeJS.Timeout>();
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const url = request.url ?? '';
        response.setHeader('content-type', 'application/json');
        if (request.headers.authorization !== `Bearer ${TOKEN}`) {
          response.statusCode = 401;
          response.end(
            JSON.stringify({ error: 'invalid_token', error_description: `Token not accepted: ${request.headers.authorization ?? ''}` }),
          );
        } else if (request.method === 'GET' && url.includes('/environments/')) {
          response.end(
            JSON.stringify({
              success: true,
              resultList: [
                { id: 'e1', name: 'production' },
                { id: 'e2', name: 'staging' },
              ],
            }),
          );
        } else if (request.method === 'GET') {
          response.end(JSON.stringify({ success: true, resultList: [] }));
        } else if (options.slowWritesMs !== undefined) {
          mutations.push(request.method ?? '');
          const timer = setTimeout(() => {
            timers.delete(timer);
            response.end(JSON.stringify({ success: true }));
          }, options.slowWritesMs);
          timers.add(timer);
        } else {
          mutations.push(request.method ?? '');
          response.statusCode = 400;
          const quoted = options.quote?.(body) ?? body;
          response.end(JSON.stringify({ error: 'bad_request', error_description: `Cannot parse the key: ${quoted}` }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const scene = await openScene({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    scene.defer(
      () =>
        new Promise<void>((resolve) => {
          for (const timer of timers) clearTimeout(timer);
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return { scene, mutations };
  }

  it('a Manager that echoes the token it was sent in an error', async () => {
    const { scene } = await openEchoingManager();
    const wrongToken = await scene.cli(['plan'], { APINIZER_TOKEN: WRONG_TOKEN });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain('Token not accepted');
    // The recording keeps the Manager's text, with the token scrubbed out of it.
    const recorded = await scene.cli(['doctor', '--record', 'out/echo.json'], { APINIZER_TOKEN: WRONG_TOKEN });
    expect(recorded.code).toBe(1);
    expect(await scene.checkWrittenFiles(join(scene.dir, 'out'))).toContain('echo.json');
  });

  it('a Manager that never answers creates in time: got timeout errors, read-backs and their stacks under --debug', async () => {
    const { scene, mutations } = await openEchoingManager({ slowWritesMs: 1500 });
    const run = await scene.cli(['apply', '--auto-approve', '--target', 'payments/change', '--timeout', '200', '--retries', '0']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no reply within 200 ms');
    expect(run.stderr).toContain('http: POST /apiops/projects/payments/keys/ → no reply');
    expect(mutations).toEqual(['POST', 'POST', 'POST']);
  });

  // A Manager (or proxy) that quotes the request body in its error_description: the client
  // scrubs the material it sent, in every form, from the FAILED line and the summary.
  it('a Manager that echoes the material it was sent in a refused create', async () => {
    const { scene, mutations } = await openEchoingManager();
    const refused = await scene.cli(['apply', '--auto-approve', '--target', 'payments/change']);
    expect(mutations).toEqual(['POST']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Cannot parse the key');
  });

  // Jackson cuts a long value it quotes, and a proxy may re-wrap it: no longer the whole value
  // the client sent, so only the look of material can tell it.
  it.each([
    ['cut by Jackson', (value: string) => `from String "${value.slice(0, 120)}...[truncated ${value.length - 120} chars]"`],
    ['re-wrapped at 76 characters', (value: string) => value.replace(/(.{76})/g, '$1\r\n')],
    ['decoded and cut', (value: string) => Buffer.from(value, 'base64').toString('utf8').slice(0, 200)],
  ])('a Manager that echoes the material it was sent, %s', async (_name, quote) => {
    const { scene, mutations } = await openEchoingManager({
      quote: (body) => {
        const sent = JSON.stringify(JSON.parse(body)).match(/"[A-Za-z0-9+/]{200,}={0,2}"/)?.[0] ?? '';
        return quote(sent.slice(1, -1));
      },
    });
    const refused = await scene.cli(['apply', '--auto-approve', '--target', 'payments/fresh']);
    expect(mutations).toEqual(['POST']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Cannot parse the key');
    expect(refused.stdout).toMatch(/\(sensitive\)|\(PEM block removed\)/);
  });
});
