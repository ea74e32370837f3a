/**
 * Model rebuild benchmark (issue 4 "Done when" 5): full `revcycle build` time and peak RSS at about 1 M and 10 M
 * claim lines, and the slowest models.
 *
 *   npm run bench:models [-- --base-clinics 10 --base-months 12 --sizes 1,10 --memory-limits 3GB,16GB --keep --reuse]
 *
 * Data: the simulator writes a base group (default 10 clinics × 12 months ≈ 130 k claim lines) which is ingested
 * through the real pipeline; the warehouse is then scaled to each size by copying every raw row with the identifiers
 * of clinics, claims, patients and files suffixed per copy (test/bench/scale-warehouse.ts), so each copy is an
 * independent clinic group with the simulator's behaviours. The build runs as a child process
 * (`node bin/revcycle.js build --verbose`); peak RSS is its VmHWM. With several `--memory-limits` (config
 * `build.memoryLimit`, default 2.5GB) each size is rebuilt under each limit in turn, so the cost of spilling is measured
 * against a peer in the same run. `--keep` keeps the scaled warehouses in .bench/models/, `--reuse` builds a kept one
 * again instead of scaling anew.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, resolvePaths } from '../../src/config.ts';
import { openWarehouse } from '../../src/db/warehouse.ts';
import { Pseudonymizer } from '../../src/pseudonym.ts';
import { simulate } from '../../src/simulate/index.ts';
import { Ingestor } from '../../pipelines/ingest.ts';
import { scaleWarehouse } from './scale-warehouse.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};
const baseClinics = Number(opt('base-clinics', '10'));
const baseMonths = Number(opt('base-months', '12'));
const sizes = opt('sizes', '1,10').split(',').map(Number); // millions of claim lines
const memoryLimits = opt('memory-limits', parseConfig({}).build.memoryLimit).split(',');
const keep = args.includes('--keep');
const reuse = args.includes('--reuse');
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/revcycle.js');
const work = path.join(ROOT, '.bench', 'models');

function vmHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function runBuild(db: string, memoryLimit: string): Promise<{ seconds: number; peak: number; out: string }> {
  const config = path.join(work, `config-${memoryLimit}.json`);
  fs.writeFileSync(config, JSON.stringify({ build: { memoryLimit } }));
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'build', '--db', db, '--config', config, '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, vmHwm(child.pid!))), 100);
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`build failed (${code}): ${out}`);
  return { seconds: (performance.now() - t0) / 1000, peak, out };
}

async function main(): Promise<void> {
  fs.mkdirSync(work, { recursive: true });
  const base = path.join(work, `base-${baseClinics}x${baseMonths}.duckdb`);
  if (!fs.existsSync(base)) {
    const sim = path.join(work, 'sim');
    console.log(`simulating ${baseClinics} clinics × ${baseMonths} months…`);
    const s = await simulate({ out: sim, clinics: baseClinics, months: baseMonths });
    console.log(`  ${s.claimLines} claim lines, ${(s.bytes / 1e6).toFixed(0)} MB; ingesting…`);
    const config = parseConfig({});
    const paths = resolvePaths(base, config);
    const wh = await openWarehouse({ path: base, mode: 'rw', purpose: 'bench:models' });
    const t0 = performance.now();
    await new Ingestor(wh, { config, paths, pseudonymizer: new Pseudonymizer(Buffer.from('bench')) }).ingestAll([sim]);
    await wh.close();
    console.log(`  ingested in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    fs.rmSync(sim, { recursive: true, force: true });
  }
  const baseWh = await openWarehouse({ path: base, mode: 'ro', purpose: 'bench:models' });
  const [{ n }] = await baseWh.all<{ n: bigint }>('SELECT count(*) AS n FROM raw.x12_837_lines');
  await baseWh.close();
  const baseLines = Number(n);
  const rows: Array<{ lines: number; limit: string; seconds: number; peak: number; slowest: string }> = [];
  for (const millions of sizes) {
    const factor = Math.max(1, Math.round((millions * 1e6) / baseLines));
    const db = path.join(work, `scaled-${millions}m.duckdb`);
    if (!(reuse && fs.existsSync(db))) {
      for (const f of [db, `${db}.wal`]) fs.rmSync(f, { force: true });
      fs.copyFileSync(base, db);
      const wh = await openWarehouse({ path: db, mode: 'rw', purpose: 'bench:models scale' });
      const t0 = performance.now();
      await scaleWarehouse(wh, factor);
      await wh.close();
      console.log(`scaled ×${factor} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const counted = await openWarehouse({ path: db, mode: 'ro', purpose: 'bench:models count' });
    const [{ lines }] = await counted.all<{ lines: bigint }>('SELECT count(*) AS lines FROM raw.x12_837_lines');
    await counted.close();
    for (const limit of memoryLimits) {
      console.log(`${Number(lines).toLocaleString()} claim lines, memory limit ${limit}: building…`);
      const r = await runBuild(db, limit);
      const slow = [...r.out.matchAll(/^\s+(\S+)\s+(\d+) ms$/gm)].map((m) => `${m[1]} ${(Number(m[2]) / 1000).toFixed(1)} s`);
      rows.push({ lines: Number(lines), limit, seconds: r.seconds, peak: r.peak, slowest: slow[0] ?? '' });
      console.log(`  build ${r.seconds.toFixed(1)} s, peak RSS ${(r.peak / 2 ** 20).toFixed(0)} MiB; slowest: ${slow.slice(0, 5).join(', ')}`);
    }
    if (!keep) for (const f of [db, `${db}.wal`]) fs.rmSync(f, { force: true });
  }
  console.log(`\nmachine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('| claim lines | memory limit | build (s) | peak RSS (MiB) | slowest model |');
  console.log('|---:|---:|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.lines.toLocaleString()} | ${r.limit} | ${r.seconds.toFixed(1)} | ${(r.peak / 2 ** 20).toFixed(0)} | ${r.slowest} |`);
  for (const limit of memoryLimits) {
    const at = rows.filter((r) => r.limit === limit);
    if (at.length < 2) continue;
    const [a, b] = [at[0]!, at[at.length - 1]!];
    console.log(`growth at ${limit}: ${(b.lines / a.lines).toFixed(1)}× the lines took ${(b.seconds / a.seconds).toFixed(1)}× the time (linear = ${(b.lines / a.lines).toFixed(1)}×)`);
  }
  for (const size of new Set(rows.map((r) => r.lines))) {
    const at = rows.filter((r) => r.lines === size);
    for (const r of at.slice(1)) {
      console.log(`${size.toLocaleString()} lines: ${r.limit} took ${(r.seconds / at[0]!.seconds).toFixed(2)}× the time of ${at[0]!.limit}, ${(r.peak / at[0]!.peak).toFixed(2)}× the peak RSS`);
    }
  }
}

await main();
