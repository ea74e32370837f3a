/**
 * Ingest: detect type → land (content-addressed copy) → parse/validate → load in one transaction together with the
 * file's ledger row (small files share a transaction with their batch; see Ingestor). Files end loaded, duplicate or
 * quarantined (with a rule-named reason and position); nothing of a quarantined file is loaded, and re-running is
 * always safe.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config, Paths } from '../src/config.ts';
import { FILES, LOAD_FINDINGS } from '../src/db/raw-schema.ts';
import { sqlString, type Warehouse } from '../src/db/warehouse.ts';
import type { Pseudonymizer } from '../src/pseudonym.ts';
import { crashPoint } from '../src/testing/crash-point.ts';
import { VERSION } from '../src/version.ts';
import { detectCsv, loadCsv } from './ehr/index.ts';
import { land, loadedStamp, readProblem, SourceReadError, sweepLanding, type LandedFile } from './ledger/landing.ts';
import { BulkLoader, type Cell } from './load/sink.ts';
import { QuarantineError, type Finding, type LoadContext, type ParseOutcome, type RemittanceIdentity } from './types.ts';
import { loadX12 } from './x12/index.ts';
import { makeDirs } from '../src/make-dirs.ts';

export type FileStatus = 'loaded' | 'duplicate' | 'quarantined';
/** What happened to an offered file: a ledger state, or 'unreadable' (it could not be read; nothing recorded). */
export type IngestStatus = FileStatus | 'unreadable';

export interface IngestResult {
  file: string;
  sha256: string;
  kind: string;
  status: IngestStatus;
  /** For duplicate / quarantined / unreadable files: why. */
  reason?: string;
  code?: string;
  rows: number;
  findings: number;
}

export interface IngestOptions {
  config: Config;
  paths: Paths;
  pseudonymizer: Pseudonymizer;
  /** Called after each file. */
  onFile?: (r: IngestResult) => void;
  /** Called while a file is read: bytes done of the file's size. */
  onProgress?: (file: string, done: number, total: number) => void;
  /**
   * Check again the files whose same bytes were quarantined before (after a config change or an upgrade). Without
   * it the same bytes are a no-op reported `duplicate`, whatever their status (DESIGN.md §4).
   */
  retryQuarantined?: boolean;
}

/** An input that is a file to ingest, or an entry that cannot be read (and why). */
export type InputEntry = { file: string; unreadable?: undefined } | { file: string; unreadable: string };

/**
 * Expand folders recursively, in name order; skip hidden files and files still being written (*.part, *.tmp,
 * *.partial). An entry of a folder that cannot be read (a broken symbolic link, a link loop, no permission) is
 * returned with the reason instead of stopping the listing; an input named on the command line that does not exist is
 * an error.
 */
export function listInputs(inputs: string[], exclude: readonly string[] = []): InputEntry[] {
  const out: InputEntry[] = [];
  const skip = new Set(exclude.map((p) => path.resolve(p)));
  const walk = (p: string) => {
    if (skip.has(path.resolve(p))) return;
    let st: fs.Stats;
    let names: string[] | undefined;
    try {
      st = fs.statSync(p);
      if (st.isDirectory()) names = fs.readdirSync(p).sort();
    } catch (err) {
      const link = fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
      out.push({ file: p, unreadable: readProblem(err as NodeJS.ErrnoException, link) });
      return;
    }
    if (names) {
      for (const name of names) {
        if (name.startsWith('.')) continue;
        walk(path.join(p, name));
      }
    } else if (st.isFile()) {
      if (/\.(part|partial|tmp|crdownload)$/i.test(p)) return;
      out.push({ file: p });
    }
  };
  for (const input of inputs) {
    if (!fs.existsSync(input) && !fs.lstatSync(input, { throwIfNoEntry: false })) throw new Error(`${input}: no such file or folder`);
    walk(input);
  }
  return out;
}

/**
 * The interchange date and time of an X12 file (ISA09 YYMMDD + ISA10 HHMM, as 'YYMMDDHHMM'), or undefined for a file
 * that does not start with an ISA (after a BOM or blank space) or cannot be read.
 */
export function interchangeStamp(file: string): string | undefined {
  let head: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(512);
      head = buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const at = /^(?:\xef\xbb\xbf)?\s*ISA/.exec(head);
  if (!at) return undefined;
  const isa = head.slice(at[0].length - 3);
  const el = isa.split(isa[3]!);
  const date = el[9]?.trim();
  const time = el[10]?.trim();
  return date && time && /^\d{6}$/.test(date) && /^\d{4}$/.test(time) ? date + time : undefined;
}

