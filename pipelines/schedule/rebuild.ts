/**
 * `revcycle rebuild [--from-landing]`: recreate the warehouse from `data/landing/` alone — the recovery path when the
 * database file is damaged (WAL that will not replay, lost file), and a check that the warehouse is reproducible.
 *
 * Under the writer lock of the warehouse for the whole run:
 * 1. read what the old warehouse can still tell (if it opens read-only): the as-of of its last successful build and
 *    its run history (meta.build_runs, meta.job_runs are copied over) and the further names of files' bytes
 *    (raw.file_copies);
 * 2. replay every landed file, with its original name, through the same Ingestor as `revcycle ingest` (hard links
 *    named as the originals, so ledger names and received times are those of the first delivery), into a new file next
 *    to the warehouse, with the same pseudonym key — in the old warehouse's ingest order (raw.files.load_seq: a file
 *    loaded by `ingest --retry-quarantined` after later files keeps its later place, and the ingest order breaks ties
 *    of the models, DESIGN §6.1), then the files it does not know in received order; in received order when it does
 *    not open;
 * 3. build the models with the original as-of (or `--as-of`, or the default: the latest event date in the data);
 * 4. CHECKPOINT, close, and atomically rename the new file over the warehouse; the old one is kept as
 *    `warehouse.duckdb.bak-<timestamp>` (its WAL, if any, as `….wal` beside it, so it is never replayed on the new file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { pseudonymKeyFromEnv, type Config, type Paths } from '../../src/config.ts';
import { acquireLock, type LockInfo } from '../../src/db/lock.ts';
import { openWarehouse, sqlString } from '../../src/db/warehouse.ts';
import { build } from '../../src/models/runner.ts';
import { loadPseudonymizer } from '../../src/pseudonym.ts';
import { Ingestor, type IngestResult } from '../ingest.ts';
import { listLanded } from '../ledger/landing.ts';
import { makeDirs } from '../../src/make-dirs.ts';

export class RebuildError extends Error {}

export interface RebuildOptions {
  config: Config;
  paths: Paths;
  lockTimeoutMs: number;
  /** Build the models as of this date instead of the old warehouse's last as-of. */
  asOf?: string;
  /** Allow a new pseudonym key when none exists (patient keys will differ from the old warehouse's). */
  newKey?: boolean;
  onWait?: (holder: LockInfo | undefined) => void;
  onFile?: (r: IngestResult, done: number, total: number) => void;
  onStep?: (message: string) => void;
}

export interface RebuildResult {
  files: number;
  loaded: number;
  duplicate: number;
  quarantined: number;
  asOf: string;
  asOfSource: 'option' | 'last build' | 'default';
  models: number;
  /** Where the old warehouse was kept, if there was one. */
  backup?: string;
  /** The old warehouse could not be opened (damaged): its history is lost, the as-of is the default. */
  oldUnreadable?: string;
  ms: number;
}

interface OldWarehouse {
  asOf?: string;
  unreadable?: string;
  /** sha256 → load_seq of every file in its ledger. */
  loadSeq?: Map<string, number>;
}

async function inspectOld(db: string): Promise<OldWarehouse> {
  if (!fs.existsSync(db)) return {};
  try {
    const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY', threads: '1' });
    try {
      const con = await instance.connect();
      try {
        const reader = await con.runAndReadAll(
          `SELECT strftime(as_of, '%Y-%m-%d') AS as_of FROM meta.build_runs WHERE status = 'success' ORDER BY run_id DESC LIMIT 1`,
        );
        const rows = reader.getRowObjectsJson() as Array<{ as_of: string | null }>;
        const seqs = (await con.runAndReadAll(`SELECT sha256, load_seq::INTEGER AS load_seq FROM raw.files WHERE load_seq IS NOT NULL`))
          .getRowObjectsJson() as Array<{ sha256: string; load_seq: number }>;
        return { asOf: rows[0]?.as_of ?? undefined, loadSeq: new Map(seqs.map((r) => [r.sha256, Number(r.load_seq)])) };
      } finally {
        con.closeSync();
      }
    } finally {
      instance.closeSync();
    }
  } catch (err) {
    return { unreadable: String((err as Error)?.message ?? err).split('\n')[0] };
  }
}

const stamp = (d = new Date()) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

function safeName(name: string, sha256: string): string {
  return !name || name === '.' || name === '..' || /[/\\\0]/.test(name) ? sha256 : name;
}

