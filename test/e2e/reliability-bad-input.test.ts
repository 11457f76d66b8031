/**
 * End to end: the bad-input table, one test per row. Each bad input gives
 * exit 1 and one clear `Error:` line, located (file:line:col) when it comes from a file,
 * never a stack trace, and no request that changes anything. Plus: legal names with `/`,
 * `#`, `?`, `%`, spaces and unicode travel URL-encoded end to end.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describeRequest, toBase64 } from '../support/e2e.js';
import type { CliRun } from '../support/run-cli.js';
import { HAS_OPENSSL, makeSelfSignedCertificate } from '../support/self-signed-certificate.js';
import { openWorld, shareWorld, type World } from '../support/world.js';
import { expectOneErrorLine } from './reliability-support.js';

const B64 = toBase64('TEST ONLY: bad-input material');
const FILE = 'apinizer-keys.yaml';

/** One sandbox for the whole table: no row changes it (checked after each). */
const shared = shareWorld({ seed: { projects: [{ name: 'p', environments: [{ name: 'production' }, { name: 'staging' }] }] } });

beforeEach(() => shared().sandbox.clearRequests());

afterEach(() => {
  // Whatever the row, nothing was changed on the Manager.
  expect(shared().mutationsSince()).toEqual([]);
});

/** A fresh workdir with `files`. */
function workdir(files: Record<string, string | Buffer>): Promise<string> {
  return shared().workdir(files);
}

/** Runs the built CLI in `dir` against the shared sandbox. */
function cli(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return shared().cli(args, env, { cwd: dir });
}

/** One key of project p in production: `name` and the YAML of its body. */
function oneKey(
  body = `{ type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${B64}" } } } }`,
  name = 'k',
): string {
  return `version: 1\nprojects:\n  p:\n    keys:\n      ${name}: ${body}\n`;
}

/**
 * Runs `validate` (unless the row is checked only by plan) and `apply --auto-approve` on
 * the file(s); both must refuse with one located error line. Returns apply's error line.
 */
async function refuse(
  files: Record<string, string | Buffer>,
  options: { env?: Record<string, string>; validate?: boolean; cwd?: string } = {},
): Promise<string> {
  const dir = await workdir(files);
  const cwd = options.cwd === undefined ? dir : join(dir, options.cwd);
  const [apply, validate] = await Promise.all([
    cli(cwd, ['apply', '--auto-approve'], options.env),
    options.validate === false ? undefined : cli(cwd, ['validate']),
  ]);
  const line = expectOneErrorLine(apply);
  if (validate) expect(expectOneErrorLine(validate)).toBe(line);
  return line;
}

/** `text` as a literal in a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `Error: FILE:line:col: ` at the start of the line; returns [line, col]. */
function expectLocated(line: string, file = FILE): [number, number] {
  const match = new RegExp(`^Error: ${escape(file)}:(\\d+):(\\d+): `).exec(line);
  if (!match) throw new Error(`not located in ${file}: ${line}`);
  return [Number(match[1]), Number(match[2])];
}

