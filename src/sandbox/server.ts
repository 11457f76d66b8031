import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../common/app-error.js';
import { handleAdminRequest } from './admin-handlers.js';
import { handleApiRequest, toErrorReply } from './api-pipeline.js';
import { buildState } from './build-state.js';
import { DEMO_SEED } from './demo-seed.js';
import { DEFAULT_FAULTS, mergeFaults } from './faults.js';
import type { Reply } from './http-io.js';
import { decodeSegments, jsonReply, readBody, sendReply, splitUrl } from './http-io.js';
import { validateSeed } from './parse-seed.js';
import { RouteNotFoundError } from './http-error.js';
import type { SandboxApi, SandboxHandle, SandboxOptions } from './public-types.js';
import { DEFAULT_SANDBOX_API, SANDBOX_APIS } from './public-types.js';
import { createRandom } from './random.js';
import type { SandboxRuntime } from './runtime.js';
import { replaceMaterial } from './replace-material.js';
import { takeSnapshot } from './snapshot.js';

/** Admin routes are the sandbox's own: their errors keep the older body whatever is spoken. */
const ADMIN_API: SandboxApi = 'legacy';

/**
 * Starts an in-memory, Apinizer-compatible management API on loopback.
 * @throws AppError `invalid_document` for an invalid seed, fault settings, api or token lifetime.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const seed = validateSeed(options.seed ?? DEMO_SEED, '(sandbox options)');
  const closing = new AbortController();
  const token = `sandbox-${randomBytes(16).toString('hex')}`;
  const runtime: SandboxRuntime = {
    state: buildState(seed, token),
    faults: mergeFaults(DEFAULT_FAULTS, options.faults ?? {}),
    api: checkApi(options.api ?? DEFAULT_SANDBOX_API),
    tokenLifetimeSeconds: checkTokenLifetime(options.tokenLifetimeSeconds ?? 3600),
    random: createRandom(options.randomSeed ?? 1),
    log: [],
    closing: closing.signal,
  };
  const server = createServer((request, response) => {
    // A reply that cannot be written (the client went away) must not take the server down.
    serve(runtime, request, response).catch(() => response.destroy());
  });
  const address = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    token,
    requests: () => runtime.log.map((entry) => ({ ...entry, query: { ...entry.query } })),
    clearRequests: () => {
      runtime.log = [];
    },
    setFaults: (faults) => {
      runtime.faults = mergeFaults(runtime.faults, faults);
    },
    setApi: (api) => {
      runtime.api = checkApi(api);
    },
    replaceMaterial: (project, key, environment, content) => replaceMaterial(runtime.state, project, key, environment, content),
    snapshot: () => takeSnapshot(runtime.state, runtime.faults, runtime.api),
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets and requests still in flight would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

async function serve(runtime: SandboxRuntime, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { path, query } = splitUrl(request.url ?? '/');
  let reply: Reply;
  try {
    if (path === '/apiops' || path.startsWith('/apiops/')) {
      reply = await handleApiRequest(runtime, request, path, query);
    } else if (path === '/__sandbox' || path.startsWith('/__sandbox/')) {
      const body = await readBody(request);
      try {
        reply = handleAdminRequest(runtime, request.method ?? 'GET', decodeSegments(path).slice(1), body);
      } catch (error) {
        reply = toErrorReply(error, ADMIN_API);
      }
    } else {
      await readBody(request);
      reply =
        runtime.api === 'current'
          ? toErrorReply(new RouteNotFoundError(request.method ?? 'GET', path), 'current')
          : jsonReply(404, {
              error: 'not_found',
              error_description: `No endpoint ${request.method ?? 'GET'} ${path}; the API lives under /apiops.`,
            });
    }
  } catch (error) {
    reply = toErrorReply(error, runtime.api);
  }
  if (!response.destroyed) sendReply(response, reply);
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new AppError({
          code: 'usage',
          fault: 'user',
          message: `The sandbox cannot listen on ${host}:${port}${error.code ? ` (${error.code})` : ''}.`,
          hint: 'Choose another --port, or 0 for any free port.',
          cause: error,
        }),
      );
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve(server.address() as AddressInfo);
    });
  });
}

function checkApi(api: string): SandboxApi {
  if (SANDBOX_APIS.includes(api as SandboxApi)) return api as SandboxApi;
  throw new AppError({ code: 'invalid_document', fault: 'user', message: `Invalid sandbox api "${api}": use ${SANDBOX_APIS.join(', ')}.` });
}

function checkTokenLifetime(seconds: number): number {
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds;
  throw new AppError({
    code: 'invalid_document',
    fault: 'user',
    message: `Invalid sandbox tokenLifetimeSeconds ${String(seconds)}: use a number > 0.`,
  });
}
