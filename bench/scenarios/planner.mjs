// Scenario 5: the pure planner (dist/core/plan/make-plan.js) in process, no network, each
// size in fresh child processes: planning time and the child's peak RSS.
import { join } from 'node:path';
import { runNode } from '../lib/children.mjs';
import { fmtInt, fmtMb, fmtMs } from '../lib/format.mjs';
import { attempt, failedRow, localRow, repeat } from '../lib/measure.mjs';
import { summarize } from '../lib/stats.mjs';

export const PLANNER_SIZES = [10_000, 50_000, 100_000];

/** Rows for the main table, and a scaling table (time and memory per size). */
export async function runPlannerScenario(ctx) {
  const { keys: perProject, runs } = ctx.opts;
  const rows = [];
  const scaling = [];
  for (const size of PLANNER_SIZES) {
    const figure = `5. pure planner, ${fmtInt(size)} keys (10% changed, JWKs read; in process, no network)`;
    let samples;
    try {
      samples = await repeat(ctx, figure, runs, async () => {
        const r = await runNode([join(ctx.root, 'bench', 'planner-child.mjs'), String(size), String(perProject)], {
          cwd: ctx.root,
          timeoutMs: 120_000,
        });
        if (r.code !== 0)
          throw new Error(`planner child exited ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        return JSON.parse(r.stdout.trim().split('\n').pop());
      });
    } catch (error) {
      rows.push(failedRow(figure, error));
      continue;
    }
    const time = summarize(samples.map((s) => s.planMs));
    const cpu = summarize(samples.map((s) => s.planCpuMs));
    const peak = summarize(samples.map((s) => s.peakRssMb));
    const before = summarize(samples.map((s) => s.rssBeforeMb));
    scaling.push({ size, time, cpu, peak, before });
    const big = size === PLANNER_SIZES[PLANNER_SIZES.length - 1];
    rows.push(
      await attempt(`${figure}: time`, async (f) =>
        localRow(
          f,
          samples.map((s) => s.planMs),
          { cpu: samples.map((s) => s.planCpuMs), ...(big ? { target: (ms) => ({ text: '≤ 1 s', met: ms <= 1000 }) } : {}) },
        ),
      ),
      await attempt(`${figure}: peak RSS of the process`, async (f) =>
        localRow(
          f,
          samples.map((s) => s.peakRssMb),
          { format: fmtMb, ...(big ? { target: (mb) => ({ text: '≤ 300 MB', met: mb <= 300 }) } : {}) },
        ),
      ),
    );
  }
  return { rows, scalingTable: renderScaling(scaling) };
}

function renderScaling(scaling) {
  if (scaling.length === 0) return '';
  const lines = [
    '| keys | planning time | µs per key | planning CPU (all threads) | RSS with the input built | peak RSS | peak − input |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { size, time, cpu, peak, before } of scaling) {
    lines.push(
      `| ${fmtInt(size)} | ${fmtMs(time.median)} | ${((time.median * 1000) / size).toFixed(1)} | ${fmtMs(cpu.median)} | ${fmtMb(before.median)} | ${fmtMb(peak.median)} | ${fmtMb(peak.median - before.median)} |`,
    );
  }
  return lines.join('\n');
}