describe('bad desired-state files', () => {
  it('malformed YAML', async () => {
    const line = await refuse({ [FILE]: 'version: 1\nprojects:\n  p:\n    keys:\n      k:\n        description: "unclosed\n' });
    expect(expectLocated(line)[0]).toBeGreaterThanOrEqual(6);
    expect(line).toContain('Invalid YAML');
  });

  // A flow mapping left open yields the parser's message twice; it must be printed once.
  it('malformed YAML (an unclosed flow mapping) is reported once, not as a repeated line', async () => {
    const line = await refuse({
      [FILE]: oneKey(`{ type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${B64}" } }`),
    });
    expectLocated(line);
    expect(line).toContain('Invalid YAML');
  });

  it('a wrong type', async () => {
    const line = await refuse({
      [FILE]: oneKey(
        `{ type: SECRET_KEY, algorithm: AES, description: [1], environments: { production: { content: { base64: "${B64}" } } } }`,
      ),
    });
    expect(expectLocated(line)[0]).toBe(5);
    expect(line).toContain('projects.p.keys.k.description: expected a string, found a list');
  });

  it('an unknown field, with a did-you-mean suggestion', async () => {
    const line = await refuse({
      [FILE]: oneKey(
        `\n        type: SECRET_KEY\n        algorithm: AES\n        descripton: x\n        environments: { production: { content: { base64: "${B64}" } } }`,
      ),
    });
    expect(expectLocated(line)).toEqual([8, 9]);
    expect(line).toContain('unknown field "descripton"; did you mean "description"?');
  });

  it('an unsupported version', async () => {
    const line = await refuse({ [FILE]: 'version: 2\nprojects: {}\n' });
    expect(expectLocated(line)).toEqual([1, 10]);
    expect(line).toContain('version 2 is not supported');
  });

  it('duplicate keys in a mapping', async () => {
    const line = await refuse({
      [FILE]: oneKey(
        `\n        type: SECRET_KEY\n        type: PUBLIC_KEY\n        environments: { production: { content: { base64: "${B64}" } } }`,
      ),
    });
    expect(expectLocated(line)).toEqual([7, 9]);
    expect(line).toContain('Duplicate key "type"');
    expect(line).toContain(`${FILE}:6:9`);
  });

  it('a YAML alias bomb is refused quickly', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = Date.now();
    const line = await refuse({ [FILE]: `version: 1\n${levels.join('\n')}\nprojects: {}\n` });
    expect(Date.now() - started).toBeLessThan(5000);
    expectLocated(line);
    expect(line).toMatch(/[Aa]lias/);
  });

  it('a very large file (over 5 MiB)', async () => {
    const filler = `# ${'x'.repeat(1022)}\n`.repeat(5 * 1024 + 10);
    const line = await refuse({ [FILE]: `version: 1\nprojects: {}\n${filler}` });
    expect(expectLocated(line)).toEqual([1, 1]);
    expect(line).toContain('larger than 5 MiB');
  });

  it('non-UTF-8 bytes', async () => {
    const bytes = Buffer.concat([
      Buffer.from('version: 1\nprojects:\n  p:\n    keys:\n      k: { type: SECRET_KEY, description: "caf'),
      Buffer.from([0xe9]),
      Buffer.from('" }\n'),
    ]);
    const line = await refuse({ [FILE]: bytes });
    expect(expectLocated(line)).toEqual([5, 47]);
    expect(line).toContain('not valid UTF-8');
  });
});

describe('names Apinizer cannot hold are caught at validation', () => {
  const body = `{ type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${B64}" } } } }`;
  const rows: [string, string, RegExp][] = [
    ['an empty name', '""', /key name "" must not be empty/],
    ['a leading space', '" k"', /key name " k" must not be empty, start or end with whitespace/],
    ['a trailing space', '"k "', /key name "k " must not be empty, start or end with whitespace/],
    ['a control character', '"k\\u0001"', /key name "k\\u0001" .*control characters/],
  ];
  for (const [label, yamlName, message] of rows) {
    it(label, async () => {
      const line = await refuse({ [FILE]: oneKey(body, yamlName) });
      expect(expectLocated(line)).toEqual([5, 7]);
      expect(line).toMatch(message);
    });
  }

  it('a project name with a control character', async () => {
    const line = await refuse({ [FILE]: `version: 1\nprojects:\n  "p\\t":\n    keys: {}\n    allowEmpty: true\n` });
    expect(expectLocated(line)).toEqual([3, 3]);
    expect(line).toMatch(/project name .* must not be empty, start or end with whitespace, or contain control characters/);
  });
});

