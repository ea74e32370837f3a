/**
 * Helpers for the scheduler tests: a data folder with a config, the scheduler as a child process, log parsing, and a
 * mart-by-mart comparison of two warehouses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BIN } from '../helpers/cli.ts';

export interface SchedDir {
  dir: string;
  data: string;
  db: string;
  inbox: string;
  config: string;
}

/** A temp folder with `data/` and a config whose schedules and other keys are `config`. */
export function schedDir(dir: string, config: Record<string, unknown>): SchedDir {
  const data = path.join(dir, 'data');
  fs.mkdirSync(path.join(data, 'inbox'), { recursive: true });
  const configPath = path.join(dir, 'revcycle.config.json');
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, data, db: path.join(data, 'warehouse.duckdb'), inbox: path.join(data, 'inbox'), config: configPath };
}

export interface LogRecord {
  ts: string;
  level: string;
  event: string;
  [k: string]: unknown;
}

export function parseLog(text: string): LogRecord[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogRecord);
}

export interface RunningScheduler {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  records: () => LogRecord[];
  /** Resolve when a log record satisfies `pred` (rejects after `timeoutMs`). */
  waitFor: (pred: (r: LogRecord) => boolean, timeoutMs: number, what: string) => Promise<LogRecord>;
  /** SIGTERM (default) and wait for the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export function startScheduler(d: SchedDir, extraArgs: string[] = [], env: Record<string, string> = {}): RunningScheduler {
  const child = spawn(process.execPath, [BIN, 'schedule', '--db', d.db, '--config', d.config, '--site-out', path.join(d.dir, 'dist'), ...extraArgs], {
    cwd: d.dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const records = () => parseLog(err);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    records,
    async waitFor(pred, timeoutMs, what) {
      const t0 = Date.now();
      for (;;) {
        const hit = records().find(pred);
        if (hit) return hit;
        if (child.exitCode !== null) throw new Error(`scheduler exited (${child.exitCode}) while waiting for ${what}\n${err.slice(-3000)}`);
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${err.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Columns that hold the wall-clock time of a load, not data: they differ between the original run and a rebuild by
 * construction. `marts.files.loaded_at` is when the file's transaction committed (received_at, the first delivery
 * time, is kept from the landing zone and must match).
 */
export const WALL_CLOCK_COLUMNS: Record<string, string[]> = { files: ['loaded_at'] };

export interface MartDiff {
  table: string;
  rowsA: number;
  rowsB: number;
  onlyInA: number;
  onlyInB: number;
  orderedEqual: boolean;
}

/** Compare every table and view of schema `marts` of two warehouses (ordered `select *`, wall-clock columns excluded). */
export async function compareMarts(dbA: string, dbB: string): Promise<{ tables: string[]; diffs: MartDiff[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    await con.run(`ATTACH '${dbA}' AS a (READ_ONLY)`);
    await con.run(`ATTACH '${dbB}' AS b (READ_ONLY)`);
    const list = async (db: string) =>
      (
        (await con.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_catalog = '${db}' AND table_schema = 'marts' ORDER BY 1`)).getRowObjectsJson() as Array<{ table_name: string }>
      ).map((r) => r.table_name);
    const tablesA = await list('a');
    const tablesB = await list('b');
    if (tablesA.join() !== tablesB.join()) throw new Error(`different mart tables: ${tablesA.join()} vs ${tablesB.join()}`);
    const diffs: MartDiff[] = [];
    for (const t of tablesA) {
      const ex = WALL_CLOCK_COLUMNS[t];
      const sel = (db: string) => `SELECT * ${ex ? `EXCLUDE (${ex.join(', ')})` : ''} FROM ${db}.marts.${t}`;
      const scalar = async (sql: string) => Number(((await con.runAndReadAll(sql)).getRowObjectsJson()[0] as { n: string }).n);
      const rowsA = await scalar(`SELECT count(*) AS n FROM a.marts.${t}`);
      const rowsB = await scalar(`SELECT count(*) AS n FROM b.marts.${t}`);
      const onlyInA = await scalar(`SELECT count(*) AS n FROM (${sel('a')} EXCEPT ALL ${sel('b')})`);
      const onlyInB = await scalar(`SELECT count(*) AS n FROM (${sel('b')} EXCEPT ALL ${sel('a')})`);
      const ordered = async (db: string) => JSON.stringify((await con.runAndReadAll(`${sel(db)} ORDER BY ALL`)).getRowsJson());
      const orderedEqual = (await ordered('a')) === (await ordered('b'));
      if (rowsA !== rowsB || onlyInA || onlyInB || !orderedEqual) diffs.push({ table: t, rowsA, rowsB, onlyInA, onlyInB, orderedEqual });
    }
    return { tables: tablesA, diffs };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
