/**
 * The landing zone: every offered file is copied, unchanged, to `landing/<sha256>` (mode 0600, folder 0700) with a
 * sidecar `<sha256>.meta.json` holding its original name and when it was first received. Landed files are immutable:
 * the warehouse can always be rebuilt from them (`revcycle rebuild`). The copy is written to a temp name, fsynced and
 * renamed, so a crash never leaves a partial landed file under a content name; the temp files of a process killed
 * while copying are swept by the next ingest (`sweepLanding`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sweepDeadOwners } from '../../src/db/lock.ts';
import { crashPoint } from '../../src/testing/crash-point.ts';
import { makeDirs } from '../../src/make-dirs.ts';

export interface LandedFile {
  sha256: string;
  path: string;
  size: number;
  fileName: string;
  receivedAt: string;
}

export interface LandingMeta {
  file_name: string;
  received_at: string;
}

let lastStamp = 0;
/** A strictly increasing timestamp within the process, so received order is total. */
export function receivedStamp(): string {
  const now = Math.max(Date.now(), lastStamp + 1);
  lastStamp = now;
  return new Date(now).toISOString();
}

/**
 * The time a file is loaded: never before any stamp receivedStamp() gave out (with many files a millisecond those
 * run a little ahead of the clock), so loaded_at ≥ received_at.
 */
export function loadedStamp(): string {
  return new Date(Math.max(Date.now(), lastStamp)).toISOString();
}

export function metaPath(landingDir: string, sha256: string): string {
  return path.join(landingDir, `${sha256}.meta.json`);
}

export function readMeta(landingDir: string, sha256: string): LandingMeta | undefined {
  try {
    return JSON.parse(fs.readFileSync(metaPath(landingDir, sha256), 'utf8')) as LandingMeta;
  } catch {
    return undefined;
  }
}

function writeAtomic(target: string, data: string, fsync = true): void {
  const tmp = `${target}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, data);
    if (fsync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
}

const copyBuffer = Buffer.allocUnsafe(1 << 20);

/**
 * The offered file itself could not be opened or read (permission, a broken link, gone since it was listed, a read
 * error): that file is reported as unreadable and the others go on. Failures writing the landing zone (a full disk)
 * are not this: they stop the run.
 */
export class SourceReadError extends Error {
  constructor(
    readonly file: string,
    readonly errno: NodeJS.ErrnoException,
  ) {
    super(`${file}: ${readProblem(errno)}`);
  }
}

/** "cannot read: permission denied (EACCES)" */
export function readProblem(err: NodeJS.ErrnoException, brokenLink = false): string {
  const code = err.code ?? 'EIO';
  const what: Record<string, string> = {
    ENOENT: brokenLink ? 'broken symbolic link' : 'no longer there',
    ELOOP: 'too many symbolic links',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'a folder, not a file',
    EIO: 'input/output error',
  };
  return `cannot read: ${what[code] ?? (err.message.split(',')[0] || code).replace(/^[A-Z]+: /, '')} (${code})`;
}

/** Let timers and I/O callbacks (progress, lock heartbeat) run between the chunks of a large copy. */
function yieldToLoop(n: number): Promise<void> | undefined {
  return n === copyBuffer.length ? new Promise((resolve) => setImmediate(resolve)) : undefined;
}

/**
 * Copy `src` into the landing zone while hashing it. With `fsync: false` the caller makes the landed files durable
 * itself (one filesystem sync for a batch) before the transaction that records them commits.
 */
export async function land(src: string, landingDir: string, opts: { fsync?: boolean; receivedAt?: string } = {}): Promise<LandedFile> {
  const receivedAt = opts.receivedAt ?? receivedStamp();
  makeDirs(landingDir, 0o700);
  const tmp = path.join(landingDir, `.incoming-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  const hash = crypto.createHash('sha256');
  let size = 0;
  const out = fs.openSync(tmp, 'w', 0o600);
  let input: number | undefined;
  try {
    // One copy buffer for the process: a fresh 1 MiB stream buffer per file made the garbage collector the largest
    // cost of ingesting many small files (tens of thousands of 837/835 batches).
    try {
      input = fs.openSync(src, 'r');
    } catch (err) {
      throw new SourceReadError(src, err as NodeJS.ErrnoException);
    }
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(input, copyBuffer, 0, copyBuffer.length, null);
      } catch (err) {
        throw new SourceReadError(src, err as NodeJS.ErrnoException);
      }
      if (n === 0) break;
      const chunk = copyBuffer.subarray(0, n);
      hash.update(chunk);
      size += n;
      for (let off = 0; off < n; ) off += fs.writeSync(out, chunk, off, n - off);
      crashPoint('landing-copy');
      await yieldToLoop(n);
    }
    if (opts.fsync !== false) fs.fsyncSync(out);
  } catch (err) {
    if (input !== undefined) fs.closeSync(input);
    fs.closeSync(out);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(input);
  fs.closeSync(out);
  const sha256 = hash.digest('hex');
  const target = path.join(landingDir, sha256);
  // A landed copy is trusted only if it is whole. One of another size was torn (a power loss between the rename and
  // the batch's sync can leave it short): replace it with the fresh copy.
  if (fs.existsSync(target) && fs.statSync(target).size === size) fs.rmSync(tmp, { force: true });
  else fs.renameSync(tmp, target);
  const fileName = path.basename(src);
  let meta = readMeta(landingDir, sha256);
  if (!meta) {
    meta = { file_name: fileName, received_at: receivedAt };
    writeAtomic(metaPath(landingDir, sha256), JSON.stringify(meta), opts.fsync !== false);
  }
  return { sha256, path: target, size, fileName, receivedAt: meta.received_at };
}

/**
 * Remove the temp files of landings that never finished: `.incoming-<pid>-*` copies and `*.tmp-<pid>` meta files left
 * by a process that was killed while writing them (the pid is no longer alive). They are never read (only
 * `<sha256>` names are landed files); sweeping them keeps patient data from piling up in the landing zone.
 * Returns how many were removed.
 */
export function sweepLanding(landingDir: string): number {
  return sweepDeadOwners(landingDir, /^\.incoming-(\d+)-|\.tmp-(\d+)$/);
}

/** Every landed file with its meta, in received order (the order `revcycle rebuild` replays them). */
export function listLanded(landingDir: string): LandedFile[] {
  if (!fs.existsSync(landingDir)) return [];
  const out: LandedFile[] = [];
  for (const name of fs.readdirSync(landingDir)) {
    if (!/^[0-9a-f]{64}$/.test(name)) continue;
    const meta = readMeta(landingDir, name);
    const p = path.join(landingDir, name);
    out.push({
      sha256: name,
      path: p,
      size: fs.statSync(p).size,
      fileName: meta?.file_name ?? name,
      receivedAt: meta?.received_at ?? new Date(fs.statSync(p).mtimeMs).toISOString(),
    });
  }
  return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.fileName.localeCompare(b.fileName) || a.sha256.localeCompare(b.sha256));
}