describe('content sources', () => {
  const fileKey = (path: string, type = 'SECRET_KEY') =>
    oneKey(
      `{ type: ${type}, environments: { production: { content: { file: ${path} } } }${type === 'SECRET_KEY' ? ', algorithm: AES' : ''} }`,
    );

  it('a file outside the working directory is refused unless --allow-outside-files', async () => {
    const files = { [`repo/${FILE}`]: fileKey('../outside.test-key.bin'), 'outside.test-key.bin': 'TEST ONLY: outside material' };
    const line = await refuse(files, { cwd: 'repo' });
    expect(expectLocated(line)).toEqual([5, 46]);
    expect(line).toContain('Key p/k, environment production: file ../outside.test-key.bin is outside');
    expect(line).toContain('--allow-outside-files');

    const dir = await workdir(files);
    const allowed = await cli(join(dir, 'repo'), ['validate', '--allow-outside-files']);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
  });

  it('../../etc/hostname is refused', async () => {
    // The file must exist: a missing one is reported as unreadable before the root check.
    const target = `../../../../../../../../etc/${existsSync('/etc/hostname') ? 'hostname' : 'passwd'}`;
    const line = await refuse({ [FILE]: fileKey(target) });
    expect(expectLocated(line)).toEqual([5, 46]);
    expect(line).toContain(`Key p/k, environment production: file ${target} is outside`);
  });

  it('a missing file', async () => {
    const line = await refuse({ [FILE]: fileKey('keys/missing.pem') });
    expect(expectLocated(line)).toEqual([5, 46]);
    expect(line).toContain('Key p/k, environment production: cannot read file keys/missing.pem: no such file or directory');
  });

  // Tests run as root, where chmod 000 does not stop reading: a directory stands in for an unreadable file.
  it('an unreadable file (a directory where the key file should be)', async () => {
    const line = await refuse({ [FILE]: fileKey('keys'), 'keys/placeholder.txt': 'x' });
    expect(expectLocated(line)).toEqual([5, 46]);
    expect(line).toContain('Key p/k, environment production: file keys is not a regular file');
  });

  const isRoot = process.getuid?.() === 0;
  (isRoot ? it.skip : it)('an unreadable file (chmod 000; skipped as root)', async () => {
    const dir = await workdir({ [FILE]: fileKey('keys/locked.pem'), 'keys/locked.pem': 'TEST ONLY' });
    spawnSync('chmod', ['000', join(dir, 'keys/locked.pem')]);
    const [apply, validate] = await Promise.all([cli(dir, ['apply', '--auto-approve']), cli(dir, ['validate'])]);
    for (const run of [apply, validate]) expect(expectOneErrorLine(run)).toContain('cannot read file keys/locked.pem: permission denied');
  });

  it('an empty environment variable that a create needs: the plan is shown and refused, naming it', async () => {
    const dir = await workdir({
      [FILE]: oneKey('{ type: SECRET_KEY, environments: { staging: { content: { env: EMPTY_KEY } } }, algorithm: AES }'),
    });
    const before = JSON.stringify(shared().sandbox.snapshot());
    const apply = await cli(dir, ['apply', '--auto-approve'], { EMPTY_KEY: '' });
    expect(apply.code).toBe(1);
    const lines = apply.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Error: The plan is refused: /);
    expect(lines[0]).toContain(`${FILE}:5:46: Key p/k, environment staging: environment variable EMPTY_KEY is empty.`);
    expect(JSON.stringify(shared().sandbox.snapshot())).toBe(before);
  });

  it('content that is not a key of the declared type (a PUBLIC_KEY whose file is a PEM private key)', async () => {
    // Random base64 between private-key markers: looks like a PEM private key, is not one.
    const body = randomBytes(96).toString('base64').replace(/.{64}/g, '$&\n');
    const pem = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
    const line = await refuse({ [FILE]: fileKey('keys/partner.pem', 'PUBLIC_KEY'), 'keys/partner.pem': pem });
    expect(expectLocated(line)).toEqual([5, 46]);
    expect(line).toContain('Key p/k, environment production: the key type is PUBLIC_KEY, but the content is a private key');
    expect(line).not.toContain(body.slice(0, 16));
  });
});

