/**
 * A fake of the GitHub REST API's issue comments on loopback (node:http, port 0): lists with
 * `per_page`/`page` and a `Link` header as GitHub pages them, creates and updates comments,
 * refuses any request without the expected token, and fails requests when a test says so. Enough to drive the Action's entry point.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comment as the fake stores it. */
export interface FakeComment {
  readonly id: number;
  body: string;
  readonly author: string;
}

/** One request the fake answered, as `METHOD path?query`. */
export interface FakeGitHub {
  /** The API base URL (`GITHUB_API_URL`). */
  readonly url: string;
  /** Comments of an issue, oldest first. */
  comments(issue: number): FakeComment[];
  /** Adds a comment as another user would. */
  addComment(issue: number, body: string, author?: string): FakeComment;
  /** Every request, as `METHOD path?query`, in arrival order. */
  requests(): string[];
  /** Every request body received, as text. */
  bodies(): string[];
  /** Answers the next `count` requests of `method` with `status` (a bad gateway, say), changing nothing. */
  failNext(method: string, status: number, count?: number): void;
  close(): Promise<void>;
}

/** Starts the fake for `repository` (`owner/name`), accepting `Bearer token` only. */
export async function startFakeGitHub(repository: string, token: string): Promise<FakeGitHub> {
  const issues = new Map<number, FakeComment[]>();
  const log: string[] = [];
  const bodies: string[] = [];
  const failures: { method: string; status: number }[] = [];
  let nextId = 1000;
  const listOf = (issue: number) => issues.get(issue) ?? (issues.set(issue, []), issues.get(issue)!);
  const add = (issue: number, body: string, author: string) => {
    const comment = { id: nextId++, body, author };
    listOf(issue).push(comment);
    return comment;
  };
  const base = `/repos/${repository}/issues/`;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => reply(response, 500, { message: String(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    log.push(`${request.method} ${url.pathname}${url.search}`);
    const text = await readBody(request);
    if (text !== '') bodies.push(text);
    if (request.headers.authorization !== `Bearer ${token}`) return reply(response, 401, { message: 'Bad credentials' });
    const failure = failures.findIndex((candidate) => candidate.method === request.method);
    if (failure >= 0) return reply(response, failures.splice(failure, 1)[0]!.status, { message: 'Server Error' });
    if (!url.pathname.startsWith(base)) return reply(response, 404, { message: 'Not Found' });
    const rest = url.pathname.slice(base.length);
    const list = /^(\d+)\/comments$/.exec(rest);
    const one = /^comments\/(\d+)$/.exec(rest);
    if (list && request.method === 'GET') {
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = listOf(Number(list[1]));
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) {
        const next = new URL(url.href.replace('http://fake', address()));
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return reply(response, 200, slice.map(view), headers);
    }
    if (list && request.method === 'POST') {
      return reply(response, 201, view(add(Number(list[1]), (JSON.parse(text) as { body: string }).body, 'github-actions[bot]')));
    }
    if (one && request.method === 'PATCH') {
      const comment = [...issues.values()].flat().find((candidate) => candidate.id === Number(one[1]));
      if (!comment) return reply(response, 404, { message: 'Not Found' });
      comment.body = (JSON.parse(text) as { body: string }).body;
      return reply(response, 200, view(comment));
    }
    return reply(response, 404, { message: 'Not Found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: address(),
    comments: (issue) => [...listOf(issue)],
    addComment: (issue, body, author = 'someone') => add(issue, body, author),
    requests: () => [...log],
    bodies: () => [...bodies],
    failNext: (method, status, count = 1) => {
      for (let i = 0; i < count; i += 1) failures.push({ method, status });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function view(comment: FakeComment): unknown {
  return { id: comment.id, body: comment.body, user: { login: comment.author, type: comment.author.endsWith('[bot]') ? 'Bot' : 'User' } };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
