/**
 * `revcycle schedule`: the scheduler (DESIGN.md §10, domain-reference §10).
 *
 * Jobs (schedules from config, node-cron with `noOverlap`, an explicit time zone and a name per task):
 * - ingest  — pick up complete inbox files (inbox.ts), ingest them through the same Ingestor as `revcycle ingest`,
 *             move them to `<archive>/inbox/<date>/`; new data asks for a debounced rebuild.
 * - rebuild — rebuild the models (same `build` as `revcycle build`), then the site from a snapshot (site.ts); runs
 *             nightly and `rebuildDebounceSeconds` after new data.
 * - weekly  — archive the scorecard of the week just ended and the actions summary (weekly.ts).
 *
 * Every job has the recommended shape: in-process writer mutex → cross-process writer lock (`openWarehouse` rw) →
 * record run started (meta.job_runs) → work → record run finished → close (CHECKPOINT, releases the lock). The site
 * build runs after the warehouse is closed, from a snapshot, so it never blocks writers. One scheduler per data folder
 * (`<data>/state/scheduler.lock`). At start-up, rows left `running` by a dead scheduler become `interrupted`, and each
 * job whose cron expression had an occurrence after its last successful run (and after the scheduler's first start)
 * runs once, for the latest missed occurrence only (trigger `catch-up`). SIGINT/SIGTERM stop the timers, let a writer
 * finish its current batch, stop a site build, and release the locks.
 */
import os from 'node:os';
import path from 'node:path';
import { createTask, validate, type ScheduledTask } from 'node-cron';
import { pseudonymKeyFromEnv, type Config, type Paths } from '../../src/config.ts';
import { acquireLock, LockTimeoutError, type Lock } from '../../src/db/lock.ts';
import { openWarehouse, WarehouseError, type Warehouse } from '../../src/db/warehouse.ts';
import { build, ModelError } from '../../src/models/runner.ts';
import { loadPseudonymizer, type Pseudonymizer } from '../../src/pseudonym.ts';
import { inInterchangeOrder, Ingestor, type IngestResult } from '../ingest.ts';
import { localDate, latestOccurrence } from './cron-time.ts';
import { archiveFile, InboxWatcher, unchanged, type InboxFile } from './inbox.ts';
import type { Logger } from './log.ts';
import { finishRun, insertRun, lastSuccessFromDb, markInterrupted, newRunId, recordRun, type JobName, type Outcome, type RunEnd, type Trigger } from './runs.ts';
import { runSiteWorker, SiteRunError, takeSnapshot } from './site.ts';
import { readState, writeState, type JobState, type ScheduleState } from './state.ts';
import { archiveWeeklyScorecard, WeeklyError } from './weekly.ts';
import { makeDirs } from '../../src/make-dirs.ts';

export type CronJob = 'ingest' | 'rebuild' | 'weekly';
export const CRON_JOBS: readonly CronJob[] = ['ingest', 'rebuild', 'weekly'];

export class ScheduleError extends Error {}

/** A debounced rebuild waits at most this many debounce periods after the first new file. */
export const MAX_WAIT_FACTOR = 5;

export interface SchedulerOptions {
  config: Config;
  paths: Paths;
  logger: Logger;
  /** Where the site is built (default `dist` in the current directory). */
  siteOutDir: string;
  lockTimeoutMs: number;
  /** Heartbeat log line and state update (RSS, running jobs, inbox), default 60 s. */
  heartbeatMs?: number;
  /** How long a stop waits for running jobs, default 60 s. */
  stopGraceMs?: number;
}

export interface JobReport {
  job: JobName;
  runId: string;
  trigger: Trigger;
  scheduledFor: Date;
  outcome: Exclude<Outcome, 'running'>;
  loaded?: number;
  quarantined?: number;
  duplicate?: number;
  detail?: Record<string, unknown>;
  errorCode?: string;
  error?: string;
  ms: number;
  /** The site build that followed a successful rebuild. */
  site?: JobReport;
}

