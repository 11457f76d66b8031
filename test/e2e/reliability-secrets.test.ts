/**
 * End to end (issue 6, item 5): no secret ever leaves the process. Every command and output
 * format runs with --debug and -v, in successful and failing scenarios, and nothing the tool
 * writes (stdout, stderr, plan files, exported files) holds the token, the password, or any
 * key material (from a file, an env variable, inline base64, or live in the Manager) as
 * text, base64, SHA-256, or any 16-character piece of those.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startSandbox, type SandboxApi, type SandboxHandle, type SandboxSeed } from '../../src/sandbox/index.js';
import { makeWorkdir, toBase64 } from '../support/e2e.js';
import { runCli, type CliRun } from '../support/run-cli.js';
import { makeTestKeyPair } from '../support/test-keys.js';
import { findLeaks, randomSecret } from './reliability-support.js';

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

/** keep (no-op), change (update), fresh (create from a file and an env variable); gone is pruned. */
function desiredYaml(extra = ''): string {
  return `version: 1
projects:
  payments:
    keys:
      keep:
        type: SECRET_KEY
        algorithm: AES
        description: kept
        environments:
          production: { content: { base64: "${toBase64(LIVE_KEEP)}" } }
      change:
        type: SECRET_KEY
        algorithm: AES
        description: new text
        environments:
          production: { content: { base64: "${toBase64(INLINE_MATERIAL)}" } }
      fresh:
        type: PRIVATE_KEY
        description: fresh
        environments:
          production: { content: { file: ${KEY_FILE} } }
          staging: { alias: st, content: { env: FRESH_SECRET } }
${extra}`;
}

const SECOND_KEY = `      second:
        type: SECRET_KEY
        algorithm: AES
        environments:
          production: { content: { env: SECOND_SECRET } }
`;

