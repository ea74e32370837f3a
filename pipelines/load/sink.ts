/**
 * Bulk loading of parsed rows into raw tables, inside the open transaction of one file or of a batch of small files.
 *
 * Rows are buffered as tab-separated bytes per table, spilled to a temp file at SPILL_BYTES, and inserted with DuckDB's
 * `read_csv` (a vectorised, typed reader: an order of magnitude faster than appending values one by one from JS).
 * Inserts run one statement at a time on DuckDB's threads while the parser keeps going on the JS thread, which may
 * run up to MAX_BEHIND batches ahead. Spills are small (2 MiB) so that little is left to insert once parsing ends.
 * Memory stays bounded by the spill size on the JS side and by a memory limit on DuckDB's side during large loads
 * (`BulkLoader.tune`), whatever the file size.
 *
 * X12 rows are emitted without their set-level lineage (file sha256, ISA13, GS06, ST02): the sink prefixes each row
 * with the number of its file in the batch (`beginFile`), and the insert joins the lineage from `raw.x12_sets`, whose
 * rows are therefore always flushed first.
 *
 * Values must not contain TAB, CR or LF unless the sink was created with `escape: true` (CSV sources); the X12 reader
 * guarantees this for element values. An empty string or null is loaded as NULL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RawTableDef } from '../../src/db/raw-schema.ts';
import { CSV_REJECTS, LOAD_FINDINGS, X12_SETS } from '../../src/db/raw-schema.ts';
import { sweepDeadOwners } from '../../src/db/lock.ts';
import { sqlString, type Warehouse } from '../../src/db/warehouse.ts';
import { TRIM_ASCII, trimLeft, trimRight, type Seg } from '../x12/segment.ts';

export type Cell = string | number | null | undefined;

const SPILL_BYTES = 2 * 1024 * 1024;
/** Insert batches the parser may run ahead of (see BulkLoader.drain). */
const MAX_BEHIND = 4;
/** DuckDB memory_limit while a large load runs (see BulkLoader.tune). */
const LOAD_MEMORY_LIMIT = '96MiB';
/** Spill folders are `<tmp>/revcycle-load-<pid>-<random>`: the pid lets a later process sweep a killed one's. */
const SPILL_PREFIX = 'revcycle-load-';
let swept = false;

/** Remove the spill folders of loader processes that are no longer alive (killed mid-load: `dispose` never ran). */
export function sweepLoadSpills(tmpDir: string): number {
  return sweepDeadOwners(tmpDir, /^revcycle-load-(\d+)-/);
}

/** '19.1 GiB', '122.0 MiB', '500MB', '1000 bytes' → bytes; undefined when unreadable. */
function parseBytes(v: string): number | undefined {
  const m = /^\s*([\d.]+)\s*([KMGT]i?B|B|bytes?)?\s*$/i.exec(v);
  if (!m) return undefined;
  const unit = (m[2] ?? 'B').toUpperCase();
  const pow = { B: 0, BYTE: 0, BYTES: 0, KB: 1, MB: 2, GB: 3, TB: 4, KIB: 1, MIB: 2, GIB: 3, TIB: 4 }[unit];
  if (pow === undefined) return undefined;
  return Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** pow;
}

export interface SinkOptions {
  /** Insert into this table instead of `raw.<def.name>` (e.g. a temp staging table for merges). */
  into?: string;
  /** Quote values (CSV sources whose text may hold TAB / CR / LF / quotes). */
  escape?: boolean;
  /** strptime format of DATE columns: '%Y%m%d' for X12 (CCYYMMDD), ISO by default. */
  dateFormat?: string;
}

export class TableSink {
  rows = 0;
  /** Rows as TSV bytes, written to a temp file at SPILL_BYTES (the buffer is then reused). */
  private out: Buffer = Buffer.allocUnsafe(64 * 1024);
  private len = 0;
  private readonly x12: boolean;
  constructor(
    private readonly loader: BulkLoader,
    readonly def: RawTableDef,
    private readonly opts: SinkOptions,
  ) {
    this.x12 = def.lineage === 'x12';
  }