type WorkResult = Partial<Omit<RunEnd, 'finishedAt'>>;

/** Promise-chain mutex: the scheduler's writers take turns (the lock file would also do it, by polling). */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0] ?? '';

export function errorCode(err: unknown): string {
  if (err instanceof LockTimeoutError) return 'LOCKED';
  if (err instanceof WarehouseError) return /in use|locked/i.test(err.message) ? 'LOCKED' : 'WAREHOUSE';
  if (err instanceof ModelError) return 'MODEL_FAILED';
  if (err instanceof SiteRunError || err instanceof WeeklyError) return err.code;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  return 'INTERNAL';
}

/**
 * The files of one inbox pickup in the order they are ingested: X12 files in interchange order (ISA09/ISA10) across
 * the whole pickup, not only within each chunk of it, so the copy of a payment made first is the original even when
 * its re-send was written to the inbox earlier or sorts first; other files keep their places.
 */
export function inPickupOrder(files: InboxFile[]): InboxFile[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return inInterchangeOrder(files.map((f) => ({ file: f.path }))).map((e) => byPath.get(e.file)!);
}

/** Check the schedules before anything starts: unknown time zone or a bad cron expression is a clear error. */
export function validateSchedules(config: Config): Record<CronJob, string | undefined> {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: config.timezone });
  } catch {
    throw new ScheduleError(`timezone: "${config.timezone}" is not an IANA time zone (e.g. America/New_York)`);
  }
  const out = {} as Record<CronJob, string | undefined>;
  for (const job of CRON_JOBS) {
    const expr = config.schedules[job].trim();
    if (expr === '' || expr === 'off') {
      out[job] = undefined;
      continue;
    }
    if (!validate(expr)) throw new ScheduleError(`schedules.${job}: "${expr}" is not a valid cron expression (5 or 6 fields; "off" disables the job)`);
    out[job] = expr;
  }
  return out;
}

export class Scheduler {
  private readonly config: Config;
  private readonly paths: Paths;
  private readonly log: Logger;
  private readonly expressions: Record<CronJob, string | undefined>;
  private readonly tasks = new Map<CronJob, ScheduledTask>();
  private readonly running = new Map<JobName, Promise<JobReport | undefined>>();
  private readonly writer = new Mutex();
  private readonly abort = new AbortController();
  private readonly watcher: InboxWatcher;
  private state: ScheduleState;
  private pseudonymizer: Pseudonymizer | undefined;
  private schedulerLock: Lock | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private rebuildPending = false;
  /** When the first file not yet covered by a rebuild was loaded. */
  private pendingSince: number | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private resolveDone!: () => void;
  /** Settles when the scheduler has stopped. */
  readonly done: Promise<void>;