function seed(): SandboxSeed {
  const live = (text: string) => [{ name: 'production', content: toBase64(text) }];
  return {
    projects: [
      {
        name: 'payments',
        environments: [{ name: 'production' }, { name: 'staging' }],
        keys: [
          { name: 'keep', keyType: 'SECRET_KEY', description: 'kept', environments: live(LIVE_KEEP) },
          { name: 'change', keyType: 'SECRET_KEY', description: 'old text', environments: live(LIVE_CHANGE) },
          { name: 'gone', keyType: 'PRIVATE_KEY', environments: [...live(LIVE_GONE), { name: 'staging', content: toBase64(LIVE_GONE) }] },
        ],
        jwks: [{ name: 'gone-jwk', sourceType: 'PRIVATE_KEY', sourceKey: 'gone' }],
      },
    ],
    tokens: [
      { token: TOKEN, projects: '*' },
      { token: READER_TOKEN, projects: { payments: ['READ'] } },
    ],
    users: [{ username: USERNAME, password: PASSWORD, projects: '*' }],
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Scene {
  readonly sandbox: SandboxHandle;
  readonly dir: string;
  /** Runs the CLI with --debug -v (and the token, unless `env` says otherwise); checks it leaked nothing. */
  run(label: string, args: readonly string[], options?: { env?: Record<string, string | undefined>; cwd?: string }): Promise<CliRun>;
  /** Checks every file under `out/` of the workdir. */
  checkWrittenFiles(): Promise<string[]>;
}

async function openScene(options: { api?: SandboxApi; yaml?: string; url?: string } = {}): Promise<Scene> {
  const sandbox = await startSandbox({ port: 0, seed: seed(), api: options.api });
  cleanups.push(() => sandbox.close());
  const dir = await makeWorkdir({
    'apinizer-keys.yaml': options.yaml ?? desiredYaml(),
    [KEY_FILE]: FILE_MATERIAL,
    'out/.keep': '',
    // exists beforehand: export -o DIR/ with one project does not create the directory (reported separately)
    'out/export-dir/.keep': '',
  });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return {
    sandbox,
    dir,
    async run(label, args, runOptions = {}) {
      const env = {
        APINIZER_URL: options.url ?? sandbox.url,
        APINIZER_TOKEN: TOKEN,
        FRESH_SECRET: ENV_MATERIAL,
        SECOND_SECRET: ENV_MATERIAL_2,
        ...runOptions.env,
      };
      // export takes no --no-color (its output has no colour); the others get it as CI would pass it.
      const flags = args[0] === 'export' ? ['--debug', '-v'] : ['--debug', '-v', '--no-color'];
      const run = await runCli([...args, ...flags], { cwd: runOptions.cwd ?? dir, env });
      const leaks = findLeaks(`${run.stdout}\n${run.stderr}`, SECRETS);
      if (leaks.length > 0) {
        throw new Error(`${label}: leaked ${leaks.join(', ')}\n--- stdout:\n${run.stdout}\n--- stderr:\n${run.stderr}`);
      }
      return run;
    },
    async checkWrittenFiles() {
      const out = join(dir, 'out');
      const files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && entry.name !== '.keep');
      const names: string[] = [];
      for (const file of files) {
        const path = join(file.parentPath, file.name);
        names.push(path.slice(out.length + 1));
        const leaks = findLeaks(await readFile(path, 'utf8'), SECRETS);
        if (leaks.length > 0) throw new Error(`written file ${path}: leaked ${leaks.join(', ')}`);
      }
      return names.sort();
    },
  };
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
      scene.run('validate', ['validate']),
      ...formats.map((format) => scene.run(`plan --format ${format}`, ['plan', '--format', format])),
      scene.run('plan --out', ['plan', '--out', 'out/plan.json']),
      scene.run('plan with username/password', ['plan', '--format', 'json'], { env: noToken }),
      scene.run('export to stdout', ['export', '--project', 'payments']),
      scene.run('export -o FILE', ['export', '--project', 'payments', '-o', 'out/export.yaml']),
      scene.run('export -o DIR/ with username/password', ['export', '--project', 'payments', '-o', 'out/export-dir/'], { env: noToken }),
    ]);
    expect(runs.map((run) => run.code)).toEqual(runs.map(() => 0));
    for (const run of runs.slice(1)) expectDebugLog(run);
    expect(runs[1]!.stdout).toContain('(sensitive)');
    expect(await scene.checkWrittenFiles()).toEqual(['export-dir/payments.yaml', 'export.yaml', 'plan.json']);
  });

  it('apply (text, json, a saved plan, username/password) and a stale saved plan', async () => {
    const scene = await openScene();
    const planned = await scene.run('plan --out', ['plan', '--out', 'out/plan.json']);
    expect(planned.code).toBe(0);
    const applied = await scene.run('apply FILE', ['apply', 'out/plan.json']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 1 created, 1 updated, 1 deleted.');
    expectDebugLog(applied);

    const text = await scene.run('apply text', ['apply', '--auto-approve', '--replace-content', 'payments/fresh']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Apply complete: 0 created, 1 updated, 0 deleted.');
    const json = await scene.run('apply json', ['apply', '--auto-approve', '--format', 'json', '--replace-content', 'payments/change']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toBeDefined();
    const withPassword = await scene.run('apply with username/password', ['apply', '--auto-approve', '--replace-content', 'payments/keep'], {
      env: { APINIZER_TOKEN: undefined, APINIZER_USERNAME: USERNAME, APINIZER_PASSWORD: PASSWORD },
    });
    expect(withPassword.code).toBe(0);

    // A saved plan made stale by a change on the Manager is refused, and says so without secrets.
    expect((await scene.run('plan --out (to go stale)', ['plan', '--out', 'out/stale.json', '--replace-content', 'payments/keep'])).code).toBe(0);
    const response = await fetch(`${scene.sandbox.url}/apiops/projects/payments/keys/change/`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'change', keyType: 'SECRET_KEY', description: 'changed by hand', cryptoKeyInfoEnvironmentList: [{ environmentName: 'production', content: toBase64(LIVE_CHANGE) }] }),
    });
    expect(response.status).toBe(200);
    const stale = await scene.run('apply stale FILE', ['apply', 'out/stale.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('Saved plan is stale');
    expect(await scene.checkWrittenFiles()).toEqual(['plan.json', 'stale.json']);
  });

  it('failures: 401 (token, --token flag, password), 403, 500s with retries, a partial undeploy', async () => {
    const scene = await openScene({ yaml: desiredYaml(SECOND_KEY) });
    const [wrongToken, wrongFlag, wrongPassword, forbidden] = await Promise.all([
      scene.run('401 token', ['plan'], { env: { APINIZER_TOKEN: WRONG_TOKEN } }),
      scene.run('401 --token', ['plan', '--token', WRONG_TOKEN]),
      scene.run('401 password', ['plan'], { env: { APINIZER_TOKEN: undefined, APINIZER_USERNAME: USERNAME, APINIZER_PASSWORD: WRONG_PASSWORD } }),
      scene.run('403', ['apply', '--auto-approve'], { env: { APINIZER_TOKEN: READER_TOKEN } }),
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
    const failing = await scene.run('500s', ['apply', '--auto-approve', '--retries', '1']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('HTTP 500');
    expect(failing.stderr).toMatch(/retry: PUT \/apiops\/projects\/payments\/keys\/change\/ attempt 1/);

    // Creates and updates succeed, the delete's undeploy fails in production: partial.
    scene.sandbox.setFaults({ failureRate: 0, failUndeployEnvironments: ['production'] });
    const partial = await scene.run('partial undeploy', ['apply', '--auto-approve', '--format', 'json']);
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
          makeWorkdir({ [path]: `version: 1\nprojects:\n  payments:\n    keys:\n${extra}` }).then(async (dir) => {
            cleanups.push(() => rm(dir, { recursive: true, force: true }));
            const [validate, plan] = await Promise.all([
              scene.run(`validate: ${label}`, ['validate', '-f', path], { cwd: dir }),
              scene.run(`plan: ${label}`, ['plan', '-f', path], { cwd: dir }),
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
    const qa = await makeWorkdir({ 'apinizer-keys.yaml': desiredYaml().replace('staging: { alias: st', 'qa: { alias: st'), [KEY_FILE]: FILE_MATERIAL });
    cleanups.push(() => rm(qa, { recursive: true, force: true }));
    const refused = await scene.run('unknown environment', ['apply', '--auto-approve'], { cwd: qa });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"qa"');
  });

  it('the older reply shape, where the Manager returns plain material: plan, apply, export', async () => {
    const scene = await openScene({ api: 'legacy' });
    const plan = await scene.run('legacy plan', ['plan', '--format', 'json']);
    expect(plan.code).toBe(0);
    const apply = await scene.run('legacy apply', ['apply', '--auto-approve']);
    expect(apply.code).toBe(0);
    const exported = await scene.run('legacy export', ['export', '--project', 'payments', '-o', 'out/legacy.yaml']);
    expect(exported.code).toBe(0);
    // Material changed by hand shows as an update (fingerprints differ), without showing the material.
    const response = await fetch(`${scene.sandbox.url}/apiops/projects/payments/keys/keep/`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'keep', keyType: 'SECRET_KEY', description: 'kept', cryptoKeyInfoEnvironmentList: [{ environmentName: 'production', content: toBase64(LIVE_GONE) }] }),
    });
    expect(response.status).toBe(200);
    const drift = await scene.run('legacy plan after a hand change', ['plan', '--detailed-exitcode']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('payments/keep');
    expect(await scene.checkWrittenFiles()).toEqual(['legacy.yaml']);
  });

  /** A fake Manager that echoes what it is sent: the Authorization header in a 401, the request body in a 400. */
  async function openEchoingManager(options: { slowWritesMs?: number } = {}): Promise<{ scene: Scene; mutations: string[] }> {
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
          response.end(JSON.stringify({ error: 'invalid_token', error_description: `Token not accepted: ${request.headers.authorization ?? ''}` }));
        } else if (request.method === 'GET' && url.includes('/environments/')) {
          response.end(JSON.stringify({ success: true, resultList: [{ id: 'e1', name: 'production' }, { id: 'e2', name: 'staging' }] }));
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
          response.end(JSON.stringify({ error: 'bad_request', error_description: `Cannot parse the key: ${body}` }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise((resolve) => {
          for (const timer of timers) clearTimeout(timer);
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const scene = await openScene({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    return { scene, mutations };
  }

  it('a Manager that echoes the token it was sent in an error', async () => {
    const { scene } = await openEchoingManager();
    const wrongToken = await scene.run('echoed token', ['plan'], { env: { APINIZER_TOKEN: WRONG_TOKEN } });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain('Token not accepted');
  });

  it('a Manager that never answers creates in time: got timeout errors, read-backs and their stacks under --debug', async () => {
    const { scene, mutations } = await openEchoingManager({ slowWritesMs: 1500 });
    const run = await scene.run('create timeouts', ['apply', '--auto-approve', '--target', 'payments/change', '--timeout', '200', '--retries', '0']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no reply within 200 ms');
    expect(run.stderr).toContain('http: POST /apiops/projects/payments/keys/ → no reply');
    expect(mutations).toEqual(['POST', 'POST', 'POST']);
  });

  // The client scrubs the token and password from server texts (call-context.ts scrubSecrets)
  // but not the material it sent, so a Manager (or proxy) that quotes the request body in its
  // error_description gets the material printed in the FAILED line and the summary.
  it('a Manager that echoes the material it was sent in a refused create', async () => {
    const { scene, mutations } = await openEchoingManager();
    const refused = await scene.run('echoed material', ['apply', '--auto-approve', '--target', 'payments/change']);
    expect(mutations).toEqual(['POST']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Cannot parse the key');
  });
});