  /** One row of values (escaped when the sink was created with `escape`). */
  push(values: readonly Cell[]): void {
    let line: string;
    if (this.opts.escape) {
      line = values.map(escapeCell).join('\t');
    } else {
      line = values.map((v) => (v == null ? '' : String(v))).join('\t');
    }
    if (this.x12) line = `${this.loader.fileNo}\t${line}`;
    this.ensure(line.length * 3 + 1);
    this.len += this.out.utf8Write(line, this.len, this.out.length - this.len);
    this.out[this.len++] = 10;
    this.rows++;
    if (this.len >= SPILL_BYTES) this.loader.requestSpill(this);
  }

  // ---- a row written value by value: beginRow, values separated by tab(), endRow (never escaped) ----

  beginRow(): void {
    if (this.x12) {
      this.int(this.loader.fileNo);
      this.tab();
    }
  }

  tab(): void {
    if (this.len >= this.out.length) this.ensure(1);
    this.out[this.len++] = 9;
  }

  endRow(): void {
    if (this.len >= this.out.length) this.ensure(1);
    this.out[this.len++] = 10;
    this.rows++;
    if (this.len >= SPILL_BYTES) this.loader.requestSpill(this);
  }

  /** A value: null / undefined / '' are NULL. */
  cell(v: Cell): void {
    if (v == null) return;
    if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= 0 && v < 2 ** 31) this.int(v);
      else this.str(String(v));
    } else this.str(v);
  }

  /** Element `el` (component `comp` when > 0) of a segment, trimmed; absent → NULL. */
  element(seg: Seg | undefined, el: number, comp: number, compByte: number): void {
    if (seg === undefined || el >= seg.n) return;
    let s: number;
    let e: number;
    if (comp) {
      if (!seg.component(el, comp, compByte, BOUNDS)) return;
      s = BOUNDS[0]!;
      e = BOUNDS[1]!;
    } else {
      s = seg.pos[el]!;
      e = seg.pos[el + 1]! - 1;
    }
    const b = seg.buf;
    if (seg.high) {
      s = trimLeft(b, s, e, true);
      e = trimRight(b, s, e, true);
    } else {
      while (s < e && TRIM_ASCII[b[s]!] === 1) s++;
      while (e > s && TRIM_ASCII[b[e - 1]!] === 1) e--;
    }
    this.bytes(b, s, e);
  }

  /** Make room for `n` bytes; returns the buffer to write them into at `at`, then call `advance`. */
  reserve(n: number): Buffer {
    if (this.len + n > this.out.length) this.ensure(n);
    return this.out;
  }

  get at(): number {
    return this.len;
  }

  advance(n: number): void {
    this.len += n;
  }

  /** Raw bytes [s, e) of `b`. */
  bytes(b: Buffer, s: number, e: number): void {
    const n = e - s;
    if (this.len + n > this.out.length) this.ensure(n);
    const out = this.out;
    let len = this.len;
    if (n < 32) for (let i = s; i < e; i++) out[len++] = b[i]!;
    else len += b.copy(out, len, s, e);
    this.len = len;
  }

  /** A non-negative integer below 2^31. */
  private int(v: number): void {
    if (this.len + 11 > this.out.length) this.ensure(11);
    const out = this.out;
    if (v < 10) {
      out[this.len++] = 48 + v;
      return;
    }
    const digits = v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
    let p = this.len + digits;
    this.len = p;
    let x = v;
    while (x >= 10) {
      const q = (x / 10) | 0;
      out[--p] = 48 + x - q * 10;
      x = q;
    }
    out[--p] = 48 + x;
  }

  private str(v: string): void {
    const n = v.length;
    if (this.len + n * 3 > this.out.length) this.ensure(n * 3);
    const out = this.out;
    let len = this.len;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 128) {
        this.len = len + out.utf8Write(v.slice(i), len, out.length - len);
        return;
      }
      out[len++] = c;
    }
    this.len = len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.len + n, 64 * 1024));
    this.out.copy(grown, 0, 0, this.len);
    this.out = grown;
  }

  get pending(): number {
    return this.len;
  }

  /** Write the buffered rows to `file` and empty the buffer. */
  spillTo(file: string): void {
    fs.writeFileSync(file, this.out.subarray(0, this.len));
    this.len = 0;
    // Keep the buffer for the next rows unless it grew past the spill size (one huge row).
    if (this.out.length > 2 * SPILL_BYTES) this.out = Buffer.allocUnsafe(64 * 1024);
  }

  insertSql(file: string, files: readonly string[]): string {
    const cols = this.def.columns;
    const x12 = this.def.lineage === 'x12';
    const readCols = x12 ? [{ name: '_file_no', type: 'INTEGER' }, ...cols] : cols;
    const columns = `{${readCols.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ')}}`;
    const quoting = this.opts.escape ? `quote='"', escape='"'` : `quote='', escape=''`;
    const dates = this.opts.dateFormat ? `, dateformat=${sqlString(this.opts.dateFormat)}` : '';
    const reader = `read_csv(${sqlString(file)}, delim='\t', header=false, ${quoting}, new_line='\\n', auto_detect=false, columns=${columns}${dates})`;
    const target = this.opts.into ?? `raw.${this.def.name}`;
    const names = cols.map((c) => c.name);
    if (x12) {
      const fileList = files.map((sha, i) => `(${i}, ${sqlString(sha)})`).join(', ');
      const shas = files.map((sha) => sqlString(sha)).join(', ');
      return `INSERT INTO ${target} (file_sha256, isa13, gs06, st02, ${names.join(', ')})
        SELECT s.file_sha256, s.isa13, s.gs06, s.st02, ${names.map((n) => `r.${n}`).join(', ')}
        FROM ${reader} r
        JOIN (VALUES ${fileList}) f(file_no, sha) ON f.file_no = r._file_no
        JOIN (SELECT * FROM raw.x12_sets WHERE file_sha256 IN (${shas})) s ON s.file_sha256 = f.sha AND s.set_index = r.set_index`;
    }
    return `INSERT INTO ${target} (${names.join(', ')}) SELECT * FROM ${reader}`;
  }
}

