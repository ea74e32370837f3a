/**
 * The scheduler's own state file, `<data>/state/schedule.json`: per job the last run and the last successful
 * scheduled time (used for the catch-up at start-up, together with meta.job_runs), when the scheduler first started,
 * its heartbeat, and what the inbox holds. It survives `revcycle rebuild` and a damaged warehouse, and records runs
 * that never open the warehouse (an ingest scan with nothing to do, a job that could not get the lock).
 *
 * Only the running scheduler writes it (it holds `<data>/state/scheduler.lock`); writes are atomic (temp + rename).
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDirs } from '../../src/make-dirs.ts';

export interface JobState {
  lastScheduledFor?: string;
  lastTrigger?: string;
  lastStartedAt?: string;
  lastFinishedAt?: string;
  lastOutcome?: string;
  lastRunId?: string;
  lastErrorCode?: string;
  lastError?: string;
  /** scheduled_for of the last successful scheduled or catch-up run. */
  lastSuccessScheduledFor?: string;
  runs?: number;
  failures?: number;
  /** Ingest: the last scan that found nothing complete. */
  lastIdleAt?: string;
  /** The last tick skipped because the job was still running. */
  lastOverlapAt?: string;
}

export interface SchedulerState {
  pid: number;
  host: string;
  startedAt: string;
  heartbeatAt?: string;
  stoppedAt?: string;
  logTargets?: string[];
  rssMb?: number;
}

export interface ScheduleState {
  version: 1;
  /** The first start-up ever: before it, no run counts as missed. */
  firstStartedAt?: string;
  scheduler?: SchedulerState;
  jobs: Record<string, JobState>;
  inbox?: { scannedAt: string; waiting: number; complete: number };
}

export function statePath(stateDir: string): string {
  return path.join(stateDir, 'schedule.json');
}

export function readState(stateDir: string): ScheduleState {
  try {
    const s = JSON.parse(fs.readFileSync(statePath(stateDir), 'utf8')) as ScheduleState;
    if (s && s.version === 1 && typeof s.jobs === 'object') return s;
  } catch {
    /* missing or unreadable: start afresh (meta.job_runs still has the history) */
  }
  return { version: 1, jobs: {} };
}

export function writeState(stateDir: string, state: ScheduleState): void {
  makeDirs(stateDir, 0o700);
  const target = statePath(stateDir);
  const tmp = `${target}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, target);
}
