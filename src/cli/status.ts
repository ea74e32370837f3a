/**
 * `revcycle status`: files by state, last runs, data freshness and open data-quality findings.
 */
import os from 'node:os';
import path from 'node:path';
import type { Warehouse } from '../db/warehouse.ts';
import { martsDb } from '../db/kysely.ts';
import { queryPlain, type PlainRow } from '../db/results.ts';
import { processAlive } from '../db/lock.ts';
import { readState } from '../../pipelines/schedule/state.ts';

async function tableExists(wh: Warehouse, schema: string, table: string): Promise<boolean> {
  const r = await wh.one<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
    [schema, table],
  );
  return (r?.n ?? 0) > 0;
}

async function rows(wh: Warehouse, sql: string): Promise<PlainRow[]> {
  return (await queryPlain(wh.con, sql)).rows;
}

export async function statusReport(wh: Warehouse): Promise<{ text: string; data: Record<string, unknown> }> {
  if (!(await tableExists(wh, 'raw', 'files'))) {
    return {
      text: `warehouse ${wh.path}\n\nThe warehouse has no tables yet: run \`revcycle ingest\` (or \`revcycle demo\`).`,
      data: { files: [], empty: true },
    };
  }
  // marts.files: one row per file offered, so the bytes offered again under another name count as duplicates.
  const marts = martsDb(wh);
  const files = await marts
    .selectFrom('marts.files')
    .select((eb) => ['kind', 'status', eb.fn.countAll<number>().as('files'), eb.fn.sum<number>('rows').as('rows')])
    .groupBy(['kind', 'status'])
    .orderBy('kind')
    .orderBy('status')
    .execute();
  const quarantined = await rows(
    wh,
    `SELECT file_name, reason FROM raw.files WHERE status = 'quarantined' ORDER BY load_seq DESC LIMIT 10`,
  );
  const freshness = await rows(
    wh,
    `SELECT
       (SELECT max(loaded_at) FROM raw.files) AS last_file_loaded_at,
       (SELECT max(payment_date) FROM raw.x12_835_remittances) AS newest_835_payment_date,
       (SELECT max(gs04) FROM raw.x12_sets WHERE st01 = '837') AS newest_837_date,
       (SELECT max(visit_date) FROM raw.ehr_visits) AS newest_visit_date`,
  );
  const builds = (await tableExists(wh, 'meta', 'build_runs'))
    ? await rows(wh, `SELECT run_id, as_of, started_at, duration_ms, status, error FROM meta.build_runs ORDER BY started_at DESC LIMIT 3`)
    : [];
  const jobs = (await tableExists(wh, 'meta', 'job_runs'))
    ? await rows(
        wh,
        `SELECT job, max_by(outcome, started_at) AS last_outcome, max(started_at) AS last_started_at,
                max(finished_at) FILTER (WHERE outcome = 'success') AS last_success_at, count(*)::INTEGER AS runs,
                count(*) FILTER (WHERE outcome = 'failed')::INTEGER AS failures,
                max_by(error, started_at) AS last_error
         FROM meta.job_runs GROUP BY job ORDER BY job`,
      )
    : [];
  const hasRunColumns = (await wh.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = 'job_runs' AND column_name = 'trigger'`,
  ))?.n;
  const recentRuns = jobs.length
    ? await rows(
        wh,
        `SELECT job, ${hasRunColumns ? 'trigger' : 'NULL AS trigger'}, scheduled_for, started_at, finished_at, outcome,
                date_diff('millisecond', started_at, finished_at) AS ms, files_loaded, files_quarantined, files_duplicate,
                ${hasRunColumns ? 'error_code' : 'NULL AS error_code'}, error
         FROM meta.job_runs ORDER BY started_at DESC LIMIT 10`,
      )
    : [];
  // The scheduler's own state (beside the warehouse): heartbeat, inbox, runs that never opened the warehouse.
  const state = readState(path.join(path.dirname(wh.path), 'state'));
  const dq = (await tableExists(wh, 'marts', 'data_quality'))
    ? await marts
        .selectFrom('marts.data_quality')
        .select((eb) => ['check_name', 'severity', eb.fn.countAll<number>().as('findings')])
        .groupBy(['check_name', 'severity'])
        .orderBy('severity')
        .orderBy('findings', 'desc')
        .execute()
    : await rows(wh, `SELECT check_name, severity, count(*)::INTEGER AS findings FROM raw.load_findings GROUP BY ALL ORDER BY severity, findings DESC`);

  const lines: string[] = [];
  lines.push(`warehouse ${wh.path}`, '', 'Files by state:');
  if (files.length === 0) lines.push('  (no files ingested yet)');
  for (const f of files) lines.push(`  ${String(f.kind).padEnd(22)} ${String(f.status).padEnd(12)} ${String(f.files).padStart(6)} files ${String(f.rows ?? 0).padStart(10)} rows`);
  if (quarantined.length) {
    lines.push('', 'Recently quarantined:');
    for (const q of quarantined) lines.push(`  ${q.file_name}: ${q.reason}`);
  }
  const fr = freshness[0] ?? {};
  lines.push('', 'Data freshness:');
  for (const [k, v] of Object.entries(fr)) lines.push(`  ${k.replaceAll('_', ' ').padEnd(26)} ${v ?? '-'}`);
  lines.push('', 'Last model builds:');
  if (builds.length === 0) lines.push('  (never built: run revcycle build)');
  for (const b of builds) lines.push(`  run ${b.run_id} as of ${b.as_of}: ${b.status} in ${b.duration_ms} ms at ${b.started_at}${b.error ? ` — ${b.error}` : ''}`);
  if (jobs.length) {
    lines.push('', 'Scheduled jobs:');
    for (const j of jobs) {
      lines.push(
        `  ${String(j.job).padEnd(10)} last ${j.last_outcome} at ${j.last_started_at}; last success ${j.last_success_at ?? '-'}; ${j.runs} runs, ${j.failures} failed${j.last_error ? ` — ${j.last_error}` : ''}`,
      );
    }
  }
  if (recentRuns.length) {
    lines.push('', 'Recent job runs (UTC):');
    for (const r of recentRuns) {
      const counts = r.files_loaded !== null && r.files_loaded !== undefined ? ` ${r.files_loaded} loaded, ${r.files_duplicate ?? 0} duplicate, ${r.files_quarantined ?? 0} quarantined;` : '';
      const took = r.ms !== null && r.ms !== undefined ? ` ${(Number(r.ms) / 1000).toFixed(1)} s` : '';
      lines.push(
        `  ${String(r.job).padEnd(8)} ${String(r.outcome).padEnd(11)} ${String(r.trigger ?? '-').padEnd(9)} for ${r.scheduled_for} started ${r.started_at};${counts}${took}${r.error_code ? ` — ${r.error_code}` : ''}${r.error ? `: ${r.error}` : ''}`,
      );
    }
  }
  const sched = state.scheduler;
  if (sched) {
    const alive = !sched.stoppedAt && sched.host === os.hostname() && processAlive(sched.pid);
    lines.push('', 'Scheduler:');
    lines.push(
      alive
        ? `  running as pid ${sched.pid} since ${sched.startedAt}; last heartbeat ${sched.heartbeatAt ?? '-'}${sched.rssMb ? ` (RSS ${sched.rssMb} MB)` : ''}`
        : `  not running (last started ${sched.startedAt}${sched.stoppedAt ? `, stopped ${sched.stoppedAt}` : ', did not stop cleanly'})`,
    );
    if (state.inbox) lines.push(`  inbox at ${state.inbox.scannedAt}: ${state.inbox.waiting} file(s) still being written, ${state.inbox.complete} complete`);
    for (const [job, js] of Object.entries(state.jobs).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(
        `  ${job.padEnd(8)} last ${js.lastOutcome ?? '-'} (${js.lastTrigger ?? '-'} for ${js.lastScheduledFor ?? '-'})${js.lastErrorCode ? ` ${js.lastErrorCode}` : ''}; last successful scheduled run ${js.lastSuccessScheduledFor ?? '-'}${js.lastIdleAt ? `; last idle scan ${js.lastIdleAt}` : ''}`,
      );
    }
  }
  lines.push('', 'Open data-quality findings:');
  if (dq.length === 0) lines.push('  none');
  for (const d of dq) lines.push(`  ${String(d.severity).padEnd(6)} ${String(d.check_name).padEnd(34)} ${d.findings}`);
  return { text: lines.join('\n'), data: { files, quarantined, freshness: fr, builds, jobs, recent_runs: recentRuns, scheduler: state, data_quality: dq } };
}
