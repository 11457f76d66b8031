// Scenarios 3 and 4: `apply --auto-approve` of N deletes and of N creates, spread over
// 10 projects. Scenario 7: N deletes spread over all --projects × --keys of the plan
// scenarios, the other keys staying in the file, so loading the file is a real share. Each run gets a freshly started sandbox (not timed), so every run starts
// from the same state. In the same sandbox, `plan` of the same file runs first: its wall
// time is the apply's fixed share (start-up, loading the file, the reads), and
// apply − plan is the operations phase. For deletes, a bare node:http client doing the
// same DELETEs against another fresh sandbox gives the floor of this machine.
import { join } from 'node:path';
import { bareDeletes } from '../lib/bare-deletes.mjs';
import { TOKEN, keyName, projectName } from '../lib/fixture.mjs';
import { fmtInt, fmtMs, fmtRatio } from '../lib/format.mjs';
import { writeDesired, writeSeed } from '../lib/generate.mjs';
import { attempt, expectRun, localRow, networkRow, repeat, runAgainstSandbox } from '../lib/measure.mjs';
import { startSandboxProcess } from '../lib/sandbox.mjs';
import { summarize } from '../lib/stats.mjs';

const PROJECTS = 10;

export async function runApplyScenario(ctx, kind) {
  const { latency, parallelism, runs } = ctx.opts;
  const spread = kind === 'spread';
  const projects = spread ? ctx.opts.projects : PROJECTS;
  const keys = spread ? ctx.opts.keys : Math.ceil(ctx.opts.ops / PROJECTS);
  // spread: per project, `perProject` keys evenly spaced from key 3 (the ones with JWKs first)
  const perProject = Math.min(keys, Math.ceil(ctx.opts.ops / projects));
  const step = Math.max(1, Math.floor(keys / perProject));
  const isDeleted = (k) => k >= 3 % keys && (k - (3 % keys)) % step === 0 && (k - (3 % keys)) / step < perProject;
  const deletedPerProject = Array.from({ length: keys }, (_, k) => k).filter(isDeleted).length;
  const total = spread ? projects * deletedPerProject : projects * keys;
  const deletes = kind === 'deletes' || spread;
  const n = spread ? 7 : deletes ? 3 : 4;
  // Deletes: the seed holds the keys and the file marks each `state: absent` (an explicit
  // delete, so neither the empty-project nor the mass-deletion guard applies).
  // Creates: the seed holds the projects without keys and the file lists every key.
  const seedFile = await writeSeed(join(ctx.tmp, `apply-${kind}-seed.json`), { projects, keys: deletes ? keys : 0 });
  const mode = spread ? 'spread' : deletes ? 'absent' : 'present';
  const dir = await writeDesired(join(ctx.tmp, `apply-${kind}`), { projects, keys, mode, isDeleted });
  const figure = spread
    ? `${n}. apply --auto-approve, ${fmtInt(total)} deletes spread over ${projects} projects (${projects} × ${keys}, ${fmtInt(projects * keys - total)} keys stay in the file)`
    : deletes
      ? `${n}. apply --auto-approve, ${fmtInt(total)} deletes (${projects} × ${keys}, state: absent, 1 key in 10 has a JWK)`
      : `${n}. apply --auto-approve, ${fmtInt(total)} creates (${projects} × ${keys}, 1–2 environments each)`;
  const done = deletes ? `0 created, 0 updated, ${total} deleted` : `${total} created, 0 updated, 0 deleted`;
  const planSummary = deletes ? `Plan: 0 to create, 0 to update, ${total} to delete` : `Plan: ${total} to create, 0 to update, 0 to delete`;
  const endpoint = deletes ? 'DELETE key' : 'POST key';
  const flags = ['-f', dir, '--no-color', '--parallelism', String(parallelism)];
  const opsIdeal = Math.ceil(total / parallelism) * latency;

  const plans = [];
  const applies = [];
  const rows = [];
  rows.push(
    await attempt(figure, async () => {
      await repeat(ctx, figure, runs, async () => {
        await withSandbox(ctx, seedFile, async (sandbox) => {
          const env = { ...process.env, APINIZER_URL: sandbox.url, APINIZER_TOKEN: TOKEN, NO_COLOR: '1' };
          const plan = await runAgainstSandbox(sandbox, { cli: ctx.cli, args: ['plan', ...flags], env, cwd: ctx.tmp });
          expectRun(plan, { code: 0, stdoutMatches: new RegExp(planSummary) });
          const apply = await runAgainstSandbox(sandbox, { cli: ctx.cli, args: ['apply', '--auto-approve', ...flags], env, cwd: ctx.tmp });
          expectRun(apply, { code: 0, stdoutMatches: new RegExp(`Apply complete: ${done}`) });
          plans.push(plan);
          applies.push(apply);
        });
      });
      return networkRow(figure, applies, {
        parallelism,
        latencyMs: latency,
        target: (counts, ratio) =>
          spread
            ? { text: `${fmtInt(total)} DELETE + the plan's reads; ≤ 1.3×`, met: counts.byEndpoint[endpoint] === total && ratio <= 1.3 }
            : deletes
              ? { text: `${fmtInt(total)} DELETE + the plan's reads; ≤ 1.25×`, met: counts.byEndpoint[endpoint] === total && ratio <= 1.25 }
              : { text: `${fmtInt(total)} POST + the plan's reads (no time target)`, met: counts.byEndpoint[endpoint] === total },
      });
    }),
  );
  if (plans.length === runs) {
    rows.push(
      networkRow(`${n}a. plan of the same file, same fresh sandbox (the apply's fixed share: start-up, load, reads)`, plans, {
        parallelism,
        latencyMs: latency,
      }),
    );
    const diff = (pick) => {
      const a = applies.map(pick);
      const p = plans.map(pick);
      return [...a, ...p].some((v) => v === undefined) ? undefined : summarize(a).median - summarize(p).median;
    };
    const ops = diff((r) => r.wallMs);
    const cpu = [diff((r) => r.cpuMs), diff((r) => r.sandboxCpuMs)].map((v) => (v === undefined ? '?' : fmtMs(v))).join(' / ');
    rows.push({
      figure: `${n}b. operations phase = apply − plan (medians)`,
      median: fmtMs(ops),
      spread: '',
      cpu,
      requests: `${endpoint} ×${fmtInt(total)}`,
      ideal: fmtMs(opsIdeal),
      ratio: fmtRatio(ops / opsIdeal),
      target: '—',
      met: '',
    });
    rows.push(readBackRow(`${n}d`, plans.at(-1).counts, applies.at(-1).counts, parallelism, latency));
  }
  if (deletes && !spread) {
    const addresses = [];
    for (let p = 0; p < projects; p += 1) for (let k = 0; k < keys; k += 1) addresses.push([projectName(p), keyName(k)]);
    const floor = `${n}c. floor: the same ${fmtInt(total)} DELETEs from a bare node:http keep-alive client (no CLI), fresh sandbox`;
    rows.push(
      await attempt(floor, async () => {
        const samples = await repeat(ctx, floor, runs, () =>
          withSandbox(ctx, seedFile, async (sandbox) => {
            const [cpu, sandboxCpu] = [process.cpuUsage(), sandbox.cpuMs()];
            const wallMs = await bareDeletes(sandbox.url, TOKEN, addresses, parallelism);
            const used = process.cpuUsage(cpu);
            const sandboxAfter = sandbox.cpuMs();
            return {
              wallMs,
              cpuMs: (used.user + used.system) / 1000,
              sandboxCpuMs: sandboxCpu === undefined ? undefined : sandboxAfter - sandboxCpu,
            };
          }),
        );
        const row = localRow(
          floor,
          samples.map((s) => s.wallMs),
        );
        const median = summarize(samples.map((s) => s.wallMs)).median;
        const cpu = (pick) => (samples.every((s) => pick(s) !== undefined) ? fmtMs(summarize(samples.map(pick)).median) : '?');
        return {
          ...row,
          cpu: `${cpu((s) => s.cpuMs)} / ${cpu((s) => s.sandboxCpuMs)}`,
          requests: `DELETE key ×${fmtInt(total)}`,
          ideal: fmtMs(opsIdeal),
          ratio: fmtRatio(median / opsIdeal),
        };
      }),
    );
  }
  return rows;
}