/**
 * X12 files in the order their interchanges were made (ISA09/ISA10, then as listed), each in one of the places the
 * X12 files held in the listing; other files keep their places. Which of two copies of a payment is the original
 * and which the re-send, and the order of same-day versions and remittances, then follow what the sender did, not
 * how the files happen to be named (a re-send named `835_resent` sorts before the `835_two` it repeats).
 */
export function inInterchangeOrder(entries: InputEntry[]): InputEntry[] {
  const slots: number[] = [];
  const x12: { entry: InputEntry; stamp: string; i: number }[] = [];
  entries.forEach((entry, i) => {
    const stamp = entry.unreadable === undefined ? interchangeStamp(entry.file) : undefined;
    if (stamp === undefined) return;
    slots.push(i);
    x12.push({ entry, stamp, i });
  });
  x12.sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : a.i - b.i));
  const out = entries.slice();
  slots.forEach((slot, k) => (out[slot] = x12[k]!.entry));
  return out;
}

/** The readable files of listInputs(). */
export function expandPaths(inputs: string[], exclude: readonly string[] = []): string[] {
  return listInputs(inputs, exclude).flatMap((e) => (e.unreadable === undefined ? [e.file] : []));
}

/** The result for a file that could not be read: nothing of it is landed or recorded. */
function unreadableResult(file: string, reason: string): IngestResult {
  return { file, sha256: '', kind: '-', status: 'unreadable', reason, code: 'UNREADABLE', rows: 0, findings: 0 };
}

interface LedgerRow {
  sha256: string;
  status: FileStatus;
  file_name: string;
  kind: string;
}

type RemitKnown = { amountCents: bigint; sha256: string };

/**
 * What identifies a payment across files: the payer, the payee (1000B N104) and the trace number (TRN02). A payer
 * numbers its traces per payee, so two clinics may get the same TRN02 from one payer. The payer is TRN03 (the
 * originating company id, sent on every copy) with the plan: the N1*PR N104, else REF*2U (5010 leaves N104 out
 * and names the plan in REF*2U; several health plans of one company may share a TRN03). Without a TRN03 it is the
 * payer key (REF*2U, N104). `REMIT_PAYER_SQL` is the same over raw rows.
 */
const remitKey = (payer: string, payee: string, trace: string) => `${payer}|${payee}|${trace}`;
const copyKey = (sha256: string, fileName: string) => `${sha256}/${fileName}`;
const remitPayer = (id: RemittanceIdentity) => (id.originator ? `${id.originator}/${id.payerId || id.payerKey}` : id.payerKey);
const REMIT_PAYER_SQL = `CASE WHEN coalesce(originator_id, '') <> '' THEN originator_id || '/' || coalesce(nullif(payer_id, ''), payer_key, '') ELSE coalesce(payer_key, '') END`;

function cents(amount: string): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!m) return 0n;
  const frac = ((m[3] ?? '') + '00').slice(0, 2);
  const v = BigInt((m[2] || '0') + frac);
  return m[1] ? -v : v;
}

/**
 * A batch of small files shares one transaction (one commit, one sync of the landing zone). 256 files: thousands of
 * small 835/837 batches load ~20% faster than with 64 (fewer commits and bulk inserts). REVCYCLE_INGEST_BATCH_FILES
 * overrides it (the crash test uses a smaller batch to reach every transaction shape quickly).
 */
const BATCH_FILES = Math.max(1, Number(process.env.REVCYCLE_INGEST_BATCH_FILES) || 256);
const BATCH_BYTES = 32 * 1024 * 1024;

/** 'YYYY-MM-DD HH:MM:SS.sss' (UTC) for TIMESTAMP columns. */
const ts = (iso: string) => iso.replace('T', ' ').replace('Z', '');

/** Raised inside a batch to fall back to one transaction per file. */
class BatchFallback extends Error {}

/** What one file's load produced, before its transaction commits. */
interface FileLoad {
  result: IngestResult;
  remits: Map<string, RemitKnown>;
  ledger: LedgerRow;
  /** Ledger fields of a quarantined file (written after the rollback). */
  quarantine?: LedgerFields;
}