  constructor(private readonly opts: SchedulerOptions) {
    this.config = opts.config;
    this.paths = opts.paths;
    this.log = opts.logger;
    this.expressions = validateSchedules(opts.config);
    const p = opts.paths;
    if (path.resolve(p.inbox) === path.resolve(p.dataDir)) throw new ScheduleError(`paths.inbox: the inbox must be its own folder, not the data folder ${p.dataDir}`);
    this.watcher = new InboxWatcher(p.inbox, opts.config.schedules.inboxQuietSeconds * 1000, [p.landing, p.quarantine, p.archive, p.state, path.join(p.dataDir, 'logs')]);
    this.state = readState(p.state);
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Life cycle

  /** Take the scheduler lock and clean up after a dead predecessor; shared by `start` and `runOnce`. */
  private async open(mode: 'daemon' | 'once'): Promise<Record<string, Date>> {
    makeDirs(this.paths.state, 0o700);
    makeDirs(this.paths.inbox, 0o700);
    try {
      this.schedulerLock = await acquireLock(path.join(this.paths.state, 'scheduler.lock'), {
        purpose: mode === 'daemon' ? 'revcycle schedule' : 'revcycle schedule --run',
        timeoutMs: 0,
      });
    } catch (err) {
      if (err instanceof LockTimeoutError && err.holder) {
        const h = err.holder;
        throw new ScheduleError(`a scheduler is already running for ${this.paths.dataDir}: pid ${h.pid} on ${h.host} (${h.purpose}) since ${h.since}`);
      }
      throw err;
    }
    this.pseudonymizer = loadPseudonymizer(this.paths.keyFile, pseudonymKeyFromEnv());
    const now = new Date();
    this.state.scheduler = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString(), logTargets: this.log.targets };
    // A site build that was running when the previous scheduler died.
    const siteState = this.state.jobs.site;
    const siteInterrupted = siteState?.lastOutcome === 'running' ? siteState : undefined;
    for (const [job, js] of Object.entries(this.state.jobs)) {
      if (js.lastOutcome === 'running') {
        js.lastOutcome = 'interrupted';
        this.log.warn('run_interrupted', { job, run: js.lastRunId, code: 'INTERRUPTED' });
      }
    }
    let dbLast: Record<string, Date> = {};
    try {
      await this.withWriter('revcycle schedule: start-up', async (wh) => {
        const n = await markInterrupted(wh, now);
        if (n) this.log.warn('runs_marked_interrupted', { runs: n, code: 'INTERRUPTED' });
        if (siteInterrupted?.lastRunId && siteInterrupted.lastStartedAt) {
          await recordRun(
            wh,
            {
              runId: siteInterrupted.lastRunId,
              job: 'site',
              scheduledFor: new Date(siteInterrupted.lastScheduledFor ?? siteInterrupted.lastStartedAt),
              startedAt: new Date(siteInterrupted.lastStartedAt),
              trigger: (siteInterrupted.lastTrigger as Trigger) ?? 'scheduled',
            },
            { outcome: 'interrupted', finishedAt: now, errorCode: 'INTERRUPTED', error: 'the scheduler stopped during the site build' },
          );
        }
        dbLast = await lastSuccessFromDb(wh);
      });
    } catch (err) {
      // The jobs will report the same problem; the scheduler still starts so the inbox keeps being watched.
      this.log.error('startup_warehouse_failed', { code: errorCode(err), error: firstLine(err) });
    }
    this.saveState();
    return dbLast;
  }

  /** Start the cron tasks and the heartbeat, then run the catch-ups (in the background). */
  start(): Promise<void> {
    this.starting = this.startInner();
    return this.starting;
  }

  private async startInner(): Promise<void> {
    const dbLast = await this.open('daemon');
    if (this.stopping) return; // a signal arrived during start-up
    const now = new Date();
    const firstStart = this.state.firstStartedAt;
    this.state.firstStartedAt ??= now.toISOString();
    for (const job of CRON_JOBS) {
      const expr = this.expressions[job];
      if (!expr) continue;
      const task = createTask(expr, (ctx) => this.fire(job, ctx.date, 'scheduled'), {
        name: `revcycle-${job}`,
        timezone: this.config.timezone,
        noOverlap: true,
      });
      task.on('execution:missed', (ctx) => this.log.warn('execution:missed', { job, scheduled_for: ctx.date.toISOString(), code: 'MISSED' }));
      task.on('execution:overlap', (ctx) => this.log.warn('execution:overlap', { job, scheduled_for: ctx.date.toISOString(), code: 'OVERLAP' }));
      task.on('execution:failed', (ctx) => this.log.error('execution:failed', { job, scheduled_for: ctx.date.toISOString(), code: errorCode(ctx.execution?.error), error: firstLine(ctx.execution?.error) }));
      this.tasks.set(job, task);
    }
    // Catch-up: the latest occurrence after the last success (and after the first start-up ever), if any.
    const catchUps: Array<{ job: CronJob; at: Date }> = [];
    for (const [job, task] of this.tasks) {
      const candidates = [this.state.jobs[job]?.lastSuccessScheduledFor, dbLast[job]?.toISOString(), firstStart].filter((x): x is string => !!x);
      if (candidates.length === 0) continue;
      const anchor = new Date(candidates.sort().at(-1)!);
      const at = latestOccurrence(this.expressions[job]!, (d) => task.match(d), anchor, now);
      if (at) catchUps.push({ job, at });
    }
    for (const task of this.tasks.values()) await task.start();
    const hb = this.opts.heartbeatMs ?? 60_000;
    this.heartbeat = setInterval(() => this.beat(), hb);
    this.log.info('scheduler_started', {
      pid: process.pid,
      timezone: this.config.timezone,
      ingest: this.expressions.ingest ?? 'off',
      rebuild: this.expressions.rebuild ?? 'off',
      weekly: this.expressions.weekly ?? 'off',
      debounce_s: this.config.schedules.rebuildDebounceSeconds,
      quiet_s: this.config.schedules.inboxQuietSeconds,
      site: this.config.schedules.siteBuild,
      catch_up: catchUps.map((c) => `${c.job}@${c.at.toISOString()}`),
    });
    this.saveState();
    void (async () => {
      for (const c of catchUps) {
        if (this.stopping) break;
        this.log.info('catch_up', { job: c.job, scheduled_for: c.at.toISOString() });
        await this.fire(c.job, c.at, 'catch-up');
      }
    })();
  }

