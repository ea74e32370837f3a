/**
 * Issue 6, item 2: two processes writing at once never both write; the loser reports the holder; a lock left by a
 * killed process is recovered; one scheduler per data folder.
 *
 * A holder is made to keep the writer lock for as long as the test needs, without timing races: the test opens the
 * DuckDB file read-only itself, so a writer that took the lock file then waits for DuckDB's own file lock (holding the
 * writer lock meanwhile) until the test closes its reader.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLock } from '../../src/db/lock.ts';
import { simulate } from '../../src/simulate/index.ts';
import { BIN, cliQuery, runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { schedDir, sleep, startScheduler } from './helpers.ts';

let tmp: string;
let sim: string;

beforeAll(async () => {
  tmp = makeTempDir('revcycle-sched-lock-');
  sim = path.join(tmp, 'sim');
  await simulate({ out: sim, clinics: 1, months: 1, visitsPerDay: 3, seed: 3 });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Proc {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function cli(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c));
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  return { child, stderr: () => stderr, done: new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr }))) };
}

async function waitFor(pred: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A read-only DuckDB handle on the warehouse: while it is open, a writer that has the lock file cannot open the file. */
async function holdReader(db: string): Promise<() => void> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const con = await instance.connect();
  return () => {
    con.closeSync();
    instance.closeSync();
  };
}

