// The floor of this machine and sandbox for N deletes: a bare node:http keep-alive client,
// `parallelism` requests in flight, no CLI (no start-up, no file, no plan, no got). If
// even this is far above the ideal, the sandbox or the machine is the bottleneck.
import http from 'node:http';

export async function bareDeletes(url, token, addresses, parallelism) {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallelism });
  const one = ([project, key]) =>
    new Promise((resolve, reject) => {
      const path = `/apiops/projects/${encodeURIComponent(project)}/keys/${encodeURIComponent(key)}/?jwkDeleteAction=NULLIFY`;
      const request = http.request(
        { hostname, port, path, method: 'DELETE', agent, headers: { authorization: `Bearer ${token}` } },
        (reply) => {
          reply.resume();
          reply.once('end', () =>
            reply.statusCode === 200 ? resolve() : reject(new Error(`DELETE ${path} answered ${reply.statusCode}`)),
          );
        },
      );
      request.once('error', reject);
      request.end();
    });
  const started = performance.now();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: parallelism }, async () => {
        while (next < addresses.length) await one(addresses[next++]);
      }),
    );
  } finally {
    agent.destroy();
  }
  return performance.now() - started;
}
