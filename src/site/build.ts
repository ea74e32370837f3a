/**
 * The dashboard site build (DESIGN.md §8): prime Framework's npm cache from node_modules, run the Framework build
 * offline with the data loaders pointed at the warehouse, then scan the output for PHI.
 *
 * - Offline by construction: the npm cache is primed from node_modules (npm-cache.ts), telemetry is off, and the
 *   build runs with scripts/block-fetch.mjs preloaded, so any attempt to reach the network fails the build (and is
 *   counted even if Framework swallowed the error).
 * - Fresh data: loader outputs cached by Framework (`reports/.observablehq/cache/data`) are deleted first; Framework
 *   would otherwise reuse them because it only compares them with the loader's source file.
 * - Nothing half-built or unscanned is published: Framework writes into a staging folder in its cache; the staging
 *   folder replaces the output only after the PHI scan passed.
 * - One build at a time per checkout (they share Framework's cache): a lock file next to the cache.
 * - Deterministic: loaders order every SELECT, bundles are built by esbuild from the installed packages, and
 *   Framework's file names are content hashes — the same warehouse gives the same dist.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import { acquireLock } from '../db/lock.ts';
import { openWarehouse } from '../db/warehouse.ts';
import { discoverModels, MODELS_DIR } from '../models/runner.ts';
import { primeNpmCache } from './npm-cache.ts';
import { assertNoPhi } from './phi-scan.ts';
import { siteEnv, type SiteProfile } from './site-env.ts';
import { makeDirs } from '../make-dirs.ts';

export type { SiteProfile };

export interface BuildSiteOptions {
  /** The warehouse file; loaders open it read-only, so no writer may hold it during the build. */
  dbPath: string;
  /** Output folder (default `dist`, relative to the current directory). */
  outDir?: string;
  /** Default: `config.site.profile`. */
  profile?: SiteProfile;
  config: Config;
  /** Progress lines; Observable Framework's own output comes prefixed with FRAMEWORK_LOG_PREFIX. */
  onLog?: (line: string) => void;
}

/** Prefix of the lines of Framework's own build output passed to `onLog`. */
export const FRAMEWORK_LOG_PREFIX = 'framework: ';

export interface BuildSiteResult {
  outDir: string;
  bytes: number;
  pages: number;
  seconds: number;
}

export class SiteBuildError extends Error {}

/** The repository root (this file is src/site/build.ts). */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
export const SITE_ROOT = path.join(PROJECT_ROOT, 'reports');
const FRAMEWORK_BIN = path.join(PROJECT_ROOT, 'node_modules', '@observablehq', 'framework', 'dist', 'bin', 'observable.js');
const BLOCK_FETCH = path.join(PROJECT_ROOT, 'scripts', 'block-fetch.mjs');

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Check the warehouse has marts; returns the as-of date of its last model build ('YYYY-MM-DD'), if known. */
async function checkWarehouse(dbPath: string): Promise<string | undefined> {
  if (!fs.existsSync(dbPath)) {
    throw new SiteBuildError(`no warehouse at ${dbPath}: run \`revcycle demo\`, or \`revcycle ingest\` then \`revcycle build\``);
  }
  const wh = await openWarehouse({ path: dbPath, mode: 'ro', purpose: 'revcycle site (check)', timeoutMs: 60_000 });
  try {
    const r = await wh.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'marts' AND table_name = 'kpi_weekly'`,
    );
    if (!r || Number(r.n) === 0) throw new SiteBuildError(`the warehouse ${dbPath} has no marts yet: run \`revcycle build\` first`);
    // Marts built by an older version of revcycle lack the newer ones the pages read: say so, not a loader's SQL error.
    const have = new Set(
      (await wh.all<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'marts'`)).map((x) => x.t),
    );
    const missing = discoverModels(MODELS_DIR).filter((m) => m.schema === 'marts' && !have.has(m.name)).map((m) => `marts.${m.name}`);
    if (missing.length) {
      throw new SiteBuildError(
        `the warehouse ${dbPath} was built by an older version of revcycle (no ${missing.sort().join(', ')}): run \`revcycle build\` first`,
      );
    }
    const p = await wh.one<{ as_of: Date | null }>(`SELECT max(as_of) AS as_of FROM config.params`).catch(() => undefined);
    return p?.as_of ? p.as_of.toISOString().slice(0, 10) : undefined;
  } finally {
    await wh.close();
  }
}

/**
 * Framework writes each data file's modification time (`lastModified`, the moment its loader ran) into the pages.
 * Replace it with the data's as-of date so the same warehouse always gives byte-identical pages.
 */
export function normalizeLastModified(dir: string, asOf: string | undefined): number {
  const ms = asOf ? Date.parse(`${asOf}T00:00:00Z`) : 0;
  let changed = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) {
        const text = fs.readFileSync(p, 'utf8');
        const next = text.replace(/"lastModified":\d+/g, `"lastModified":${ms}`);
        if (next !== text) {
          fs.writeFileSync(p, next);
          changed++;
        }
      }
    }
  };
  walk(dir);
  return changed;
}

function isSiteFolder(dir: string): boolean {
  const entries = fs.readdirSync(dir);
  return entries.length === 0 || entries.includes('_observablehq');
}

function folderBytes(dir: string): { bytes: number; pages: number } {
  let bytes = 0;
  let pages = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        bytes += fs.statSync(p).size;
        if (e.name.endsWith('.html') && e.name !== '404.html') pages++;
      }
    }
  };
  walk(dir);
  return { bytes, pages };
}