describe('Managers that are not what they should be', () => {
  const servers: Server[] = [];
  const methods: string[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(resolve);
          }),
      ),
    );
    // No request that changes anything reached the fake Managers either.
    expect(methods.splice(0).filter((method) => method !== 'GET')).toEqual([]);
  });

  async function serve(server: Server): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const handler =
    (reply: (request: IncomingMessage, response: ServerResponse) => void) => (request: IncomingMessage, response: ServerResponse) => {
      methods.push(request.method ?? '');
      request.resume();
      request.on('end', () => reply(request, response));
    };

  /** apply --auto-approve against `url` with a valid file; one error line naming the Manager. */
  async function refuseManager(url: string): Promise<string> {
    const dir = await workdir({ [FILE]: oneKey() });
    const run = await cli(dir, ['apply', '--auto-approve', '--retries', '0'], { APINIZER_URL: url, APINIZER_TOKEN: 'test-token' });
    return expectOneErrorLine(run);
  }

  it('a Manager URL that is not http(s)', async () => {
    const line = await refuseManager('ftp://manager.example.com');
    expect(line).toContain("The Manager URL must start with http:// or https://, got 'ftp:'.");
  });

  it('a DNS failure', async () => {
    const line = await refuseManager('https://apinizer-keys-test.invalid');
    expect(line).toMatch(
      /could not reach the Manager at https:\/\/apinizer-keys-test\.invalid\/apiops: host name not found \((ENOTFOUND|EAI_AGAIN)\)/,
    );
  });

  // https to a port that speaks plain HTTP: OpenSSL's message ends in a newline, which must
  // not split the error into two lines of raw SSL dump.
  it('a TLS error: https to a server that speaks plain HTTP', async () => {
    const host = await serve(createHttpServer(handler((_, response) => response.end('{}'))));
    const line = await refuseManager(`https://${host}`);
    expect(line).toContain(`the Manager at https://${host}/apiops`);
    expect(line).toMatch(/TLS/);
  });

  (HAS_OPENSSL ? it : it.skip)('a TLS error: a self-signed certificate', async () => {
    const tls = createHttpsServer(
      makeSelfSignedCertificate('localhost'),
      handler((_, response) => response.end('{"success":true,"resultList":[]}')),
    );
    const host = await serve(tls);
    const line = await refuseManager(`https://${host}`);
    expect(line).toContain(`could not reach the Manager at https://${host}/apiops: TLS certificate error`);
    expect(line).toContain('NODE_EXTRA_CA_CERTS');
  });

  it.each([
    {
      reply: 'a non-JSON reply (an HTML login page from a proxy)',
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><html><body><form action="/login">Sign in</form></body></html>',
      says: 'expected a JSON reply, got text/html',
      never: '<html',
    },
    {
      reply: 'a reply of the wrong shape (JSON without resultList)',
      contentType: 'application/json',
      body: '{"success":true,"items":[]}',
      says: 'expected a JSON reply with resultList, got a JSON object without it',
      never: '"items"',
    },
  ])('$reply', async ({ contentType, body, says, never }) => {
    const host = await serve(
      createHttpServer(
        handler((_, response) => {
          response.setHeader('content-type', contentType);
          response.end(body);
        }),
      ),
    );
    const line = await refuseManager(`http://${host}`);
    expect(line).toContain(`The Manager at http://${host}/apiops gave an unexpected reply`);
    expect(line).toContain(says);
    // The reply itself is never echoed.
    expect(line).not.toContain(never);
  });
});

