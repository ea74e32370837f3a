/**
 * `revcycle site` (build the dashboard site, optionally serve it) and `revcycle demo` (simulate a clinic group,
 * ingest it, build the models and the site, optionally serve it). Both call the library functions the scheduler
 * calls: simulate, ingest, build, buildSite, serveSite.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { lockTimeoutMs, pseudonymKeyFromEnv, resolvePaths, type Paths } from '../config.ts';
import { withWarehouse } from '../db/warehouse.ts';
import { build } from '../models/runner.ts';
import { loadPseudonymizer } from '../pseudonym.ts';
import { simulate } from '../simulate/index.ts';
import { buildSite, FRAMEWORK_LOG_PREFIX, SITE_ROOT, type SiteProfile } from '../site/build.ts';
import { serveSite } from '../site/serve.ts';
import { waitingFor } from './progress.ts';
import { expandPaths, ingest } from '../../pipelines/ingest.ts';
import type { CliContext, Command } from './main.ts';
import { CliError, UsageError } from './main.ts';
import { Progress } from './progress.ts';
import { makeDirs } from '../make-dirs.ts';

const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);

function parseProfile(v: unknown, config: Config): SiteProfile {
  if (v === undefined) return config.site.profile;
  if (v !== 'internal' && v !== 'benchmark') throw new UsageError(`--profile must be internal or benchmark (got ${String(v)})`);
  return v;
}

function parsePort(v: unknown): number {
  if (v === undefined) return 3000;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be an integer from 0 to 65535 (got ${String(v)})`);
  return n;
}

/**
 * Build the site, showing which data loader runs (a progress bar on a terminal, a line per loader with --verbose).
 * Returns a one-line summary.
 */
async function runSiteBuild(ctx: CliContext, dbPath: string, outDir: string, profile: SiteProfile): Promise<string> {
  const progress = new Progress('site');
  const loaders = fs.readdirSync(path.join(SITE_ROOT, 'data')).filter((f) => /\.json\.ts$/.test(f)).length;
  let loaded = 0;
  const t0 = performance.now();
  const result = await buildSite({
    dbPath,
    outDir,
    profile,
    config: ctx.config,
    onLog: (line) => {
      if (line.startsWith(FRAMEWORK_LOG_PREFIX)) {
        const fw = line.slice(FRAMEWORK_LOG_PREFIX.length);
        const m = /^load \/data\/(\S+)/.exec(fw);
        if (m) progress.update(`data/${m[1]}`, ++loaded, loaders);
        if (ctx.verbose) {
          progress.clear();
          ctx.err(`  ${fw}`);
        }
        return;
      }
      progress.clear();
      ctx.err(`  ${line}`);
    },
  }).catch((err: unknown) => {
    progress.clear();
    throw new CliError((err as Error).message, 1);
  });
  progress.clear();
  return `built the ${profile} site: ${result.pages} pages, ${kb(result.bytes)} in ${result.outDir} (${seconds(t0)}; offline, PHI scan passed)`;
}

