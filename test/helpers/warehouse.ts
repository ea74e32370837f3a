/**
 * Test helpers: a throwaway warehouse in a temp folder, ingesting through the same code the CLI uses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, resolvePaths, type Config, type Paths } from '../../src/config.ts';
import { openWarehouse, type Warehouse } from '../../src/db/warehouse.ts';
import { queryPlain, type PlainRow } from '../../src/db/results.ts';
import { Pseudonymizer } from '../../src/pseudonym.ts';
import { Ingestor, type IngestResult } from '../../pipelines/ingest.ts';

export const TEST_KEY = Buffer.from('revcycle-test-pseudonym-key');

export interface TempWarehouse {
  dir: string;
  paths: Paths;
  config: Config;
  /** Open read-write, ingest, close. */
  ingest(inputs: string[]): Promise<IngestResult[]>;
  /** Open read-only, query, close: rows with JSON-safe values (numbers for DECIMAL/BIGINT, 'YYYY-MM-DD' dates). */
  query(sql: string): Promise<PlainRow[]>;
  /** Open read-write for a custom action. */
  withRw<T>(fn: (wh: Warehouse) => Promise<T>): Promise<T>;
  /** Row count of every table in schemas raw and marts. */
  tableCounts(): Promise<Record<string, number>>;
  cleanup(): void;
}

export function makeTempDir(prefix = 'revcycle-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempWarehouse(configOverrides: Record<string, unknown> = {}): TempWarehouse {
  const dir = makeTempDir();
  const config = parseConfig(configOverrides);
  const paths = resolvePaths(path.join(dir, 'data', 'warehouse.duckdb'), config);
  const open = (mode: 'rw' | 'ro') => openWarehouse({ path: paths.db, mode, purpose: 'test', timeoutMs: 30_000 });
  const withRw = async <T>(fn: (wh: Warehouse) => Promise<T>) => {
    const wh = await open('rw');
    try {
      return await fn(wh);
    } finally {
      await wh.close();
    }
  };
  return {
    dir,
    paths,
    config,
    withRw,
    ingest: (inputs) =>
      withRw((wh) => new Ingestor(wh, { config, paths, pseudonymizer: new Pseudonymizer(TEST_KEY) }).ingestAll(inputs)),
    async query(sql) {
      if (!fs.existsSync(paths.db)) await withRw(async () => undefined);
      const wh = await open('ro');
      try {
        return (await queryPlain(wh.con, sql)).rows;
      } finally {
        await wh.close();
      }
    },
    async tableCounts() {
      const wh = await open('ro');
      try {
        const tables = (
          await queryPlain(
            wh.con,
            `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
             WHERE table_schema IN ('raw', 'marts') AND table_type = 'BASE TABLE' ORDER BY 1`,
          )
        ).rows.map((r) => String(r.t));
        const out: Record<string, number> = {};
        for (const t of tables) out[t] = Number((await queryPlain(wh.con, `SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
        return out;
      } finally {
        await wh.close();
      }
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Write a fixture file into a temp folder and return its path. */
export function writeFixture(dir: string, name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** ../shared next to the project, when present (public X12 corpus). */
export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');
export const hasShared = fs.existsSync(path.join(SHARED_DIR, 'x12-samples'));
