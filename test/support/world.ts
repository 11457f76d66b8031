/**
 * The end-to-end harness: a world is a sandbox on a free port, a fresh working directory and
 * the built CLI pointed at both, closed for the test automatically (in the spirit of got's
 * `withServer`). Every end-to-end file sets up its runs through here.
 */
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  startSandbox,
  type FaultSettings,
  type SandboxApi,
  type SandboxHandle,
  type SandboxSeed,
  type SnapshotProject,
} from '../../src/sandbox/index.js';
import { describeRequest, makeWorkdir } from './e2e.js';
import { expectNoLeaks } from './find-leaks.js';
import { CLI_PATH, runCli, spawnCli, type CliProcess, type CliRun } from './run-cli.js';

/** Environment of one run; `undefined` removes a variable the world sets. */
export type CliEnv = Record<string, string | undefined>;

/** How to make a world. Every field is optional. */
export interface WorldOptions {
  /** Initial state of the sandbox; default: one project `p` with a production environment. */
  readonly seed?: SandboxSeed;
  /** The API generation the sandbox speaks (default: the sandbox's own). */
  readonly api?: SandboxApi;
  /** Faults the sandbox injects from the start. */
  readonly faults?: Partial<FaultSettings>;
  /** Seeds the PRNG of the sandbox's fault dice (default the sandbox's). */
  readonly randomSeed?: number;
  /** Files of the working directory, relative to it. */
  readonly files?: Record<string, string | Buffer>;
  /** Added to every run's environment (after the Manager URL and token). */
  readonly env?: CliEnv;
  /** The Manager URL the CLI is given instead of the sandbox's (a proxy, a fake Manager). */
  readonly url?: string;
  /** False: the CLI is told of no Manager at all (offline commands, flags). Default true. */
  readonly connect?: boolean;
  /** Secrets no run may print, in any form (see find-leaks.ts); each run's output is checked. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Flags added to every run (after its own), e.g. `--debug -v`. */
  readonly flags?: readonly string[];
}

/** Options of one run. */
export interface RunOptions {
  /** Working directory; default the world's. */
  readonly cwd?: string;
  /** Text on stdin. */
  readonly input?: string;
  /** False: run exactly `args`, without `--no-color` and the world's flags (help, usage errors). */
  readonly decorate?: boolean;
}

