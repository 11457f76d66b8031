// Every child process the benchmark starts goes through here, so that all of them are
// killed when the benchmark exits, fails or is interrupted: no stray sandbox or CLI.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('../cpu-probe.mjs', import.meta.url));
let probeCount = 0;
let scratchDir = tmpdir();

/** Where the CPU reports of measured runs are written (the benchmark's temporary directory). */
export function setScratchDir(dir) {
  scratchDir = dir;
}

const live = new Set();

function killAll() {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** Spawns `node ARGS`, tracked for clean-up. */
export function spawnNode(args, options = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/**
 * Runs `node ARGS` to completion and measures its wall time (spawn to exit, start-up
 * included, as a user experiences it) and, through the preloaded cpu-probe, its own CPU
 * time (`cpuMs`, undefined if the probe did not report). Killed after `timeoutMs`.
 */
export async function runNode(args, { cwd, env = process.env, timeoutMs = 120_000 } = {}) {
  const cpuFile = join(scratchDir, `cpu-${(probeCount += 1)}.json`);
  const result = await runPlain(['--import', PROBE, ...args], { cwd, env: { ...env, BENCH_CPU_FILE: cpuFile }, timeoutMs });
  try {
    return { ...result, cpuMs: JSON.parse(readFileSync(cpuFile, 'utf8')).cpuMs };
  } catch {
    return { ...result, cpuMs: undefined };
  } finally {
    rmSync(cpuFile, { force: true });
  }
}

function runPlain(args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawnNode(args, { cwd, env });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        wallMs: performance.now() - started,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Stops a tracked child gracefully (SIGTERM), then forcibly after `graceMs`. */
export function stopChild(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