/**
 * Ingests files into an open read-write warehouse. Small files are loaded in batches sharing one transaction; if any
 * file of a batch has to be quarantined (or anything fails), the batch is rolled back and its files are loaded again
 * one transaction per file, so a committed file always has all its rows and its ledger row, and nothing of a
 * quarantined file is ever kept.
 */
export class Ingestor {
  private remits: Map<string, RemitKnown> | undefined;
  private ledger: Map<string, LedgerRow> | undefined;
  /** Further names of ledger files' bytes already recorded in raw.file_copies (`sha256/name`). */
  private copies: Set<string> | undefined;
  private loadSeq: number | undefined;

  constructor(
    private readonly wh: Warehouse,
    private readonly opts: IngestOptions,
  ) {}

  private async init(): Promise<void> {
    if (this.ledger) return;
    sweepLanding(this.opts.paths.landing);
    const r = await this.wh.one<{ n: number | null }>('SELECT max(load_seq)::INTEGER AS n FROM raw.files');
    this.loadSeq = r?.n ?? 0;
    const rows = await this.wh.all<LedgerRow>('SELECT sha256, status, file_name, kind FROM raw.files');
    this.ledger = new Map(rows.map((x) => [x.sha256, x]));
    const copies = await this.wh.all<{ sha256: string; file_name: string }>('SELECT sha256, file_name FROM raw.file_copies');
    this.copies = new Set(copies.map((x) => copyKey(x.sha256, x.file_name)));
    const remits = await this.wh.all<{ payer: string; payee: string; trace_number: string; amount: string; file_sha256: string }>(
      `SELECT ${REMIT_PAYER_SQL} AS payer, coalesce(payee_id, '') AS payee, trace_number,
              payment_amount::VARCHAR AS amount, file_sha256
       FROM raw.x12_835_remittances`,
    );
    this.remits = new Map(remits.map((x) => [remitKey(x.payer, x.payee, x.trace_number), { amountCents: cents(x.amount), sha256: x.file_sha256 }]));
  }

