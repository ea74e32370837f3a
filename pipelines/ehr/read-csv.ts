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
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { QuarantineError } from '../types.ts';

export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

export interface ReadOptions {
  delimiter: string;
  encoding: 'utf-8' | 'latin1';
  /** Called with the header record (the first non-blank record) and its line. May throw a QuarantineError. */
  onHeader(fields: string[], line: number): void;
  /** Called for every other non-blank record: its first line and the number of physical lines it spans. */
  onRecord(fields: string[], line: number, span: number): void;
  /** The rest of the file, from `fromLine` to `toLine`, could not be parsed: a quote never closed, or a record over
   * MAX_RECORD_BYTES (`oversized`; usually a quote closed far too late). */
  onUnreadable(fromLine: number, toLine: number, oversized: boolean): void;
  /** Awaited after each 1 MB chunk and at the end: bytes of the file read so far. */
  onBatch(bytesRead: number): Promise<void>;
}

export interface ReadStats {
  /** Physical lines in the file. */
  lines: number;
  /** Blank lines (or lines of empty fields only) that were skipped. */
  blankLines: number;
  bytes: number;
}

const structural = (message: string, lineNumber: number) => new QuarantineError('CSV_STRUCTURAL', message, { lineNumber });

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

export async function readCsv(filePath: string, opts: ReadOptions): Promise<ReadStats> {
  const checkUtf8 = opts.encoding === 'utf-8';
  let bytes = 0;
  let newlines = 0;
  let lastByte = -1;
  // A field can hold a line break only inside quotes: until a quote has gone to the parser, no record spans lines.
  let quoted = false;
  let carry: Buffer | undefined;
  let nextLine = 1;
  let blankLines = 0;
  let header = false;
  let consumed = 0;

  const parser = parse({
    bom: true,
    delimiter: opts.delimiter,
    encoding: checkUtf8 ? 'utf8' : 'latin1',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  // csv-parse messages can quote a field value (PHI): keep only its code.
  let failure: QuarantineError | undefined;
  parser.on('error', (err: Error & { code?: string }) => {
    failure ??= structural(`the file cannot be parsed as CSV (${err.code ?? 'parser error'})`, nextLine);
  });
  // With relaxed quotes and column counts, the only records csv-parse skips are an unclosed quote and an oversized
  // record: the rest of the file is unreadable from there. `skip` fires while a chunk is parsed, before the records
  // parsed earlier are read, so remember how many came before it.
  let unreadableFrom: number | undefined;
  let oversized = false;
  parser.on('skip', (err: { code?: string }) => {
    if (unreadableFrom !== undefined) return;
    unreadableFrom = parser.info.records;
    oversized = err.code === 'CSV_MAX_RECORD_SIZE';
  });

  const check = (chunk: Buffer) => {
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      throw structural('binary content (a NUL byte): not a CSV text file', newlines + countNewlines(chunk, nul) + 1);
    }
    if (checkUtf8) {
      const whole = carry ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(whole);
      const body = tail ? whole.subarray(0, whole.length - tail) : whole;
      if (!isUtf8(body)) {
        const at = firstInvalidUtf8(body);
        const line = newlines - (carry ? countNewlines(carry) : 0) + countNewlines(body, at) + 1;
        throw structural('not valid UTF-8 text (declare `"encoding": "latin1"` in a csv mapping for Latin-1 exports)', line);
      }
      carry = tail ? Buffer.from(whole.subarray(whole.length - tail)) : undefined;
    }
    bytes += chunk.length;
    newlines += countNewlines(chunk);
    if (chunk.length) lastByte = chunk[chunk.length - 1]!;
    if (!quoted && chunk.indexOf(34) !== -1) quoted = true;
  };

  /** Hand over the records parsed so far (synchronously: no promise per record). */
  const take = () => {
    let record: string[] | null;
    while ((record = parser.read() as string[] | null) !== null) {
      if (unreadableFrom !== undefined && consumed >= unreadableFrom) continue;
      consumed++;
      const line = nextLine;
      const span = quoted ? 1 + breaksIn(record) : 1;
      nextLine += span;
      if (isBlank(record)) {
        blankLines += span;
      } else if (!header) {
        header = true;
        opts.onHeader(record, line);
      } else {
        opts.onRecord(record, line, span);
      }
    }
    if (failure) throw failure;
  };

  const input = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      check(chunk);
      parser.write(chunk);
      take();
      await opts.onBatch(bytes);
    }
    if (carry) throw structural('not valid UTF-8 text: the file ends inside a multi-byte character', newlines + 1);
    const finished = new Promise<void>((resolve) => parser.once('finish', resolve));
    parser.end();
    await finished;
    take();
  } finally {
    input.destroy();
    parser.destroy();
  }
  const lines = newlines + (bytes > 0 && lastByte !== 10 ? 1 : 0);
  if (!header) {
    throw structural(unreadableFrom !== undefined ? 'the header row cannot be read: a quote in it is never closed' : 'no header row: the file has no column names', 1);
  }
  if (unreadableFrom !== undefined) opts.onUnreadable(nextLine, Math.max(nextLine, lines), oversized);
  await opts.onBatch(bytes);
  return { lines, blankLines, bytes };
}
