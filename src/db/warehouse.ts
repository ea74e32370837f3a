/**
 * Opening the warehouse: read-write behind the cross-process lock, or read-only; schema migrations; small query
 * helpers over `@duckdb/node-api`.
 *
 * DuckDB lets one process hold the file read-write, and then nobody else can open it at all; several read-only
 * processes may share it but block writers meanwhile. So writers take the lock file first, and both kinds retry the
 * open while another process holds DuckDB's own file lock, up to the same timeout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { acquireLock, readLock, type Lock, type LockInfo } from './lock.ts';
import { migrate } from './migrations.ts';
import { makeDirs } from '../make-dirs.ts';
import { crashPoint } from '../testing/crash-point.ts';

export type AccessMode = 'rw' | 'ro';

export interface OpenOptions {
  path: string;
  mode: AccessMode;
  /** What the process is doing, shown to anyone who has to wait for the lock. */
  purpose: string;
  timeoutMs?: number;
  /** DuckDB memory_limit, e.g. '1GB'. */
  memoryLimit?: string;
  /** DuckDB threads; default one per core (DuckDB's own default), so a larger machine builds faster. */
  threads?: number;
  onWait?: (holder: LockInfo | undefined) => void;
}

export class WarehouseError extends Error {}

export class Warehouse {
  private closed = false;
  constructor(
    readonly path: string,
    readonly mode: AccessMode,
    readonly instance: DuckDBInstance,
    readonly con: DuckDBConnection,
    private readonly lock: Lock | undefined,
  ) {}

  async run(sql: string, params?: DuckDBValue[]): Promise<void> {
    await this.con.run(sql, params);
  }

  /** Rows as plain JS objects: DECIMAL → number, DATE → UTC Date, BIGINT → bigint. */
  async all<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]> {
    const reader = await this.con.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  /** Rows as JSON-safe objects: BIGINT and DECIMAL → string, DATE → 'YYYY-MM-DD'. */
  async json<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]> {
    const reader = await this.con.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  async one<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /**
   * Give memory_limit back the value `saved` read from current_setting. The setting reads back rounded ('18.8 GiB'),
   * so RESET first: it gives the exact default when that is what it was.
   */
  async restoreMemoryLimit(saved: string): Promise<void> {
    await this.con.run('RESET memory_limit');
    const r = await this.one<{ m: string }>("SELECT current_setting('memory_limit') AS m");
    if (r?.m !== saved) await this.con.run(`SET memory_limit = ${sqlString(saved)}`);
  }

  /** Run `fn` inside one transaction; roll back if it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.con.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.con.run('COMMIT');
      return result;
    } catch (err) {
      try {
        await this.con.run('ROLLBACK');
      } catch {
        /* the transaction may already be aborted */
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.mode === 'rw') {
        crashPoint('before-checkpoint');
        await this.con.run('CHECKPOINT');
        crashPoint('after-checkpoint');
      }
    } finally {
      this.con.closeSync();
      this.instance.closeSync();
      this.lock?.release();
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isDuckDbLockConflict(err: unknown): boolean {
  return /Could not set lock on file|Conflicting lock is held/i.test(String((err as Error)?.message ?? err));
}

export async function openWarehouse(opts: OpenOptions): Promise<Warehouse> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = Date.now();
  const lockPath = `${opts.path}.lock`;
  let lock: Lock | undefined;
  if (opts.mode === 'rw') {
    makeDirs(path.dirname(opts.path), 0o700);
    lock = await acquireLock(lockPath, { purpose: opts.purpose, timeoutMs, onWait: opts.onWait });
  } else if (!fs.existsSync(opts.path)) {
    throw new WarehouseError(`no warehouse at ${opts.path}: run \`revcycle ingest\` (or \`revcycle demo\`) first`);
  }
  const config: Record<string, string> = { threads: String(opts.threads ?? os.availableParallelism()) };
  if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
  if (opts.mode === 'ro') config.access_mode = 'READ_ONLY';
  if (opts.mode === 'rw' && !fs.existsSync(opts.path)) {
    try {
      await createWarehouseFile(opts.path, config);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }
  let notified = false;
  for (;;) {
    try {
      const instance = await DuckDBInstance.create(opts.path, config);
      const con = await instance.connect();
      await con.run("SET TimeZone = 'UTC'");
      const wh = new Warehouse(opts.path, opts.mode, instance, con, lock);
      if (opts.mode === 'rw') {
        try {
          fs.chmodSync(opts.path, 0o600);
          await migrate(wh);
          crashPoint('opened');
        } catch (err) {
          await wh.close();
          throw err;
        }
      }
      return wh;
    } catch (err) {
      const waited = Date.now() - started;
      if (!isDuckDbLockConflict(err)) {
        lock?.release();
        throw err;
      }
      if (waited >= timeoutMs) {
        lock?.release();
        const holder = readLock(lockPath);
        throw new WarehouseError(
          holder
            ? `the warehouse ${opts.path} is in use by pid ${holder.pid} (${holder.purpose}) since ${holder.since}; waited ${Math.round(waited / 1000)} s`
            : `the warehouse ${opts.path} is in use by another process (a reader or writer); waited ${Math.round(waited / 1000)} s`,
        );
      }
      if (!notified) {
        opts.onWait?.(readLock(lockPath));
        notified = true;
      }
      await sleep(150);
    }
  }
}

/**
 * Create a new warehouse atomically: build it, migrated and checkpointed, under a temp name next to it and rename it
 * into place. A process killed while creating leaves only `<path>.creating-<pid>` (removed by the next writer, which
 * holds the lock), never a warehouse file without its schema that readers would fail on.
 */
async function createWarehouseFile(target: string, config: Record<string, string>): Promise<void> {
  const dir = path.dirname(target);
  const prefix = `${path.basename(target)}.creating-`;
  // a killed creator's file, WAL and temp folder (the writer lock is ours, so none of them is in use)
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(prefix)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  const tmp = path.join(dir, `${prefix}${process.pid}`);
  const instance = await DuckDBInstance.create(tmp, config);
  try {
    const con = await instance.connect();
    try {
      await con.run("SET TimeZone = 'UTC'");
      await migrate(new Warehouse(tmp, 'rw', instance, con, undefined));
      crashPoint('creating');
      await con.run('CHECKPOINT');
    } finally {
      con.closeSync();
    }
  } finally {
    instance.closeSync();
  }
  fs.rmSync(`${tmp}.wal`, { force: true }); // empty after the CHECKPOINT
  fs.rmSync(`${tmp}.tmp`, { recursive: true, force: true });
  fs.chmodSync(tmp, 0o600);
  const fd = fs.openSync(tmp, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
}

/** Open, run `fn`, always close (CHECKPOINT first when read-write). */
export async function withWarehouse<T>(opts: OpenOptions, fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await openWarehouse(opts);
  try {
    return await fn(wh);
  } finally {
    await wh.close();
  }
}

/** Quote a string as a SQL literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
