/**
 * The CSV reader worker (see read-csv-in-worker.ts): reads the file, checks and parses it with `CsvRecordReader`, and
 * posts the records per 1 MB chunk, waiting for a credit from the main thread before each batch.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { QuarantineError } from '../types.ts';
import { FIELD_SEP, RECORD_SEP, type FromWorker, type WorkerInput } from './read-csv-in-worker.ts';
import { CHUNK_BYTES, CsvRecordReader } from './read-csv.ts';

const port = parentPort!;
const input = workerData as WorkerInput;
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let credits = input.credits;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
  wake = undefined;
});

// Records travel joined by separator characters unless the file holds one of them; then as arrays.
let joined = true;
let texts: string[] = [];
let arrays: string[][] = [];
let positions: number[] = [];
let unreadable: { from: number; to: number; oversized: boolean } | undefined;

const reader = new CsvRecordReader(input, {
  onHeader: (fields, line) => send({ t: 'header', fields, line }),
  onRecord: (fields, line, span) => {
    if (joined) texts.push(fields.join(FIELD_SEP));
    else arrays.push(fields);
    positions.push(line, span);
  },
  onUnreadable: (from, to, oversized) => (unreadable = { from, to, oversized }),
});

async function flush(bytes: number): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  const p = Uint32Array.from(positions);
  send({ t: 'rows', text: joined ? texts.join(RECORD_SEP) : null, records: joined ? null : arrays, positions: p, bytes }, [p.buffer]);
  texts = [];
  arrays = [];
  positions = [];
}

async function run(): Promise<void> {
  const stream = fs.createReadStream(input.filePath, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (joined && (chunk.indexOf(0x1e) !== -1 || chunk.indexOf(0x1f) !== -1)) joined = false;
    reader.push(chunk);
    await flush(reader.bytesRead);
  }
  const stats = await reader.end();
  if (positions.length) await flush(stats.bytes);
  if (unreadable) send({ t: 'unreadable', ...unreadable });
  send({ t: 'end', stats });
}

run().catch((err: unknown) => {
  send(
    err instanceof QuarantineError
      ? { t: 'error', code: err.code, message: err.message, lineNumber: err.position.lineNumber }
      : { t: 'error', message: `reading the CSV file failed: ${(err as Error)?.message ?? String(err)}` },
  );
});