  /**
   * Ingest files and folders (expanded recursively, in name order; X12 files among them by interchange date), or,
   * with `asGiven` (the rebuild's replay of landing in received order; the scheduler, which put its whole pickup in
   * interchange order itself before cutting it into chunks), in the order given.
   */
  async ingestAll(inputs: string[], opts: { asGiven?: boolean } = {}): Promise<IngestResult[]> {
    const p = this.opts.paths;
    // Never ingest the warehouse's own files when a user points at the data folder.
    const own = [p.landing, p.quarantine, p.archive, p.state, p.db, `${p.db}.wal`, p.lock, p.keyFile];
    const listed = listInputs(inputs, own);
    const entries = opts.asGiven ? listed : inInterchangeOrder(listed);
    const results: IngestResult[] = [];
    let batch: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      for (const r of await this.ingestBatch(batch)) {
        results.push(r);
        this.opts.onFile?.(r);
      }
      batch = [];
      bytes = 0;
    };
    for (const { file, unreadable } of entries) {
      let size = 0;
      let problem = unreadable;
      if (problem === undefined) {
        try {
          size = fs.statSync(file).size;
        } catch (err) {
          problem = readProblem(err as NodeJS.ErrnoException);
        }
      }
      if (problem !== undefined) {
        await flush();
        const r = unreadableResult(file, problem);
        results.push(r);
        this.opts.onFile?.(r);
        continue;
      }
      if (batch.length && (batch.length >= BATCH_FILES || bytes + size > BATCH_BYTES)) await flush();
      batch.push(file);
      bytes += size;
    }
    await flush();
    return results;
  }

  /** Ingest one file in its own transaction (optionally already landed). */
  async ingestFile(file: string, landed?: LandedFile): Promise<IngestResult> {
    await this.init();
    const lf = landed ?? (await land(file, this.opts.paths.landing));
    return this.loadSolo(file, lf);
  }

  /** Land the files (one sync for all), then load them in one transaction, or one by one if that fails. */
  async ingestBatch(offered: string[]): Promise<IngestResult[]> {
    await this.init();
    const solo = offered.length === 1;
    const landed: LandedFile[] = [];
    const files: string[] = [];
    const results: (IngestResult | undefined)[] = [];
    for (const f of offered) {
      try {
        landed.push(await land(f, this.opts.paths.landing, { fsync: solo }));
        files.push(f);
        results.push(undefined);
      } catch (err) {
        if (!(err instanceof SourceReadError)) throw err;
        results.push(unreadableResult(f, readProblem(err.errno)));
      }
      crashPoint('landed');
    }
    if (files.length === 0) return results as IngestResult[];
    if (!solo) syncLanding(this.opts.paths.landing, landed);
    const loaded = await this.loadLanded(files, landed);
    // In the offered order, unreadable files in their places.
    return results.map((r) => r ?? loaded.shift()!);
  }

  private async loadLanded(files: string[], landed: LandedFile[]): Promise<IngestResult[]> {
    crashPoint('batch-synced');
    if (files.length === 1) return [await this.loadSolo(files[0]!, landed[0]!)];
    try {
      return await this.loadTogether(files, landed);
    } catch {
      // A file to quarantine, a file offered again after quarantine, or any failure of the shared transaction (rolled
      // back): load the files one transaction each, where a problem is pinned to its own file.
      const out: IngestResult[] = [];
      for (let i = 0; i < files.length; i++) out.push(await this.loadSolo(files[i]!, landed[i]!));
      return out;
    }
  }

  /** Same bytes as a file in the ledger: checked again only when it was quarantined and retries were asked for. */
  private retries(existing: LedgerRow): boolean {
    return existing.status === 'quarantined' && this.opts.retryQuarantined === true;
  }

  /**
   * The ledger's bytes offered under a name not seen for them yet: a row for raw.file_copies (a `duplicate` row of
   * marts.files), else undefined. Written by the caller inside its transaction.
   */
  private newCopy(lf: LandedFile, existing: LedgerRow, pending?: Set<string>): string | undefined {
    const key = copyKey(lf.sha256, lf.fileName);
    if (existing.file_name === lf.fileName || this.copies!.has(key) || pending?.has(key)) return undefined;
    pending?.add(key);
    return `INSERT INTO raw.file_copies (sha256, file_name, received_at) VALUES (${sqlString(lf.sha256)}, ${sqlString(lf.fileName)}, ${sqlString(ts(lf.receivedAt))})`;
  }

  private duplicateResult(file: string, lf: LandedFile, existing: LedgerRow): IngestResult {
    return {
      file,
      sha256: lf.sha256,
      kind: existing.kind,
      status: 'duplicate',
      reason: `same bytes already ${existing.status} as ${existing.file_name}`,
      code: 'DUP_FILE',
      rows: 0,
      findings: 0,
    };
  }

  private async loadTogether(files: string[], landed: LandedFile[]): Promise<IngestResult[]> {
    const wh = this.wh;
    const loader = new BulkLoader(wh);
    const pendingLedger = new Map<string, LedgerRow>();
    const pendingRemits = new Map<string, RemitKnown>();
    const pendingCopies = new Set<string>();
    const results: IngestResult[] = [];
    const seqBefore = this.loadSeq!;
    await wh.run('BEGIN TRANSACTION');
    try {
      for (let i = 0; i < files.length; i++) {
        const lf = landed[i]!;
        const existing = pendingLedger.get(lf.sha256) ?? this.ledger!.get(lf.sha256);
        if (existing && !this.retries(existing)) {
          const copy = this.newCopy(lf, existing, pendingCopies);
          if (copy) await wh.run(copy);
          results.push(this.duplicateResult(files[i]!, lf, existing));
          continue;
        }
        if (existing) throw new BatchFallback('a quarantined file is offered again');
        const fl = await this.loadInto(files[i]!, lf, loader, pendingRemits, false);
        if (fl.result.status === 'quarantined') throw new BatchFallback('a file needs quarantine');
        for (const [k, v] of fl.remits) pendingRemits.set(k, v);
        pendingLedger.set(lf.sha256, fl.ledger);
        results.push(fl.result);
      }
      await loader.finish();
      crashPoint('before-commit');
      await wh.run('COMMIT');
      crashPoint('after-commit');
    } catch (err) {
      await wh.run('ROLLBACK').catch(() => undefined);
      this.loadSeq = seqBefore;
      throw err;
    } finally {
      await loader.dispose();
    }
    for (const [k, v] of pendingRemits) this.remits!.set(k, v);
    for (const [k, v] of pendingLedger) this.ledger!.set(k, v);
    for (const k of pendingCopies) this.copies!.add(k);
    for (const lf of landed) if (pendingLedger.get(lf.sha256)?.status === 'loaded') this.unquarantine(lf);
    return results;
  }

  /** One file in its own transaction; a quarantined file's ledger row is written in a second one. */
  private async loadSolo(file: string, lf: LandedFile): Promise<IngestResult> {
    const existing = this.ledger!.get(lf.sha256);
    if (existing && !this.retries(existing)) {
      const copy = this.newCopy(lf, existing);
      if (copy) {
        await this.wh.run(copy);
        this.copies!.add(copyKey(lf.sha256, lf.fileName));
      }
      return this.duplicateResult(file, lf, existing);
    }
    const retry = existing !== undefined;
    const wh = this.wh;
    const loader = new BulkLoader(wh);
    let fl: FileLoad;
    await wh.run('BEGIN TRANSACTION');
    try {
      fl = await this.loadInto(file, lf, loader, new Map(), retry);
      if (fl.result.status !== 'quarantined') {
        await loader.finish();
        crashPoint('before-commit');
        await wh.run('COMMIT');
        crashPoint('after-commit');
      } else {
        await wh.run('ROLLBACK');
      }
    } catch (err) {
      await wh.run('ROLLBACK').catch(() => undefined);
      await loader.dispose();
      throw err;
    }
    await loader.dispose();
    if (fl.result.status === 'quarantined') {
      // Nothing of the file is kept; its ledger row alone, in its own transaction.
      await wh.transaction(() => this.writeLedgerSql(lf, fl.quarantine!, retry));
      this.quarantine(lf, fl.result.reason!);
    } else {
      for (const [k, v] of fl.remits) this.remits!.set(k, v);
      if (fl.result.status === 'loaded') this.unquarantine(lf);
    }
    this.ledger!.set(lf.sha256, fl.ledger);
    return fl.result;
  }

  private async detect(lf: LandedFile): Promise<{ kind: 'x12' } | { kind: 'csv'; detection: NonNullable<ReturnType<typeof detectCsv>> } | { kind: 'unknown'; why: string }> {
    const fd = fs.openSync(lf.path, 'r');
    const head = detectBuffer;
    const n = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    if (n === 0) {
      // An empty export named as a CSV is not an X12 problem: say only that it is empty.
      return { kind: 'unknown', why: /\.(csv|txt|tsv)$/i.test(lf.fileName) ? 'empty file (0 bytes): no header row' : 'empty file (0 bytes): no ISA at byte 0' };
    }
    let text = head.subarray(0, n).toString('latin1');
    if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
    if (text.startsWith('\xff\xfe') || text.startsWith('\xfe\xff') || /^(?:[^\0]\0){3}|^(?:\0[^\0]){3}/.test(text)) {
      return { kind: 'unknown', why: 'UTF-16 encoded file: X12 and CSV inputs must be ASCII / UTF-8' };
    }
    const trimmed = text.trimStart();
    // GS / ST first: a headless X12 file, which the X12 reader quarantines as unsupported (IK5-1).
    if (/^(ISA|ST|GS)\W/.test(trimmed) || /^ISA/.test(trimmed)) return { kind: 'x12' };
    const detection = detectCsv(lf.fileName, Buffer.from(text, 'latin1').toString('utf8'), this.opts.config);
    if (detection) return { kind: 'csv', detection };
    return {
      kind: 'unknown',
      why: /^\s*</.test(trimmed)
        ? 'looks like HTML or XML, not X12: no ISA at byte 0'
        : 'not an X12 interchange (no ISA at byte 0) nor a recognised CSV export (file-name prefix or header)',
    };
  }

  /**
   * Parse one file into `loader` inside the open transaction and push its ledger row. A QuarantineError (or any
   * failure while parsing) becomes a 'quarantined' result; the caller rolls the transaction back.
   */
  private async loadInto(
    file: string,
    lf: LandedFile,
    loader: BulkLoader,
    batchRemits: Map<string, RemitKnown>,
    retry: boolean,
  ): Promise<FileLoad> {
    const detected = await this.detect(lf);
    const findings: Finding[] = [];
    let skippedSets = 0;
    let duplicateOf: string | undefined;
    const fileRemits = new Map<string, RemitKnown>();
    const remits = this.remits!;
    loader.beginFile(lf.sha256);
    const rowsBefore = loader.rows;
    const ctx: LoadContext = {
      wh: this.wh,
      loader,
      fileSha256: lf.sha256,
      fileName: lf.fileName,
      config: this.opts.config,
      pseudonymizer: this.opts.pseudonymizer,
      finding: (f) => findings.push(f),
      remittance: (id: RemittanceIdentity) => {
        const key = remitKey(remitPayer(id), id.payee, id.traceNumber);
        const known = fileRemits.get(key) ?? batchRemits.get(key) ?? remits.get(key);
        const amount = cents(id.paymentAmount);
        if (!known) {
          fileRemits.set(key, { amountCents: amount, sha256: lf.sha256 });
          return 'load';
        }
        if (known.amountCents !== amount) {
          throw new QuarantineError(
            'DUP_TRN_CONFLICT',
            `payer ${id.payerKey} trace number TRN02 ${id.traceNumber} was already loaded with a different BPR02 payment amount: held for review`,
            { segOrdinal: id.segOrdinal, byteOffset: id.byteOffset, kind: 'x12_835' },
          );
        }
        skippedSets++;
        duplicateOf ??= known.sha256;
        findings.push({
          check_name: 'duplicate_resent_835',
          severity: 'warn',
          entity: 'remittance',
          key: `${id.payerKey}|${id.traceNumber}`,
          message: `re-sent remittance: payer ${id.payerKey} TRN02 ${id.traceNumber} was already loaded; its rows were not loaded again`,
          set_index: id.setIndex,
          seg_ordinal: id.segOrdinal,
        });
        return 'skip';
      },
      progress: (bytes) => this.opts.onProgress?.(file, bytes, lf.size),
    };
    const seq = ++this.loadSeq!;
    let outcome: ParseOutcome;
    try {
      if (detected.kind === 'unknown') throw new QuarantineError('UNKNOWN_FORMAT', detected.why, { segOrdinal: 0, byteOffset: 0 });
      if (detected.kind === 'x12') {
        // Chunks sized to the file: most 835/837 batches are tens of KB, and a 1 MiB buffer per file made the garbage
        // collector the largest cost of ingesting thousands of them. (The reader keeps views into the chunks, so
        // they cannot be one reused buffer.)
        const stream = fs.createReadStream(lf.path, { highWaterMark: Math.min(1 << 20, Math.max(lf.size, 1 << 12)) });
        outcome = await loadX12(stream as AsyncIterable<Buffer>, ctx);
      } else {
        outcome = await loadCsv(lf.path, detected.detection, ctx);
      }
    } catch (err) {
      const failure =
        err instanceof QuarantineError
          ? err
          : new QuarantineError('INTERNAL', `internal error while loading (please report): ${(err as Error).message}`);
      const kind = failure.position.kind ?? (detected.kind === 'csv' ? `csv_${detected.detection.entity}` : detected.kind === 'x12' ? 'x12' : 'unknown');
      const reason = formatReason(failure);
      const fields: LedgerFields = {
        kind,
        status: 'quarantined',
        reason,
        error_code: failure.code,
        seg_ordinal: failure.position.segOrdinal ?? null,
        byte_offset: failure.position.byteOffset ?? null,
        line_number: failure.position.lineNumber ?? null,
        rows: 0,
        load_seq: seq,
      };
      return {
        result: { file, sha256: lf.sha256, kind, status: 'quarantined', reason, code: failure.code, rows: 0, findings: 0 },
        remits: new Map(),
        ledger: { sha256: lf.sha256, status: 'quarantined', file_name: lf.fileName, kind },
        quarantine: fields,
      };
    }
    const rows = outcome.rows ?? loader.rows - rowsBefore;
    const allSkipped = skippedSets > 0 && rows === 0;
    if (findings.length) {
      const fsink = loader.sink(LOAD_FINDINGS, { escape: true });
      for (const f of findings) {
        fsink.push([lf.sha256, f.check_name, f.severity, f.entity, f.key, f.message, f.set_index ?? null, f.seg_ordinal ?? null]);
      }
    }
    const status: FileStatus = allSkipped ? 'duplicate' : 'loaded';
    const reason = allSkipped
      ? `re-sent remittance: every payment (payer + payee + TRN02) in it was already loaded`
      : skippedSets > 0
        ? `${skippedSets} re-sent payment set(s) skipped`
        : (outcome.note ?? null);
    const fields: LedgerFields = {
      kind: outcome.kind,
      status,
      reason,
      error_code: allSkipped ? 'DUP_TRN' : null,
      rows,
      load_seq: seq,
      duplicate_of: duplicateOf ?? null,
      business_key: outcome.businessKey ?? null,
    };
    if (retry) await this.wh.run('DELETE FROM raw.files WHERE sha256 = $1', [lf.sha256]);
    loader.sink(FILES, { escape: true }).push(this.ledgerValues(lf, fields));
    return {
      result: {
        file,
        sha256: lf.sha256,
        kind: outcome.kind,
        status,
        reason: reason ?? undefined,
        code: allSkipped ? 'DUP_TRN' : undefined,
        rows,
        findings: findings.length,
      },
      remits: fileRemits,
      ledger: { sha256: lf.sha256, status, file_name: lf.fileName, kind: outcome.kind },
    };
  }

  private ledgerValues(lf: LandedFile, row: LedgerFields): Cell[] {
    const values: Record<string, Cell> = {
      sha256: lf.sha256,
      file_name: lf.fileName,
      kind: row.kind,
      status: row.status,
      reason: row.reason,
      error_code: row.error_code,
      seg_ordinal: row.seg_ordinal ?? null,
      byte_offset: row.byte_offset ?? null,
      line_number: row.line_number ?? null,
      rows: row.rows,
      size_bytes: lf.size,
      received_at: ts(lf.receivedAt),
      loaded_at: ts(loadedStamp()),
      load_seq: row.load_seq,
      duplicate_of: row.duplicate_of ?? null,
      business_key: row.business_key ?? null,
      parser_version: VERSION,
    };
    return FILES.columns.map((c) => values[c.name] ?? null);
  }

  private async writeLedgerSql(lf: LandedFile, row: LedgerFields, retry: boolean): Promise<void> {
    if (retry) await this.wh.run('DELETE FROM raw.files WHERE sha256 = $1', [lf.sha256]);
    const literals = this.ledgerValues(lf, row).map((v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : sqlString(String(v))));
    await this.wh.run(`INSERT INTO raw.files (${FILES.columns.map((c) => c.name).join(', ')}) VALUES (${literals.join(', ')})`);
  }

  /** Keep a copy of a quarantined file and its reason in the quarantine folder (owner-only). */
  private quarantine(lf: LandedFile, reason: string): void {
    const dir = this.opts.paths.quarantine;
    makeDirs(dir, 0o700);
    const base = path.join(dir, `${lf.sha256.slice(0, 12)}__${lf.fileName}`);
    if (!fs.existsSync(base)) fs.copyFileSync(lf.path, base);
    fs.chmodSync(base, 0o600);
    fs.writeFileSync(`${base}.reason.txt`, `${reason}\n`, { mode: 0o600 });
  }

  private unquarantine(lf: LandedFile): void {
    const base = path.join(this.opts.paths.quarantine, `${lf.sha256.slice(0, 12)}__${lf.fileName}`);
    fs.rmSync(base, { force: true });
    fs.rmSync(`${base}.reason.txt`, { force: true });
  }
}

