/**
 * Ingest: detect type → land (content-addressed copy) → parse/validate → load in ONE transaction per file, together
 * with the file's ledger row. Files end loaded, duplicate or quarantined (with a rule-named reason and position);
 * nothing of a quarantined file is loaded, and re-running is always safe.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config, Paths } from '../src/config.ts';
import { FILES, LOAD_FINDINGS } from '../src/db/raw-schema.ts';
import { sqlString, type Warehouse } from '../src/db/warehouse.ts';
import type { Pseudonymizer } from '../src/pseudonym.ts';
import { VERSION } from '../src/version.ts';
import { detectCsv, loadCsv } from './ehr/index.ts';
import { land, type LandedFile } from './ledger/landing.ts';
import { BulkLoader } from './load/sink.ts';
import { QuarantineError, type Finding, type LoadContext, type ParseOutcome, type RemittanceIdentity } from './types.ts';
import { loadX12 } from './x12/index.ts';

export type FileStatus = 'loaded' | 'duplicate' | 'quarantined';

export interface IngestResult {
  file: string;
  sha256: string;
  kind: string;
  status: FileStatus;
  /** For duplicate / quarantined files: why. */
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
}

/** Expand folders recursively; skip hidden files and files still being written (*.part, *.tmp, *.partial). */
export function expandPaths(inputs: string[], exclude: readonly string[] = []): string[] {
  const out: string[] = [];
  const skip = new Set(exclude.map((p) => path.resolve(p)));
  const walk = (p: string) => {
    if (skip.has(path.resolve(p))) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name.startsWith('.')) continue;
        walk(path.join(p, name));
      }
    } else if (st.isFile()) {
      if (/\.(part|partial|tmp|crdownload)$/i.test(p)) return;
      out.push(p);
    }
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new Error(`${input}: no such file or folder`);
    walk(input);
  }
  return out;
}

interface LedgerRow {
  sha256: string;
  status: FileStatus;
  file_name: string;
  kind: string;
}

type RemitKnown = { amountCents: bigint; sha256: string };

function cents(amount: string): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!m) return 0n;
  const frac = ((m[3] ?? '') + '00').slice(0, 2);
  const v = BigInt((m[2] || '0') + frac);
  return m[1] ? -v : v;
}

/** Ingests files one by one into an open read-write warehouse. */
export class Ingestor {
  private remits: Map<string, RemitKnown> | undefined;
  private loadSeq: number | undefined;

  constructor(
    private readonly wh: Warehouse,
    private readonly opts: IngestOptions,
  ) {}

  private async nextLoadSeq(): Promise<number> {
    if (this.loadSeq === undefined) {
      const r = await this.wh.one<{ n: number | null }>('SELECT max(load_seq)::INTEGER AS n FROM raw.files');
      this.loadSeq = r?.n ?? 0;
    }
    return ++this.loadSeq;
  }

  private async knownRemits(): Promise<Map<string, RemitKnown>> {
    if (!this.remits) {
      const rows = await this.wh.all<{ payer_key: string; trace_number: string; amount: string; file_sha256: string }>(
        `SELECT payer_key, trace_number, payment_amount::VARCHAR AS amount, file_sha256 FROM raw.x12_835_remittances`,
      );
      this.remits = new Map(rows.map((r) => [`${r.payer_key}|${r.trace_number}`, { amountCents: cents(r.amount), sha256: r.file_sha256 }]));
    }
    return this.remits;
  }