  /** Run one job now (trigger `manual`) and stop: `revcycle schedule --run JOB`. */
  async runOnce(job: CronJob): Promise<JobReport | undefined> {
    await this.open('once');
    try {
      return await this.fire(job, new Date(), 'manual');
    } finally {
      await this.stop('run-once');
    }
  }

  stop(reason: string): Promise<void> {
    if (this.stopped) return this.stopped;
    this.stopping = true;
    this.stopped = (async () => {
      await this.starting?.catch(() => undefined);
      const busy = [...this.running.keys()];
      this.log.info('scheduler_stopping', { reason, running: busy });
      for (const task of this.tasks.values()) {
        await task.stop();
        await task.destroy();
      }
      if (this.debounce) clearTimeout(this.debounce);
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.abort.abort();
      const grace = this.opts.stopGraceMs ?? 60_000;
      let graceTimer: NodeJS.Timeout | undefined;
      const settled = await Promise.race([
        Promise.allSettled([...this.running.values()]).then(() => true),
        new Promise<boolean>((r) => (graceTimer = setTimeout(() => r(false), grace))),
      ]);
      clearTimeout(graceTimer);
      if (!settled) this.log.error('stop_grace_exceeded', { running: [...this.running.keys()], code: 'STOP_TIMEOUT' });
      if (this.state.scheduler) this.state.scheduler.stoppedAt = new Date().toISOString();
      this.saveState();
      this.schedulerLock?.release();
      this.log.info('scheduler_stopped', { reason });
      this.resolveDone();
    })();
    return this.stopped;
  }

  private beat(): void {
    const mem = process.memoryUsage();
    const rssMb = Math.round(mem.rss / 1048576);
    if (this.state.scheduler) {
      this.state.scheduler.heartbeatAt = new Date().toISOString();
      this.state.scheduler.rssMb = rssMb;
    }
    this.log.info('heartbeat', {
      rss_mb: rssMb,
      heap_mb: Math.round(mem.heapUsed / 1048576),
      uptime_s: Math.round(process.uptime()),
      running: [...this.running.keys()],
      inbox_waiting: this.state.inbox?.waiting ?? 0,
    });
    this.saveState();
  }

