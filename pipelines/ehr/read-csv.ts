/**
 * Streaming CSV reading with csv-parse: records with the physical line they start on (header = line 1).
 *
 * - UTF-8 with or without BOM (or Latin-1 when a mapping declares it), CRLF or LF, quoted fields with delimiters,
 *   quotes and line breaks inside. Content that is binary (a NUL byte) or not valid UTF-8 is structurally wrong:
 *   CSV_STRUCTURAL with the line of the first bad byte.
 * - Lines are counted here, not by csv-parse (whose counter counts a CRLF inside a quoted field twice): a record
 *   spans 1 + the line breaks inside its fields.
 * - Quoting is relaxed (a stray quote inside an unquoted field is kept as text) and column counts are checked by the
 *   caller, so a bad row never stops the parse. The one thing that does is a quote that is never closed (or a record
 *   over `MAX_RECORD_BYTES`): the rest of the file is then reported as unreadable, from the line that record starts.
 * - Memory stays bounded: the file is read in 1 MB chunks; the records of a chunk are handed over synchronously right
 *   after it is parsed, then `onBatch` is awaited (the bulk loader drains) before the next chunk is read.
 * - Files of `csvReading.workerMinBytes` or more are parsed by a worker thread (`read-csv-in-worker.ts`), so csv-parse
 *   runs beside validation on a 2-core machine; the handlers still run on the calling thread, in file order.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { QuarantineError } from '../types.ts';
import { readCsvInWorker } from './read-csv-in-worker.ts';

export const MAX_RECORD_BYTES = 4 * 1024 * 1024;
export const CHUNK_BYTES = 1 << 20;

export interface ReadOptions extends Dialect, RecordHandlers {
  /** Awaited after each 1 MB chunk (or worker batch) and at the end: bytes of the file read so far. */
  onBatch(bytesRead: number): Promise<void>;
}

export interface ReadStats {
  /** Physical lines in the file. */
  lines: number;
  /** Blank lines (or lines of empty fields only) that were skipped. */
  blankLines: number;
  bytes: number;
}

export const structural = (message: string, lineNumber: number) => new QuarantineError('CSV_STRUCTURAL', message, { lineNumber });

