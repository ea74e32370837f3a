/**
 * Structured logs of the scheduler: one JSON object per line (ts, level, event, then fields such as job, run,
 * scheduled_for, sha256, code, counts, ms), on stderr and appended to `<data>/logs/schedule-YYYY-MM-DD.jsonl`.
 *
 * Never patient data: files are named by a sha256 prefix (the ledger maps it to the file name), errors by a code and
 * a redacted first line (quoted literals removed, length capped). File contents, row values and file names are never
 * logged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDirs } from '../../src/make-dirs.ts';

export type Level = 'info' | 'warn' | 'error';
export type LogValue = string | number | boolean | null | undefined | Array<string | number>;
export type LogFields = Record<string, LogValue>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** Where the log lines go, for the start-up message. */
  readonly targets: string[];
}

/** Length of the sha256 prefix in logs (48 bits: unique within any clinic's file count). */
export const SHA_PREFIX = 12;

/**
 * First line of an error message with quoted literals ('…', "…") replaced and the length capped: database errors can
 * quote key values, which must not reach a log.
 */
export function redactMessage(message: unknown): string {
  const first = String((message as Error)?.message ?? message ?? '').split('\n')[0] ?? '';
  // An apostrophe inside a word (can't) does not open a literal.
  const redacted = first.replace(/(?<![A-Za-z])'[^']*'/g, "'…'").replace(/"[^"]*"/g, '"…"');
  return redacted.length > 240 ? `${redacted.slice(0, 239)}…` : redacted;
}

function normalise(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (k === 'sha256' && typeof v === 'string') out[k] = v.slice(0, SHA_PREFIX);
    else if (k === 'error' && v !== null) out[k] = redactMessage(v);
    else out[k] = v;
  }
  return out;
}

export interface LoggerOptions {
  /** Folder for the daily JSON-lines files; none: stderr only. */
  dir?: string;
  /** Default process.stderr; null: no stream. */
  stream?: NodeJS.WritableStream | null;
  clock?: () => Date;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const clock = opts.clock ?? (() => new Date());
  const stream = opts.stream === undefined ? process.stderr : opts.stream;
  if (opts.dir) makeDirs(opts.dir, 0o700);
  const fileFor = (d: Date) => path.join(opts.dir!, `schedule-${d.toISOString().slice(0, 10)}.jsonl`);
  let fileFailed = false;
  const write = (level: Level, event: string, fields: LogFields = {}) => {
    const now = clock();
    const line = `${JSON.stringify({ ts: now.toISOString(), level, event, ...normalise(fields) })}\n`;
    stream?.write(line);
    if (opts.dir && !fileFailed) {
      try {
        fs.appendFileSync(fileFor(now), line, { mode: 0o600 });
      } catch (err) {
        // A full disk must not stop the scheduler; say so once on the stream.
        fileFailed = true;
        stream?.write(`${JSON.stringify({ ts: now.toISOString(), level: 'error', event: 'log_file_failed', code: (err as NodeJS.ErrnoException).code ?? 'EIO' })}\n`);
      }
    }
  };
  const targets = [stream ? 'stderr' : undefined, opts.dir ? path.join(opts.dir, 'schedule-YYYY-MM-DD.jsonl') : undefined].filter(
    (t): t is string => t !== undefined,
  );
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
    targets,
  };
}

/** A logger that keeps the records in memory (tests, `--run` summaries). */
export function memoryLogger(): Logger & { records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const push = (level: Level) => (event: string, fields: LogFields = {}) => {
    records.push({ ts: new Date().toISOString(), level, event, ...normalise(fields) });
  };
  return { info: push('info'), warn: push('warn'), error: push('error'), targets: ['memory'], records };
}