  async ingestAll(inputs: string[]): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    const p = this.opts.paths;
    // Never ingest the warehouse's own files when a user points at the data folder.
    const own = [p.landing, p.quarantine, p.archive, p.state, p.db, `${p.db}.wal`, p.lock, p.keyFile];
    for (const file of expandPaths(inputs, own)) {
      const r = await this.ingestFile(file);
      results.push(r);
      this.opts.onFile?.(r);
    }
    return results;
  }

  async ingestFile(file: string, landed?: LandedFile): Promise<IngestResult> {
    const lf = landed ?? (await land(file, this.opts.paths.landing));
    const existing = await this.wh.one<LedgerRow>('SELECT sha256, status, file_name, kind FROM raw.files WHERE sha256 = $1', [lf.sha256]);
    if (existing && existing.status !== 'quarantined') {
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
    return this.process(file, lf, existing !== undefined);
  }

  private async detect(lf: LandedFile): Promise<{ kind: 'x12' } | { kind: 'csv'; detection: NonNullable<ReturnType<typeof detectCsv>> } | { kind: 'unknown'; why: string }> {
    const fd = fs.openSync(lf.path, 'r');
    const head = Buffer.alloc(8192);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    if (n === 0) return { kind: 'unknown', why: 'empty file (0 bytes): no ISA at byte 0' };
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

  private async process(file: string, lf: LandedFile, retry: boolean): Promise<IngestResult> {
    const wh = this.wh;
    const detected = await this.detect(lf);
    const findings: Finding[] = [];
    let skippedSets = 0;
    let duplicateOf: string | undefined;
    const pendingRemits = new Map<string, RemitKnown>();
    const remits = await this.knownRemits();
    const loader = new BulkLoader(wh, lf.sha256);
    const ctx: LoadContext = {
      wh,
      loader,
      fileSha256: lf.sha256,
      fileName: lf.fileName,
      config: this.opts.config,
      pseudonymizer: this.opts.pseudonymizer,
      finding: (f) => findings.push(f),
      remittance: (id: RemittanceIdentity) => {
        const key = `${id.payerKey}|${id.traceNumber}`;
        const known = pendingRemits.get(key) ?? remits.get(key);
        const amount = cents(id.paymentAmount);
        if (!known) {
          pendingRemits.set(key, { amountCents: amount, sha256: lf.sha256 });
          return 'load';
        }
        if (known.amountCents !== amount) {
          throw new QuarantineError(
            'DUP_TRN_CONFLICT',
            `payer ${id.payerKey} trace number TRN02 ${id.traceNumber} was already loaded with a different BPR02 payment amount: held for review`,
            { segOrdinal: id.segOrdinal },
          );
        }
        skippedSets++;
        duplicateOf ??= known.sha256;
        findings.push({
          check_name: 'duplicate_resent_835',
          severity: 'warn',
          entity: 'remittance',
          key: key,
          message: `re-sent remittance: payer ${id.payerKey} TRN02 ${id.traceNumber} was already loaded; its rows were not loaded again`,
          set_index: id.setIndex,
          seg_ordinal: id.segOrdinal,
        });
        return 'skip';
      },
      progress: (bytes) => this.opts.onProgress?.(file, bytes, lf.size),
    };

    let outcome: ParseOutcome | undefined;
    let failure: QuarantineError | undefined;
    const seq = await this.nextLoadSeq();
    await wh.run('BEGIN TRANSACTION');
    try {
      if (detected.kind === 'unknown') throw new QuarantineError('UNKNOWN_FORMAT', detected.why, { segOrdinal: 0, byteOffset: 0 });
      if (detected.kind === 'x12') {
        const stream = fs.createReadStream(lf.path, { highWaterMark: 1 << 20 });
        outcome = await loadX12(stream as AsyncIterable<Buffer>, ctx);
      } else {
        outcome = await loadCsv(lf.path, detected.detection, ctx);
      }
      const allSkipped = skippedSets > 0 && loader.rows === 0;
      if (findings.length) {
        const fsink = loader.sink(LOAD_FINDINGS, { escape: true });
        for (const f of findings) {
          fsink.push([lf.sha256, f.check_name, f.severity, f.entity, f.key, f.message, f.set_index ?? null, f.seg_ordinal ?? null]);
        }
      }
      await loader.finish();
      const status: FileStatus = allSkipped ? 'duplicate' : 'loaded';
      const reason = allSkipped
        ? `re-sent remittance: every payment (payer + TRN02) in it was already loaded`
        : skippedSets > 0
          ? `${skippedSets} re-sent payment set(s) skipped`
          : (outcome.note ?? null);
      await this.writeLedger(lf, {
        kind: outcome.kind,
        status,
        reason,
        error_code: allSkipped ? 'DUP_TRN' : null,
        rows: loader.rows,
        load_seq: seq,
        duplicate_of: duplicateOf ?? null,
        business_key: outcome.businessKey ?? null,
        retry,
      });
      await wh.run('COMMIT');
      for (const [k, v] of pendingRemits) remits.set(k, v);
      if (status === 'loaded') this.unquarantine(lf);
      return { file, sha256: lf.sha256, kind: outcome.kind, status, reason: reason ?? undefined, code: allSkipped ? 'DUP_TRN' : undefined, rows: loader.rows, findings: findings.length };
    } catch (err) {
      await wh.run('ROLLBACK').catch(() => undefined);
      failure =
        err instanceof QuarantineError
          ? err
          : new QuarantineError('INTERNAL', `internal error while loading (please report): ${(err as Error).message}`);
    } finally {
      await loader.dispose();
    }

    // Quarantine: the ledger row alone, in its own transaction.
    const kind = outcome?.kind ?? failure.position.kind ?? (detected.kind === 'csv' ? `csv_${detected.detection.entity}` : detected.kind === 'x12' ? 'x12' : 'unknown');
    const reason = formatReason(failure);
    await wh.transaction(() =>
      this.writeLedger(lf, {
        kind,
        status: 'quarantined',
        reason,
        error_code: failure.code,
        seg_ordinal: failure.position.segOrdinal ?? null,
        byte_offset: failure.position.byteOffset ?? null,
        line_number: failure.position.lineNumber ?? null,
        rows: 0,
        load_seq: seq,
        retry,
      }),
    );
    this.quarantine(lf, reason);
    return { file, sha256: lf.sha256, kind, status: 'quarantined', reason, code: failure.code, rows: 0, findings: 0 };
  }

  private async writeLedger(
    lf: LandedFile,
    row: {
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
      retry: boolean;
    },
  ): Promise<void> {
    if (row.retry) await this.wh.run('DELETE FROM raw.files WHERE sha256 = $1', [lf.sha256]);
    const values: Record<string, unknown> = {
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
      received_at: lf.receivedAt,
      loaded_at: new Date().toISOString(),
      load_seq: row.load_seq,
      duplicate_of: row.duplicate_of ?? null,
      business_key: row.business_key ?? null,
      parser_version: VERSION,
    };
    const cols = FILES.columns.map((c) => c.name);
    const literals = cols.map((c) => {
      const v = values[c];
      if (v === null || v === undefined) return 'NULL';
      if (typeof v === 'number') return String(v);
      return sqlString(String(v));
    });
    await this.wh.run(`INSERT INTO raw.files (${cols.join(', ')}) VALUES (${literals.join(', ')})`);
  }

  /** Keep a copy of a quarantined file and its reason in the quarantine folder (owner-only). */
  private quarantine(lf: LandedFile, reason: string): void {
    const dir = this.opts.paths.quarantine;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
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
