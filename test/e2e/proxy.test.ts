/**
 * Proxies: the CLI reaches the Manager through the proxy HTTPS_PROXY / HTTP_PROXY name (in
 * either case), tunnelling with CONNECT and sending the URL's credentials to the proxy only;
 * NO_PROXY bypasses it; a proxy that is down or refuses is one error naming the proxy
 * without its credentials; and a private CA for an https Manager comes from NODE_EXTRA_CA_CERTS.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer as createTlsServer } from 'node:tls';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findDeadProxyUrl, startTestProxy, type TestProxy } from '../support/connect-proxy.js';
import { randomSecret } from '../support/find-leaks.js';
import { HAS_OPENSSL, makeSelfSignedCertificate } from '../support/self-signed-certificate.js';
import { openWorld, type World } from '../support/world.js';
import { expectOneErrorLine } from './reliability-support.js';

const DESIRED = 'version: 1\nprojects:\n  p:\n    keys: {}\n';
const USERNAME = 'proxy-user';
const PASSWORD = randomSecret('proxy-password');

let proxy: TestProxy;

beforeEach(async () => {
  proxy = await startTestProxy({ credentials: { username: USERNAME, password: PASSWORD } });
});

afterEach(async () => {
  await proxy.close();
});

/** `http://user:password@127.0.0.1:PORT` of the test proxy. */
function withCredentials(url: string, password = PASSWORD): string {
  const parsed = new URL(url);
  parsed.username = USERNAME;
  parsed.password = password;
  return parsed.href;
}

function openProxyWorld(env: Record<string, string>): Promise<World> {
  return openWorld({ files: { 'apinizer-keys.yaml': DESIRED }, env, secrets: { 'proxy password': PASSWORD } });
}

function sandboxHost(world: World): string {
  return new URL(world.sandbox.url).host;
}

const BASIC = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;

