/**
 * A fake of GitLab's merge-request notes API on loopback (node:http, port 0): lists pages with
 * `per_page`/`page` and `X-Next-Page` as GitLab does, creates and updates notes (as the
 * token's user, `GET /user`), and refuses a request without the expected `PRIVATE-TOKEN`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A note as the fake stores it; `author.id` is the token's bot user unless added as someone else's. */
export interface FakeNote {
  readonly id: number;
  body: string;
  readonly system: boolean;
  readonly author: { readonly id: number; readonly username: string };
}

/** The user of the token the fake accepts: a project access token's bot. */
export const FAKE_BOT = { id: 900, username: 'project_12_bot' } as const;

export interface FakeGitLab {
  /** `CI_API_V4_URL`. */
  readonly url: string;
  notes(): FakeNote[];
  addNote(body: string, system?: boolean, author?: FakeNote['author']): void;
  /** `METHOD path?query` of each request. */
  requests(): string[];
  close(): Promise<void>;
}

/** Starts the fake for one merge request (`projects/{project}/merge_requests/{iid}/notes`). */
export async function startFakeGitLab(project: string, iid: number, token: string): Promise<FakeGitLab> {
  const notes: FakeNote[] = [];
  const log: string[] = [];
  let nextId = 1;
  const base = `/api/v4/projects/${project}/merge_requests/${iid}/notes`;
  const server = createServer((request, response) => void handle(request, response));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    log.push(`${request.method} ${url.pathname}${url.search}`);
    const text = await new Promise<string>((resolve) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => resolve(body));
    });
    if (request.headers['private-token'] !== token) return reply(response, 401, { message: '401 Unauthorized' });
    if (url.pathname === '/api/v4/user' && request.method === 'GET') return reply(response, 200, FAKE_BOT);
    if (url.pathname === base && request.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 1);
      const more = page * perPage < notes.length;
      return reply(response, 200, notes.slice((page - 1) * perPage, page * perPage), { 'x-next-page': more ? String(page + 1) : '' });
    }
    if (url.pathname === base && request.method === 'POST') {
      const note = { id: nextId++, body: (JSON.parse(text) as { body: string }).body, system: false, author: FAKE_BOT };
      notes.push(note);
      return reply(response, 201, note);
    }
    const one = url.pathname.startsWith(`${base}/`)
      ? notes.find((note) => note.id === Number(url.pathname.slice(base.length + 1)))
      : undefined;
    // GitLab lets a Reporter edit only their own notes.
    if (one && request.method === 'PUT' && one.author.id !== FAKE_BOT.id) return reply(response, 403, { message: '403 Forbidden' });
    if (one && request.method === 'PUT') {
      one.body = (JSON.parse(text) as { body: string }).body;
      return reply(response, 200, one);
    }
    return reply(response, 404, { message: '404 Not found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`,
    notes: () => notes.map((note) => ({ ...note })),
    addNote: (body, system = false, author = { id: 17, username: 'someone' }) => void notes.push({ id: nextId++, body, system, author }),
    requests: () => [...log],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
