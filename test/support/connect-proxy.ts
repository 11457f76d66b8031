/**
 * A small HTTP proxy on loopback for the proxy tests: it tunnels CONNECT (what the client's
 * proxy agents send, for http and https Managers alike) and forwards plain absolute-URI
 * requests, records what passed through, and can demand credentials. It connects only to
 * loopback addresses, whatever it is asked.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** A running proxy and what went through it. */
export interface TestProxy {
  /** `http://127.0.0.1:PORT`, without credentials. */
  readonly url: string;
  /** `host:port` of every CONNECT tunnel asked for, in order. */
  readonly tunnels: string[];
  /** `METHOD path` of every plain-HTTP request seen inside a tunnel (to an http Manager), in order. */
  readonly tunnelled: string[];
  /** `METHOD absolute-url` of every forwarded plain request, in order. */
  readonly forwarded: string[];
  /** The Proxy-Authorization header of every request, `undefined` where absent. */
  readonly authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** Options of {@link startTestProxy}. */
export interface TestProxyOptions {
  /** Demand these credentials (Basic): other requests get 407. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Starts the proxy on a free loopback port. */
export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const tunnels: string[] = [];
  const tunnelled: string[] = [];
  const forwarded: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const sockets = new Set<Socket>();
  const expected =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
  const allowed = (request: IncomingMessage): boolean => {
    const header = request.headers['proxy-authorization'];
    authorizations.push(header);
    return expected === undefined || header === expected;
  };

  const server = createServer((request, response) => {
    forwarded.push(`${request.method} ${request.url}`);
    if (!allowed(request)) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(request.url ?? '');
    if (!LOOPBACK.has(target.hostname)) {
      response.writeHead(403).end();
      return;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers: request.headers,
      },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });

  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!allowed(request)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const separator = target.lastIndexOf(':');
    const [host, port] = [target.slice(0, separator), Number(target.slice(separator + 1))];
    if (!LOOPBACK.has(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      // Request lines of plain HTTP inside the tunnel (TLS bytes match nothing).
      client.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString('latin1').matchAll(/^(GET|POST|PUT|DELETE|PATCH) (\S+) HTTP\/1\.1\r$/gm)) {
          tunnelled.push(`${match[1]} ${match[2]}`);
        }
      });
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    // A tunnel lives as long as both ends: either one closing (even without an end) closes it.
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  });

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    tunnelled,
    forwarded,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens: a proxy that is down. */
export async function findDeadProxyUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
