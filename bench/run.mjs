#!/usr/bin/env node
// `npm run bench`: builds (via npm), then measures plan, apply, the pure planner and
// start-up against a sandbox in its own process, and prints a Markdown table.
// See BENCHMARKS.md for the phase model and the latest results.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './lib/args.mjs';
import { setScratchDir } from './lib/children.mjs'; // also installs the clean-up of child processes
import { failedRow } from './lib/measure.mjs';
import { loadAverage, renderReport } from './lib/report.mjs';
import { runApplyScenario } from './scenarios/apply.mjs';
import { runPlanScenarios } from './scenarios/plan.mjs';
import { runPlannerScenario } from './scenarios/planner.mjs';
import { runStartupScenario } from './scenarios/startup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const started = performance.now();

let opts;
try {
  opts = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
if (!existsSync(cli)) {
  process.stderr.write('dist/cli.js is missing: run `npm run bench` (which builds first) or `npm run build`.\n');
  process.exit(1);
}

// Generated seeds and desired-state files live outside the repository, and go with the run.
const tmp = mkdtempSync(join(tmpdir(), 'apinizer-keys-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
setScratchDir(tmp);

const ctx = {
  root,
  cli,
  tmp,
  opts,
  log: (message) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`),
};
const startedLoad = loadAverage();
const rows = [];
let scalingTable = '';

const want = (name) => opts.only.has(name);
/** Runs one group of scenarios; a failure that escapes its own rows still shows in the table. */
async function group(name, measure) {
  try {
    rows.push(...(await measure()));
  } catch (error) {
    rows.push(failedRow(name, error));
  }
}
if (want('plan-nochange') || want('plan-changed') || want('plan-compare')) {
  await group('1–2, 8. plan', () =>
    runPlanScenarios(ctx, { nochange: want('plan-nochange'), changed: want('plan-changed'), compare: want('plan-compare') }),
  );
}
if (want('apply-deletes')) await group('3. apply deletes', () => runApplyScenario(ctx, 'deletes'));
if (want('apply-creates')) await group('4. apply creates', () => runApplyScenario(ctx, 'creates'));
if (want('planner')) {
  await group('5. pure planner', async () => {
    const planner = await runPlannerScenario(ctx);
    scalingTable = planner.scalingTable;
    return planner.rows;
  });
}
if (want('startup')) await group('6. start-up', () => runStartupScenario(ctx));
if (want('apply-deletes-spread')) await group('7. apply spread deletes', () => runApplyScenario(ctx, 'spread'));

const args = process.argv.slice(2).join(' ');
const command =
  process.env.npm_lifecycle_event === 'bench' ? `npm run bench${args ? ` -- ${args}` : ''}` : `node bench/run.mjs${args ? ` ${args}` : ''}`;
const report = renderReport({ command, opts, rows, scalingTable, startedLoad, elapsedMs: performance.now() - started });
process.stdout.write(report);
if (opts.out) await writeFile(opts.out, report);
process.exitCode = rows.some((row) => row.median === 'failed') ? 1 : 0;
