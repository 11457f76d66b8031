import type http from 'node:http';
import type https from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { getProxyForUrl } from 'proxy-from-env';
import { AppError } from './app-error.js';

/** The proxy requests to one Manager go through. */
export interface ProxyRoute {
  /** `http://proxy.example.com:3128`: scheme, host and port only, never credentials; for messages. */
  readonly display: string;
  /** The proxy URL as given, with any credentials: only the agents see it. */
  readonly url: URL;
  /** Credentials the proxy URL carries, in the forms they could come back in: scrubbed from every text. */
  readonly secrets: readonly string[];
}

/** Where a proxy setting came from, for messages. */
const FROM_ENVIRONMENT = 'HTTPS_PROXY / HTTP_PROXY / ALL_PROXY';

/**
 * The proxy for requests to `target` (the Manager's API root): `configured` if given (`''` for
 * a direct connection), else what the environment says for that URL — `https_proxy` for an
 * https Manager, `http_proxy` for an http one, `all_proxy` for either, each in lower or upper
 * case, unless `no_proxy` lists the host (read by proxy-from-env). Throws AppError
 * `usage` for a proxy URL that is not an http(s) URL, without echoing it (it may hold a password).
 */
export function resolveProxy(target: string, configured?: string): ProxyRoute | undefined {
  const given = configured ?? getProxyForUrl(target);
  if (given === '') return undefined;
  const source = configured === undefined ? FROM_ENVIRONMENT : 'the proxy setting';
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw proxyUsageError(`The proxy URL (${source}) is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw proxyUsageError(`The proxy URL (${source}) must start with http:// or https://, got '${url.protocol}'.`);
  }
  return { display: `${url.protocol}//${url.host}`, url, secrets: listProxySecrets(given, url) };
}

/** Keep-alive agents that tunnel through the proxy (CONNECT, for http and https Managers alike). */
export function createProxyAgents(route: ProxyRoute, options: http.AgentOptions): { http: http.Agent; https: https.Agent } {
  return {
    http: new HttpProxyAgent({ ...options, proxy: route.url }),
    https: new HttpsProxyAgent({ ...options, proxy: route.url }),
  };
}

/**
 * The password as written and decoded, the whole URL, and the `Proxy-Authorization` value
 * (base64 of `user:password`). The user name alone is not a secret, but messages leave it out too.
 */
function listProxySecrets(given: string, url: URL): string[] {
  if (url.username === '' && url.password === '') return [];
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const secrets = [given, url.href, Buffer.from(`${username}:${password}`).toString('base64')];
  if (password !== '') secrets.push(password, url.password);
  return secrets;
}

function proxyUsageError(message: string): AppError {
  return new AppError({
    code: 'usage',
    fault: 'user',
    message,
    hint: 'Set HTTPS_PROXY (for an https Manager) or HTTP_PROXY to http://[user:password@]host:port, or list the Manager in NO_PROXY.',
  });
}
