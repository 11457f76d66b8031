// Command-line flags of the benchmark.
import { parseArgs } from 'node:util';

export const SCENARIOS = [
  'plan-nochange',
  'plan-changed',
  'apply-deletes',
  'apply-creates',
  'planner',
  'startup',
  'apply-deletes-spread',
  'plan-compare',
];

const USAGE = `Usage: npm run bench -- [flags]   (or: node bench/run.mjs [flags] after npm run build)
  --projects N      projects of the plan scenarios (default 100)
  --keys N          keys per project (default 100); also the project size of the planner bench
  --latency MS      sandbox latency per request (default 20)
  --parallelism N   the CLI's --parallelism (default 10)
  --runs N          runs per figure; median and min–max are reported (default 3)
  --ops N           operations of the apply scenarios, over 10 projects (default 1000);
                    scenario 7 spreads its deletes over --projects × --keys
  --only LIST       comma-separated scenarios or numbers 1-8: ${SCENARIOS.join(', ')}
  --out FILE        also write the Markdown report to FILE`;

const INTEGER_FLAGS = { projects: [1, 100], keys: [1, 100], latency: [0, 20], parallelism: [1, 10], runs: [1, 3], ops: [10, 1000] };

export function parseBenchArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(INTEGER_FLAGS).map((name) => [name, { type: 'string' }])),
      only: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const opts = { out: values.out };
  for (const [name, [min, fallback]] of Object.entries(INTEGER_FLAGS)) {
    const raw = values[name];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} expects an integer >= ${min}, got ${raw}.\n${USAGE}`);
    opts[name] = value;
  }
  opts.only = new Set(
    (values.only ?? SCENARIOS.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (/^[1-8]$/.test(s) ? SCENARIOS[Number(s) - 1] : s)),
  );
  const unknown = [...opts.only].filter((s) => !SCENARIOS.includes(s));
  if (unknown.length > 0) throw new Error(`--only: unknown scenario ${unknown.join(', ')}.\n${USAGE}`);
  return opts;
}
