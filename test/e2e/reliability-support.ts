/**
 * Shared helpers of the reliability end-to-end tests: a recording proxy that sees which key
 * each create names, request-log helpers and output checks (one error line, no stack trace).
 * The leak finder is test/support/find-leaks.ts. Not a test file itself (jest only runs `*.test.ts`).
 */
import { createServer, request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { RequestLogEntry, SandboxHandle } from '../../src/sandbox/index.js';
import type { CliRun } from '../support/run-cli.js';

/** One request as the recording proxy forwarded it. */
export interface ProxiedCall {
  readonly method: string;
  /** Raw (encoded) path, without the query. */
  readonly path: string;
  /** For a key create (POST .../keys/): the `name` in its JSON body. */
  readonly keyName?: string;
  /** Status the Manager answered; 0 when the upstream request failed. */
  readonly status: number;
  /** `error_description` of an error reply, if any. */
  readonly description?: string;
}

/** A proxy in front of the sandbox that records the key name of every create. */
export interface RecordingProxy {
  readonly url: string;
  calls(): ProxiedCall[];
  close(): Promise<void>;
}

/**
 * Starts a loopback HTTP proxy that forwards everything to `target` (the sandbox) and
 * records each call with, for creates, the key name from the request body. The sandbox's
 * own log does not hold bodies, and a create names its key only in the body.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const calls: ProxiedCall[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = request.method ?? 'GET';
      const url = request.url ?? '/';
      const path = url.split('?')[0] ?? url;
      const keyName = method === 'POST' && /\/keys\/?$/.test(path) ? readStringField(body, 'name') : undefined;
      const headers: IncomingHttpHeaders = { ...request.headers, host: upstream.host };
      const forward = httpRequest({ hostname: upstream.hostname, port: upstream.port, method, path: url, headers, agent }, (reply) => {
        const replyChunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => replyChunks.push(chunk));
        reply.on('end', () => {
          const replyBody = Buffer.concat(replyChunks);
          const status = reply.statusCode ?? 0;
          calls.push({
            method,
            path,
            keyName,
            status,
            description: status >= 300 ? readStringField(replyBody, 'error_description') : undefined,
          });
          if (response.destroyed) return;
          response.writeHead(status, reply.headers);
          response.end(replyBody);
        });
      });
      forward.on('error', () => {
        calls.push({ method, path, keyName, status: 0 });
        if (!response.destroyed) {
          response.writeHead(502);
          response.end();
        }
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => [...calls],
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A string field of a JSON body, if the body is JSON and the field a string. */
function readStringField(body: Buffer, field: string): string | undefined {
  try {
    const value = (JSON.parse(body.toString('utf8')) as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The sandbox's reply to a create it carried out and then failed on purpose (commitThenFailRate). */
const COMMITTED_THEN_FAILED = /after the change was saved/;

/**
 * Per project path and key name: how many creates the Manager actually carried out — answered
 * 2xx, or saved and then answered 500 by commit-then-fail fault injection.
 */
export function countCommittedCreates(calls: readonly ProxiedCall[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    if (call.method !== 'POST' || call.keyName === undefined) continue;
    const committed =
      (call.status >= 200 && call.status < 300) || (call.status === 500 && COMMITTED_THEN_FAILED.test(call.description ?? ''));
    if (!committed) continue;
    const id = `${call.path} ${call.keyName}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Creates the Manager refused because the key already existed: a create sent twice. */
export function listDuplicateCreateAttempts(calls: readonly ProxiedCall[]): ProxiedCall[] {
  return calls.filter((call) => call.method === 'POST' && /already exist/i.test(call.description ?? ''));
}

/** Keys created more than once, as `path name ×count`. */
export function listKeysCreatedTwice(calls: readonly ProxiedCall[]): string[] {
  return [...countCommittedCreates(calls)].filter(([, count]) => count > 1).map(([id, count]) => `${id} ×${count}`);
}

/** Waits until the sandbox has answered every request it received (none still at status 0). */
export async function waitForQuietSandbox(sandbox: SandboxHandle, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log: RequestLogEntry[] = sandbox.requests();
    if (log.every((entry) => entry.status !== 0)) return;
    if (Date.now() > deadline) throw new Error('the sandbox still has requests in flight');
    await delay(20);
  }
}

/** Stack-trace lines (`    at fn (file:1:2)`). */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at\s/.test(line));
}

/** The non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The lines of a source excerpt under an error line: `  7 | text` and `    |   ^`. */
const EXCERPT_LINE = /^ {2}(?:\d+| +) \| /;

/**
 * Checks the shape every refused input must have: exit 1, stderr exactly one line starting
 * with `Error:` (and, for a problem in a file, the source excerpt under it), no stack trace
 * anywhere, nothing on stdout. Returns the error line.
 */
export function expectOneErrorLine(run: CliRun): string {
  const problems: string[] = [];
  if (run.code !== 1) problems.push(`exit ${run.code} (signal ${run.signal}), expected 1`);
  const errLines = lines(run.stderr).filter((line, i) => i === 0 || !EXCERPT_LINE.test(line));
  if (errLines.length !== 1 || !errLines[0]!.startsWith('Error: ')) problems.push(`stderr is not one "Error:" line`);
  if (stackLines(run.stdout + run.stderr).length > 0) problems.push('a stack trace was printed');
  if (run.stdout.trim() !== '') problems.push('stdout is not empty');
  if (problems.length > 0) {
    throw new Error(`${problems.join('; ')}\n--- stdout:\n${run.stdout}\n--- stderr:\n${run.stderr}`);
  }
  return errLines[0]!;
}