const BOUNDS = new Int32Array(2);

function escapeCell(v: Cell): string {
  if (v == null) return '';
  const s = String(v);
  return /[\t\r\n"]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * All sinks of one transaction (one file, or a batch of small files: call `beginFile` before each). A full sink buffer
 * is written to a temp file at once (memory stays bounded even if the parser never yields); `drain()` (await it
 * regularly from the parser loop) runs the queued inserts one at a time, overlapping DuckDB's work with parsing;
 * `finish()` flushes the rest before COMMIT; `dispose()` after COMMIT / ROLLBACK.
 */
export class BulkLoader {
  /** sha256 of the files of this transaction, in order; rows carry the index of theirs. */
  private readonly files: string[] = [];
  private readonly sinks = new Map<string, TableSink>();
  private setsSink: TableSink | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  /** Insert batches started and not yet waited for by `drain`, oldest first. */
  private batches: Promise<void>[] = [];
  private queue: Array<{ sink: TableSink; file: string }> = [];
  private readonly dir: string;
  private seq = 0;
  private failed: Error | undefined;
  /** DuckDB settings before `tune` changed them (restored by `dispose`). */
  private saved: { threads: number; memory: string } | undefined;
  /** `finish` was called: a load that had not spilled by then is small and is not tuned. */
  private finishing = false;

  constructor(private readonly wh: Warehouse) {
    if (!swept) {
      swept = true;
      sweepLoadSpills(os.tmpdir());
    }
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${SPILL_PREFIX}${process.pid}-`));
  }

  /** Rows pushed from now on belong to this file. */
  beginFile(sha256: string): void {
    this.files.push(sha256);
  }

  /** Number of the current file in this transaction. */
  get fileNo(): number {
    return this.files.length - 1;
  }

  sink(def: RawTableDef, opts: SinkOptions = {}): TableSink {
    const key = opts.into ?? def.name;
    let s = this.sinks.get(key);
    if (!s) {
      s = new TableSink(this, def, opts);
      this.sinks.set(key, s);
      if (def === X12_SETS) this.setsSink = s;
    }
    return s;
  }

  /** Sink for `raw.x12_sets` (X12 date format). */
  get x12Sets(): TableSink {
    return this.sink(X12_SETS, { dateFormat: '%Y%m%d' });
  }

  /** Rows written to data tables (x12_sets, load findings and CSV rejects excluded). */
  get rows(): number {
    let n = 0;
    for (const s of this.sinks.values()) if (s.def !== X12_SETS && s.def !== LOAD_FINDINGS && s.def !== CSV_REJECTS) n += s.rows;
    return n;
  }

  rowsByTable(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of this.sinks) out[k] = s.rows;
    return out;
  }

  /** Called by a sink whose buffer is full: write it (and pending x12_sets rows first) to temp files. */
  requestSpill(s: TableSink): void {
    if (this.setsSink && s !== this.setsSink && this.setsSink.pending > 0) this.spill(this.setsSink);
    this.spill(s);
  }

  private spill(s: TableSink): void {
    const file = path.join(this.dir, `${s.def.name}-${this.seq++}.tsv`);
    s.spillTo(file);
    this.queue.push({ sink: s, file });
  }

  private runQueue(): void {
    const items = this.queue;
    this.queue = [];
    const previous = this.inFlight;
    this.inFlight = (async () => {
      await previous;
      if (this.saved === undefined && !this.finishing && !this.failed) await this.tune();
      for (const { sink, file } of items) {
        try {
          if (!this.failed) await this.wh.run(sink.insertSql(file, this.files));
        } catch (err) {
          this.failed = new Error(`loading raw.${sink.def.name} failed: ${(err as Error).message}`);
        } finally {
          fs.rmSync(file, { force: true });
        }
      }
    })();
    this.batches.push(this.inFlight);
  }

  /**
   * Start the queued inserts (one statement at a time, in order, on DuckDB's threads); resolves once no more than
   * MAX_BEHIND batches are unfinished, so the parser may run a little ahead of DuckDB but never far (the spilled
   * files waiting on disk stay bounded).
   */
  async drain(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.queue.length > 0) this.runQueue();
    while (this.batches.length > MAX_BEHIND) await this.batches.shift();
    if (this.failed) throw this.failed;
  }

  /**
   * A large load (it spills while parsing) runs with DuckDB on one thread fewer than the machine has cores, so the
   * parser keeps a core of its own, and with a memory limit: DuckDB writes full row groups to the database file as
   * the inserts go (optimistic writes), but its buffer pool would otherwise keep every block it wrote cached, so
   * the process would grow with the file. One thread is also what these inserts run best on: with two, the same
   * inserts took twice the CPU and the wall time. `finish` restores both once the last insert is done, so what comes
   * after (a CSV merge, COMMIT) runs as configured; `dispose` does if `finish` was never reached. Settings are only
   * lowered, never raised, from what was set.
   */
  private async tune(): Promise<void> {
    try {
      const r = await this.wh.one<{ t: bigint | number; m: string }>("SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m");
      if (!r) return;
      const saved = { threads: Number(r.t), memory: String(r.m) };
      this.saved = saved;
      const threads = Math.min(saved.threads, Math.max(1, os.availableParallelism() - 1));
      if (threads !== saved.threads) await this.wh.run(`SET threads = ${threads}`);
      const current = parseBytes(saved.memory);
      if (current === undefined || current > parseBytes(LOAD_MEMORY_LIMIT)!) await this.wh.run(`SET memory_limit = '${LOAD_MEMORY_LIMIT}'`);
    } catch {
      // Settings are an optimisation: a load never fails because of them.
    }
  }

  private async restore(): Promise<void> {
    const saved = this.saved;
    if (!saved) return;
    this.saved = undefined;
    try {
      await this.wh.run(`SET threads = ${saved.threads}`);
      await this.wh.restoreMemoryLimit(saved.memory);
    } catch {
      /* see tune() */
    }
  }

  /** Flush everything (x12_sets first) and wait for the inserts. */
  async finish(): Promise<void> {
    if (this.setsSink && this.setsSink.pending > 0) this.spill(this.setsSink);
    for (const s of this.sinks.values()) if (s.pending > 0) this.spill(s);
    this.finishing = true;
    this.runQueue();
    // Whatever follows the inserts (a CSV merge, the ledger row, COMMIT) runs with the settings as they were.
    this.inFlight = this.inFlight.then(() => this.restore());
    await this.inFlight;
    this.batches = [];
    if (this.failed) throw this.failed;
  }

  /** Wait for anything in flight, restore DuckDB settings and remove temp files (after COMMIT or ROLLBACK). */
  async dispose(): Promise<void> {
    this.queue = [];
    await this.inFlight.catch(() => undefined);
    await this.restore();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