/** Run `observable build` (into REVCYCLE_SITE_OUT); rejects with the first error line. */
function runFramework(env: NodeJS.ProcessEnv, onLog: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FRAMEWORK_BIN, 'build'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const errors: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const raw of chunk.toString('utf8').split('\n')) {
        const line = raw.replace(ANSI, '').trimEnd();
        if (!line) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (/\berror\b|failed|Error:/i.test(line)) errors.push(line);
        onLog(`${FRAMEWORK_LOG_PREFIX}${line}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => reject(new SiteBuildError(`could not start Observable Framework (${FRAMEWORK_BIN}): ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        // Our loaders log "[name] failed: reason" (reports/data/lib/loader.ts): name the loader and the reason.
        const loader = errors.map((l) => /^\[([\w-]+)\] failed: (.*)$/.exec(l)).find(Boolean);
        if (loader) reject(new SiteBuildError(`site build failed: data loader ${loader[1]}.json: ${loader[2]}`));
        else {
          const first = errors.find((l) => /loader|failed|Error/.test(l)) ?? errors[0] ?? tail.at(-1) ?? '';
          reject(new SiteBuildError(`site build failed: Observable Framework exited with code ${code}: ${first.trim()}`));
        }
      }
    });
  });
}

export async function buildSite(opts: BuildSiteOptions): Promise<BuildSiteResult> {
  const started = performance.now();
  const log = opts.onLog ?? (() => undefined);
  const profile = opts.profile ?? opts.config.site.profile;
  const dbPath = path.resolve(opts.dbPath);
  const outDir = path.resolve(opts.outDir ?? 'dist');
  if (outDir === PROJECT_ROOT || outDir === SITE_ROOT || outDir === path.parse(outDir).root || outDir === os.homedir()) {
    throw new SiteBuildError(`refusing to build the site into ${outDir}: choose a dedicated output folder`);
  }
  if (fs.existsSync(outDir) && !isSiteFolder(outDir)) {
    throw new SiteBuildError(`${outDir} exists and is not a built site (no _observablehq folder): choose another --out, or remove it`);
  }
  const asOf = await checkWarehouse(dbPath);

  const cacheRoot = path.join(SITE_ROOT, '.observablehq');
  const cacheDir = path.join(cacheRoot, 'cache');
  makeDirs(cacheDir);
  const lock = await acquireLock(path.join(cacheDir, 'site-build.lock'), {
    purpose: `revcycle site (${profile} → ${outDir})`,
    timeoutMs: 10 * 60_000,
    onWait: (h) => log(`waiting for another site build${h ? ` (pid ${h.pid}, ${h.purpose})` : ''}…`),
  });
  // Framework builds into a staging folder inside its (git-ignored) cache; it replaces the output only after the
  // PHI scan passed.
  const staging = path.join(cacheDir, `dist-staging-${process.pid}`);
  const blockedLog = path.join(os.tmpdir(), `revcycle-blocked-fetch-${process.pid}-${Date.now()}.log`);
  try {
    const primed = await primeNpmCache(PROJECT_ROOT, SITE_ROOT);
    log(`primed the npm cache from node_modules: ${primed.bundled.map((b) => `${b.name}@${b.version}`).join(', ')}`);
    // Loader outputs from an earlier build (maybe of another warehouse or profile) must never be reused.
    fs.rmSync(path.join(cacheDir, 'data'), { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...siteEnv(dbPath, profile, opts.config),
      REVCYCLE_SITE_OUT: staging,
      OBSERVABLE_TELEMETRY_DISABLE: 'true',
      REVCYCLE_BLOCK_FETCH_LOG: blockedLog,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import ${BLOCK_FETCH}`].filter(Boolean).join(' '),
      // Framework runs TypeScript loaders with `tsx` from the PATH.
      PATH: [path.join(PROJECT_ROOT, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(path.delimiter),
      NO_COLOR: '1',
    };
    log(`building the ${profile} site from ${dbPath}`);
    await runFramework(env, log);

    const blocked = fs.existsSync(blockedLog) ? fs.readFileSync(blockedLog, 'utf8').split('\n').filter(Boolean) : [];
    if (blocked.length) {
      throw new SiteBuildError(
        `the site build tried to reach the network ${blocked.length} time${blocked.length === 1 ? '' : 's'} (first: ${blocked[0]}); the npm cache priming is incomplete`,
      );
    }
    normalizeLastModified(staging, asOf);
    const scan = assertNoPhi(staging);
    log(`PHI scan passed: ${scan.files} files, ${(scan.bytes / 1024).toFixed(0)} KB, no canary or identifier found`);

    fs.rmSync(outDir, { recursive: true, force: true });
    makeDirs(path.dirname(outDir));
    try {
      fs.renameSync(staging, outDir);
    } catch (err) {
      // Another file system (e.g. --out on /tmp): copy instead.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      fs.cpSync(staging, outDir, { recursive: true });
    }
    const { bytes, pages } = folderBytes(outDir);
    const seconds = (performance.now() - started) / 1000;
    log(`built ${pages} pages into ${outDir} (${(bytes / 1024).toFixed(0)} KB) in ${seconds.toFixed(1)} s`);
    return { outDir, bytes, pages, seconds };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(blockedLog, { force: true });
    lock.release();
  }
}