/** Serve `dir` until Ctrl+C (SIGINT) or SIGTERM. */
async function serveUntilStopped(ctx: CliContext, dir: string, port: number, host: string | undefined): Promise<number> {
  let served;
  try {
    served = await serveSite(dir, { port, host });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: pass --port N (or --port 0 for any free port)`);
    throw err;
  }
  ctx.out(`serving ${served.url} — press Ctrl+C to stop`);
  if (host !== undefined && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    ctx.err(`warning: serving on ${host}: anyone who can reach it can read the site (worklists in the internal profile); put an authenticating reverse proxy with TLS in front of it`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await served.close();
  ctx.out('stopped');
  return 0;
}

export const siteCommand: Command = {
  summary: 'build the dashboard site from the warehouse (offline, PHI-scanned); --serve to preview it',
  usage: 'revcycle site [--out DIR] [--profile internal|benchmark] [--serve] [--port N] [--host H]',
  options: {
    out: { type: 'string', short: 'o' },
    profile: { type: 'string' },
    serve: { type: 'boolean' },
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
  },
  async run(ctx) {
    const profile = parseProfile(ctx.values.profile, ctx.config);
    const port = parsePort(ctx.values.port);
    const outDir = path.resolve((ctx.values.out as string | undefined) ?? 'dist');
    ctx.out(await runSiteBuild(ctx, ctx.paths.db, outDir, profile));
    if (ctx.values.serve) return serveUntilStopped(ctx, outDir, port, ctx.values.host as string | undefined);
    return 0;
  },
};

/** What `revcycle demo` writes into its folder (so a second run can reuse the warehouse). */
interface DemoMarker {
  version: 1;
  simulate: { clinics: number; months: number; seed: number };
  files: number;
  asOf: string;
}

const MARKER = 'revcycle-demo.json';

function demoLayout(dir: string, config: Config): { files: string; site: string; paths: Paths; marker: string } {
  return {
    files: path.join(dir, 'files'),
    site: path.join(dir, 'site'),
    paths: resolvePaths(path.join(dir, 'warehouse.duckdb'), config),
    marker: path.join(dir, MARKER),
  };
}

function readMarker(file: string): DemoMarker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoMarker;
    return m.version === 1 ? m : undefined;
  } catch {
    return undefined;
  }
}

export const demoCommand: Command = {
  summary: 'simulate a clinic group, ingest it, build the models and the site (--serve to open it)',
  usage: 'revcycle demo [--dir DIR] [--fresh] [--profile internal|benchmark] [--serve] [--port N] [--host H]',
  options: {
    dir: { type: 'string', short: 'd' },
    fresh: { type: 'boolean' },
    profile: { type: 'string' },
    serve: { type: 'boolean' },
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
  },
  async run(ctx) {
    const profile = parseProfile(ctx.values.profile, ctx.config);
    const port = parsePort(ctx.values.port);
    const dir = path.resolve((ctx.values.dir as string | undefined) ?? path.join('data', 'demo'));
    const layout = demoLayout(dir, ctx.config);
    const started = performance.now();
    const sim = { clinics: 2, months: 12, seed: 1 };
    const marker = readMarker(layout.marker);
    const reuse =
      !ctx.values.fresh &&
      marker !== undefined &&
      JSON.stringify(marker.simulate) === JSON.stringify(sim) &&
      fs.existsSync(layout.paths.db);

    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0 && !marker) {
      throw new CliError(`${dir} is not empty and is not a revcycle demo folder (no ${MARKER}): choose another --dir`);
    }
    ctx.out(`revcycle demo in ${dir}`);
    if (reuse) {
      ctx.out(`1-3/4 reusing the demo warehouse (${marker.files} files, data as of ${marker.asOf}); pass --fresh to start over`);
    } else {
      // Start over: remove only what an earlier demo run wrote.
      for (const p of [layout.files, layout.paths.landing, layout.paths.quarantine, layout.paths.archive, layout.paths.state, layout.paths.db, `${layout.paths.db}.wal`, layout.paths.lock, layout.marker]) {
        fs.rmSync(p, { recursive: true, force: true });
      }
      makeDirs(dir, 0o700);

      let t0 = performance.now();
      const simProgress = new Progress('simulate');
      ctx.out(`1/4 simulating ${sim.clinics} clinics over ${sim.months} months (837P, 835, 277CA, 999, EHR CSV exports)…`);
      const summary = await simulate({ out: layout.files, ...sim, onProgress: (p) => simProgress.update(p.phase, p.done, p.total) });
      simProgress.clear();
      ctx.out(`    wrote ${summary.files} files (${kb(summary.bytes)}): ${summary.visits} visits, ${summary.claims} claims in ${seconds(t0)}`);

      t0 = performance.now();
      const files = expandPaths([layout.files]);
      ctx.out(`2/4 ingesting ${files.length} files into ${layout.paths.db}…`);
      const ingestProgress = new Progress('ingest');
      let done = 0;
      let quarantined = 0;
      let nextMark = 0.25;
      const results = await withWarehouse(
        { path: layout.paths.db, mode: 'rw', purpose: 'revcycle demo (ingest)', timeoutMs: lockTimeoutMs(), onWait: waitingFor(ctx) },
        (wh) =>
          ingest(wh, [layout.files], {
            config: ctx.config,
            paths: layout.paths,
            pseudonymizer: loadPseudonymizer(layout.paths.keyFile, pseudonymKeyFromEnv()),
            onFile: (r) => {
              done++;
              if (r.status === 'quarantined') {
                quarantined++;
                ingestProgress.clear();
                ctx.err(`    quarantined ${path.basename(r.file)}: ${r.reason}`);
              }
              ingestProgress.update(path.basename(r.file), done, files.length);
              // Without a terminal (CI, pipes) show a line at each quarter instead of a bar.
              if (!ingestProgress.enabled && done / files.length >= nextMark) {
                ctx.out(`    ${done}/${files.length} files (${seconds(t0)})`);
                nextMark += 0.25;
              }
            },
          }),
      );
      ingestProgress.clear();
      const rows = results.reduce((n, r) => n + r.rows, 0);
      ctx.out(`    ${results.length - quarantined} files loaded, ${quarantined} quarantined; ${rows} rows in ${seconds(t0)}`);

      t0 = performance.now();
      ctx.out('3/4 building the models and marts…');
      const buildProgress = new Progress('build');
      const built = await withWarehouse(
        { path: layout.paths.db, mode: 'rw', purpose: 'revcycle demo (build)', timeoutMs: lockTimeoutMs(), onWait: waitingFor(ctx) },
        (wh) => build(wh, { config: ctx.config, onModel: (m, i, n) => buildProgress.update(`${m.schema}.${m.name}`, i, n) }),
      );
      buildProgress.clear();
      ctx.out(`    built ${built.models} models as of ${built.asOf} in ${seconds(t0)}; ${built.rowCounts['marts.data_quality'] ?? 0} data-quality findings`);
      const m: DemoMarker = { version: 1, simulate: sim, files: files.length, asOf: built.asOf };
      fs.writeFileSync(layout.marker, `${JSON.stringify(m, null, 2)}\n`);
    }

    ctx.out(`4/4 building the ${profile} site…`);
    ctx.out(`    ${await runSiteBuild(ctx, layout.paths.db, layout.site, profile)}`);
    ctx.out(`demo ready in ${seconds(started)}: warehouse ${layout.paths.db}, site ${layout.site}`);
    if (ctx.values.serve) return serveUntilStopped(ctx, layout.site, port, ctx.values.host as string | undefined);
    const dirArg = ctx.values.dir ? ` --dir ${String(ctx.values.dir)}` : '';
    ctx.out(`open it with: revcycle demo${dirArg} --serve   (reuses this warehouse; npm start does the same)`);
    return 0;
  },
};