function freshDb(name: string): string {
  const db = path.join(tmp, name, 'data', 'warehouse.duckdb');
  const r = runCli(['ingest', path.join(sim, 'ehr'), '--db', db, '-q']);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

describe('the writer lock across processes', () => {
  it('a second writer with a short timeout fails and names the holder (pid, command, since)', async () => {
    const db = freshDb('short');
    const release = await holdReader(db);
    const holder = cli(['build', '--db', db]);
    try {
      await waitFor(() => readLock(`${db}.lock`)?.pid === holder.child.pid, 30_000, 'the holder to take the lock');
      const info = readLock(`${db}.lock`)!;
      const loser = runCli(['ingest', path.join(sim, 'x12'), '--db', db], { REVCYCLE_LOCK_TIMEOUT_MS: '400' });
      expect(loser.code).toBe(2);
      expect(loser.stderr).toContain(`locked by pid ${holder.child.pid}`);
      expect(loser.stderr).toContain('(revcycle build)');
      expect(loser.stderr).toContain(`since ${info.since}`);
      // It said it was waiting, then failed with one sentence (no stack trace).
      const lines = loser.stderr.trim().split('\n');
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(lines.at(-1)).toMatch(/^revcycle ingest: the warehouse is locked by pid \d+ on .* \(revcycle build\) since .*; waited 0 s/);
      expect(loser.stderr).not.toMatch(/\n\s+at /);
    } finally {
      release();
    }
    const h = await holder.done;
    expect(h.code, h.stderr).toBe(0);
    // The loser wrote nothing: only the EHR files of the first ingest are in the ledger.
    expect(cliQuery<{ n: string }>(db, `SELECT count(*) AS n FROM raw.files WHERE kind LIKE 'x12%'`)[0]!.n).toBe(0);
  });

  it('a second writer with a longer timeout waits, says for whom, and runs after the first: never both at once', async () => {
    const db = freshDb('wait');
    const release = await holdReader(db);
    const first = cli(['ingest', path.join(sim, 'x12'), '--db', db, '-q']);
    let second: Proc | undefined;
    let builder: Proc | undefined;
    try {
      await waitFor(() => readLock(`${db}.lock`)?.pid === first.child.pid, 30_000, 'the first writer to take the lock');
      second = cli(['ingest', path.join(sim, 'x12'), '--db', db, '-q'], { REVCYCLE_LOCK_TIMEOUT_MS: '120000' });
      // The second reports that it waits, and for whom; then the reader goes away and both finish in turn.
      await waitFor(() => /waiting for the warehouse lock/.test(second!.stderr()), 30_000, 'the second writer to wait');
      // A build says so too (it waited silently before).
      builder = cli(['build', '--db', db], { REVCYCLE_LOCK_TIMEOUT_MS: '120000' });
      await waitFor(() => /waiting for the warehouse lock/.test(builder!.stderr()), 30_000, 'the build to wait');
    } finally {
      release();
    }
    const [a, b, c] = await Promise.all([first.done, second!.done, builder!.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(c.code, c.stderr).toBe(0);
    expect(b.stderr).toContain(`waiting for the warehouse lock held by pid ${first.child.pid} (revcycle ingest`);
    expect(c.stderr).toMatch(/waiting for the warehouse lock held by pid \d+ \(revcycle ingest/);
    const n = Number(/(\d+) files:/.exec(a.stdout)![1]);
    expect(a.stdout).toMatch(new RegExp(`${n} files: ${n} loaded, 0 duplicate`));
    expect(b.stdout).toMatch(new RegExp(`${n} files: 0 loaded, ${n} duplicate`));
    expect(Number(cliQuery<{ n: string }>(db, `SELECT count(*) AS n FROM raw.files WHERE kind LIKE 'x12%'`)[0]!.n)).toBe(n);
  });

  it('two writers started together: one after the other, the ledger holds every file once', async () => {
    const db = freshDb('race');
    const a = cli(['ingest', path.join(sim, 'x12'), '--db', db, '-q']);
    const b = cli(['ingest', path.join(sim, 'x12'), '--db', db, '-q']);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const loaded = [ra, rb].map((r) => Number(/(\d+) loaded/.exec(r.stdout)![1]));
    const dup = [ra, rb].map((r) => Number(/(\d+) duplicate/.exec(r.stdout)![1]));
    const total = Number(/(\d+) files:/.exec(ra.stdout)![1]);
    expect(loaded.sort()).toEqual([0, total]);
    expect(dup.sort()).toEqual([0, total]);
    expect(Number(cliQuery<{ n: string }>(db, `SELECT count(*) AS n FROM raw.files WHERE kind LIKE 'x12%'`)[0]!.n)).toBe(total);
  });

  it('a lock left by a SIGKILLed writer is detected as stale and recovered by the next writer', async () => {
    const db = freshDb('stale');
    const release = await holdReader(db);
    const victim = cli(['ingest', path.join(sim, 'x12'), '--db', db, '-q']);
    try {
      await waitFor(() => readLock(`${db}.lock`)?.pid === victim.child.pid, 30_000, 'the victim to take the lock');
      victim.child.kill('SIGKILL');
      await victim.done;
    } finally {
      release();
    }
    // The lock file is still there, naming a dead process.
    expect(readLock(`${db}.lock`)?.pid).toBe(victim.child.pid);
    const next = runCli(['ingest', path.join(sim, 'x12'), '--db', db, '-q'], { REVCYCLE_LOCK_TIMEOUT_MS: '5000' });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/(\d+) files: \1 loaded/);
    expect(fs.existsSync(`${db}.lock`)).toBe(false);
  });

  it('a lock left by a writer killed after it opened the warehouse (crash point) is recovered; the data is whole', () => {
    const db = freshDb('crash');
    const crashed = runCli(['ingest', path.join(sim, 'x12'), '--db', db, '-q'], { REVCYCLE_CRASH_AT: 'after-commit' });
    expect(crashed.code).toBe(-1); // killed by SIGKILL
    expect(readLock(`${db}.lock`)).toBeDefined();
    const next = runCli(['ingest', path.join(sim, 'x12'), '--db', db, '-q'], { REVCYCLE_LOCK_TIMEOUT_MS: '5000' });
    expect(next.code, next.stderr).toBe(0);
    const total = Number(/(\d+) files:/.exec(next.stdout)![1]);
    expect(Number(cliQuery<{ n: string }>(db, `SELECT count(*) AS n FROM raw.files WHERE kind LIKE 'x12%'`)[0]!.n)).toBe(total);
  });
});

describe('one scheduler per data folder', () => {
  it('a second `revcycle schedule` refuses and names the running one', async () => {
    const d = schedDir(path.join(tmp, 'two-schedulers'), { schedules: { ingest: '*/5 * * * * *', rebuild: 'off', weekly: 'off', siteBuild: false } });
    const first = startScheduler(d);
    try {
      await first.waitFor((r) => r.event === 'scheduler_started', 30_000, 'start-up');
      const second = runCli(['schedule', '--db', d.db, '--config', d.config]);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(new RegExp(`a scheduler is already running for .*: pid ${first.child.pid} on .* \\(revcycle schedule\\) since \\d{4}-`));
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });

  it('the scheduler waits for a CLI writer, logs who holds the lock, and records a LOCKED failure when it waits too long', async () => {
    const d = schedDir(path.join(tmp, 'sched-vs-cli'), { schedules: { ingest: '*/2 * * * * *', rebuild: 'off', weekly: 'off', siteBuild: false, inboxQuietSeconds: 0 } });
    const db = d.db;
    expect(runCli(['ingest', path.join(sim, 'ehr'), '--db', db, '-q']).code).toBe(0);
    const release = await holdReader(db);
    const holder = cli(['build', '--db', db]);
    const s = startScheduler(d, [], { REVCYCLE_LOCK_TIMEOUT_MS: '1500' });
    try {
      await waitFor(() => readLock(`${db}.lock`)?.pid === holder.child.pid, 30_000, 'the CLI writer to take the lock');
      await s.waitFor((r) => r.event === 'scheduler_started', 30_000, 'start-up');
      fs.copyFileSync(fs.readdirSync(path.join(sim, 'x12', '835')).map((f) => path.join(sim, 'x12', '835', f))[0]!, path.join(d.inbox, 'remit.835'));
      const wait = await s.waitFor((r) => r.event === 'lock_wait' && r.holder_pid === holder.child.pid, 30_000, 'a lock_wait record');
      expect(wait.holder_command).toBe('revcycle build');
      const failed = await s.waitFor((r) => r.event === 'run_finished' && r.job === 'ingest' && r.outcome === 'failed', 30_000, 'a LOCKED ingest run');
      expect(failed.code).toBe('LOCKED');
      // The file stays in the inbox for the next run.
      expect(fs.existsSync(path.join(d.inbox, 'remit.835'))).toBe(true);
    } finally {
      release();
    }
    expect((await holder.done).code).toBe(0);
    await s.waitFor((r) => r.event === 'run_finished' && r.job === 'ingest' && r.outcome === 'success' && r.loaded === 1, 30_000, 'the ingest after the lock was free');
    expect(await s.stop()).toBe(0);
    expect(fs.existsSync(path.join(d.inbox, 'remit.835'))).toBe(false);
  });
});
