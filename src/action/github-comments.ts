import got, { type Got } from 'got';
import { AppError } from '../common/app-error.js';
import { createProxyAgents, resolveProxy } from '../common/proxy.js';
import type { Secret } from '../common/secret.js';
import { USER_AGENT } from '../common/version.js';
import type { IssueComment } from './pure/comment-target.js';

/** Where the pull request lives and the token to write its comments with. */
export interface GitHubTarget {
  /** `GITHUB_API_URL`, e.g. `https://api.github.com`. */
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly token: Secret;
}

/** The comments endpoints of the GitHub REST API that the Action needs. */
export interface IssueComments {
  list(issue: number): Promise<IssueComment[]>;
  create(issue: number, body: string): Promise<void>;
  update(id: number, body: string): Promise<void>;
}

/**
 * A got client for the repository's issue comments, through the proxy the environment names
 * for the API (as the CLI does for the Manager; a self-hosted runner may have only that way
 * out). Errors name the call and the status, never the token or the proxy's credentials.
 */
export function createIssueComments(target: GitHubTarget): IssueComments {
  const proxy = resolveProxy(target.apiUrl);
  const http: Got = got.extend({
    ...(proxy === undefined ? {} : { agent: createProxyAgents(proxy, { keepAlive: true }) }),
    prefixUrl: `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repository}/issues/`,
    headers: {
      authorization: `Bearer ${target.token.reveal()}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': USER_AGENT,
    },
    timeout: { request: 30_000 },
    // Reads and body updates are idempotent: retried on 5xx and the like, so one bad gateway
    // does not leave an earlier run's report up. A create is not retried: a POST whose reply
    // was lost may have made the comment, and a retry would post it twice.
    retry: { limit: 2, methods: ['GET', 'PATCH'] },
    followRedirect: false,
  });
  return {
    list: (issue) =>
      call('list the comments of', issue, proxy?.display, () =>
        // got follows the Link header's rel="next" page by page.
        http.paginate.all<IssueComment>(`${issue}/comments`, { searchParams: { per_page: 100 }, responseType: 'json' }),
      ),
    create: (issue, body) =>
      call('comment on', issue, proxy?.display, async () => void (await http.post(`${issue}/comments`, { json: { body } }))),
    update: (id, body) =>
      call('update comment', id, proxy?.display, async () => void (await http.patch(`comments/${id}`, { json: { body } }))),
  };
}

async function call<T>(what: string, id: number, proxy: string | undefined, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    // got's errors carry the request options (and so the token): keep only the status.
    const status = (error as { response?: { statusCode?: unknown } }).response?.statusCode;
    const code = (error as { code?: unknown }).code;
    const said = typeof status === 'number' ? `HTTP ${status}` : typeof code === 'string' ? code : 'no reply';
    // Without a reply from GitHub, the proxy in between is the first suspect (a 407, a refused tunnel).
    const via = typeof status !== 'number' && proxy !== undefined ? ` through the proxy ${proxy}` : '';
    throw new AppError({
      code: 'network',
      fault: 'manager',
      message: `GitHub did not let the Action ${what} #${id}${via}: ${said}.`,
      hint:
        status === 403 || status === 404
          ? 'Give the job "pull-requests: write" (forks get a read-only token) and pass github-token if you use another.'
          : via !== ''
            ? 'Check the proxy HTTPS_PROXY (or HTTP_PROXY) names for GITHUB_API_URL and its credentials, or list the API host in NO_PROXY.'
            : undefined,
    });
  }
}
