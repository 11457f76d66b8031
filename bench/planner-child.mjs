// One measurement of the pure planner, in a fresh process: `node bench/planner-child.mjs KEYS PER_PROJECT`.
// Prints one JSON line: planning time (wall and CPU), RSS before planning, peak RSS of the process (MB).
import { makePlanRequest } from '../dist/core/model/plan-request.js';
import { makePlan } from '../dist/core/plan/make-plan.js';
import { buildPlannerInput } from './lib/planner-input.mjs';

const [keys, perProject] = process.argv.slice(2).map(Number);
const input = buildPlannerInput(keys, perProject);
const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const plan = makePlan(input, makePlanRequest());
const planMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore); // all threads: the main one and V8's GC helpers
const peakRssMb = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
const counts = { create: 0, update: 0, delete: 0, 'no-op': 0 };
for (const entry of plan.entries) counts[entry.action] += 1;
process.stdout.write(
  `${JSON.stringify({ keys, planMs, planCpuMs: (cpu.user + cpu.system) / 1000, rssBeforeMb, peakRssMb, counts, blockers: plan.blockers.length })}\n`,
);