export async function rebuildFromLanding(opts: RebuildOptions): Promise<RebuildResult> {
  const t0 = Date.now();
  const { paths, config } = opts;
  const step = opts.onStep ?? (() => undefined);
  let landed = listLanded(paths.landing);
  if (landed.length === 0) throw new RebuildError(`no landed files in ${paths.landing}: nothing to rebuild from`);
  const envKey = pseudonymKeyFromEnv();
  if (!envKey && !fs.existsSync(paths.keyFile) && !opts.newKey) {
    throw new RebuildError(
      `no pseudonym key (${paths.keyFile} is missing and REVCYCLE_PSEUDONYM_KEY is not set): patient keys would not match the old warehouse; restore the key, or pass --new-key to accept new patient keys`,
    );
  }
  makeDirs(paths.dataDir, 0o700);
  const lock = await acquireLock(paths.lock, { purpose: 'revcycle rebuild', timeoutMs: opts.lockTimeoutMs, onWait: opts.onWait });
  const tmp = `${paths.db}.rebuild-${process.pid}`;
  const linkDir = path.join(paths.dataDir, `.rebuild-${process.pid}`);
  const cleanupTmp = () => {
    for (const f of [tmp, `${tmp}.wal`, `${tmp}.lock`]) fs.rmSync(f, { force: true });
    fs.rmSync(linkDir, { recursive: true, force: true });
  };
  try {
    cleanupTmp();
    const old = await inspectOld(paths.db);
    if (old.unreadable) step(`the old warehouse does not open (${old.unreadable}); rebuilding without its history`);
    const asOf = opts.asOf ?? old.asOf;
    if (old.loadSeq?.size) {
      const seq = old.loadSeq;
      // Stable sort: files the old ledger does not know keep their received order, after the known ones.
      landed = [...landed].sort((a, b) => (seq.get(a.sha256) ?? Infinity) - (seq.get(b.sha256) ?? Infinity) || 0);
    }
    const asOfSource: RebuildResult['asOfSource'] = opts.asOf ? 'option' : old.asOf ? 'last build' : 'default';

    // Replay names: one folder per file keeps equal original names apart; hard links cost nothing.
    makeDirs(linkDir, 0o700);
    const width = String(landed.length).length;
    const inputs = landed.map((lf, i) => {
      const dir = path.join(linkDir, String(i).padStart(width, '0'));
      fs.mkdirSync(dir);
      const p = path.join(dir, safeName(lf.fileName, lf.sha256));
      try {
        fs.linkSync(lf.path, p);
      } catch {
        fs.symlinkSync(lf.path, p);
      }
      return p;
    });

    const wh = await openWarehouse({ path: tmp, mode: 'rw', purpose: 'revcycle rebuild (new warehouse)', timeoutMs: opts.lockTimeoutMs });
    let counts = { loaded: 0, duplicate: 0, quarantined: 0 };
    let models = 0;
    let builtAsOf = '';
    try {
      if (!old.unreadable && fs.existsSync(paths.db)) {
        // Keep the run history (not part of any mart) and the further names files were offered under (landing keeps
        // each file's bytes once, under its first name).
        await wh.run(`ATTACH ${sqlString(paths.db)} AS old_wh (READ_ONLY)`);
        try {
          for (const [schema, t] of [['meta', 'build_runs'], ['meta', 'job_runs'], ['raw', 'file_copies']] as const) {
            const exists = await wh.one<{ n: number }>(
              `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE database_name = 'old_wh' AND schema_name = $1 AND table_name = $2`,
              [schema, t],
            );
            if (exists?.n) await wh.run(`INSERT INTO ${schema}.${t} BY NAME SELECT * FROM old_wh.${schema}.${t}`);
          }
        } finally {
          await wh.run('DETACH old_wh');
        }
      }
      step(`replaying ${landed.length} landed files in ${old.loadSeq?.size ? "the old warehouse's ingest order" : 'received order'}`);
      let done = 0;
      const ingestor = new Ingestor(wh, {
        config,
        paths: { ...paths, db: tmp, lock: `${tmp}.lock` },
        pseudonymizer: loadPseudonymizer(paths.keyFile, envKey),
        onFile: (r) => {
          // A landed copy that cannot be read would be missing from the new warehouse: stop, keep the old one.
          if (r.status === 'unreadable') throw new Error(`${r.file}: ${r.reason}; the rebuild stopped and the warehouse is unchanged`);
          done++;
          if (r.status === 'loaded') counts.loaded++;
          else if (r.status === 'duplicate') counts.duplicate++;
          else counts.quarantined++;
          opts.onFile?.(r, done, landed.length);
        },
      });
      await ingestor.ingestAll(inputs, { asGiven: true });
      step(`building the models${asOf ? ` as of ${asOf}` : ''}`);
      const built = await build(wh, { config, asOf });
      models = built.models;
      builtAsOf = built.asOf;
    } catch (err) {
      await wh.close().catch(() => undefined);
      throw err;
    }
    await wh.close();
    counts = { ...counts };

    // Swap: the old WAL must never be replayed on the new file, so it moves first.
    let backup: string | undefined;
    if (fs.existsSync(paths.db)) {
      backup = `${paths.db}.bak-${stamp()}`;
      fs.linkSync(paths.db, backup);
    }
    const wal = `${paths.db}.wal`;
    if (fs.existsSync(wal)) fs.renameSync(wal, backup ? `${backup}.wal` : `${paths.db}.wal.bak-${stamp()}`);
    fs.renameSync(tmp, paths.db);
    fs.chmodSync(paths.db, 0o600);
    return { files: landed.length, ...counts, asOf: builtAsOf, asOfSource, models, backup, oldUnreadable: old.unreadable, ms: Date.now() - t0 };
  } finally {
    cleanupTmp();
    lock.release();
  }
}
