/**
 * Reading a large CSV file in a worker thread: csv-parse (the biggest cost of a load) runs on the other core, beside
 * validation and the bulk loader on this one.
 *
 * The worker (`read-csv-worker.ts`) runs the same `CsvRecordReader` as the in-thread path and posts, per 1 MB chunk,
 * the records with their line numbers: joined with the ASCII unit / record separators (one string: cheap to post and to
 * split), or as arrays once the file turns out to contain those control characters. The handlers are called here, in
 * file order, exactly as in-thread. The worker reads ahead at most `CREDITS` batches (memory stays bounded), and a
 * QuarantineError in the worker is re-thrown here as such.
 */
import { Worker } from 'node:worker_threads';
import { QuarantineError } from '../types.ts';
import type { Dialect, ReadOptions, ReadStats } from './read-csv.ts';

export const FIELD_SEP = '\x1f';
export const RECORD_SEP = '\x1e';
const CREDITS = 4;

export interface WorkerInput extends Dialect {
  filePath: string;
  credits: number;
}

/** Messages from the worker. The main thread answers each `rows` message with a credit once it is processed. */
export type FromWorker =
  | { t: 'header'; fields: string[]; line: number }
  | { t: 'rows'; text: string | null; records: string[][] | null; positions: Uint32Array; bytes: number }
  | { t: 'unreadable'; from: number; to: number; oversized: boolean }
  | { t: 'end'; stats: ReadStats }
  | { t: 'error'; code?: string; message: string; lineNumber?: number };

export async function readCsvInWorker(filePath: string, opts: ReadOptions): Promise<ReadStats> {
  const workerData: WorkerInput = { filePath, delimiter: opts.delimiter, encoding: opts.encoding, credits: CREDITS };
  const worker = new Worker(new URL('./read-csv-worker.js', import.meta.url), { workerData });
  const inbox: FromWorker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: FromWorker) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (err: Error) => {
    failure ??= err;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the CSV reader worker stopped (exit code ${code})`);
    notify();
  });
  const next = async (): Promise<FromWorker> => {
    while (inbox.length === 0) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return inbox.shift()!;
  };

  try {
    for (;;) {
      const m = await next();
      switch (m.t) {
        case 'header':
          opts.onHeader(m.fields, m.line);
          break;
        case 'rows': {
          const p = m.positions;
          if (m.records) {
            for (let i = 0; i < m.records.length; i++) opts.onRecord(m.records[i]!, p[2 * i]!, p[2 * i + 1]!);
          } else if (p.length > 0) {
            const records = m.text!.split(RECORD_SEP);
            for (let i = 0; i < records.length; i++) opts.onRecord(records[i]!.split(FIELD_SEP), p[2 * i]!, p[2 * i + 1]!);
          }
          await opts.onBatch(m.bytes);
          worker.postMessage(1);
          break;
        }
        case 'unreadable':
          opts.onUnreadable(m.from, m.to, m.oversized);
          break;
        case 'error':
          throw m.code ? new QuarantineError(m.code, m.message, { lineNumber: m.lineNumber }) : new Error(m.message);
        case 'end':
          await opts.onBatch(m.stats.bytes);
          return m.stats;
      }
    }
  } finally {
    await worker.terminate();
  }
}
