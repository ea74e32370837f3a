/**
 * Soak run of `revcycle schedule` (issue 6, item 5; `npm run bench:soak`, not in CI).
 *
 * Feeds a few hundred simulator files into the inbox of a running scheduler over several minutes, in arrival order
 * (reference exports first, then by the date in the file name), the way a clearinghouse drop and an EHR export job
 * would: most renamed in after writing, some written in place in two pieces, plus a few bad files. Debounced rebuilds
 * rebuild the models and the site throughout. Prints files processed, per-file latency (drop → ingested, from the
 * scheduler's `file` log records), failures (goal: 0) and the scheduler's RSS over time (heartbeat records).
 *
 *   npm run bench:soak -- [--files 300] [--minutes 5] [--ingest "*\/5 * * * * *"] [--quiet 2] [--debounce 20] [--no-site] [--keep]
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simulate } from '../../src/simulate/index.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { parseLog, type LogRecord } from '../schedule/helpers.ts';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '300' },
    minutes: { type: 'string', default: '5' },
    ingest: { type: 'string', default: '*/5 * * * * *' },
    quiet: { type: 'string', default: '2' },
    debounce: { type: 'string', default: '20' },
    'no-site': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const FILES = Number(values.files);
const MINUTES = Number(values.minutes);
const BAD_FILES = 3;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** Arrival order: reference exports first, then by the date in the name (20250131 or 2025-01), then by name. */
function arrivalKey(f: string): string {
  const name = path.basename(f);
  if (/^(clinics|providers|payers|fee_schedule|credentialing)\.csv$/.test(name)) return `0-${name}`;
  const d = /(\d{8})/.exec(name)?.[1] ?? /(\d{4})-(\d{2})/.exec(name)?.slice(1).join('').concat('31') ?? '99999999';
  return `1-${d}-${name}`;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-soak-'));
  const simDir = path.join(tmp, 'sim');
  console.log(`soak: ${FILES} files over ${MINUTES} min into ${tmp}`);
  // Grow the simulated group until it has enough files.
  let clinics = 1;
  let months = 2;
  let all: string[] = [];
  for (;;) {
    fs.rmSync(simDir, { recursive: true, force: true });
    await simulate({ out: simDir, clinics, months, visitsPerDay: 6, seed: 42 });
    all = walk(simDir);
    if (all.length >= FILES - BAD_FILES || clinics >= 8) break;
    if (months < 4) months++;
    else clinics++;
  }
  const feed = all.sort((a, b) => arrivalKey(a).localeCompare(arrivalKey(b))).slice(0, FILES - BAD_FILES);
  const bad = Array.from({ length: BAD_FILES }, (_, i) => ({ name: `clearinghouse_error_${i + 1}.835`, bytes: Buffer.from(`<html>error ${i + 1}</html>\n`) }));
  // Bad files arrive spread over the run.
  const drops: Array<{ name: string; bytes: Buffer }> = feed.map((f) => ({ name: path.basename(f), bytes: fs.readFileSync(f) }));
  bad.forEach((b, i) => drops.splice(Math.floor(((i + 1) * drops.length) / (BAD_FILES + 1)), 0, b));
  console.log(`soak: simulated ${clinics} clinic(s) × ${months} months: feeding ${drops.length} files (${BAD_FILES} bad)`);

  const data = path.join(tmp, 'data');
  const inbox = path.join(data, 'inbox');
  fs.mkdirSync(inbox, { recursive: true });
  const config = path.join(tmp, 'revcycle.config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      schedules: {
        ingest: values.ingest,
        rebuild: '0 2 * * *',
        weekly: 'off',
        rebuildDebounceSeconds: Number(values.debounce),
        inboxQuietSeconds: Number(values.quiet),
        siteBuild: !values['no-site'],
      },
    }),
  );
  const db = path.join(data, 'warehouse.duckdb');
  const child = spawn(process.execPath, [BIN, 'schedule', '--db', db, '--config', config, '--site-out', path.join(tmp, 'dist'), '--heartbeat', '10'], {
    cwd: tmp,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c));
  child.stdout.on('data', () => undefined);
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  const records = (): LogRecord[] => parseLog(err);
  const t0 = Date.now();
  while (!records().some((r) => r.event === 'scheduler_started')) {
    if (child.exitCode !== null) throw new Error(`the scheduler exited: ${err}`);
    await sleep(100);
  }

  // Feed.
  const dropped = new Map<string, { at: number; name: string; bad: boolean }>();
  const interval = (MINUTES * 60_000) / drops.length;
  const feedStart = Date.now();
  for (let i = 0; i < drops.length; i++) {
    await sleep(feedStart + i * interval - Date.now());
    const dr = drops[i]!;
    const target = path.join(inbox, `${String(i).padStart(4, '0')}_${dr.name}`);
    if (i % 4 === 3) {
      // Written in place in two pieces (a slow SFTP upload without a temp name).
      const half = dr.bytes.length >> 1;
      fs.writeFileSync(target, dr.bytes.subarray(0, half));
      await sleep(Math.min(800, interval / 2));
      fs.appendFileSync(target, dr.bytes.subarray(half));
    } else {
      fs.writeFileSync(`${target}.part`, dr.bytes);
      fs.renameSync(`${target}.part`, target);
    }
    dropped.set(sha(dr.bytes), { at: Date.now(), name: dr.name, bad: bad.includes(dr as (typeof bad)[number]) });
    if (i % 50 === 49) console.log(`soak: ${i + 1} files dropped (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  console.log(`soak: all ${drops.length} files dropped after ${((Date.now() - t0) / 1000).toFixed(0)} s; waiting for ingest and the last rebuild`);

  // Wait until every file has a file record and the last rebuild (and site) after the last load finished.
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const recs = records();
    const seen = new Set(recs.filter((r) => r.event === 'file').map((r) => String(r.sha256)));
    const allSeen = [...dropped.keys()].every((s) => seen.has(s.slice(0, 12)));
    const lastLoad = recs.filter((r) => r.event === 'file' && r.status === 'loaded').at(-1)?.ts ?? '';
    const finalJob = values['no-site'] ? 'rebuild' : 'site';
    const lastRebuild = recs.filter((r) => r.event === 'run_started' && r.job === 'rebuild').at(-1);
    const settled =
      lastRebuild &&
      String(lastRebuild.ts) > String(lastLoad) &&
      recs.some((r) => r.event === 'run_finished' && r.job === finalJob && String(r.ts) > String(lastRebuild.ts));
    if (allSeen && settled) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      console.log('soak: gave up waiting (deadline or scheduler exit)');
      break;
    }
    await sleep(1000);
  }
  const status = runCli(['status', '--db', db, '--config', config]);
  child.kill('SIGTERM');
  const code = await exited;
  const wall = (Date.now() - t0) / 1000;

  // Figures.
  const recs = records();
  const fileRecs = recs.filter((r) => r.event === 'file');
  const latencies: number[] = [];
  let unexpected = 0;
  const seen = new Set<string>();
  for (const [s, d] of dropped) {
    const r = fileRecs.find((x) => x.sha256 === s.slice(0, 12));
    if (!r) continue;
    seen.add(s);
    latencies.push(Date.parse(String(r.ts)) - d.at);
    const ok = d.bad ? r.status === 'quarantined' : r.status === 'loaded' || r.status === 'duplicate';
    if (!ok) unexpected++;
  }
  const unknownHashes = fileRecs.filter((r) => ![...dropped.keys()].some((s) => s.startsWith(String(r.sha256)))).length;
  const finished = recs.filter((r) => r.event === 'run_finished');
  const failedRuns = finished.filter((r) => r.outcome === 'failed');
  const errors = recs.filter((r) => r.level === 'error');
  const missing = dropped.size - seen.size;
  const inboxLeft = walk(inbox).length;
  const failures = missing + unexpected + unknownHashes + failedRuns.length + errors.length + inboxLeft + (code === 0 ? 0 : 1);
  const beats = recs.filter((r) => r.event === 'heartbeat');
  const byJob = (job: string) => finished.filter((r) => r.job === job);
  const ms = (job: string) => byJob(job).map((r) => Number(r.ms));

  console.log('\n=== soak summary ===');
  console.log(`wall time                 ${wall.toFixed(0)} s (feeding ${MINUTES} min)`);
  console.log(`files dropped             ${dropped.size} (${BAD_FILES} bad, every 4th written in place in two pieces)`);
  console.log(`files processed           ${seen.size} (${fileRecs.filter((r) => r.status === 'loaded').length} loaded, ${fileRecs.filter((r) => r.status === 'duplicate').length} duplicate, ${fileRecs.filter((r) => r.status === 'quarantined').length} quarantined)`);
  console.log(`file latency (drop → ingested)  p50 ${(pct(latencies, 50) / 1000).toFixed(1)} s, p95 ${(pct(latencies, 95) / 1000).toFixed(1)} s, max ${(Math.max(...latencies) / 1000).toFixed(1)} s`);
  console.log(`ingest runs               ${byJob('ingest').length} (p95 ${(pct(ms('ingest'), 95) / 1000).toFixed(1)} s)`);
  console.log(`rebuild runs              ${byJob('rebuild').length} (p95 ${(pct(ms('rebuild'), 95) / 1000).toFixed(1)} s)`);
  console.log(`site builds               ${byJob('site').length} (${byJob('site').filter((r) => r.outcome === 'success').length} ok; p95 ${(pct(ms('site'), 95) / 1000).toFixed(1)} s)`);
  console.log(`overlap skips / missed    ${recs.filter((r) => r.event === 'execution:overlap').length} / ${recs.filter((r) => r.event === 'execution:missed').length}`);
  console.log(
    `failures                  ${failures} (missing ${missing}, unexpected status ${unexpected}, unknown hashes ${unknownHashes}, failed runs ${failedRuns.length}, error records ${errors.length}, left in inbox ${inboxLeft}, exit code ${code})`,
  );
  const rss = beats.map((b) => Number(b.rss_mb));
  console.log(`scheduler RSS (MB)        min ${Math.min(...rss)}, max ${Math.max(...rss)}, first ${rss[0]}, last ${rss.at(-1)}`);
  console.log('RSS over time (scheduler process, heartbeat every 10 s):');
  const step = Math.max(1, Math.ceil(beats.length / 20));
  for (let i = 0; i < beats.length; i += step) {
    const b = beats[i]!;
    const t = (Date.parse(String(b.ts)) - t0) / 1000;
    console.log(`  t=${t.toFixed(0).padStart(4)} s  rss ${String(b.rss_mb).padStart(4)} MB  heap ${String(b.heap_mb).padStart(3)} MB  running ${(b.running as string[]).join(',') || '-'}`);
  }
  for (const r of failedRuns.slice(0, 5)) console.log(`  failed run: ${r.job} ${r.code}: ${r.error}`);
  for (const r of errors.slice(0, 5)) console.log(`  error record: ${r.event} ${r.code ?? ''} ${r.error ?? ''}`);
  console.log('\nrevcycle status (excerpt):');
  console.log(status.stdout.split('\n').slice(0, 30).join('\n'));
  const summary = {
    files: dropped.size,
    processed: seen.size,
    p50_s: pct(latencies, 50) / 1000,
    p95_s: pct(latencies, 95) / 1000,
    max_s: Math.max(...latencies) / 1000,
    failures,
    rss_mb: beats.map((b) => ({ t_s: Math.round((Date.parse(String(b.ts)) - t0) / 1000), rss_mb: b.rss_mb })),
    site_builds: byJob('site').length,
    rebuilds: byJob('rebuild').length,
  };
  fs.mkdirSync('.bench', { recursive: true });
  const out = path.join('.bench', `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify(summary, null, 2));
  console.log(`\nsummary written to ${out}`);
  if (!values.keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
  process.exitCode = failures === 0 ? 0 : 1;
}

await main();
