import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../common/app-error.js';
import { splitUrl } from './http-io.js';
import type { ReplayExchange, ReplayRecording } from './replay-recording.js';

/** A running replay of a recording. */
export interface ReplayHandle {
  /** Manager URL; the API lives under `url + '/apiops'`. */
  readonly url: string;
  /** Requests that had no recorded reply, as `METHOD path?query`, in arrival order. */
  unmatched(): string[];
  close(): Promise<void>;
}

/** How to start a replay. */
export interface ReplayOptions {
  readonly recording: ReplayRecording;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
}

/**
 * Answers every `/apiops` request with the reply recorded for the same method, path and
 * query: the recorded replies of one request in order, the last one again once they run out
 * (a retried request was recorded once per attempt). A recorded network failure closes the
 * connection. Any other request gets a Spring-style 404 naming it. The token is not checked:
 * the recording holds none, and its replies already say what the Manager said to the token.
 */
export async function startReplay(options: ReplayOptions): Promise<ReplayHandle> {
  const queues = new Map<string, ReplayExchange[]>();
  for (const exchange of options.recording.exchanges) {
    const key = matchKey(exchange.method, exchange.path, exchange.query);
    queues.set(key, [...(queues.get(key) ?? []), exchange]);
  }
  const served = new Map<string, number>();
  const unmatched: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(request, response));
  });
  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    const { path, query } = splitUrl(request.url ?? '/');
    const method = request.method ?? 'GET';
    const relative = path.startsWith('/apiops/') ? path.slice('/apiops/'.length) : undefined;
    const key = relative === undefined ? undefined : matchKey(method, relative, query);
    const queue = key === undefined ? undefined : queues.get(key);
    if (key === undefined || queue === undefined || queue.length === 0) {
      unmatched.push(`${method} ${path}${describeQuery(query)}`);
      sendJson(response, 404, {
        timestamp: new Date(0).toISOString(),
        status: 404,
        error: 'Not Found',
        message: 'No recorded reply for this request.',
        path,
      });
      return;
    }
    const index = served.get(key) ?? 0;
    served.set(key, index + 1);
    replayExchange(response, queue[Math.min(index, queue.length - 1)]!);
  };
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new AppError({
          code: 'usage',
          fault: 'user',
          message: `The sandbox cannot listen on ${options.host ?? '127.0.0.1'}:${options.port ?? 0}${error.code ? ` (${error.code})` : ''}.`,
          hint: 'Choose another --port, or 0 for any free port.',
        }),
      ),
    );
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(server.address() as AddressInfo));
  });
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    unmatched: () => [...unmatched],
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function replayExchange(response: ServerResponse, exchange: ReplayExchange): void {
  if (exchange.status === undefined) {
    response.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (exchange.location !== undefined) headers['location'] = exchange.location;
  if (exchange.replyBody === undefined) {
    response.writeHead(exchange.status, headers).end();
    return;
  }
  const isText = typeof exchange.replyBody === 'string' && !(exchange.contentType ?? '').includes('json');
  const text = isText ? exchange.replyBody : JSON.stringify(exchange.replyBody);
  headers['content-type'] = exchange.contentType ?? 'application/json';
  headers['content-length'] = String(Buffer.byteLength(text));
  response.writeHead(exchange.status, headers).end(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

function matchKey(method: string, path: string, query: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()} ${path}${describeQuery(query)}`;
}

function describeQuery(query: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(query)
    .sort()
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(query[name]!)}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}
