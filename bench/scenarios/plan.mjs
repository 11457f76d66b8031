// Scenarios 1 and 2: `plan` of P × K keys with nothing to change, and with 10% changed,
// against one sandbox seeded with P × K keys (plans change nothing, so it is shared).
// Scenario 8: the nothing-to-change plan with --compare-material (one export per key).
import { join } from 'node:path';
import { TOKEN } from '../lib/fixture.mjs';
import { expectedChanges, writeDesired, writeSeed } from '../lib/generate.mjs';
import { attempt, expectRun, localRow, networkRow, repeat, runAgainstSandbox } from '../lib/measure.mjs';
import { runNode } from '../lib/children.mjs';
import { fmtInt } from '../lib/format.mjs';
import { startSandboxProcess } from '../lib/sandbox.mjs';

export async function runPlanScenarios(ctx, { nochange, changed, compare }) {
  const { projects: P, keys: K, latency, parallelism, runs } = ctx.opts;
  const size = `${fmtInt(P * K)} keys (${P} × ${K})`;
  const seedFile = await writeSeed(join(ctx.tmp, 'plan-seed.json'), { projects: P, keys: K });
  const sameDir = await writeDesired(join(ctx.tmp, 'plan-same'), { projects: P, keys: K, mode: 'same' });
  const changedDir = await writeDesired(join(ctx.tmp, 'plan-changed'), { projects: P, keys: K, mode: 'changed' });
  ctx.log(`starting the sandbox with ${size}`);
  const sandbox = await startSandboxProcess({ cli: ctx.cli, seedFile, latencyMs: latency });
  const env = { ...process.env, APINIZER_URL: sandbox.url, APINIZER_TOKEN: TOKEN, NO_COLOR: '1' };
  const common = ['--no-color', '--parallelism', String(parallelism)];
  const rows = [];
  // A nothing-to-change plan (with `extraArgs`) must send exactly the key lists, at most one
  // environment list per project, and `exportsPerRun` exports; nothing else.
  const noChangeRow = (title, extraArgs, exportsPerRun) =>
    attempt(title, async (figure) => {
      const results = await repeat(ctx, figure, runs, async () => {
        const args = ['plan', ...extraArgs, '-f', sameDir, ...common];
        const r = await runAgainstSandbox(sandbox, { cli: ctx.cli, args, env, cwd: ctx.tmp });
        expectRun(r, { code: 0, stdoutMatches: /No changes\./ });
        return r;
      });
      return networkRow(figure, results, {
        parallelism,
        latencyMs: latency,
        target: (counts, ratio) => {
          const keyLists = counts.byEndpoint['GET keys list'] ?? 0;
          const exports = counts.byEndpoint['GET key export'] ?? 0;
          const envLists = counts.byEndpoint['GET env list'] ?? 0;
          const only = counts.total === keyLists + envLists + exports;
          const exportText = exportsPerRun > 0 ? ` + ${fmtInt(exportsPerRun)} exports (one per key)` : '';
          return {
            text: `${P} key lists + ≤ ${P} env lists${exportText}, nothing else; ≤ 1.50×`,
            met: keyLists === P && exports === exportsPerRun && envLists <= P && only && ratio <= 1.5,
          };
        },
      });
    });
  try {
    if (nochange) {
      rows.push(await noChangeRow(`1. plan, nothing to change, ${size}`, [], 0));
      rows.push(
        await attempt(
          `1a. validate of the same ${fmtInt(P * K)}-key files (offline share of the plan: start-up, load, schema, material)`,
          async (figure) => {
            const results = await repeat(ctx, figure, runs, async () => {
              const r = await runNode([ctx.cli, 'validate', '-f', sameDir, '--no-color'], { cwd: ctx.tmp, env });
              expectRun(r, { code: 0 });
              return r;
            });
            return localRow(
              figure,
              results.map((r) => r.wallMs),
              { cpu: results.map((r) => r.cpuMs) },
            );
          },
        ),
      );
    }
    if (compare) {
      rows.push(await noChangeRow(`8. plan --compare-material, nothing to change, ${size}`, ['--compare-material'], P * K));
    }
    if (changed) {
      const want = expectedChanges(P, K);
      const summary = new RegExp(`Plan: ${want.create} to create, ${want.update} to update, ${want.delete} to delete`);
      rows.push(
        await attempt(
          `2. plan, 10% changed (${fmtInt(want.create)} creates, ${fmtInt(want.update)} updates, ${fmtInt(want.delete)} deletes), ${size}`,
          async (figure) => {
            const results = await repeat(ctx, figure, runs, async () => {
              const r = await runAgainstSandbox(sandbox, { cli: ctx.cli, args: ['plan', '-f', changedDir, ...common], env, cwd: ctx.tmp });
              expectRun(r, { code: 0, stdoutMatches: summary });
              return r;
            });
            return networkRow(figure, results, {
              parallelism,
              latencyMs: latency,
              target: (counts) => {
                const c = counts.byEndpoint;
                const met = c['GET keys list'] === P && (c['GET env list'] ?? 0) <= P && (c['GET JWK list'] ?? 0) <= P && !c['GET key'];
                return { text: `request-minimal: ${P} key lists, ≤ ${P} env + ≤ ${P} JWK lists, no per-key reads (no time target)`, met };
              },
            });
          },
        ),
      );
    }
  } finally {
    await sandbox.stop();
  }
  return rows;
}
