// The Markdown report: machine, command, settings, the table, and the planner's scaling.
import os from 'node:os';

const COLUMNS = [
  ['figure', 'Figure'],
  ['median', 'Median'],
  ['spread', 'Spread (min – max)'],
  ['cpu', 'CPU: CLI / sandbox (median)'],
  ['requests', 'Requests by endpoint (last run)'],
  ['ideal', 'Ideal'],
  ['ratio', 'Measured / ideal'],
  ['target', 'Target'],
  ['met', 'Met'],
];

export function describeMachine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

export function renderReport({ command, opts, rows, scalingTable, startedLoad, elapsedMs }) {
  const cell = (value) =>
    String(value ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\n/g, ' ');
  const lines = [
    `- Machine: ${describeMachine()}`,
    `- Command: \`${command}\``,
    `- Settings: ${opts.projects} projects × ${opts.keys} keys, sandbox latency ${opts.latency} ms, parallelism ${opts.parallelism}, ${opts.runs} run${opts.runs === 1 ? '' : 's'} per figure (start-up: ${Math.max(10, opts.runs)}), apply scenarios ${opts.ops} operations`,
    `- Load average (1/5/15 min) at start: ${startedLoad}; at end: ${loadAverage()}; whole benchmark took ${(elapsedMs / 1000).toFixed(0)} s`,
    '- Wall times are of the whole CLI process (spawn to exit, Node start-up included). Ideal = Σ over sequential phases of ⌈requests in phase / parallelism⌉ × latency; phases: reads (key and environment lists) → single-key reads → JWK lists → key operations.',
    '',
    `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `| ${COLUMNS.map(([key]) => (['median', 'ideal', 'ratio', 'cpu'].includes(key) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${COLUMNS.map(([key]) => cell(row[key])).join(' | ')} |`),
  ];
  if (scalingTable) lines.push('', 'Pure planner scaling (medians):', '', scalingTable);
  return `${lines.join('\n')}\n`;
}

export { loadAverage };
