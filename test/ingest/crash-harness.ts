/**
 * The crash harness: run `revcycle ingest` as a child process (the real bin/revcycle.js), SIGKILL it at a point in
 * time or at a named crash point (src/testing/crash-point.ts), then inspect what it left behind: the WAL, the lock
 * file, the landing zone, the last crash point the process reached (from its trace).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from '../helpers/cli.ts';

/** Every child runs with a fixed pseudonym key (patient keys, hence row fingerprints, equal across runs). */
const BASE_ENV: Record<string, string> = {
  REVCYCLE_PSEUDONYM_KEY: 'revcycle-crash-test-key',
  // A run that waits for a lock instead of breaking a stale one fails fast.
  REVCYCLE_LOCK_TIMEOUT_MS: '5000',
  // The batch shape the inputs are built around (crash.test.ts BATCH).
  REVCYCLE_INGEST_BATCH_FILES: '64',
};

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
  pid: number;
  startedAt: number;
}

export interface RunOptions {
  /** REVCYCLE_CRASH_AT for the child. */
  crashAt?: string;
  /** SIGKILL the child this many ms after spawn. */
  killAfterMs?: number;
  /**
   * Called with the child's trace (read every few ms while it runs) until it returns a delay: the child is then
   * SIGKILLed that many ms later. Lets a kill follow the child's own progress instead of the wall clock.
   */
  killWhen?: (trace: TracePoint[], elapsedMs: number) => number | undefined;
  /** REVCYCLE_CRASH_TRACE for the child. */
  trace?: string;
  cwd: string;
}

/** Run `revcycle <args>` in a child; resolves when it has exited (normally or killed). */
export function runChild(args: string[], opts: RunOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, ...BASE_ENV };
    delete env.REVCYCLE_CRASH_AT;
    delete env.REVCYCLE_CRASH_TRACE;
    delete env.REVCYCLE_DB;
    delete env.REVCYCLE_CONFIG;
    if (opts.crashAt) env.REVCYCLE_CRASH_AT = opts.crashAt;
    if (opts.trace) env.REVCYCLE_CRASH_TRACE = opts.trace;
    const startedAt = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : undefined;
    let poll: NodeJS.Timeout | undefined;
    if (opts.killWhen) {
      if (!opts.trace) throw new Error('killWhen needs a trace file');
      const { trace, killWhen } = opts;
      poll = setInterval(() => {
        const delay = killWhen(readTrace(trace, startedAt), Date.now() - startedAt);
        if (delay === undefined) return;
        clearInterval(poll);
        timer = setTimeout(() => child.kill('SIGKILL'), delay);
      }, 5);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ code, signal, ms: Date.now() - startedAt, stdout, stderr, pid: child.pid!, startedAt });
    });
  });
}

export interface TracePoint {
  name: string;
  /** ms since the child was spawned. */
  t: number;
}

export function readTrace(file: string, startedAt: number): TracePoint[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => /^[a-z0-9-]+\t\d{13}$/.test(l)) // a line being appended right now is incomplete
    .map((l) => {
      const [name, at] = l.split('\t');
      return { name: name!, t: Number(at) - startedAt };
    });
}

/** What a killed run left on disk. */
export interface Leftovers {
  dbExists: boolean;
  dbBytes: number;
  wal: boolean;
  walBytes: number;
  lockPid: number | undefined;
  landed: number;
  incoming: number;
}

export function leftovers(db: string): Leftovers {
  const size = (p: string) => (fs.existsSync(p) ? fs.statSync(p).size : 0);
  const landing = path.join(path.dirname(db), 'landing');
  const names = fs.existsSync(landing) ? fs.readdirSync(landing) : [];
  let lockPid: number | undefined;
  try {
    lockPid = (JSON.parse(fs.readFileSync(`${db}.lock`, 'utf8')) as { pid: number }).pid;
  } catch {
    lockPid = undefined;
  }
  return {
    dbExists: fs.existsSync(db),
    dbBytes: size(db),
    wal: fs.existsSync(`${db}.wal`),
    walBytes: size(`${db}.wal`),
    lockPid,
    landed: names.filter((n) => /^[0-9a-f]{64}$/.test(n)).length,
    incoming: names.filter((n) => n.startsWith('.incoming-') || n.includes('.tmp-')).length,
  };
}

/** Where in the load a run was when it died: the last crash point it reached, and how far into the big file. */
export function phaseOf(trace: TracePoint[], bigChunksFrom: number, bigChunks: number): string {
  const last = trace[trace.length - 1];
  if (!last) return 'start-up (before the warehouse was opened)';
  const chunks = trace.filter((p) => p.name === 'x12-chunk').length;
  const landed = trace.filter((p) => p.name === 'landed').length;
  const commits = trace.filter((p) => p.name === 'after-commit').length;
  const inBig = chunks > bigChunksFrom ? chunks - bigChunksFrom : 0;
  switch (last.name) {
    case 'creating':
      return 'creating the warehouse under its temp name';
    case 'opened':
      return 'opened, landing the first batch';
    case 'landing-copy':
      return `copying a file into landing (${landed} files landed, ${commits} commits)`;
    case 'landed':
      return `landing (${landed} files landed, ${commits} commits)`;
    case 'batch-synced':
      return `batch landed and synced, loading (${commits} commits)`;
    case 'x12-chunk':
      return inBig > 0 ? `mid-parse/insert of the big file (chunk ${inBig}/${bigChunks})` : `loading small files (${commits} commits)`;
    case 'before-commit':
      return inBig > 0 ? 'in COMMIT of the big file' : `in COMMIT of a small-file transaction (#${commits + 1})`;
    case 'after-commit':
      return inBig > 0 ? 'after COMMIT of the big file' : `after commit #${commits}, loading the next`;
    case 'before-checkpoint':
      return 'in the final CHECKPOINT (or just before it)';
    case 'after-checkpoint':
      return 'after the final CHECKPOINT (closing, lock not yet released)';
    default:
      return last.name;
  }
}