describe('through a proxy', () => {
  it('plans through the proxy HTTP_PROXY names, sending its credentials to the proxy only', async () => {
    const world = await openProxyWorld({ HTTP_PROXY: withCredentials(proxy.url) });
    const run = await world.cli(['plan', '--debug', '-v']);
    expect(run.stderr).not.toContain('Error');
    expect(run.stdout).toContain('No changes.');
    expect(run.code).toBe(0);
    // every connection to the sandbox was a tunnel through the proxy, with the credentials
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([sandboxHost(world)]));
    expect(new Set(proxy.authorizations)).toEqual(new Set([BASIC]));
    expect(world.sandbox.requests().length).toBeGreaterThanOrEqual(2);
    expect(proxy.tunnelled).toHaveLength(world.sandbox.requests().length);
  });

  it('doctor checks through the proxy too: no direct DNS/TCP/TLS probe, the proxy named, the token checked through it', async () => {
    const world = await openProxyWorld({ HTTP_PROXY: withCredentials(proxy.url) });
    const run = await world.cli(['doctor', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { check: string; status: string; message: string }[] };
    const checks = report.findings.map((finding) => finding.check);
    expect(checks).toContain('reachability.proxy');
    expect(checks.filter((check) => /reachability\.(dns|tcp|tls)/.test(check))).toEqual([]);
    expect(report.findings.find((finding) => finding.check === 'reachability.proxy')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining(proxy.url),
    });
    // the token and the project were checked, and every one of those requests went through the proxy
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'token.accepted', status: 'ok' }));
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'project.keys', status: 'ok', project: 'p' }));
    expect(proxy.tunnelled).toEqual(expect.arrayContaining(['GET /apiops/projects/', 'GET /apiops/projects/p/keys/']));
    expect(world.sandbox.requests().length).toBeGreaterThanOrEqual(3);
    expect(proxy.tunnelled).toHaveLength(world.sandbox.requests().length);
    expect(new Set(proxy.tunnels)).toEqual(new Set([sandboxHost(world)]));
    expect(new Set(proxy.authorizations)).toEqual(new Set([BASIC]));
  });

  it('doctor names a wrong token checked through the proxy, and exits 1', async () => {
    const wrong = randomSecret('wrong-token');
    const world = await openProxyWorld({ HTTP_PROXY: withCredentials(proxy.url), APINIZER_TOKEN: wrong });
    const run = await world.cli(['doctor', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain(wrong);
    const report = JSON.parse(run.stdout) as { ok: boolean; findings: { check: string; status: string; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.filter((finding) => finding.status === 'problem')).toEqual([
      expect.objectContaining({ check: 'token.accepted', message: expect.stringContaining('rejected the API token') }),
    ]);
    expect(proxy.tunnelled).toEqual(['GET /apiops/projects/']);
    expect(world.sandbox.requests()).toHaveLength(1);
  });

  it('fetches a token from APINIZER_USERNAME + APINIZER_PASSWORD through the proxy too', async () => {
    const user = { username: 'ci-bot', password: randomSecret('user-password') };
    const world = await openWorld({
      seed: { projects: [{ name: 'p', environments: [{ name: 'production' }] }], users: [{ ...user, projects: '*' }] },
      files: { 'apinizer-keys.yaml': DESIRED },
      env: {
        HTTP_PROXY: withCredentials(proxy.url),
        APINIZER_TOKEN: undefined,
        APINIZER_USERNAME: user.username,
        APINIZER_PASSWORD: user.password,
      },
      secrets: { 'proxy password': PASSWORD, 'user password': user.password },
    });
    const run = await world.cli(['plan']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    // every request the sandbox answered came through the proxy, the token request first
    expect(proxy.tunnelled[0]).toBe('POST /apiops/auth/token');
    expect(proxy.tunnelled).toHaveLength(world.sandbox.requests().length);
    expect(new Set(proxy.tunnels)).toEqual(new Set([sandboxHost(world)]));
  });

  it('reads the lower-case http_proxy too, and it wins over HTTP_PROXY', async () => {
    const dead = await findDeadProxyUrl();
    const world = await openProxyWorld({ http_proxy: withCredentials(proxy.url), HTTP_PROXY: dead });
    const run = await world.cli(['plan']);
    expect(run.code).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
  });

  it('connects directly to a host NO_PROXY lists, and never asks the proxy', async () => {
    const world = await openProxyWorld({ HTTP_PROXY: withCredentials(proxy.url), NO_PROXY: 'manager.example.com,127.0.0.1' });
    const run = await world.cli(['plan']);
    expect(run.stdout).toContain('No changes.');
    expect(run.code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.authorizations).toEqual([]);
    expect(world.sandbox.requests().length).toBeGreaterThanOrEqual(2);
  });

  it('does not use HTTPS_PROXY for an http Manager', async () => {
    const world = await openProxyWorld({ HTTPS_PROXY: withCredentials(proxy.url) });
    expect((await world.cli(['plan'])).code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
  });

  (HAS_OPENSSL ? it : it.skip)(
    'reaches an https Manager with a private CA through HTTPS_PROXY, trusting the CA from NODE_EXTRA_CA_CERTS',
    async () => {
      const world = await openProxyWorld({});
      // TLS in front of the sandbox, with a certificate no public CA signed
      const certificate = makeSelfSignedCertificate('localhost');
      const sandboxPort = Number(new URL(world.sandbox.url).port);
      const open = new Set<Socket>();
      const front = createTlsServer(certificate, (socket) => {
        const upstream = connect(sandboxPort, '127.0.0.1');
        for (const end of [socket, upstream]) {
          open.add(end);
          end.on('error', () => undefined);
          end.on('close', () => {
            open.delete(end);
            socket.destroy();
            upstream.destroy();
          });
        }
        socket.pipe(upstream).pipe(socket);
      });
      await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
      world.defer(
        () =>
          new Promise<void>((resolve) => {
            for (const socket of open) socket.destroy();
            front.close(() => resolve());
          }),
      );
      const host = `localhost:${(front.address() as AddressInfo).port}`;
      const ca = join(world.dir, 'private-ca.pem');
      await writeFile(ca, certificate.cert);

      const env = { APINIZER_URL: `https://${host}`, HTTPS_PROXY: withCredentials(proxy.url) };
      const untrusted = expectOneErrorLine(await world.cli(['plan'], env));
      expect(untrusted).toContain(`through the proxy ${proxy.url}: TLS certificate error`);
      expect(untrusted).toContain('NODE_EXTRA_CA_CERTS');

      const run = await world.cli(['plan'], { ...env, NODE_EXTRA_CA_CERTS: ca });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('No changes.');
      expect(run.code).toBe(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([host]));
    },
  );
});

describe('when the proxy fails', () => {
  it('a proxy that is down: one error naming the proxy, without its credentials', async () => {
    const dead = await findDeadProxyUrl();
    const world = await openProxyWorld({ HTTP_PROXY: withCredentials(dead) });
    const line = expectOneErrorLine(await world.cli(['plan', '--retries', '1', '--retry-delay', '1']));
    expect(line).toContain(`could not reach the Manager at ${world.sandbox.url}/apiops through the proxy ${dead}:`);
    expect(line).toContain('the proxy is not reachable: connection refused (ECONNREFUSED) (after 1 retry).');
    expect(line).toContain('add the Manager');
    expect(line).not.toContain(USERNAME);
    expect(world.sandbox.requests()).toEqual([]);
  });

  it('with --debug too (stack traces and request lines): the credentials never show', async () => {
    const dead = await findDeadProxyUrl();
    const world = await openProxyWorld({ HTTP_PROXY: withCredentials(dead) });
    const run = await world.cli(['plan', '--debug', '--retries', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`through the proxy ${dead}`);
    expect(run.stderr).not.toContain(USERNAME);
    // the world's leak finder has checked every form of the password in the output
  });

  it('doctor: a proxy that is down is a problem naming the proxy, without its credentials, and exits 1', async () => {
    const dead = await findDeadProxyUrl();
    const world = await openProxyWorld({ HTTP_PROXY: withCredentials(dead) });
    const run = await world.cli(['doctor', '--format', 'json', '--retries', '0']);
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).not.toContain(USERNAME);
    const report = JSON.parse(run.stdout) as { ok: boolean; findings: { check: string; status: string; message: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.filter((finding) => finding.status === 'problem')).toEqual([
      expect.objectContaining({
        check: 'reachability.proxy',
        message: expect.stringContaining(`through the proxy ${dead}: the proxy is not reachable: connection refused (ECONNREFUSED)`),
        fix: expect.stringContaining(`Check that the proxy ${dead} is running`),
      }),
    ]);
    expect(world.sandbox.requests()).toEqual([]);

    const text = await world.cli(['doctor', '--retries', '0']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`through the proxy ${dead}`);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Doctor: 1 problem, /);
  });

  it('wrong credentials: the proxy’s 407 is named as such', async () => {
    const world = await openProxyWorld({ HTTP_PROXY: withCredentials(proxy.url, 'not-the-password') });
    const line = expectOneErrorLine(await world.cli(['plan']));
    expect(line).toContain(
      `through the proxy ${proxy.url}: the proxy wants credentials, or other ones (407 Proxy Authentication Required)`,
    );
    expect(line).not.toContain('not-the-password');
    expect(world.sandbox.requests()).toEqual([]);
  });

  it('a proxy URL that is not http(s): a usage error that does not echo it', async () => {
    const world = await openProxyWorld({ HTTP_PROXY: `socks5://${USERNAME}:${PASSWORD}@127.0.0.1:1080` });
    const line = expectOneErrorLine(await world.cli(['plan']));
    expect(line).toContain("The proxy URL (HTTPS_PROXY / HTTP_PROXY / ALL_PROXY) must start with http:// or https://, got 'socks5:'.");
    expect(line).not.toContain(USERNAME);
    expect(world.sandbox.requests()).toEqual([]);
  });
});
