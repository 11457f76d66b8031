// Scenario 6: process start-up. `--version` (the bare CLI), `validate` of the example file
// run from examples/ (loads the YAML and schema machinery), and `node -e 0` as the floor.
import { join } from 'node:path';
import { runNode } from '../lib/children.mjs';
import { attempt, expectRun, localRow, repeat } from '../lib/measure.mjs';

export async function runStartupScenario(ctx) {
  const runs = Math.max(10, ctx.opts.runs);
  const examples = join(ctx.root, 'examples');
  const timed = (figure, args, cwd) =>
    repeat(ctx, figure, runs, async () => {
      const r = await runNode(args, { cwd });
      expectRun(r, { code: 0 });
      return r;
    });
  const row = (figure, results, target) =>
    localRow(
      figure,
      results.map((r) => r.wallMs),
      { target, cpu: results.map((r) => r.cpuMs) },
    );
  return [
    await attempt('6. apinizer-keys --version', async (f) =>
      row(f, await timed(f, [ctx.cli, '--version'], ctx.root), (ms) => ({ text: '≤ 150 ms', met: ms <= 150 })),
    ),
    await attempt('6a. apinizer-keys validate (examples/apinizer-keys.yaml, from examples/)', async (f) =>
      row(f, await timed(f, [ctx.cli, 'validate'], examples)),
    ),
    await attempt('6b. node -e 0 (Node start-up alone, for reference)', async (f) => row(f, await timed(f, ['-e', '0'], ctx.root))),
  ];
}