/**
 * The read back's share of the apply, from the request logs: what apply read beyond what
 * its plan read (one key list per changed project, a JWK list where a delete affects JWKs),
 * sent as one more round after the operations. Counted, not timed: no extra runs.
 */
function readBackRow(label, planCounts, applyCounts, parallelism, latency) {
  const extra = ['GET keys list', 'GET JWK list', 'GET key']
    .map((endpoint) => [endpoint, (applyCounts.byEndpoint[endpoint] ?? 0) - (planCounts.byEndpoint[endpoint] ?? 0)])
    .filter(([, count]) => count > 0);
  const total = extra.reduce((sum, [, count]) => sum + count, 0);
  return {
    figure: `${label}. read back after the operations (apply's reads − plan's reads; counted, not timed)`,
    median: '—',
    spread: '',
    cpu: '—',
    requests: extra.length === 0 ? 'none' : extra.map(([endpoint, count]) => `${endpoint} ×${fmtInt(count)}`).join(', '),
    ideal: fmtMs(Math.ceil(total / parallelism) * latency),
    ratio: '—',
    target: 'one key list per changed project',
    met: '',
  };
}

async function withSandbox(ctx, seedFile, use) {
  const sandbox = await startSandboxProcess({ cli: ctx.cli, seedFile, latencyMs: ctx.opts.latency });
  try {
    return await use(sandbox);
  } finally {
    await sandbox.stop();
  }
}
