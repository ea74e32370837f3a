/**
 * Inbox pickup (domain-reference §4.2 row 35: "a file still being written when the job starts — not visible: pick up
 * only after rename or stable size").
 *
 * A file is complete when
 * - its size, modification time and inode have not changed for the quiet period across scans (a writer appending in
 *   pieces keeps moving them), or
 * - at first sight its modification time is already older than the quiet period (a file renamed into the inbox after
 *   it was written elsewhere, or one that was there before the scheduler started).
 * Temp names are never picked: dotfiles and `*.part`, `*.partial`, `*.tmp`, `*.filepart`, `*.crdownload` (the names
 * SFTP clients and download tools write to before renaming). The recommended protocol for senders is write-then-rename.
 *
 * After ingest, processed files move to `<archive>/inbox/<YYYY-MM-DD>/` (their bytes are already safe in landing), so
 * the inbox only holds new arrivals; a file that changed while it was being ingested stays in the inbox for the next
 * scan. Nothing is ever deleted: a name clash in the archive gets a sha256 suffix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeDirs } from '../../src/make-dirs.ts';

export interface InboxFile {
  path: string;
  /** Path relative to the inbox. */
  rel: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

const TEMP_NAME = /\.(part|partial|tmp|filepart|crdownload|swp)$|~$/i;

export function isTempName(name: string): boolean {
  return name.startsWith('.') || TEMP_NAME.test(name);
}

interface Seen {
  size: number;
  mtimeMs: number;
  ino: number;
  /** When this signature was first observed. */
  since: number;
}

export interface ScanResult {
  complete: InboxFile[];
  /** Files seen but not complete yet (still being written, or changed within the quiet period). */
  waiting: InboxFile[];
  /** Sub-folders that could not be listed (no permission): skipped, the rest of the inbox is scanned. */
  unreadable: string[];
}

export class InboxWatcher {
  private seen = new Map<string, Seen>();

  constructor(
    readonly dir: string,
    readonly quietMs: number,
    /** Folders never scanned even if configured inside the inbox (landing, archive, …). */
    private readonly exclude: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {}

  private list(unreadable: string[]): InboxFile[] {
    const out: InboxFile[] = [];
    const skip = new Set(this.exclude.map((p) => path.resolve(p)));
    const walk = (dir: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        if (dir === this.dir) throw err;
        unreadable.push(path.relative(this.dir, dir));
        return;
      }
      for (const e of entries) {
        if (isTempName(e.name)) continue;
        const p = path.join(dir, e.name);
        if (skip.has(path.resolve(p))) continue;
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) {
          let st: fs.Stats;
          try {
            st = fs.lstatSync(p);
          } catch {
            continue; // moved away between readdir and stat
          }
          out.push({ path: p, rel: path.relative(this.dir, p), size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
        }
      }
    };
    walk(this.dir);
    return out;
  }

  /** One scan: which files are complete now, which are still settling. */
  scan(): ScanResult {
    const now = this.now();
    const unreadable: string[] = [];
    const files = this.list(unreadable);
    const present = new Set<string>();
    const complete: InboxFile[] = [];
    const waiting: InboxFile[] = [];
    for (const f of files) {
      present.add(f.path);
      const prev = this.seen.get(f.path);
      const same = prev && prev.size === f.size && prev.mtimeMs === f.mtimeMs && prev.ino === f.ino;
      const since = same ? prev.since : now;
      if (!same) this.seen.set(f.path, { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino, since });
      const settled = now - since >= this.quietMs || now - f.mtimeMs >= this.quietMs;
      (settled ? complete : waiting).push(f);
    }
    for (const p of this.seen.keys()) if (!present.has(p)) this.seen.delete(p);
    // Arrival order: oldest modification first, then by name.
    complete.sort((a, b) => a.mtimeMs - b.mtimeMs || a.rel.localeCompare(b.rel));
    return { complete, waiting, unreadable };
  }

  forget(p: string): void {
    this.seen.delete(p);
  }
}

/** Is the file still exactly what was scanned (same size, mtime, inode)? */
export function unchanged(f: InboxFile): boolean {
  try {
    const st = fs.lstatSync(f.path);
    return st.size === f.size && st.mtimeMs === f.mtimeMs && st.ino === f.ino;
  } catch {
    return false;
  }
}

/** Move a processed inbox file to `<archiveDir>/<rel>`, never overwriting; returns the destination. */
export function archiveFile(f: InboxFile, archiveDir: string, sha256: string): string {
  let dest = path.join(archiveDir, f.rel);
  makeDirs(path.dirname(dest), 0o700);
  if (fs.existsSync(dest)) {
    const ext = path.extname(dest);
    const base = `${dest.slice(0, dest.length - ext.length)}.${sha256.slice(0, 12)}`;
    dest = `${base}${ext}`;
    for (let i = 2; fs.existsSync(dest); i++) dest = `${base}-${i}${ext}`;
  }
  try {
    fs.renameSync(f.path, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    // Another file system: copy, make it durable, then remove the original.
    fs.copyFileSync(f.path, dest, fs.constants.COPYFILE_EXCL);
    const fd = fs.openSync(dest, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.rmSync(f.path);
  }
  return dest;
}
