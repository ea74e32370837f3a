/**
 * `revcycle schedule` (the scheduler, in the foreground) and `revcycle rebuild` (recreate the warehouse from landing).
 * See docs/operations.md.
 */
import path from 'node:path';
import { lockTimeoutMs } from '../config.ts';
import { createLogger } from '../../pipelines/schedule/log.ts';
import { rebuildFromLanding, RebuildError } from '../../pipelines/schedule/rebuild.ts';
import { CRON_JOBS, ScheduleError, Scheduler, type CronJob } from '../../pipelines/schedule/scheduler.ts';
import { CliError, dateOption, UsageError, type CliContext, type Command } from './main.ts';
import { Progress, waitingFor } from './progress.ts';

function seconds(ctx: CliContext, name: string, fallback: number): number {
  const v = ctx.values[name] as string | undefined;
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds (got ${v})`);
  return n;
}

export const scheduleCommand: Command = {
  summary: 'run the scheduler in the foreground: inbox pickup, ingest, model and site rebuilds, weekly scorecard archive',
  usage: 'revcycle schedule [--run ingest|rebuild|weekly] [--site-out DIR] [--log-dir DIR] [--heartbeat SECONDS] [--grace SECONDS]',
  options: {
    run: { type: 'string' },
    'site-out': { type: 'string' },
    'log-dir': { type: 'string' },
    heartbeat: { type: 'string' },
    grace: { type: 'string' },
  },
  async run(ctx) {
    const runJob = ctx.values.run as string | undefined;
    if (runJob !== undefined && !CRON_JOBS.includes(runJob as CronJob)) throw new UsageError(`--run must be one of ${CRON_JOBS.join(', ')} (got ${runJob})`);
    const logDir = path.resolve((ctx.values['log-dir'] as string | undefined) ?? path.join(ctx.paths.dataDir, 'logs'));
    const logger = createLogger({ dir: logDir });
    let scheduler: Scheduler;
    try {
      scheduler = new Scheduler({
        config: ctx.config,
        paths: ctx.paths,
        logger,
        siteOutDir: path.resolve((ctx.values['site-out'] as string | undefined) ?? 'dist'),
        lockTimeoutMs: lockTimeoutMs(),
        heartbeatMs: seconds(ctx, 'heartbeat', 60) * 1000,
        stopGraceMs: seconds(ctx, 'grace', 60) * 1000,
      });
    } catch (e) {
      if (e instanceof ScheduleError) throw new CliError(e.message, 2);
      throw e;
    }

    if (runJob) {
      let report;
      try {
        report = await scheduler.runOnce(runJob as CronJob);
      } catch (e) {
        if (e instanceof ScheduleError) throw new CliError(e.message, 2);
        throw e;
      }
      if (!report) throw new CliError(`${runJob}: the job did not run`, 2);
      if (report.detail?.idle) {
        ctx.out(`ingest: nothing complete in the inbox ${ctx.paths.inbox} (${report.detail.waiting} file(s) still being written)`);
        return 0;
      }
      const counts = report.loaded !== undefined ? `; ${report.loaded} loaded, ${report.duplicate} duplicate, ${report.quarantined} quarantined` : '';
      ctx.out(`${runJob}: ${report.outcome}${counts}${report.errorCode ? ` (${report.errorCode}: ${report.error})` : ''} in ${(report.ms / 1000).toFixed(1)} s`);
      const site = report.site;
      if (site) ctx.out(`site: ${site.outcome}${site.errorCode ? ` (${site.errorCode}: ${site.error})` : ''} in ${(site.ms / 1000).toFixed(1)} s`);
      return report.outcome === 'failed' || site?.outcome === 'failed' ? 1 : 0;
    }

    ctx.out(`revcycle schedule: pid ${process.pid}; logs (JSON lines) on stderr and in ${path.join(logDir, 'schedule-YYYY-MM-DD.jsonl')}; stop with Ctrl-C or SIGTERM`);
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        logger.error('forced_exit', { signal: sig, code: 'FORCED' });
        process.exit(130);
      }
      void scheduler.stop(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      await scheduler.start();
    } catch (e) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (e instanceof ScheduleError) throw new CliError(e.message, 2);
      throw e;
    }
    const c = ctx.config.schedules;
    ctx.out(
      `revcycle schedule: running in ${ctx.config.timezone}; ingest "${c.ingest}", rebuild "${c.rebuild}" (and ${c.rebuildDebounceSeconds} s after new data), weekly "${c.weekly}"; inbox ${ctx.paths.inbox}`,
    );
    const onRejection = (reason: unknown) => logger.error('unhandled_rejection', { code: 'INTERNAL', error: String((reason as Error)?.message ?? reason) });
    process.on('unhandledRejection', onRejection);
    await scheduler.done;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('unhandledRejection', onRejection);
    ctx.out('revcycle schedule: stopped');
    return 0;
  },
};

export const rebuildCommand: Command = {
  summary: 'recreate the warehouse from data/landing/ (recovery path; the old file is kept as .bak-<timestamp>)',
  usage: 'revcycle rebuild [--from-landing] [--as-of YYYY-MM-DD] [--new-key]',
  options: {
    'from-landing': { type: 'boolean' },
    'as-of': { type: 'string' },
    'new-key': { type: 'boolean' },
  },
  async run(ctx) {
    const asOf = dateOption('as-of', ctx.values['as-of'] as string | undefined);
    const progress = new Progress('rebuild');
    let result;
    try {
      result = await rebuildFromLanding({
        config: ctx.config,
        paths: ctx.paths,
        lockTimeoutMs: lockTimeoutMs(),
        asOf,
        newKey: Boolean(ctx.values['new-key']),
        onWait: waitingFor(ctx),
        onFile: (r, done, total) => progress.update(path.basename(r.file), done, total),
        onStep: (m) => {
          progress.clear();
          ctx.err(`rebuild: ${m}`);
        },
      });
    } catch (e) {
      progress.clear();
      if (e instanceof RebuildError) throw new CliError(e.message, 2);
      throw e;
    }
    progress.clear();
    ctx.out(
      `rebuilt ${ctx.paths.db} from ${result.files} landed files (${result.loaded} loaded, ${result.duplicate} duplicate, ${result.quarantined} quarantined); ${result.models} models as of ${result.asOf} (${result.asOfSource}) in ${(result.ms / 1000).toFixed(1)} s`,
    );
    if (result.backup) ctx.out(`the previous warehouse is kept as ${result.backup}`);
    if (result.oldUnreadable) ctx.out(`the previous warehouse did not open (${result.oldUnreadable}); its run history was not carried over`);
    return 0;
  },
};
