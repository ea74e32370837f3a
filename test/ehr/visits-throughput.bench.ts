/**
 * Throughput of visits CSV ingestion through the real Ingestor (not part of `vitest run`):
 *
 *   node --import tsx test/ehr/visits-throughput.bench.ts [rows=1000000]
 *
 * Writes a synthetic canonical visits file, ingests it into a throwaway warehouse, then ingests a second file that
 * updates every row (the merge path), and prints rows/s and peak RSS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempWarehouse } from '../helpers/warehouse.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
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

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const tw = tempWarehouse();
try {
  const a = path.join(tw.dir, 'visits_bench_a.csv');
  const b = path.join(tw.dir, 'visits_bench_b.csv');
  writeVisits(a, rows, 0);
  writeVisits(b, rows, 7);
  const mb = fs.statSync(a).size / 1e6;
  for (const [label, file] of [['initial load', a], ['update (merge) ', b]] as const) {
    const t0 = performance.now();
    const [r] = await tw.ingest([file]);
    const s = (performance.now() - t0) / 1000;
    console.log(`${label}: ${rows} rows, ${mb.toFixed(0)} MB in ${s.toFixed(2)} s = ${Math.round(rows / s).toLocaleString('en-US')} rows/s (${r!.status}; ${r!.reason})`);
  }
  const [c] = await tw.query('SELECT count(*) AS n FROM raw.ehr_visits');
  console.log(`raw.ehr_visits: ${c!.n} rows; peak RSS ${(peak / 1e6).toFixed(0)} MB`);
} finally {
  clearInterval(sampler);
  tw.cleanup();
}