/** One test's world: its sandbox, its working directory, and the CLI pointed at both. */
export interface World {
  readonly sandbox: SandboxHandle;
  readonly dir: string;
  /** Runs the built CLI (with `--no-color`); checks its output for the world's secrets. */
  cli(args: readonly string[], env?: CliEnv, options?: RunOptions): Promise<CliRun>;
  /** Starts the built CLI and returns at once, so a test can signal it. */
  spawn(args: readonly string[], env?: CliEnv, options?: Pick<RunOptions, 'decorate'>): CliProcess;
  /** Runs the CLI on a real terminal (`script`), as a person at a prompt would, answering `input` (in `cwd`, default the workdir). */
  cliAtTerminal(args: readonly string[], input: string, cwd?: string): Promise<CliRun>;
  /** Another fresh working directory with `files`, removed with the world. */
  workdir(files: Record<string, string | Buffer>): Promise<string>;
  /** A mark in the sandbox's request log, for {@link World.mutationsSince}. */
  mark(): number;
  /** The requests that changed something, as `METHOD path?query`, in arrival order (since `mark`, default all). */
  mutationsSince(mark?: number): string[];
  /** A live project, as the sandbox holds it now. */
  project(name: string): SnapshotProject;
  /** The sorted names of the live keys of a project. */
  keyNames(project: string): string[];
  /** Decoded material the sandbox stores for a key in an environment. */
  storedText(project: string, key: string, environment: string): string | undefined;
  /** Calls the sandbox's management API as another user would (e.g. through the Apinizer UI). */
  api(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Checks every file under `root` (but `.keep` placeholders) for the world's secrets; returns their paths relative to it, sorted. */
  checkWrittenFiles(root: string): Promise<string[]>;
  /** From now on gives the CLI this Manager URL (a proxy in front of the sandbox) instead. */
  pointAt(url: string): void;
  /** Runs `cleanup` when the world closes (a fake Manager, a proxy), before the sandbox closes. */
  defer(cleanup: () => Promise<void> | void): void;
  close(): Promise<void>;
}

const DEFAULT_SEED: SandboxSeed = { projects: [{ name: 'p', environments: [{ name: 'production' }] }] };

/**
 * Worlds opened by {@link openWorld} in the running test (closed after it) and in
 * {@link shareWorld}'s setup (closed after the file).
 */
const testWorlds: World[] = [];
const fileWorlds: World[] = [];
let inSharedSetup = false;

afterEach(async () => {
  await Promise.all(testWorlds.splice(0).map((world) => world.close()));
});
afterAll(async () => {
  await Promise.all(fileWorlds.splice(0).map((world) => world.close()));
});

/**
 * Opens a world that is closed after the current test (or after the file, inside
 * {@link shareWorld}). Not for `it.concurrent`, whose tests overlap: use {@link inWorld} there.
 */
export async function openWorld(options: WorldOptions = {}): Promise<World> {
  const owner = inSharedSetup ? fileWorlds : testWorlds;
  const world = await createWorld(options);
  owner.push(world);
  return world;
}

/** Runs `body` in a fresh world and closes it when `body` ends, whatever the outcome (safe in `it.concurrent`). */
export async function inWorld<T>(options: WorldOptions, body: (world: World) => Promise<T>): Promise<T> {
  const world = await createWorld(options);
  try {
    return await body(world);
  } finally {
    await world.close();
  }
}

/** A test body that runs in a fresh world: `it('…', withWorld(options, async (world) => …))`. */
export function withWorld(options: WorldOptions, body: (world: World) => Promise<void>): () => Promise<void> {
  return () => inWorld(options, body);
}

/** One world for every test of the file (or describe block): opened before them, closed after them. */
export function shareWorld(options: WorldOptions = {}): () => World {
  let world: World | undefined;
  beforeAll(async () => {
    inSharedSetup = true;
    try {
      world = await openWorld(options);
    } finally {
      inSharedSetup = false;
    }
  });
  return () => {
    if (!world) throw new Error('the shared world is opened in beforeAll; use it inside a test');
    return world;
  };
}

/** Starts a sandbox and makes the working directory; the caller closes it. */
async function createWorld(options: WorldOptions): Promise<World> {
  const sandbox = await startSandbox({
    port: 0,
    seed: options.seed ?? DEFAULT_SEED,
    api: options.api,
    faults: options.faults,
    randomSeed: options.randomSeed,
  });
  const dir = await makeWorkdir(options.files ?? {});
  const dirs = [dir];
  const cleanups: (() => Promise<void> | void)[] = [];
  const secrets = options.secrets ?? {};
  // No "still working" lines unless a test asks for them: on a loaded machine a slow run
  // would otherwise gain a stderr line that tests of exact output do not expect.
  const quiet: CliEnv = { APINIZER_KEYS_STILL_WORKING_MS: '0' };
  let baseEnv: CliEnv =
    options.connect === false
      ? { ...quiet, ...options.env }
      : { ...quiet, APINIZER_URL: options.url ?? sandbox.url, APINIZER_TOKEN: sandbox.token, ...options.env };
  const argsOf = (args: readonly string[], decorate = true) => (decorate ? [...args, ...(options.flags ?? []), '--no-color'] : [...args]);
  const checked = (label: string, run: CliRun): CliRun => {
    expectNoLeaks(`${run.stdout}\n${run.stderr}`, secrets, `apinizer-keys ${label}`);
    return run;
  };
  const project = (name: string): SnapshotProject => {
    const found = sandbox.snapshot().projects.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no project ${name} in the sandbox`);
    return found;
  };
  let closed = false;
  return {
    sandbox,
    dir,
    async cli(args, env = {}, runOptions = {}) {
      const run = await runCli(argsOf(args, runOptions.decorate), {
        cwd: runOptions.cwd ?? dir,
        input: runOptions.input,
        env: { ...baseEnv, ...env },
      });
      return checked(args.join(' '), run);
    },
    spawn: (args, env = {}, runOptions = {}) => spawnCli(argsOf(args, runOptions.decorate), { cwd: dir, env: { ...baseEnv, ...env } }),
    async cliAtTerminal(args, input, cwd = dir) {
      const command = [process.execPath, CLI_PATH, ...argsOf(args)].map((word) => JSON.stringify(word)).join(' ');
      const run = await runCli([], { cwd, env: baseEnv, input, command: ['script', '-qec', command, '/dev/null'] });
      return checked(`${args.join(' ')} (at a terminal)`, run);
    },
    async workdir(files) {
      const extra = await makeWorkdir(files);
      dirs.push(extra);
      return extra;
    },
    mark: () => sandbox.requests().length,
    mutationsSince: (mark = 0) =>
      sandbox
        .requests()
        .slice(mark)
        .filter((request) => request.method !== 'GET')
        .map(describeRequest),
    project,
    keyNames: (name) =>
      project(name)
        .keys.map((key) => key.name)
        .sort(),
    storedText(projectName, key, environment) {
      const entry = project(projectName)
        .keys.find((candidate) => candidate.name === key)
        ?.environments.find((candidate) => candidate.environmentName === environment);
      return entry ? Buffer.from(entry.content, 'base64').toString('utf8') : undefined;
    },
    async api(method, path, body) {
      const response = await fetch(`${sandbox.url}/apiops/${path}`, {
        method,
        headers: { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    async checkWrittenFiles(root) {
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      const names: string[] = [];
      for (const entry of entries.filter((candidate) => candidate.isFile() && candidate.name !== '.keep')) {
        const path = join(entry.parentPath, entry.name);
        names.push(relative(root, path));
        expectNoLeaks(await readFile(path, 'utf8'), secrets, `written file ${path}`);
      }
      return names.sort();
    },
    pointAt(url) {
      baseEnv = { ...baseEnv, APINIZER_URL: url };
    },
    defer: (cleanup) => void cleanups.push(cleanup),
    async close() {
      if (closed) return;
      closed = true;
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      await sandbox.close();
      await Promise.all(dirs.map((path) => rm(path, { recursive: true, force: true })));
    },
  };
}