  private saveState(): void {
    try {
      writeState(this.paths.state, this.state);
    } catch (err) {
      this.log.error('state_write_failed', { code: errorCode(err), error: firstLine(err) });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Running jobs

  /** Start a job unless it is already running (cron ticks are skipped, a debounced rebuild is queued). */
  private fire(job: CronJob, scheduledFor: Date, trigger: Trigger): Promise<JobReport | undefined> {
    if (this.stopping) return Promise.resolve(undefined);
    const current = this.running.get(job);
    if (current) {
      if (job === 'rebuild' && trigger === 'debounced') {
        this.rebuildPending = true;
        this.log.info('rebuild_queued', { job, trigger });
      } else {
        this.log.warn('execution:overlap', { job, trigger, scheduled_for: scheduledFor.toISOString(), code: 'OVERLAP' });
        this.noteState(job, { lastOverlapAt: new Date().toISOString() });
      }
      return current;
    }
    if (job === 'rebuild') {
      // This rebuild sees every file committed so far.
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = undefined;
      this.rebuildPending = false;
      this.pendingSince = undefined;
    }
    const run = (async () => {
      try {
        if (job === 'ingest') return await this.ingestJob(scheduledFor, trigger);
        if (job === 'rebuild') return await this.rebuildJob(scheduledFor, trigger);
        return await this.weeklyJob(scheduledFor, trigger);
      } catch (err) {
        // Jobs record their own failures; this is a bug in the scheduler itself.
        this.log.error('job_crashed', { job, code: 'INTERNAL', error: firstLine(err) });
        return undefined;
      } finally {
        this.running.delete(job);
        if (job === 'rebuild' && this.rebuildPending && !this.stopping) {
          this.rebuildPending = false;
          this.requestRebuild();
        }
      }
    })();
    this.running.set(job, run);
    return run;
  }

  /**
   * New data: rebuild once no new file has been loaded for the debounce period, but no later than
   * MAX_WAIT_FACTOR × the debounce period after the first file not yet in a rebuild (files that keep arriving every
   * few minutes must not postpone the rebuild for ever).
   */
  private requestRebuild(): void {
    if (this.stopping) return;
    if (this.debounce) clearTimeout(this.debounce);
    const debounceMs = this.config.schedules.rebuildDebounceSeconds * 1000;
    const now = Date.now();
    this.pendingSince ??= now;
    const ms = Math.max(0, Math.min(debounceMs, this.pendingSince + MAX_WAIT_FACTOR * debounceMs - now));
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.fire('rebuild', new Date(), 'debounced');
    }, ms);
  }

  private noteState(job: string, patch: Partial<JobState>): void {
    this.state.jobs[job] = { ...(this.state.jobs[job] ?? {}), ...patch };
  }

  /** Open the warehouse read-write behind the in-process mutex and the cross-process lock; `afterClose` still holds the mutex. */
  private withWriter<T>(purpose: string, fn: (wh: Warehouse) => Promise<T>, afterClose?: (result: T) => Promise<void>): Promise<T> {
    return this.writer.run(async () => {
      const wh = await openWarehouse({
        path: this.paths.db,
        mode: 'rw',
        purpose,
        timeoutMs: this.opts.lockTimeoutMs,
        onWait: (h) =>
          this.log.warn('lock_wait', { holder_pid: h?.pid, holder_command: h?.purpose.split(' ').slice(0, 2).join(' '), holder_since: h?.since }),
      });
      let result: T;
      try {
        result = await fn(wh);
      } finally {
        await wh.close();
      }
      if (afterClose) await afterClose(result);
      return result;
    });
  }

  private started(job: JobName, runId: string, scheduledFor: Date, trigger: Trigger, startedAt: Date): void {
    this.log.info('run_started', { job, run: runId, trigger, scheduled_for: scheduledFor.toISOString() });
    const js = this.state.jobs[job] ?? {};
    this.state.jobs[job] = { ...js, lastRunId: runId, lastScheduledFor: scheduledFor.toISOString(), lastTrigger: trigger, lastStartedAt: startedAt.toISOString(), lastOutcome: 'running' };
    this.saveState();
  }

