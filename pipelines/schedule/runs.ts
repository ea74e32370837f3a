/**
 * The persisted record of job runs, `meta.job_runs` (one row per run: job, scheduled_for, started_at, finished_at,
 * outcome, file counts, detail JSON, error code and message, trigger, run id). A run's row is inserted with outcome
 * `running` when it starts and updated when it ends, inside the same warehouse session; a row still `running` when
 * the next scheduler starts belonged to a process that died, and is marked `interrupted`.
 *
 * Timestamps are UTC (the warehouse session runs in UTC).
 */
import crypto from 'node:crypto';
import type { Warehouse } from '../../src/db/warehouse.ts';

export type JobName = 'ingest' | 'rebuild' | 'site' | 'weekly';
export type Trigger = 'scheduled' | 'catch-up' | 'debounced' | 'manual';
export type Outcome = 'running' | 'success' | 'failed' | 'skipped' | 'interrupted' | 'aborted';

export interface RunStart {
  runId: string;
  job: JobName;
  scheduledFor: Date;
  startedAt: Date;
  trigger: Trigger;
}

export interface RunEnd {
  outcome: Exclude<Outcome, 'running'>;
  finishedAt: Date;
  loaded?: number;
  quarantined?: number;
  duplicate?: number;
  detail?: Record<string, unknown>;
  errorCode?: string;
  error?: string;
}

/** 'YYYY-MM-DD HH:MM:SS.sss' (UTC) for TIMESTAMP parameters. */
export const sqlTs = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

export function newRunId(job: string, at = new Date()): string {
  return `${job}-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${crypto.randomBytes(3).toString('hex')}`;
}

export async function insertRun(wh: Warehouse, r: RunStart): Promise<void> {
  await wh.run(
    `INSERT INTO meta.job_runs (run_id, job, scheduled_for, started_at, outcome, trigger)
     VALUES ($1, $2, $3::TIMESTAMP, $4::TIMESTAMP, 'running', $5)`,
    [r.runId, r.job, sqlTs(r.scheduledFor), sqlTs(r.startedAt), r.trigger],
  );
}

export async function finishRun(wh: Warehouse, runId: string, e: RunEnd): Promise<void> {
  await wh.run(
    `UPDATE meta.job_runs SET finished_at = $2::TIMESTAMP, outcome = $3, files_loaded = $4, files_quarantined = $5,
       files_duplicate = $6, detail = $7, error_code = $8, error = $9
     WHERE run_id = $1`,
    [
      runId,
      sqlTs(e.finishedAt),
      e.outcome,
      e.loaded ?? null,
      e.quarantined ?? null,
      e.duplicate ?? null,
      e.detail ? JSON.stringify(e.detail) : null,
      e.errorCode ?? null,
      e.error ?? null,
    ],
  );
}

/** A complete run recorded at once (a run whose work happened while the warehouse was closed). */
export async function recordRun(wh: Warehouse, r: RunStart, e: RunEnd): Promise<void> {
  await insertRun(wh, r);
  await finishRun(wh, r.runId, e);
}

/** Rows left `running` by a process that died: mark them `interrupted`. Returns how many. */
export async function markInterrupted(wh: Warehouse, at = new Date()): Promise<number> {
  const r = await wh.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM meta.job_runs WHERE outcome = 'running'`);
  if (!r?.n) return 0;
  await wh.run(
    `UPDATE meta.job_runs SET outcome = 'interrupted', finished_at = coalesce(finished_at, $1::TIMESTAMP),
       error_code = coalesce(error_code, 'INTERRUPTED'),
       error = coalesce(error, 'the process running this job stopped before it finished')
     WHERE outcome = 'running'`,
    [sqlTs(at)],
  );
  return r.n;
}

/** scheduled_for of the job's last successful scheduled or catch-up run, from the warehouse. */
export async function lastSuccessFromDb(wh: Warehouse): Promise<Record<string, Date>> {
  const rows = await wh.all<{ job: string; t: Date | null }>(
    `SELECT job, max(scheduled_for) AS t FROM meta.job_runs
     WHERE outcome = 'success' AND coalesce(trigger, 'scheduled') IN ('scheduled', 'catch-up') GROUP BY job`,
  );
  const out: Record<string, Date> = {};
  for (const r of rows) if (r.t) out[r.job] = parseUtc(r.t);
  return out;
}

/** TIMESTAMP values come back as JS Dates built from the UTC wall time. */
function parseUtc(t: Date | string): Date {
  return t instanceof Date ? t : new Date(`${String(t).replace(' ', 'T')}Z`);
}
