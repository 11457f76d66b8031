import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from '@jest/globals';
import { createApinizerClient, type ApinizerClient } from '../../src/apinizer/client.js';
import { type AppError } from '../../src/common/app-error.js';
import { Secret } from '../../src/common/secret.js';
import { catchAppErrorAsync, expectNoSecretsIn } from '../support/catch-app-error.js';

/**
 * A hand-scripted HTTP server on loopback for replies the sandbox does not give on purpose:
 * redirects, HTML pages, lies. Each test file that imports it gets servers and clients
 * closed after every test.
 */

/** The token every client made here sends; never to appear in an error. */
export const FAKE_TOKEN = 'odd-server-token-5b1e0c9d';

/** A running fake Manager and what it saw. */
export interface Served {
  readonly url: string;
  readonly seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Starts a server on port 0 that answers every request with `handler`. */
export async function serve(
  handler: (request: http.IncomingMessage, response: http.ServerResponse, index: number, body: string) => void,
): Promise<Served> {
  const seen: Served['seen'] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handler(request, response, seen.length - 1, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const served: Served = {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  cleanups.push(() => served.close());
  return served;
}

/** A client of `url` with fast retries, closed after the test. */
export function client(url: string, extra: Partial<Parameters<typeof createApinizerClient>[0]> = {}): ApinizerClient {
  const made = createApinizerClient({ url, token: new Secret(FAKE_TOKEN), retryBaseDelayMs: 5, ...extra });
  cleanups.unshift(() => made.close());
  return made;
}

/** The AppError a call fails with, checked to carry no token anywhere. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await catchAppErrorAsync(promise);
  expectNoSecretsIn(error, [FAKE_TOKEN]);
  return error;
}

/** Writes a JSON reply. */
export function json(response: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