  private finished(report: JobReport): JobReport {
    const { job } = report;
    const fields = {
      job,
      run: report.runId,
      trigger: report.trigger,
      scheduled_for: report.scheduledFor.toISOString(),
      outcome: report.outcome,
      loaded: report.loaded,
      quarantined: report.quarantined,
      duplicate: report.duplicate,
      code: report.errorCode,
      error: report.error,
      ms: report.ms,
    };
    if (report.outcome === 'failed') this.log.error('run_finished', fields);
    else if (report.outcome === 'aborted') this.log.warn('run_finished', fields);
    else this.log.info('run_finished', fields);
    const js = this.state.jobs[job] ?? {};
    const ok = report.outcome === 'success' || report.outcome === 'skipped';
    const cron = report.trigger === 'scheduled' || report.trigger === 'catch-up';
    this.state.jobs[job] = {
      ...js,
      lastRunId: report.runId,
      lastScheduledFor: report.scheduledFor.toISOString(),
      lastTrigger: report.trigger,
      lastFinishedAt: new Date().toISOString(),
      lastOutcome: report.outcome,
      lastErrorCode: report.errorCode,
      lastError: report.error,
      runs: (js.runs ?? 0) + 1,
      failures: (js.failures ?? 0) + (report.outcome === 'failed' ? 1 : 0),
      lastSuccessScheduledFor:
        ok && cron && (!js.lastSuccessScheduledFor || js.lastSuccessScheduledFor < report.scheduledFor.toISOString())
          ? report.scheduledFor.toISOString()
          : js.lastSuccessScheduledFor,
    };
    this.saveState();
    return report;
  }