describe('output paths', () => {
  // A write error must name the path, not surface as "Unexpected internal error ... This is a bug".
  it('plan --out into a directory that does not exist is a clear error naming the path, not an internal error', async () => {
    const dir = await workdir({ [FILE]: oneKey() });
    const run = await cli(dir, ['plan', '--out', 'no-such-dir/plan.json']);
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('Error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('no-such-dir/plan.json');
    expect(errors[0]).not.toMatch(/internal error|This is a bug/);
  });

  it('export -o FILE into a directory that does not exist is a clear error naming the path, not an internal error', async () => {
    const dir = await workdir({ [FILE]: oneKey() });
    const run = await cli(dir, ['export', '--project', 'p', '-o', 'no-such-dir/p.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no-such-dir/p.yaml');
    expect(run.stderr).not.toMatch(/internal error|This is a bug/);
  });

  // README: "-o DIR/ writes one file per project", a single project included.
  it('export -o DIR/ creates the directory, also for a single project', async () => {
    const dir = await workdir({ [FILE]: oneKey() });
    const run = await cli(dir, ['export', '--project', 'p', '-o', 'exported/']);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(await readFile(join(dir, 'exported', 'p.yaml'), 'utf8')).toContain('projects:');
  });
});

describe('legal names with / # ? % spaces and unicode', () => {
  const PROJECT = 'Team Ω/α #1?%';
  const CREATED = ['a/b', 'c#d', 'e?f', 'g%h', '%2F', 'with space', 'ключ-ü', '100%/done?#x', '..x', 'ümlaut ☃'];
  const UPDATED = 'old/key #1?';
  const DELETED = 'gone?%/x';
  const enc = encodeURIComponent;
  let names: World;

  beforeEach(async () => {
    names = await openWorld({
      seed: {
        projects: [
          {
            name: PROJECT,
            environments: [{ name: 'prod ü/1' }],
            keys: [
              { name: UPDATED, keyType: 'SECRET_KEY', description: 'old', environments: [{ name: 'prod ü/1', content: B64 }] },
              { name: DELETED, keyType: 'SECRET_KEY', environments: [{ name: 'prod ü/1', content: B64 }] },
            ],
          },
        ],
      },
    });
  });

  it('travel URL-encoded: created, updated and deleted exactly, and plan then shows no changes', async () => {
    const key = (name: string, description: string) =>
      `      ${JSON.stringify(name)}: { type: SECRET_KEY, algorithm: AES, description: ${JSON.stringify(description)}, environments: { "prod ü/1": { content: { base64: "${B64}" } } } }`;
    const yaml = [
      'version: 1',
      'projects:',
      `  ${JSON.stringify(PROJECT)}:`,
      '    keys:',
      ...CREATED.map((name) => key(name, `made ${name}`)),
      key(UPDATED, 'new'),
      `      ${JSON.stringify(DELETED)}: { state: absent }`,
      '',
    ].join('\n');
    const dir = await names.workdir({ [FILE]: yaml });
    const apply = await names.cli(['apply', '--auto-approve'], {}, { cwd: dir });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(`Apply complete: ${CREATED.length} created, 1 updated, 1 deleted.`);

    const project = names.project(PROJECT);
    expect(project.name).toBe(PROJECT);
    expect(project.keys.map((k) => k.name).sort()).toEqual([...CREATED, UPDATED].sort());
    for (const created of CREATED) expect(project.keys.find((k) => k.name === created)?.description).toBe(`made ${created}`);
    expect(project.keys.find((k) => k.name === UPDATED)?.description).toBe('new');

    const mutations = names.mutationsSince();
    const base = `/apiops/projects/${enc(PROJECT)}/keys/`;
    expect(mutations.filter((m) => m.startsWith('POST'))).toEqual(CREATED.map(() => `POST ${base}`));
    expect(mutations.filter((m) => !m.startsWith('POST')).sort()).toEqual(
      [
        `PUT ${base}${enc(UPDATED)}/?jwkUpdateAction=NULLIFY&updateReferencedJwks=false&updateScope=SAME_PROJECT`,
        `DELETE ${base}${enc(DELETED)}/?jwkDeleteAction=NULLIFY`,
      ].sort(),
    );
    // Every request addressed this project by its encoded name, never a stray path.
    for (const request of names.sandbox.requests()) {
      expect(describeRequest(request)).toMatch(
        new RegExp(
          `^(GET|POST|PUT|DELETE) /apiops/(environments/${escape(enc(PROJECT))}|projects/${escape(enc(PROJECT))}/(keys|jwks|environments)/)`,
        ),
      );
    }

    const plan = await names.cli(['plan', '--detailed-exitcode'], {}, { cwd: dir });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
  });
});
