// Throughput benchmark of the simulator (not a vitest file): node --import tsx test/simulate/simulate.bench.ts
//   [--clinics N] [--months M] [--visits-per-day K] [--out DIR]   (default: the demo group into a temp dir)
// Prints wall-clock and CPU throughput (MB/s, claim lines/s) and the peak RSS.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simulate } from '../../src/simulate/index.ts';

const { values } = parseArgs({
  options: {
    clinics: { type: 'string' },
    months: { type: 'string' },
    'visits-per-day': { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const out = values.out ?? mkdtempSync(join(tmpdir(), 'revcycle-sim-bench-'));
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let peakRss = 0;
const s = await simulate({
  out,
  clinics: num(values.clinics),
  months: num(values.months),
  visitsPerDay: num(values['visits-per-day']),
  onProgress: () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  },
});
const sec = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSec = (cpu.user + cpu.system) / 1e6;
const mb = s.bytes / 1e6;
console.log(
  `${s.files} files, ${mb.toFixed(1)} MB, ${s.claims} claims, ${s.claimLines} claim lines, ${s.visits} visits in ${sec.toFixed(1)} s ` +
    `(${(mb / sec).toFixed(1)} MB/s, ${Math.round(s.claimLines / sec)} lines/s; per CPU-second: ${(mb / cpuSec).toFixed(1)} MB, ` +
    `${Math.round(s.claimLines / cpuSec)} lines; peak RSS ${Math.round(peakRss / 1e6)} MB)`,
);
if (!values.out && !values.keep) rmSync(out, { recursive: true, force: true });
