// Output: whole X12 files written at once (each is small: one clinic-day or one payer run) and CSV tables streamed
// through a buffered file descriptor, optionally split by month. Counts files and bytes per kind.

import { closeSync, openSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { yearMonth } from './dates.ts';
import { makeDirs } from '../make-dirs.ts';

export interface KindStats {
  files: number;
  bytes: number;
}

export class Sink {
  files = 0;
  bytes = 0;
  readonly byKind: Record<string, KindStats> = {};
  private readonly dirs = new Set<string>();

  constructor(readonly outDir: string) {}

  private ensureDir(dir: string): void {
    if (this.dirs.has(dir)) return;
    makeDirs(dir);
    this.dirs.add(dir);
  }

  account(kind: string, files: number, bytes: number): void {
    this.files += files;
    this.bytes += bytes;
    const k = (this.byKind[kind] ??= { files: 0, bytes: 0 });
    k.files += files;
    k.bytes += bytes;
  }

  private pending: Promise<void>[] = [];
  private pendingBytes = 0;
  private error: unknown = null;

  /**
   * Write a whole file. The write runs on libuv's thread pool while the simulation goes on (file creation is
   * syscall-heavy); `settle()` bounds how much is in flight. File contents never depend on write order.
   */
  writeFile(rel: string, kind: string, content: string): void {
    const path = join(this.outDir, rel);
    this.ensureDir(dirname(path));
    // Everything the X12 writers produce is ASCII, so latin1 is a byte-for-byte encoding.
    const p = writeFile(path, content, 'latin1').catch((e: unknown) => {
      this.error ??= e;
    });
    this.pending.push(p);
    this.pendingBytes += content.length;
    this.account(kind, 1, content.length);
  }

  /** True when enough writes are in flight that the caller should `settle()`. */
  get busy(): boolean {
    return this.pending.length >= 256 || this.pendingBytes >= 32 << 20;
  }

  /** Wait for every write in flight; rethrow the first failure. */
  async settle(): Promise<void> {
    const list = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await Promise.all(list);
    if (this.error) throw this.error;
  }

  openRaw(rel: string): number {
    const path = join(this.outDir, rel);
    this.ensureDir(dirname(path));
    return openSync(path, 'w');
  }
}

export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\n\r]/;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v.length > 0 && NEEDS_QUOTES.test(v)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

const FLUSH_AT = 1 << 20;

/** One EHR entity export: `ehr/<entity>.csv`, or `ehr/<entity>_YYYY-MM.csv` per month when `monthly`. */
export class CsvTable {
  private fd = -1;
  private month = '';
  private buf = '';
  private fileBytes = 0;
  private readonly headerLine: string;
  rows = 0;

  constructor(
    private readonly sink: Sink,
    readonly entity: string,
    header: readonly string[],
    private readonly monthly: boolean,
  ) {
    this.headerLine = header.join(',') + '\n';
  }

  /** Append a row; `day` picks the monthly file (rows must arrive in non-decreasing month order). */
  row(values: readonly Cell[], day = 0): void {
    const m = this.monthly ? yearMonth(day) : '';
    if (this.fd < 0 || m !== this.month) this.open(m);
    let line = '';
    for (let i = 0; i < values.length; i++) {
      if (i) line += ',';
      line += cell(values[i]);
    }
    this.buf += line + '\n';
    this.rows++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  }

  private open(month: string): void {
    this.close();
    this.month = month;
    const name = this.monthly ? `${this.entity}_${month}.csv` : `${this.entity}.csv`;
    this.fd = this.sink.openRaw(join('ehr', name));
    this.fileBytes = 0;
    this.buf = this.headerLine;
  }

  private flush(): void {
    if (this.fd < 0 || this.buf.length === 0) return;
    const b = Buffer.from(this.buf, 'utf8');
    writeSync(this.fd, b);
    this.fileBytes += b.length;
    this.buf = '';
  }

  /** Make sure the file exists even when it has no rows (header only). */
  ensure(day = 0): void {
    if (this.fd < 0) this.open(this.monthly ? yearMonth(day) : '');
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.sink.account(`csv_${this.entity}`, 1, this.fileBytes);
    this.fd = -1;
  }
}

/** Column headers of the EHR exports, exactly as DESIGN.md §5 names them. */
export const CSV_HEADERS = {
  clinics: ['clinic_id', 'clinic_name', 'billing_npi', 'tin', 'timezone'],
  providers: ['provider_npi', 'clinic_id', 'discipline', 'display_name'],
  payers: ['payer_id', 'payer_name', 'financial_class', 'x12_payer_id', 'requires_auth', 'auth_exempt_visits', 'in_network', 'timely_filing_days'],
  fee_schedule: ['payer_id', 'cpt', 'modifier', 'allowed_amount', 'effective_from', 'effective_to'],
  visits: ['visit_id', 'clinic_id', 'patient_id', 'provider_npi', 'visit_date', 'visit_type', 'status', 'payer_id', 'claim_id', 'documented_at', 'charge_entered_at', 'minutes'],
  appointments: ['appointment_id', 'patient_id', 'scheduled_date', 'payer_id', 'status'],
  authorizations: ['auth_id', 'patient_id', 'payer_id', 'status', 'requested_on', 'decided_on', 'start_date', 'end_date', 'approved_visits', 'requested_visits', 'previous_auth_id'],
  payments: ['payment_id', 'source', 'amount', 'received_on', 'posted_on', 'method', 'payer_id', 'patient_id', 'claim_id', 'visit_id', 'trace_number'],
  credentialing: ['provider_npi', 'payer_id', 'status', 'applied_on', 'effective_on', 'terminated_on'],
  denial_actions: ['claim_id', 'action', 'action_on', 'amount', 'note'],
} as const;

export type CsvEntity = keyof typeof CSV_HEADERS;
