// Runs a CLI command against the sandbox with a cleared request log, and turns a series
// of such runs into one row of the report.
import { runNode } from './children.mjs';
import { countRequests, formatCounts, idealMs } from './requests.mjs';
import { summarize } from './stats.mjs';
import { fmtMs, fmtRatio, fmtSpread } from './format.mjs';

/** One run: wall time, exit status, output, and the requests the sandbox saw. */
export async function runAgainstSandbox(sandbox, { cli, args, env, cwd }) {
  await sandbox.clearRequests();
  const before = sandbox.cpuMs();
  const result = await runNode([cli, ...args], { cwd, env });
  const after = sandbox.cpuMs();
  const counts = countRequests(await sandbox.requests());
  return { ...result, counts, sandboxCpuMs: before === undefined || after === undefined ? undefined : after - before };
}

/** Throws with the CLI's own words when a run did not do what the scenario expects. */
export function expectRun(result, { code, stdoutMatches }) {
  const ok = result.code === code && (!stdoutMatches || stdoutMatches.test(result.stdout));
  if (!ok) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-6).join(' | ');
    throw new Error(`exit ${result.code ?? result.signal} (expected ${code}${stdoutMatches ? `, output ${stdoutMatches}` : ''}): ${tail}`);
  }
}

/**
 * A networked figure. `target(counts, ratio)` returns { text, met } or undefined (no target).
 */
export function networkRow(figure, runs, { parallelism, latencyMs, target }) {
  const stats = summarize(runs.map((r) => r.wallMs));
  const last = runs[runs.length - 1].counts;
  const same = runs.every((r) => formatCounts(r.counts.byEndpoint) === formatCounts(last.byEndpoint));
  const ideal = idealMs(last.byPhase, parallelism, latencyMs);
  const ratio = stats.median / ideal;
  const verdict = target?.(last, ratio);
  let requests = `${formatCounts(last.byEndpoint)} (total ${last.total})`;
  if (!same) requests += '; counts varied between runs';
  if (last.failed > 0) requests += `; ${last.failed} not 2xx`;
  return {
    figure,
    median: fmtMs(stats.median),
    spread: fmtSpread(stats, fmtMs),
    cpu: `${fmtCpu(runs.map((r) => r.cpuMs))} / ${fmtCpu(runs.map((r) => r.sandboxCpuMs))}`,
    requests,
    ideal: fmtMs(ideal),
    ratio: fmtRatio(ratio),
    target: verdict?.text ?? '—',
    met: verdict ? (verdict.met ? '✓' : '✗') : '',
  };
}

/** Median CPU time of runs, or '?' where it could not be measured. */
function fmtCpu(values) {
  return values.every((v) => v !== undefined) ? fmtMs(summarize(values).median) : '?';
}

/** A figure without requests (start-up, offline work); `cpu`: CPU times of the runs, if known. */
export function localRow(figure, values, { format = fmtMs, target, cpu } = {}) {
  const stats = summarize(values);
  const verdict = target?.(stats.median);
  return {
    figure,
    median: format(stats.median),
    spread: fmtSpread(stats, format),
    cpu: cpu ? fmtCpu(cpu) : '—',
    requests: '—',
    ideal: '—',
    ratio: '—',
    target: verdict?.text ?? '—',
    met: verdict ? (verdict.met ? '✓' : '✗') : '',
  };
}

/** A scenario that failed outright still gets a row, so the table shows it. */
export function failedRow(figure, error) {
  return {
    figure,
    median: 'failed',
    spread: '',
    requests: String(error.message ?? error).slice(0, 300),
    ideal: '',
    ratio: '',
    target: '',
    met: '✗',
  };
}

/** Runs `once` `runs` times, logging progress. */
export async function repeat(ctx, figure, runs, once) {
  ctx.log(`${figure}: ${runs} run${runs > 1 ? 's' : ''}`);
  const results = [];
  for (let i = 1; i <= runs; i += 1) results.push(await once(i));
  return results;
}

/** A row, or a failed row naming the error, so one broken scenario does not hide the others. */
export async function attempt(figure, measure) {
  try {
    return await measure(figure);
  } catch (error) {
    return failedRow(figure, error);
  }
}
