/**
 * Simulator benchmark (issue 3 "Done when" 4): simulate a large clinic group (≥ 5 M claim lines by default), print
 * files, MB, claim lines and seconds, then ingest the output with `revcycle ingest` (a child process, as a user would)
 * and print the ingest throughput and peak RSS.
 *
 *   npm run bench:simulate [-- --clinics 60 --months 24 --visits-per-day 80 --no-ingest --keep]
 *
 * Output goes to .bench/simulate/ (git-ignored) and is removed afterwards unless --keep.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simulate } from '../../src/simulate/index.ts';

const { values } = parseArgs({
  options: {
    clinics: { type: 'string', default: '60' },
    months: { type: 'string', default: '24' },
    'visits-per-day': { type: 'string', default: '80' },
    'no-ingest': { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = path.join(ROOT, '.bench', 'simulate');
const out = path.join(dir, 'sim');
const db = path.join(dir, 'data', 'warehouse.duckdb');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });

const fmt = (n: number) => n.toLocaleString('en-US');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const s = await simulate({
  out,
  clinics: Number(values.clinics),
  months: Number(values.months),
  visitsPerDay: Number(values['visits-per-day']),
});
const simSec = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const mb = s.bytes / 1e6;
console.log(`simulate --clinics ${values.clinics} --months ${values.months} --visits-per-day ${values['visits-per-day']}`);
console.log(`  ${fmt(s.files)} files, ${mb.toFixed(0)} MB, ${fmt(s.claims)} claims, ${fmt(s.claimLines)} claim lines, ${fmt(s.visits)} visits`);
console.log(`  ${simSec.toFixed(1)} s wall (${(mb / simSec).toFixed(1)} MB/s, ${fmt(Math.round(s.claimLines / simSec))} lines/s), ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`);

if (!values['no-ingest']) {
  const t1 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/revcycle.js'), 'ingest', out, '--db', db, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      /* exited */
    }
  }, 200);
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
  clearInterval(timer);
  const sec = (performance.now() - t1) / 1000;
  const summary = log.trim().split('\n').pop();
  console.log(`revcycle ingest of that output: exit ${code}; ${summary}`);
  console.log(`  ${sec.toFixed(1)} s wall, ${(mb / sec).toFixed(1)} MB/s, ${fmt(Math.round(s.claimLines / sec))} claim lines/s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
}
console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
