/**
 * The site step of a rebuild: a snapshot of the warehouse, then the site build from it in a child process.
 *
 * DuckDB lets nobody open the file while a writer holds it, and Framework's loaders open it read-only for the whole
 * build (tens of seconds). Building from a snapshot copy made under the writer lock after the models were
 * CHECKPOINTed and the warehouse closed (stack-notes §2.5 option 2, domain-reference §10) keeps ingest and CLI
 * writers running during the build. The snapshot is `<data>/state/site-snapshot.duckdb` (owner-only, replaced on each
 * rebuild).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config, Paths } from '../../src/config.ts';
import { acquireLock } from '../../src/db/lock.ts';
import type { SiteProfile } from '../../src/site/build.ts';
import { RESULT_MARK } from './site-worker-mark.ts';
import { makeDirs } from '../../src/make-dirs.ts';

export function snapshotPath(paths: Paths): string {
  return path.join(paths.state, 'site-snapshot.duckdb');
}

/** Copy the closed warehouse under the writer lock (atomically replacing the previous snapshot). */
export async function takeSnapshot(paths: Paths, timeoutMs: number, purpose: string): Promise<string> {
  const target = snapshotPath(paths);
  makeDirs(paths.state, 0o700);
  const lock = await acquireLock(paths.lock, { purpose, timeoutMs });
  try {
    const tmp = `${target}.tmp-${process.pid}`;
    fs.copyFileSync(paths.db, tmp, fs.constants.COPYFILE_FICLONE);
    fs.chmodSync(tmp, 0o600);
    // A WAL left by a writer that died before its CHECKPOINT belongs to the copy too.
    const wal = `${paths.db}.wal`;
    fs.rmSync(`${target}.wal`, { force: true });
    if (fs.existsSync(wal)) fs.copyFileSync(wal, `${target}.wal`);
    fs.renameSync(tmp, target);
  } finally {
    lock.release();
  }
  return target;
}

export interface SiteRunResult {
  pages: number;
  bytes: number;
  seconds: number;
  outDir: string;
}

export class SiteRunError extends Error {
  constructor(
    readonly code: 'SITE_FAILED' | 'SITE_ABORTED',
    message: string,
  ) {
    super(message);
  }
}

const WORKER = fileURLToPath(new URL('./site-worker.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** Build the site from `dbPath` in a child process; `signal` stops it (the whole process group). */
export function runSiteWorker(opts: { dbPath: string; outDir: string; profile?: SiteProfile; config: Config; signal?: AbortSignal }): Promise<SiteRunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new SiteRunError('SITE_ABORTED', 'the scheduler is stopping'));
      return;
    }
    const child = spawn(process.execPath, ['--import', TSX, WORKER], {
      env: { ...process.env, REVCYCLE_SITE_WORKER: JSON.stringify({ dbPath: opts.dbPath, outDir: opts.outDir, profile: opts.profile, config: opts.config }) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let result: { ok: boolean; error?: string; aborted?: boolean } & Partial<SiteRunResult> = { ok: false };
    let stderrTail = '';
    let buf = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith(RESULT_MARK)) result = JSON.parse(line.slice(RESULT_MARK.length));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      killTimer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 15_000);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => reject(new SiteRunError('SITE_FAILED', `could not start the site build: ${err.message}`)));
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (code === 0 && result.ok) {
        resolve({ pages: result.pages ?? 0, bytes: result.bytes ?? 0, seconds: result.seconds ?? 0, outDir: result.outDir ?? opts.outDir });
      } else if (opts.signal?.aborted) {
        reject(new SiteRunError('SITE_ABORTED', 'the site build was stopped because the scheduler is stopping'));
      } else {
        const why = result.error ?? (stderrTail.trim().split('\n').filter(Boolean).at(-1) || `exit code ${code}`);
        reject(new SiteRunError('SITE_FAILED', `site build failed: ${why}`));
      }
    });
  });
}
