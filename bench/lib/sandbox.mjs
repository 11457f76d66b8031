// The sandbox in its own process (`apinizer-keys sandbox`), as a user would run it, so
// that its work is not mixed into the benchmark's own event loop.
import { readFileSync } from 'node:fs';
import { spawnNode, stopChild } from './children.mjs';

const START_TIMEOUT_MS = 60_000;

/** Starts `node dist/cli.js sandbox --port 0 --seed FILE --latency MS`; resolves once it listens. */
export async function startSandboxProcess({ cli, seedFile, latencyMs }) {
  const child = spawnNode([cli, 'sandbox', '--port', '0', '--seed', seedFile, '--latency', String(latencyMs)]);
  const url = await new Promise((resolve, reject) => {
    let text = '';
    let errText = '';
    const fail = (why) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`sandbox did not start: ${why}\n${errText.slice(0, 2000)}`));
    };
    const timer = setTimeout(() => fail(`no "Sandbox listening on" line in ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.stderr.on('data', (chunk) => (errText += chunk));
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /Sandbox listening on (http:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
  child.stdout.resume(); // keep draining
  return {
    url,
    async clearRequests() {
      const reply = await fetch(`${url}/__sandbox/requests`, { method: 'DELETE' });
      if (reply.status !== 204) throw new Error(`DELETE /__sandbox/requests answered ${reply.status}`);
    },
    async requests() {
      const reply = await fetch(`${url}/__sandbox/requests`);
      if (!reply.ok) throw new Error(`GET /__sandbox/requests answered ${reply.status}`);
      return reply.json();
    },
    /** CPU time the sandbox process has used so far, in ms (Linux /proc; undefined elsewhere). */
    cpuMs: () => readProcessCpuMs(child.pid),
    stop: () => stopChild(child),
  };
}

// utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
function readProcessCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