interface LedgerFields {
  kind: string;
  status: FileStatus;
  reason: string | null;
  error_code: string | null;
  seg_ordinal?: number | null;
  byte_offset?: number | null;
  line_number?: number | null;
  rows: number;
  load_seq: number;
  duplicate_of?: string | null;
  business_key?: string | null;
}

/** The first bytes of a file, for `detect` (used synchronously, so one buffer serves every file). */
const detectBuffer = Buffer.allocUnsafe(8192);

/** Make landed files durable before the transaction that records them commits: one filesystem sync for a batch. */
function syncLanding(dir: string, files: LandedFile[]): void {
  try {
    execFileSync('sync', ['-f', dir], { stdio: 'ignore', timeout: 30_000 });
    return;
  } catch {
    /* no coreutils sync -f: fsync the files one by one */
  }
  for (const f of files) {
    const fd = fs.openSync(f.path, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** "IK5-4 …message… (segment 41, byte 1234)" */
export function formatReason(e: QuarantineError): string {
  const where: string[] = [];
  if (e.position.lineNumber != null) where.push(`line ${e.position.lineNumber}`);
  if (e.position.segOrdinal != null && e.position.segOrdinal > 0) where.push(`segment ${e.position.segOrdinal}`);
  if (e.position.byteOffset != null) where.push(`byte ${e.position.byteOffset}`);
  return `${e.code}: ${e.message}${where.length ? ` (${where.join(', ')})` : ''}`;
}

export async function ingest(wh: Warehouse, inputs: string[], opts: IngestOptions): Promise<IngestResult[]> {
  return new Ingestor(wh, opts).ingestAll(inputs);
}
