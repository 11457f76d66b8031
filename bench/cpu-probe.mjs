// Preloaded into measured CLI runs (`node --import bench/cpu-probe.mjs dist/cli.js ...`):
// on exit, writes the process's own CPU time and peak RSS to $BENCH_CPU_FILE, so the report
// can tell the tool's cost from time lost to other processes on a busy machine.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024 }));
  });
}