  /**
   * One recorded run: writer → insert `running` → work → update outcome → close. A failure to get the warehouse at
   * all (LOCKED, damaged file) cannot be written to it: it is logged and kept in the state file.
   */
  private async recorded(
    job: JobName,
    scheduledFor: Date,
    trigger: Trigger,
    work: (wh: Warehouse, runId: string) => Promise<WorkResult>,
    afterClose?: () => Promise<void>,
  ): Promise<JobReport> {
    const runId = newRunId(job);
    const startedAt = new Date();
    this.started(job, runId, scheduledFor, trigger, startedAt);
    let end: RunEnd;
    try {
      end = await this.withWriter(
        `revcycle schedule: ${job} (${trigger} ${scheduledFor.toISOString()})`,
        async (wh) => {
          await insertRun(wh, { runId, job, scheduledFor, startedAt, trigger });
          let e: RunEnd;
          try {
            const r = await work(wh, runId);
            e = { outcome: 'success', ...r, finishedAt: new Date() };
          } catch (err) {
            e = { outcome: 'failed', finishedAt: new Date(), errorCode: errorCode(err), error: firstLine(err) };
          }
          await finishRun(wh, runId, e);
          return e;
        },
        afterClose ? async (e) => (e.outcome === 'success' ? afterClose() : undefined) : undefined,
      );
    } catch (err) {
      end = { outcome: 'failed', finishedAt: new Date(), errorCode: errorCode(err), error: firstLine(err) };
    }
    return this.finished({
      job,
      runId,
      trigger,
      scheduledFor,
      outcome: end.outcome,
      loaded: end.loaded,
      quarantined: end.quarantined,
      duplicate: end.duplicate,
      detail: end.detail,
      errorCode: end.errorCode,
      error: end.error,
      ms: Date.now() - startedAt.getTime(),
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The jobs

  private async ingestJob(scheduledFor: Date, trigger: Trigger): Promise<JobReport> {
    const scan = this.watcher.scan();
    this.state.inbox = { scannedAt: new Date().toISOString(), waiting: scan.waiting.length, complete: scan.complete.length };
    if (scan.waiting.length) this.log.info('inbox_waiting', { job: 'ingest', files: scan.waiting.length, code: 'NOT_COMPLETE' });
    if (scan.unreadable.length) this.log.warn('inbox_unreadable', { job: 'ingest', folders: scan.unreadable.length, code: 'UNREADABLE' });
    if (scan.complete.length === 0) {
      // Nothing to do: no warehouse session, recorded in the state file only.
      const js = this.state.jobs.ingest ?? {};
      const cron = trigger === 'scheduled' || trigger === 'catch-up';
      this.state.jobs.ingest = {
        ...js,
        lastIdleAt: new Date().toISOString(),
        lastSuccessScheduledFor: cron && (!js.lastSuccessScheduledFor || js.lastSuccessScheduledFor < scheduledFor.toISOString()) ? scheduledFor.toISOString() : js.lastSuccessScheduledFor,
      };
      this.saveState();
      return { job: 'ingest', runId: '', trigger, scheduledFor, outcome: 'skipped', detail: { idle: true, waiting: scan.waiting.length }, ms: 0 };
    }
    const report = await this.recorded('ingest', scheduledFor, trigger, (wh, runId) => this.ingestFiles(wh, runId, scan.complete, scan.waiting.length));
    if ((report.loaded ?? 0) > 0) this.requestRebuild();
    return report;
  }

  private async ingestFiles(wh: Warehouse, runId: string, candidates: InboxFile[], waiting: number): Promise<WorkResult> {
    // Another process may have taken files while we waited for the lock; a writer may have resumed.
    const files = inPickupOrder(candidates.filter((f) => unchanged(f)));
    const byPath = new Map(files.map((f) => [f.path, f]));
    const archiveDir = path.join(this.paths.archive, 'inbox', localDate(new Date(), this.config.timezone));
    const ingestor = new Ingestor(wh, { config: this.config, paths: this.paths, pseudonymizer: this.pseudonymizer! });
    let loaded = 0;
    let quarantined = 0;
    let duplicate = 0;
    let rows = 0;
    let archived = 0;
    let changed = 0;
    let processed = 0;
    let unreadable = 0;
    const settle = (r: IngestResult) => {
      processed++;
      if (r.status === 'unreadable') {
        // Nothing of it was read: it stays in the inbox and is tried again on the next run (fix its permissions).
        unreadable++;
        this.log.warn('file', { job: 'ingest', run: runId, status: r.status, code: r.code, error: r.reason });
        return;
      }
      rows += r.rows;
      if (r.status === 'loaded') loaded++;
      else if (r.status === 'quarantined') quarantined++;
      else duplicate++;
      const level = r.status === 'quarantined' ? 'warn' : 'info';
      this.log[level]('file', { job: 'ingest', run: runId, sha256: r.sha256, kind: r.kind, status: r.status, code: r.code, rows: r.rows, findings: r.findings });
      const f = byPath.get(r.file);
      if (!f) return;
      if (unchanged(f)) {
        archiveFile(f, archiveDir, r.sha256);
        archived++;
      } else {
        // Written to while we ingested it: leave it for the next scan (its final bytes get their own ledger row).
        changed++;
        this.watcher.forget(f.path);
        this.log.warn('inbox_file_changed', { job: 'ingest', run: runId, sha256: r.sha256, code: 'INBOX_CHANGED' });
      }
    };
    const CHUNK = 64;
    let stoppedEarly = false;
    let failure: unknown;
    try {
      for (let i = 0; i < files.length; i += CHUNK) {
        if (this.abort.signal.aborted) {
          stoppedEarly = true;
          break;
        }
        const chunk = files.slice(i, i + CHUNK).map((f) => f.path);
        for (const r of await ingestor.ingestAll(chunk, { asGiven: true })) settle(r);
      }
    } catch (err) {
      // Files of committed batches are loaded (and archived); the others stay in the inbox for the next run.
      failure = err;
    }
    return {
      outcome: failure ? 'failed' : stoppedEarly ? 'aborted' : 'success',
      loaded,
      quarantined,
      duplicate,
      detail: { files: processed, rows, archived, changed, unreadable, left_in_inbox: files.length - processed + unreadable, waiting, skipped_changed: candidates.length - files.length },
      ...(failure
        ? { errorCode: errorCode(failure), error: firstLine(failure) }
        : stoppedEarly
          ? { errorCode: 'STOPPED', error: 'the scheduler stopped; the remaining files stay in the inbox' }
          : {}),
    };
  }

  private async rebuildJob(scheduledFor: Date, trigger: Trigger): Promise<JobReport> {
    const withSite = this.config.schedules.siteBuild;
    let snapshot: string | undefined;
    let snapshotError: unknown;
    const report = await this.recorded(
      'rebuild',
      scheduledFor,
      trigger,
      async (wh) => {
        const r = await build(wh, { config: this.config });
        return {
          detail: { as_of: r.asOf, models: r.models, marts: Object.keys(r.rowCounts).length, audit_findings: r.auditFindings, build_run: r.runId, build_ms: r.durationMs },
        };
      },
      withSite
        ? async () => {
            try {
              snapshot = await takeSnapshot(this.paths, this.opts.lockTimeoutMs, 'revcycle schedule: site snapshot');
            } catch (err) {
              snapshotError = err;
            }
          }
        : undefined,
    );
    if (!withSite || report.outcome !== 'success' || this.stopping) return report;
    report.site = await this.siteJob(scheduledFor, trigger, snapshot, snapshotError);
    return report;
  }

  private async siteJob(scheduledFor: Date, trigger: Trigger, snapshot: string | undefined, snapshotError: unknown): Promise<JobReport> {
    const runId = newRunId('site');
    const startedAt = new Date();
    this.started('site', runId, scheduledFor, trigger, startedAt);
    let end: RunEnd;
    try {
      if (!snapshot) throw snapshotError ?? new SiteRunError('SITE_FAILED', 'no warehouse snapshot for the site build');
      const r = await runSiteWorker({ dbPath: snapshot, outDir: this.opts.siteOutDir, config: this.config, signal: this.abort.signal });
      end = { outcome: 'success', finishedAt: new Date(), detail: { pages: r.pages, bytes: r.bytes, seconds: Math.round(r.seconds * 10) / 10 } };
      this.log.info('site_built', { job: 'site', run: runId, pages: r.pages, bytes: r.bytes, ms: Math.round(r.seconds * 1000) });
    } catch (err) {
      const code = errorCode(err);
      end = { outcome: code === 'SITE_ABORTED' ? 'aborted' : 'failed', finishedAt: new Date(), errorCode: code, error: firstLine(err) };
    }
    try {
      await this.withWriter('revcycle schedule: site (record)', (wh) => recordRun(wh, { runId, job: 'site', scheduledFor, startedAt, trigger }, end));
    } catch (err) {
      this.log.error('record_failed', { job: 'site', run: runId, code: errorCode(err), error: firstLine(err) });
    }
    return this.finished({ job: 'site', runId, trigger, scheduledFor, outcome: end.outcome, detail: end.detail, errorCode: end.errorCode, error: end.error, ms: Date.now() - startedAt.getTime() });
  }

  private async weeklyJob(scheduledFor: Date, trigger: Trigger): Promise<JobReport> {
    return this.recorded('weekly', scheduledFor, trigger, async (wh) => {
      try {
        const r = await archiveWeeklyScorecard(wh, { archiveDir: this.paths.archive, timezone: this.config.timezone, now: scheduledFor });
        this.log.info('scorecard_archived', { job: 'weekly', week_start: r.weekStart, kpis: r.kpis, red: r.red, amber: r.amber, actions: r.actions.length });
        return {
          detail: { week_start: r.weekStart, as_of: r.asOf, kpis: r.kpis, red: r.red, amber: r.amber, actions: r.actions.map((a) => `${a.action}:${a.items}`), dir: path.relative(this.paths.dataDir, r.dir) },
        };
      } catch (err) {
        if (err instanceof WeeklyError) return { outcome: 'skipped', errorCode: err.code, error: err.message };
        throw err;
      }
    });
  }
}