function countNewlines(buf: Buffer, end = buf.length): number {
  let n = 0;
  let i = buf.indexOf(10);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

/** Trailing bytes of `buf` that start a UTF-8 sequence not yet complete (0–3). */
function incompleteTail(buf: Buffer): number {
  for (let i = 1; i <= 3 && i <= buf.length; i++) {
    const b = buf[buf.length - i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > i ? i : 0;
  }
  return 0;
}

/** Offset of the first byte that breaks UTF-8 (only called once a buffer is known to be invalid). */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= buf.length || (buf[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}

/** Line breaks inside a record's fields (CRLF, LF or CR each count once). */
function breaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.indexOf('\n') === -1 && f.indexOf('\r') === -1) continue;
    for (let i = 0; i < f.length; i++) {
      const c = f.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13) {
        n++;
        if (f.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return n;
}

function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}

/** The record callbacks of a read. */
export interface RecordHandlers {
  /** Called with the header record (the first non-blank record) and its line. May throw a QuarantineError. */
  onHeader(fields: string[], line: number): void;
  /** Called for every other non-blank record: its first line and the number of physical lines it spans. */
  onRecord(fields: string[], line: number, span: number): void;
  /** The rest of the file, from `fromLine` to `toLine`, could not be parsed: a quote never closed, or a record over
   * MAX_RECORD_BYTES (`oversized`; usually a quote closed far too late). */
  onUnreadable(fromLine: number, toLine: number, oversized: boolean): void;
}

export interface Dialect {
  delimiter: string;
  encoding: 'utf-8' | 'latin1';
}

/**
 * The reading logic, fed chunk by chunk and calling the handlers synchronously: used on the main thread for small
 * files and inside the reader worker for large ones (`read-csv-worker.ts`).
 */
export class CsvRecordReader {
  private readonly checkUtf8: boolean;
  private readonly parser: ReturnType<typeof parse>;
  private bytes = 0;
  private newlines = 0;
  private lastByte = -1;
  // A field can hold a line break only inside quotes: until a quote has gone to the parser, no record spans lines.
  private quoted = false;
  private carry: Buffer | undefined;
  private nextLine = 1;
  private blankLines = 0;
  private header = false;
  private consumed = 0;
  // csv-parse messages can quote a field value (PHI): keep only its code.
  private failure: QuarantineError | undefined;
  // With relaxed quotes and column counts, the only records csv-parse skips are an unclosed quote and an oversized
  // record: the rest of the file is unreadable from there. `skip` fires while a chunk is parsed, before the records
  // parsed earlier are read, so remember how many came before it.
  private unreadableFrom: number | undefined;
  private oversized = false;

  constructor(
    dialect: Dialect,
    private readonly h: RecordHandlers,
  ) {
    this.checkUtf8 = dialect.encoding === 'utf-8';
    this.parser = parse({
      bom: true,
      delimiter: dialect.delimiter,
      encoding: this.checkUtf8 ? 'utf8' : 'latin1',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
    });
    this.parser.on('error', (err: Error & { code?: string }) => {
      this.failure ??= structural(`the file cannot be parsed as CSV (${err.code ?? 'parser error'})`, this.nextLine);
    });
    this.parser.on('skip', (err: { code?: string }) => {
      if (this.unreadableFrom !== undefined) return;
      this.unreadableFrom = this.parser.info.records;
      this.oversized = err.code === 'CSV_MAX_RECORD_SIZE';
    });
  }

  /** Bytes of the file read so far. */
  get bytesRead(): number {
    return this.bytes;
  }

  /** Check and parse the next chunk of the file; the handlers get its records before this returns. */
  push(chunk: Buffer): void {
    this.check(chunk);
    this.parser.write(chunk);
    this.take();
  }

  /** The end of the file: the last record, the final checks. */
  async end(): Promise<ReadStats> {
    if (this.carry) throw structural('not valid UTF-8 text: the file ends inside a multi-byte character', this.newlines + 1);
    const finished = new Promise<void>((resolve) => this.parser.once('finish', resolve));
    this.parser.end();
    await finished;
    this.take();
    const lines = this.newlines + (this.bytes > 0 && this.lastByte !== 10 ? 1 : 0);
    if (!this.header) {
      throw structural(
        this.unreadableFrom !== undefined ? 'the header row cannot be read: a quote in it is never closed' : 'no header row: the file has no column names',
        1,
      );
    }
    if (this.unreadableFrom !== undefined) this.h.onUnreadable(this.nextLine, Math.max(this.nextLine, lines), this.oversized);
    return { lines, blankLines: this.blankLines, bytes: this.bytes };
  }

  destroy(): void {
    this.parser.destroy();
  }

  private check(chunk: Buffer): void {
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      throw structural('binary content (a NUL byte): not a CSV text file', this.newlines + countNewlines(chunk, nul) + 1);
    }
    if (this.checkUtf8) {
      const carry = this.carry;
      const whole = carry ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(whole);
      const body = tail ? whole.subarray(0, whole.length - tail) : whole;
      if (!isUtf8(body)) {
        const at = firstInvalidUtf8(body);
        const line = this.newlines - (carry ? countNewlines(carry) : 0) + countNewlines(body, at) + 1;
        throw structural('not valid UTF-8 text (declare `"encoding": "latin1"` in a csv mapping for Latin-1 exports)', line);
      }
      this.carry = tail ? Buffer.from(whole.subarray(whole.length - tail)) : undefined;
    }
    this.bytes += chunk.length;
    this.newlines += countNewlines(chunk);
    if (chunk.length) this.lastByte = chunk[chunk.length - 1]!;
    if (!this.quoted && chunk.indexOf(34) !== -1) this.quoted = true;
  }

  /** Hand over the records parsed so far (synchronously: no promise per record). */
  private take(): void {
    let record: string[] | null;
    while ((record = this.parser.read() as string[] | null) !== null) {
      if (this.unreadableFrom !== undefined && this.consumed >= this.unreadableFrom) continue;
      this.consumed++;
      const line = this.nextLine;
      const span = this.quoted ? 1 + breaksIn(record) : 1;
      this.nextLine += span;
      if (isBlank(record)) {
        this.blankLines += span;
      } else if (!this.header) {
        this.header = true;
        this.h.onHeader(record, line);
      } else {
        this.h.onRecord(record, line, span);
      }
    }
    if (this.failure) throw this.failure;
  }
}

/**
 * Files of `workerMinBytes` or more are read by a worker thread (csv-parse off the main thread; starting one costs a
 * few hundred ms, which only pays off on large files); `workerReads` counts them (diagnostics, tests).
 */
export const csvReading = { workerMinBytes: 8 * 2 ** 20, workerReads: 0 };

export async function readCsv(filePath: string, opts: ReadOptions): Promise<ReadStats> {
  if (fs.statSync(filePath).size >= csvReading.workerMinBytes) {
    csvReading.workerReads++;
    return readCsvInWorker(filePath, opts);
  }
  const reader = new CsvRecordReader(opts, opts);
  const input = fs.createReadStream(filePath, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      reader.push(chunk);
      await opts.onBatch(reader.bytesRead);
    }
    const stats = await reader.end();
    await opts.onBatch(stats.bytes);
    return stats;
  } finally {
    input.destroy();
    reader.destroy();
  }
}
