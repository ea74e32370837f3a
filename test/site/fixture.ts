/**
 * The demo site the site tests share: a small simulated clinic group, ingested and modelled, built into the
 * internal and the benchmark profile (and the internal one a second time, to check the build is deterministic).
 *
 * Built once per test run: vitest runs test files in forked workers of one main process, so the cache key includes
 * that process id (`process.ppid`) with the simulator options; the first worker to ask builds under a lock while the
 * others wait, then everybody reads the same folders under test-output/site-fixture/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig, resolvePaths } from '../../src/config.ts';
import { acquireLock } from '../../src/db/lock.ts';
import { withWarehouse } from '../../src/db/warehouse.ts';
import { build } from '../../src/models/runner.ts';
import { Pseudonymizer } from '../../src/pseudonym.ts';
import { simulate, type SimulateOptions } from '../../src/simulate/index.ts';
import { buildSite, PROJECT_ROOT, type BuildSiteResult } from '../../src/site/build.ts';
import { Ingestor } from '../../pipelines/ingest.ts';

export const SIM_OPTIONS: Omit<SimulateOptions, 'out'> = { clinics: 2, months: 4, seed: 7, visitsPerDay: 12 };
export const SMALL_CELL = 11;

export interface BuiltSite extends BuildSiteResult {
  log: string[];
}

export interface SiteFixture {
  dir: string;
  dbPath: string;
  internal: BuiltSite;
  internalAgain: BuiltSite;
  benchmark: BuiltSite;
  timings: Record<string, number>;
}

const ROOT = path.join(PROJECT_ROOT, 'test-output', 'site-fixture');

async function make(dir: string): Promise<SiteFixture> {
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T>) => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };
  const config = parseConfig({});
  const files = path.join(dir, 'files');
  const paths = resolvePaths(path.join(dir, 'data', 'warehouse.duckdb'), config);
  await time('simulate', () => simulate({ out: files, ...SIM_OPTIONS }));
  await time('ingest+build', () =>
    withWarehouse({ path: paths.db, mode: 'rw', purpose: 'site test fixture', timeoutMs: 60_000 }, async (wh) => {
      const results = await new Ingestor(wh, { config, paths, pseudonymizer: new Pseudonymizer(Buffer.from('revcycle-site-test')) }).ingestAll([files]);
      const bad = results.filter((r) => r.status === 'quarantined');
      if (bad.length) throw new Error(`fixture: ${bad.length} simulated files quarantined (first: ${bad[0]!.file}: ${bad[0]!.reason})`);
      await build(wh, { config });
    }),
  );
  const site = async (name: string, profile: 'internal' | 'benchmark'): Promise<BuiltSite> => {
    const log: string[] = [];
    const result = await time(`site:${name}`, () =>
      buildSite({ dbPath: paths.db, outDir: path.join(dir, name), profile, config, onLog: (l) => log.push(l) }),
    );
    return { ...result, log };
  };
  const internal = await site('internal', 'internal');
  const benchmark = await site('benchmark', 'benchmark');
  const internalAgain = await site('internal-again', 'internal');
  return { dir, dbPath: paths.db, internal, internalAgain, benchmark, timings };
}

let cached: Promise<SiteFixture> | undefined;

/** The shared fixture (built by the first caller of this test run). */
export function siteFixture(): Promise<SiteFixture> {
  cached ??= (async () => {
    const key = `run-${process.env.VITEST_POOL_ID ? process.ppid : process.pid}-${SIM_OPTIONS.clinics}c${SIM_OPTIONS.months}m${SIM_OPTIONS.visitsPerDay}v${SIM_OPTIONS.seed}s`;
    const dir = path.join(ROOT, key);
    const done = path.join(dir, 'fixture.json');
    const failed = path.join(dir, 'error.txt');
    fs.mkdirSync(ROOT, { recursive: true });
    const lock = await acquireLock(`${dir}.lock`, { purpose: 'site test fixture', timeoutMs: 15 * 60_000 });
    try {
      if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8')) as SiteFixture;
      if (fs.existsSync(failed)) throw new Error(`site fixture failed in another test file: ${fs.readFileSync(failed, 'utf8')}`);
      // Fixtures of earlier runs are stale: remove them (nobody else holds their lock).
      for (const old of fs.readdirSync(ROOT)) {
        if (old !== key && old !== `${key}.lock` && !old.endsWith('.lock')) fs.rmSync(path.join(ROOT, old), { recursive: true, force: true });
      }
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      try {
        const fixture = await make(dir);
        fs.writeFileSync(done, JSON.stringify(fixture, null, 2));
        return fixture;
      } catch (err) {
        fs.writeFileSync(failed, String((err as Error).message ?? err));
        throw err;
      }
    } finally {
      lock.release();
    }
  })();
  return cached;
}

/** Every file under `dir` (relative paths, sorted). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** The published data files (loader outputs) of a built site: name (e.g. 'denials') → parsed JSON. */
export function dataFiles(dir: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const f of listFiles(dir)) {
    const m = /^_file[/\\]data[/\\]([a-z-]+)\.[0-9a-f]+\.json$/.exec(f);
    if (m) out.set(m[1]!, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  }
  return out;
}
