/**
 * The commands of the `revcycle` CLI. Each is a thin layer over a library function so the scheduler and tests call
 * exactly what the CLI calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lockTimeoutMs, pseudonymKeyFromEnv } from '../config.ts';
import { openWarehouse, withWarehouse } from '../db/warehouse.ts';
import { queryPlain, toCsv, toTable } from '../db/results.ts';
import { loadPseudonymizer } from '../pseudonym.ts';
import { ingest, type IngestResult } from '../../pipelines/ingest.ts';
import { CliError, dateOption, UsageError, type CliContext, type Command } from './main.ts';
import { Progress, waitingFor } from './progress.ts';
import { statusReport } from './status.ts';
import { build } from '../models/runner.ts';
import { ExportError, exportParquet, type ExportScope } from '../db/export.ts';
import { simulate } from '../simulate/index.ts';
import { rebuildCommand, scheduleCommand } from './schedule-commands.ts';
import { demoCommand, siteCommand } from './site-commands.ts';

export function ingestLine(r: IngestResult): string {
  const name = r.file;
  if (r.status === 'loaded') {
    const rows = `${r.rows} row${r.rows === 1 ? '' : 's'}`;
    // A CSV's reason already starts with the rows it keeps ("5 rows (2 new, 3 replaced); 1 rejected"; fewer than
    // the rows read when a key repeats): say them once.
    const extra = r.reason && /^\d+ rows? \(\d+ new, /.test(r.reason) ? [] : [rows];
    if (r.findings) extra.push(`${r.findings} finding${r.findings === 1 ? '' : 's'}`);
    if (r.reason) extra.push(r.reason);
    return `loaded       ${r.kind.padEnd(16)} ${name} (${extra.join(', ')})`;
  }
  if (r.status === 'duplicate') return `duplicate    ${r.kind.padEnd(16)} ${name}: ${r.reason}`;
  if (r.status === 'unreadable') return `unreadable   ${r.kind.padEnd(16)} ${name}: ${r.reason}`;
  return `quarantined  ${r.kind.padEnd(16)} ${name}: ${r.reason}`;
}

export function ingestSummary(results: IngestResult[], seconds: number): string {
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const rows = results.reduce((n, r) => n + r.rows, 0);
  const unreadable = count('unreadable') ? `, ${count('unreadable')} unreadable` : '';
  return `${results.length} file${results.length === 1 ? '' : 's'}: ${count('loaded')} loaded, ${count('duplicate')} duplicate, ${count('quarantined')} quarantined${unreadable}; ${rows} row${rows === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`;
}

const ingestCommand: Command = {
  summary: 'ingest X12 (837P, 835, 277CA, 999) and EHR CSV files or folders',
  usage: 'revcycle ingest PATH… [--db PATH] [--config PATH] [--quiet] [--retry-quarantined]',
  options: { quiet: { type: 'boolean', short: 'q' }, 'retry-quarantined': { type: 'boolean' } },
  positionals: true,
  async run(ctx: CliContext) {
    if (ctx.positionals.length === 0) throw new UsageError('give at least one file or folder');
    // A path that is not there is a mistake in the command: say so before a warehouse is created or opened.
    for (const input of ctx.positionals) {
      if (!fs.existsSync(input) && !fs.lstatSync(input, { throwIfNoEntry: false })) throw new Error(`${input}: no such file or folder`);
    }
    const started = performance.now();
    const progress = new Progress('ingest');
    const results = await withWarehouse(
      {
        path: ctx.paths.db,
        mode: 'rw',
        purpose: `revcycle ingest (${ctx.positionals.map((p) => path.basename(p)).join(', ')})`,
        timeoutMs: lockTimeoutMs(),
        onWait: waitingFor(ctx),
      },
      (wh) =>
        ingest(wh, ctx.positionals, {
          config: ctx.config,
          paths: ctx.paths,
          pseudonymizer: loadPseudonymizer(ctx.paths.keyFile, pseudonymKeyFromEnv()),
          retryQuarantined: ctx.values['retry-quarantined'] === true,
          onProgress: (file, done, total) => progress.update(`${path.basename(file)}`, done, total),
          onFile: (r) => {
            progress.clear();
            if (!ctx.values.quiet || r.status !== 'loaded') ctx.out(ingestLine(r));
          },
        }),
    );
    progress.clear();
    ctx.out(ingestSummary(results, (performance.now() - started) / 1000));
    return results.some((r) => r.status === 'quarantined' || r.status === 'unreadable') ? 1 : 0;
  },
};

const queryCommand: Command = {
  summary: 'run read-only SQL against the warehouse',
  usage: 'revcycle query "SQL" [--format table|csv|json]',
  options: { format: { type: 'string', short: 'f' } },
  positionals: true,
  async run(ctx) {
    const sql = ctx.positionals.join(' ').trim();
    if (!sql) throw new UsageError('give a SQL query');
    const format = (ctx.values.format as string | undefined) ?? 'table';
    if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--format must be table, csv or json (got ${format})`);
    const wh = await openWarehouse({ path: ctx.paths.db, mode: 'ro', purpose: 'revcycle query', timeoutMs: lockTimeoutMs(), onWait: waitingFor(ctx) });
    try {
      // Read-only means no writes anywhere: not the warehouse (opened read-only), and not files or other databases
      // either (COPY … TO, ATTACH, read_csv of arbitrary paths); the query cannot turn this back on.
      await wh.run('SET enable_external_access = false');
      await wh.run('SET lock_configuration = true');
      let result;
      try {
        result = await queryPlain(wh.con, sql);
      } catch (e) {
        throw new CliError(((e as Error).message ?? String(e)).split('\n')[0]!, 1);
      }
      if (format === 'json') ctx.out(JSON.stringify(result.rows, null, 2));
      else if (format === 'csv') process.stdout.write(toCsv(result));
      else process.stdout.write(toTable(result));
    } finally {
      await wh.close();
    }
    return 0;
  },
};

const statusCommand: Command = {
  summary: 'files by state, last runs, data freshness, open data-quality findings',
  usage: 'revcycle status [--format table|json]',
  options: { format: { type: 'string', short: 'f' } },
  async run(ctx) {
    const format = (ctx.values.format as string | undefined) ?? 'table';
    if (!['table', 'json'].includes(format)) throw new UsageError(`--format must be table or json (got ${format})`);
    const wh = await openWarehouse({ path: ctx.paths.db, mode: 'ro', purpose: 'revcycle status', timeoutMs: lockTimeoutMs(), onWait: waitingFor(ctx) });
    try {
      const report = await statusReport(wh);
      if (format === 'json') ctx.out(JSON.stringify(report.data, null, 2));
      else ctx.out(report.text);
    } finally {
      await wh.close();
    }
    return 0;
  },
};

const buildCommand: Command = {
  summary: 'rebuild all models, marts and audits (one transaction)',
  usage: 'revcycle build [--as-of YYYY-MM-DD]',
  options: { 'as-of': { type: 'string' } },
  async run(ctx) {
    const asOf = dateOption('as-of', ctx.values['as-of'] as string | undefined);
    // Like status, query and export: a build of nothing would only create an empty warehouse dated by the clock.
    if (!fs.existsSync(ctx.paths.db)) throw new CliError(`no warehouse at ${ctx.paths.db}: run \`revcycle ingest\` (or \`revcycle demo\`) first`);
    const progress = new Progress('build');
    const result = await withWarehouse(
      { path: ctx.paths.db, mode: 'rw', purpose: 'revcycle build', timeoutMs: lockTimeoutMs(), onWait: waitingFor(ctx) },
      (wh) => build(wh, { config: ctx.config, asOf, onModel: (m, i, n) => progress.update(`${m.schema}.${m.name}`, i, n) }),
    );
    progress.clear();
    const marts = Object.keys(result.rowCounts).length;
    ctx.out(`built ${result.models} models (${marts} marts) as of ${result.asOf} in ${(result.durationMs / 1000).toFixed(1)} s; ${result.auditFindings} audit findings, ${result.rowCounts['marts.data_quality'] ?? 0} data-quality findings in all (run ${result.runId})`);
    if (ctx.verbose) for (const t of [...result.timings].sort((a, b) => b.ms - a.ms).slice(0, 10)) ctx.out(`  ${t.model.padEnd(50)} ${t.ms.toFixed(0)} ms`);
    return 0;
  },
};

const simulateCommand: Command = {
  summary: 'write a realistic synthetic clinic group: 837P, 835, 277CA, 999 files and EHR CSV exports',
  usage: 'revcycle simulate --out DIR [--clinics N] [--months M] [--seed S] [--start YYYY-MM-DD] [--visits-per-day K]',
  options: {
    out: { type: 'string', short: 'o' },
    clinics: { type: 'string' },
    months: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    'visits-per-day': { type: 'string' },
  },
  async run(ctx) {
    const out = ctx.values.out as string | undefined;
    if (!out) throw new UsageError('--out DIR is required');
    const int = (name: string, min: number) => {
      const v = ctx.values[name] as string | undefined;
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got ${v})`);
      return n;
    };
    const start = dateOption('start', ctx.values.start as string | undefined);
    const progress = new Progress('simulate');
    const t0 = performance.now();
    const summary = await simulate({
      out,
      clinics: int('clinics', 1),
      months: int('months', 1),
      seed: int('seed', 0),
      start,
      visitsPerDay: int('visits-per-day', 1),
      onProgress: (p) => progress.update(p.phase, p.done, p.total),
    });
    progress.clear();
    const secs = (performance.now() - t0) / 1000;
    ctx.out(
      `wrote ${summary.files} files (${(summary.bytes / 1e6).toFixed(1)} MB) to ${summary.outDir}: ${summary.visits} visits, ${summary.claims} claims, ${summary.claimLines} claim lines in ${secs.toFixed(1)} s`,
    );
    for (const [kind, k] of Object.entries(summary.byKind)) ctx.out(`  ${kind.padEnd(14)} ${String(k.files).padStart(6)} files ${(k.bytes / 1e6).toFixed(1).padStart(8)} MB`);
    return 0;
  },
};

const exportCommand: Command = {
  summary: 'write the raw and marts tables as Hive-partitioned Parquet (clinic_id / month) for other engines',
  usage: 'revcycle export --out DIR [--tables all|marts|raw]',
  options: { out: { type: 'string', short: 'o' }, tables: { type: 'string' } },
  async run(ctx) {
    const out = ctx.values.out as string | undefined;
    if (!out) throw new UsageError('give the folder to write: --out DIR');
    const scope = (ctx.values.tables as string | undefined) ?? 'all';
    if (!['all', 'marts', 'raw'].includes(scope)) throw new UsageError(`--tables must be all, marts or raw (got ${scope})`);
    const started = performance.now();
    const progress = new Progress('export');
    const wh = await openWarehouse({ path: ctx.paths.db, mode: 'ro', purpose: 'revcycle export', timeoutMs: lockTimeoutMs(), onWait: waitingFor(ctx) });
    let result;
    try {
      result = await exportParquet(wh, {
        out,
        scope: scope as ExportScope,
        onTable: (t, i, n) => {
          progress.update(t.table, i, n);
          if (ctx.verbose) ctx.out(`  ${t.table.padEnd(40)} ${String(t.rows).padStart(10)} rows  ${t.partitionBy.join(', ') || '(one file)'}`);
        },
      });
    } catch (e) {
      if (e instanceof ExportError) throw new CliError(e.message, 2);
      throw e;
    } finally {
      progress.clear();
      await wh.close();
    }
    const rows = result.tables.reduce((n, t) => n + t.rows, 0);
    ctx.out(`exported ${result.tables.length} tables (${rows} rows, ${(result.bytes / 1e6).toFixed(1)} MB of Parquet) to ${result.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  },
};

export const COMMANDS: Record<string, Command> = {
  simulate: simulateCommand,
  build: buildCommand,
  ingest: ingestCommand,
  query: queryCommand,
  status: statusCommand,
  site: siteCommand,
  demo: demoCommand,
  schedule: scheduleCommand,
  rebuild: rebuildCommand,
  export: exportCommand,
};
