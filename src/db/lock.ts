/**
 * A cross-process writer lock: one lock file next to the warehouse (`<db>.lock`).
 *
 * DuckDB allows one writing process per file, and while it writes no other process can even open the file. Every
 * writer (CLI and scheduler alike) takes this lock before opening the warehouse read-write. A second writer waits up
 * to a limit, then fails with a message naming the holder (pid, command, since when). A lock whose process is gone
 * (same host, pid not alive) is stale and is broken.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

export class LockTimeoutError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: LockInfo | undefined,
    waitedMs: number,
  ) {
    super(
      holder
        ? `the warehouse is locked by pid ${holder.pid} on ${holder.host} (${holder.purpose}) since ${holder.since}; waited ${Math.round(waitedMs / 1000)} s (lock file ${lockPath})`
        : `the warehouse lock ${lockPath} could not be taken; waited ${Math.round(waitedMs / 1000)} s`,
    );
  }
}

export interface Lock {
  readonly path: string;
  readonly info: LockInfo;
  release(): void;
}

export function readLock(lockPath: string): LockInfo | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockInfo;
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the entries of `dir` that a process left behind: names matching `pattern`, whose first captured group that
 * matched is the owner's pid, when that process is no longer alive (never this process's). Folders are removed
 * whole. Returns how many were removed; an unreadable `dir` or an entry that cannot be removed is skipped.
 */
export function sweepDeadOwners(dir: string, pattern: RegExp): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = pattern.exec(name);
    const pid = Number(m?.slice(1).find((g) => g !== undefined));
    if (!m || !pid || pid === process.pid || processAlive(pid)) continue;
    try {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      removed++;
    } catch {
      /* another user's entry, or gone already */
    }
  }
  return removed;
}

/** A lock is stale when its holder ran on this host and is no longer alive (or the file is unreadable and old). */
export function isStale(lockPath: string, info: LockInfo | undefined): boolean {
  if (info) return info.host === os.hostname() && !processAlive(info.pid);
  try {
    // An empty or torn lock file: the writer died between create and write. Give it a moment.
    return Date.now() - fs.statSync(lockPath).mtimeMs > 2000;
  } catch {
    return false;
  }
}

function tryCreate(lockPath: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, JSON.stringify(info));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Break a stale lock: move it aside first, so two processes cannot both break and re-take it. */
function breakStale(lockPath: string, seen: LockInfo | undefined): void {
  const aside = `${lockPath}.stale.${process.pid}.${Date.now()}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return; // somebody else broke it first
  }
  const moved = readLock(aside);
  if (moved && seen && (moved.pid !== seen.pid || moved.since !== seen.since)) {
    // We moved a fresh lock taken in between: put it back if nobody has taken the slot since.
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      /* the slot is taken again; the holder of `aside` keeps running but its release is a no-op */
    }
  }
  fs.rmSync(aside, { force: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireLock(
  lockPath: string,
  opts: { purpose: string; timeoutMs: number; onWait?: (holder: LockInfo | undefined) => void },
): Promise<Lock> {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), purpose: opts.purpose, since: new Date().toISOString() };
  const started = Date.now();
  let notified = false;
  for (;;) {
    if (tryCreate(lockPath, info)) {
      return {
        path: lockPath,
        info,
        release() {
          const current = readLock(lockPath);
          if (current && current.pid === info.pid && current.since === info.since) fs.rmSync(lockPath, { force: true });
        },
      };
    }
    const holder = readLock(lockPath);
    if (isStale(lockPath, holder)) {
      breakStale(lockPath, holder);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= opts.timeoutMs) throw new LockTimeoutError(lockPath, holder, waited);
    if (!notified) {
      opts.onWait?.(holder);
      notified = true;
    }
    await sleep(Math.min(200, Math.max(10, opts.timeoutMs - waited)));
  }
}
