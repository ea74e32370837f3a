/**
 * Throughput of visits CSV ingestion through the real Ingestor (not part of `vitest run`):
 *
 *   node --import tsx test/ehr/visits-throughput.bench.ts [rows=1000000] [--in-thread]
 *
 * (`--in-thread`: parse on the main thread even when the file is large enough for the reader worker.)
 *
 * Writes a synthetic canonical visits file, ingests it into a throwaway warehouse, then ingests a second file that
 * updates every row (the merge path). Prints wall time and rows/s, and — because a shared 2-core machine is often busy
 * with other work — the CPU time of the main (JS) thread and of DuckDB's threads (from /proc), the load average, and
 * peak RSS / JS heap.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvReading } from '../../pipelines/ehr/read-csv.ts';
import { tempWarehouse } from '../helpers/warehouse.ts';

const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
if (args.includes('--in-thread')) csvReading.workerMinBytes = Number.POSITIVE_INFINITY;
const TYPES = ['evaluation', 'treatment', 'treatment', 'treatment', 're_evaluation', 'discharge'];
const STATUS = ['completed', 'completed', 'completed', 'cancelled', 'no_show'];

function writeVisits(file: string, n: number, minutesShift: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'visit_id,clinic_id,patient_id,provider_npi,visit_date,visit_type,status,payer_id,claim_id,documented_at,charge_entered_at,minutes\n');
  const day0 = Date.UTC(2024, 0, 1);
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(day0 + (i % 700) * 86_400_000).toISOString().slice(0, 10);
    const mm = String(i % 60).padStart(2, '0');
    buf.push(
      `V${String(i).padStart(8, '0')},CLN0${i % 3},MRN${String(i % 60_000).padStart(7, '0')},${1_000_000_000 + (i % 40)},${d},` +
        `${TYPES[i % 6]},${STATUS[i % 5]},${i % 7 === 0 ? '' : `P0${i % 6}`},${i % 5 < 3 ? `C${i}` : ''},${d}T17:${mm}:00,${d}T18:00:00-05:00,${30 + ((i + minutesShift) % 30)}`,
    );
    if (buf.length === 10_000) {
      fs.writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, `${buf.join('\n')}\n`);
  fs.closeSync(fd);
}

/** CPU seconds of the main thread (Linux /proc) and of the whole process (threads that ended included). */
function threadCpu(): { main: number; others: number } {
  const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const main = (Number(f[11]) + Number(f[12])) / 100; // USER_HZ
  const { user, system } = process.cpuUsage();
  return { main, others: (user + system) / 1e6 - main };
}

let peak = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 50);
const tw = tempWarehouse();
try {
  const a = path.join(tw.dir, 'visits_bench_a.csv');
  const b = path.join(tw.dir, 'visits_bench_b.csv');
  writeVisits(a, rows, 0);
  writeVisits(b, rows, 7);
  const mb = fs.statSync(a).size / 1e6;
  console.log(`${os.cpus().length} CPUs; CSV parsed ${fs.statSync(a).size >= csvReading.workerMinBytes ? 'by the reader worker' : 'on the main thread'}`);
  for (const [label, file] of [['initial load', a], ['update (merge) ', b]] as const) {
    const load = os.loadavg()[0]!.toFixed(1);
    const c0 = threadCpu();
    const t0 = performance.now();
    const [r] = await tw.ingest([file]);
    const s = (performance.now() - t0) / 1000;
    const c1 = threadCpu();
    const main = c1.main - c0.main;
    const others = c1.others - c0.others;
    console.log(`${label}: ${rows} rows, ${mb.toFixed(0)} MB in ${s.toFixed(2)} s = ${Math.round(rows / s).toLocaleString('en-US')} rows/s (${r!.status}; ${r!.reason})`);
    console.log(`  CPU: main thread ${main.toFixed(1)} s, other threads (CSV reader worker, DuckDB) ${others.toFixed(1)} s; load average at start ${load}`);
  }
  const [c] = await tw.query('SELECT count(*) AS n FROM raw.ehr_visits');
  console.log(`raw.ehr_visits: ${c!.n} rows; peak RSS ${(peak / 1e6).toFixed(0)} MB, peak JS heap ${(peakHeap / 1e6).toFixed(0)} MB`);
} finally {
  clearInterval(sampler);
  tw.cleanup();
}
