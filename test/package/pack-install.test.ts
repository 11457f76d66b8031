/**
 * The package as a user gets it: `npm pack`, the tarball installed into an empty directory,
 * and the installed CLI and programmatic entry run from there. Nothing of the source tree is
 * on the path: only the tarball and the runtime dependencies (from npm's cache, which
 * `npm ci` filled).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The node running jest first on the PATH, so the bin's `#!/usr/bin/env node` finds the same one.
const ENV = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`, NODE_OPTIONS: '' };

interface PackedFile {
  readonly path: string;
}

let scratch: string;
let app: string;
let files: string[];
let installWarnings: string;
const { version, scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string | undefined>;
};

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'apinizer-keys-pack-'));
  // dist/ is already built (npm test builds before jest): pack it as it is instead of
  // rebuilding under the feet of the end-to-end tests running next to this one. `prepack`
  // builds in a fresh clone.
  const packed = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: ROOT, env: ENV });
  const [report] = JSON.parse(packed.stdout) as [{ filename: string; files: PackedFile[] }];
  files = report.files.map((file) => file.path).sort();
  app = join(scratch, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  installWarnings = await installTarball(join(scratch, report.filename));
  await cp(join(ROOT, 'examples', 'apinizer-keys.yaml'), join(app, 'apinizer-keys.yaml'));
  await cp(join(ROOT, 'examples', 'keys'), join(app, 'keys'), { recursive: true });
}, 120_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Offline first (the dependencies are cached after `npm ci`); the registry only if the cache lacks one. */
async function installTarball(tarball: string): Promise<string> {
  const args = ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball];
  try {
    return (await run(NPM, [...args, '--offline'], { cwd: app, env: ENV })).stderr;
  } catch (error) {
    if (!String((error as { stderr?: string }).stderr).includes('ENOTCACHED')) throw error;
    return (await run(NPM, [...args, '--prefer-offline'], { cwd: app, env: ENV })).stderr;
  }
}

function runInstalled(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return run(join(app, 'node_modules', '.bin', 'apinizer-keys'), args, { cwd: app, env: ENV });
}

describe('the packed tarball', () => {
  it('holds the licence, the readme, the build with its declarations and the schemas', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'dist/cli.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/engine/index.d.ts',
        'dist/generated/desired-state-validator.cjs',
        'schemas/desired-state.schema.json',
        'schemas/plan.schema.json',
        'schemas/sandbox-seed.schema.json',
      ]),
    );
  });

  it('holds no source maps (their sources are not shipped), no tests and no sources', () => {
    expect(files.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(files.filter((path) => /^(test|src|bench|scripts|examples)\//.test(path))).toEqual([]);
    // the GitHub Action runs from its own checkout, not from the package
    expect(files.filter((path) => path.startsWith('dist/action/'))).toEqual([]);
    // every emitted module has its declaration next to it
    const modules = files.filter((path) => path.startsWith('dist/') && path.endsWith('.js'));
    expect(modules.filter((path) => !files.includes(path.replace(/\.js$/, '.d.ts')))).toEqual([]);
  });
});

describe('installed from the tarball into an empty directory', () => {
  it('installs without a word about scripts: the package runs none on install', () => {
    expect(installWarnings).not.toMatch(/script/i);
    expect(scripts.prepare ?? scripts.install ?? scripts.postinstall ?? scripts.preinstall).toBeUndefined();
  });

  it('runs --version', async () => {
    const { stdout } = await runInstalled(['--version']);
    expect(stdout.trim()).toBe(version);
  });

  it('validates the example desired state', async () => {
    const { stdout } = await runInstalled(['validate', '--no-color']);
    expect(stdout).toContain('Valid: 1 file(s), 2 project(s), 6 key(s).');
  });

  it('is importable from an ES module: the API, and the schemas by their export path', async () => {
    const script = [
      "import { readFileSync } from 'node:fs';",
      "import { fileURLToPath } from 'node:url';",
      "import * as api from 'apinizer-keys';",
      "const schemaPath = fileURLToPath(import.meta.resolve('apinizer-keys/schemas/desired-state.schema.json'));",
      "const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));",
      "const desired = await api.validateDesired(api.makePlanRequest({ files: ['apinizer-keys.yaml'] }), { cwd: process.cwd(), env: {} });",
      'console.log(JSON.stringify({',
      '  version: api.VERSION,',
      '  projects: desired.projects.map((p) => p.name),',
      "  functions: ['planChanges', 'applyChanges', 'applySavedPlan', 'renderPlanText', 'renderPlanJson', 'renderPlanMarkdown'].filter((name) => typeof api[name] === 'function'),",
      '  secret: String(new api.Secret("x")),',
      '  schemaId: schema.$id,',
      '}));',
    ].join('\n');
    await writeFile(join(app, 'use-api.mjs'), script);
    const { stdout } = await run(process.execPath, ['use-api.mjs'], { cwd: app, env: ENV });
    const schema = JSON.parse(await readFile(join(ROOT, 'schemas', 'desired-state.schema.json'), 'utf8')) as { $id: string };
    expect(JSON.parse(stdout)).toEqual({
      version,
      projects: ['orders', 'payments'],
      functions: ['planChanges', 'applyChanges', 'applySavedPlan', 'renderPlanText', 'renderPlanJson', 'renderPlanMarkdown'],
      secret: '(sensitive)',
      schemaId: schema.$id,
    });
  });

  it('type-checks a TypeScript consumer against the shipped declarations', async () => {
    const consumer = [
      "import { makePlanRequest, renderPlanText, type Plan, type Connection } from 'apinizer-keys';",
      "const request = makePlanRequest({ files: ['apinizer-keys.yaml'] });",
      'export const files: readonly string[] = request.files;',
      'export function show(plan: Plan): string { return renderPlanText(plan, { color: false, verbose: false }); }',
      "export type Url = Connection['url'];",
      "// @ts-expect-error: typed, not any: the renderer's options are checked",
      'export const wrong = (plan: Plan) => renderPlanText(plan, { colour: true });',
    ].join('\n');
    await writeFile(join(app, 'consumer.ts'), consumer);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const options = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck'];
    await expect(run(process.execPath, [tsc, ...options, 'consumer.ts'], { cwd: app, env: ENV })).resolves.toBeDefined();
  });
});
