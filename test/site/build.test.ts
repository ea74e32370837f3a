// The site build: offline, small, deterministic, complete, and PHI-scanned.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { withWarehouse } from '../../src/db/warehouse.ts';
import { discoverModels, MODELS_DIR } from '../../src/models/runner.ts';
import { buildSite, PROJECT_ROOT } from '../../src/site/build.ts';
import { assertNoPhi, PhiScanError, scanForPhi } from '../../src/site/phi-scan.ts';
import { dataFiles, listFiles, siteFixture, type SiteFixture } from './fixture.ts';

const PAGES = ['index', 'denials', 'ar', 'lags', 'authorizations', 'payers', 'mix', 'credentialing', 'benchmarks', 'data-quality'];
/** dist must stay small: no DuckDB-wasm (76 MB), just the libraries and the aggregates. */
const MAX_DIST_BYTES = 4 * 1024 * 1024;

let fx: SiteFixture;
beforeAll(async () => {
  fx = await siteFixture();
  console.log(
    `[site fixture] ${Object.entries(fx.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}; ` +
      `dist internal ${(fx.internal.bytes / 1024).toFixed(0)} KB, benchmark ${(fx.benchmark.bytes / 1024).toFixed(0)} KB`,
  );
}, 15 * 60_000);

describe('site build', () => {
  it('builds every page of both profiles', () => {
    for (const site of [fx.internal, fx.benchmark]) {
      expect(site.pages).toBe(PAGES.length);
      for (const p of PAGES) expect(fs.existsSync(path.join(site.outDir, `${p}.html`)), p).toBe(true);
    }
  });

  it('is offline: the build ran with fetch blocked and nothing was blocked; the pages reference no other host', () => {
    for (const site of [fx.internal, fx.benchmark, fx.internalAgain]) {
      expect(site.log.some((l) => /BLOCKED/.test(l))).toBe(false);
      expect(site.log.some((l) => /^primed the npm cache from node_modules/.test(l))).toBe(true);
    }
    for (const f of listFiles(fx.internal.outDir).filter((f) => /\.(html|css)$/.test(f))) {
      const text = fs.readFileSync(path.join(fx.internal.outDir, f), 'utf8');
      const hosts = [...text.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((m) => m[1]!).filter((h) => h !== 'www.w3.org');
      expect(hosts, f).toEqual([]);
      expect(text, f).not.toMatch(/fonts\.googleapis|observablehq\.com|jsdelivr/);
    }
  });

  it('the fetch blocker really blocks (and logs what it blocked)', () => {
    const log = path.join(os.tmpdir(), `revcycle-block-test-${process.pid}.log`);
    fs.rmSync(log, { force: true });
    const r = spawnSync(
      process.execPath,
      ['--import', path.join(PROJECT_ROOT, 'scripts', 'block-fetch.mjs'), '-e', "fetch('https://registry.npmjs.org/d3').then(() => process.exit(0), () => process.exit(3))"],
      { env: { ...process.env, REVCYCLE_BLOCK_FETCH_LOG: log }, encoding: 'utf8' },
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('[block-fetch] BLOCKED https://registry.npmjs.org/d3');
    expect(fs.readFileSync(log, 'utf8').trim()).toBe('https://registry.npmjs.org/d3');
    fs.rmSync(log, { force: true });
  });

  it('stays small and ships no DuckDB-wasm', () => {
    expect(fx.internal.bytes).toBeLessThan(MAX_DIST_BYTES);
    expect(fx.benchmark.bytes).toBeLessThan(MAX_DIST_BYTES);
    const files = listFiles(fx.internal.outDir);
    expect(files.filter((f) => /\.wasm$|duckdb/i.test(f))).toEqual([]);
  });

  it('is deterministic: the same warehouse gives the same dist', () => {
    const a = listFiles(fx.internal.outDir);
    const b = listFiles(fx.internalAgain.outDir);
    expect(b).toEqual(a);
    const hash = (dir: string, f: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex');
    const differing = a.filter((f) => hash(fx.internal.outDir, f) !== hash(fx.internalAgain.outDir, f));
    expect(differing).toEqual([]);
  });

  it('publishes one JSON file per loader, each a projection of the marts', () => {
    const data = dataFiles(fx.internal.outDir);
    const loaders = fs.readdirSync(path.join(PROJECT_ROOT, 'reports', 'data')).filter((f) => f.endsWith('.json.ts')).map((f) => f.replace('.json.ts', ''));
    expect([...data.keys()].sort()).toEqual(loaders.sort());
    const denials = data.get('denials') as Record<string, unknown[]>;
    expect(Object.keys(denials).sort()).toEqual(['appeals', 'denial_rate', 'denial_resolution', 'denial_systematic']);
  });

  it('the PHI scan passes on the demo dist', () => {
    for (const site of [fx.internal, fx.benchmark]) {
      const r = assertNoPhi(site.outDir);
      expect(r.files).toBeGreaterThan(20);
      expect(site.log.some((l) => /^PHI scan passed/.test(l))).toBe(true);
    }
  });

  it('the PHI scan catches a canary planted in the demo dist', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-dist-'));
    try {
      fs.cpSync(fx.internal.outDir, copy, { recursive: true });
      const data = listFiles(copy).find((f) => /denial-worklist\.[0-9a-f]+\.json$/.test(f))!;
      const file = path.join(copy, data);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"patient_key":"', '"patient_key":"CANARYPHI '));
      const page = path.join(copy, 'ar.html');
      fs.appendFileSync(page, '<!-- ZCM123456789 -->');
      const found = scanForPhi(copy).findings;
      expect(found.map((f) => f.file).sort()).toEqual(['ar.html', data].sort());
      expect(() => assertNoPhi(copy)).toThrow(PhiScanError);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('site build failures are one clear line', () => {
  const config = parseConfig({});
  it('names a missing warehouse', async () => {
    await expect(buildSite({ dbPath: path.join(os.tmpdir(), 'nope', 'warehouse.duckdb'), outDir: path.join(os.tmpdir(), 'nope-dist'), config })).rejects.toThrow(
      /no warehouse at .*nope.*revcycle demo/,
    );
  });

  it('asks for `revcycle build` when the warehouse has no marts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-nomarts-'));
    try {
      const db = path.join(dir, 'warehouse.duckdb');
      await withWarehouse({ path: db, mode: 'rw', purpose: 'test' }, async () => undefined);
      await expect(buildSite({ dbPath: db, outDir: path.join(dir, 'dist'), config })).rejects.toThrow(/no marts yet: run `revcycle build`/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the data loader that failed, and publishes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-badmarts-'));
    try {
      const db = path.join(dir, 'warehouse.duckdb');
      // Every mart exists but none has its columns: the first loader fails on its SELECT.
      const marts = discoverModels(MODELS_DIR).filter((m) => m.schema === 'marts').map((m) => `CREATE TABLE marts.${m.name} (x INTEGER);`);
      await withWarehouse({ path: db, mode: 'rw', purpose: 'test' }, (wh) => wh.run(`CREATE SCHEMA IF NOT EXISTS marts; ${marts.join(' ')}`));
      const out = path.join(dir, 'dist');
      await expect(buildSite({ dbPath: db, outDir: out, config })).rejects.toThrow(/^site build failed: data loader [\w-]+\.json: .*not found/);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to replace a folder that is not a built site', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-notsite-'));
    try {
      fs.writeFileSync(path.join(dir, 'precious.txt'), 'keep me');
      await expect(buildSite({ dbPath: fx.dbPath, outDir: dir, config })).rejects.toThrow(/is not a built site/);
      expect(fs.existsSync(path.join(dir, 'precious.txt'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
