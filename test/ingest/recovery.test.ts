/**
 * What a crashed or torn run can leave on disk, and how the next run recovers (issue 2, "Done when" 5; see
 * docs/reliability.md): temp files of an unfinished landing copy, a landed copy shorter than its content (power loss
 * before the batch's sync), a lock file of a dead process (also an empty one, torn between create and write), and a
 * pseudonym key file that is not a key; and the runbook for a WAL that will not replay (docs/reliability.md). The
 * SIGKILL sweep itself is crash.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { simulate } from '../../src/simulate/index.ts';
import { sweepLoadSpills } from '../../pipelines/load/sink.ts';
import { makeTempDir, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { claim835, file835, line835, remit835, render } from '../x12/builder.ts';
import { snapshot, type Snapshot } from './helpers.ts';

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

const remit = (trn02: string) =>
  render(file835(remit835({ amount: '80', trn02, claims: [claim835('PCN1*1*100*80**12*P1', { lines: [line835('HC:97110:GP*100*80**1', { cas: ['CAS*CO*45*20*1'] })] })] })));

const cleanup: Array<() => void> = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

function warehouse(): TempWarehouse {
  const tw = tempWarehouse();
  cleanup.push(() => tw.cleanup());
  return tw;
}

describe('landing zone after a crash', () => {
  it('sweeps the temp files of a killed landing copy, keeps those of a live process, never loads them', async () => {
    const tw = warehouse();
    fs.mkdirSync(tw.paths.landing, { recursive: true });
    const dead = deadPid();
    const stale = [`.incoming-${dead}-0a1b2c3d`, `${'e'.repeat(64)}.meta.json.tmp-${dead}`];
    const live = `.incoming-1-0a1b2c3d`; // pid 1 is alive
    for (const n of [...stale, live]) fs.writeFileSync(path.join(tw.paths.landing, n), 'ISA*00*partial copy');
    const file = path.join(tw.dir, 'inbox', 'remit.835');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, remit('SWEEP1'));

    const [r] = await tw.ingest([file]);
    expect(r!.status).toBe('loaded');
    const names = fs.readdirSync(tw.paths.landing).sort();
    expect(names).toEqual([live, r!.sha256, `${r!.sha256}.meta.json`].sort());
    expect((await tw.query('SELECT count(*)::INTEGER AS n FROM raw.files'))[0]!.n).toBe(1);
  });

  it('a warehouse whose creation was killed is created afresh; the partial temp files are removed', async () => {
    const tw = warehouse();
    const dead = deadPid();
    fs.mkdirSync(path.dirname(tw.paths.db), { recursive: true });
    // What a creator killed mid-migration leaves: its temp database (not a valid one here), WAL and temp folder.
    const partial = [`warehouse.duckdb.creating-${dead}`, `warehouse.duckdb.creating-${dead}.wal`];
    for (const n of partial) fs.writeFileSync(path.join(path.dirname(tw.paths.db), n), 'partial');
    fs.mkdirSync(path.join(path.dirname(tw.paths.db), `warehouse.duckdb.creating-${dead}.tmp`));
    const file = path.join(tw.dir, 'inbox', 'remit.835');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, remit('CREATE1'));

    const [r] = await tw.ingest([file]);
    expect(r!.status).toBe('loaded');
    expect(fs.readdirSync(path.dirname(tw.paths.db)).filter((n) => n.includes('.creating-'))).toEqual([]);
    expect((await tw.query('SELECT count(*)::INTEGER AS n FROM raw.files'))[0]!.n).toBe(1);
  });

  it("sweeps the bulk loader's spill folders of a killed process, keeps those of live processes", () => {
    const tmp = makeTempDir('revcycle-test-spills-');
    cleanup.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const dead = deadPid();
    const names = [`revcycle-load-${dead}-a1b2c3`, 'revcycle-load-1-d4e5f6', `revcycle-load-${process.pid}-aaaaaa`, 'other-dir'];
    for (const n of names) {
      fs.mkdirSync(path.join(tmp, n));
      fs.writeFileSync(path.join(tmp, n, 'x12_835_claims-0.tsv'), 'row\n');
    }
    // The dead pid's folder goes; pid 1 and this process are alive; a foreign folder is never touched.
    expect(sweepLoadSpills(tmp)).toBe(1);
    expect(fs.readdirSync(tmp).sort()).toEqual(names.slice(1).sort());
  });

  it('replaces a landed copy of the wrong size (torn by a power loss) instead of loading it', async () => {
    const text = remit('TORN1');
    const clean = warehouse();
    const file = path.join(clean.dir, 'inbox', 'remit.835');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const [ok] = await clean.ingest([file]);
    expect(ok!.status).toBe('loaded');

    const tw = warehouse();
    fs.mkdirSync(tw.paths.landing, { recursive: true });
    const landed = path.join(tw.paths.landing, ok!.sha256);
    fs.writeFileSync(landed, text.slice(0, 200)); // the name of the whole file, half its bytes
    const [r] = await tw.ingest([file]);
    expect(r!.status, r!.reason).toBe('loaded');
    expect(r!.rows).toBe(ok!.rows);
    expect(fs.readFileSync(landed, 'latin1')).toBe(text);
    expect((await snapshot(tw.paths.db)).fingerprints['raw.x12_835_claims']).toBe((await snapshot(clean.paths.db)).fingerprints['raw.x12_835_claims']);
  });
});

describe('writer lock and key file after a crash', () => {
  function cliDir(): { dir: string; db: string; file: string } {
    const dir = makeTempDir('revcycle-recovery-');
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'inbox', 'remit.835');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, remit('LOCK1'));
    return { dir, db: path.join(dir, 'data', 'warehouse.duckdb'), file };
  }

  it('breaks the lock of a dead process at once, and an empty (torn) lock file once it is old', () => {
    const { db, file } = cliDir();
    fs.mkdirSync(path.dirname(db), { recursive: true });
    fs.writeFileSync(`${db}.lock`, JSON.stringify({ pid: deadPid(), host: os.hostname(), purpose: 'revcycle ingest (killed)', since: new Date().toISOString() }));
    const t0 = Date.now();
    const r = runCli(['ingest', file, '--db', db], { REVCYCLE_LOCK_TIMEOUT_MS: '3000' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/waiting/);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(fs.existsSync(`${db}.lock`)).toBe(false);

    fs.writeFileSync(`${db}.lock`, '');
    const old = new Date(Date.now() - 10_000);
    fs.utimesSync(`${db}.lock`, old, old);
    const again = runCli(['ingest', file, '--db', db], { REVCYCLE_LOCK_TIMEOUT_MS: '3000' });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^duplicate /m);
    expect(fs.existsSync(`${db}.lock`)).toBe(false);
  });

  it('creates the pseudonym key file whole (0600, no temp file left) and refuses a key file that is not a key', () => {
    const { db, file } = cliDir();
    const env = { REVCYCLE_PSEUDONYM_KEY: '' };
    const first = runCli(['ingest', file, '--db', db], env);
    expect(first.code, first.stderr).toBe(0);
    const keyFile = path.join(path.dirname(db), 'pseudonym.key');
    expect(fs.readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(db)).filter((n) => n.startsWith('pseudonym.key'))).toEqual(['pseudonym.key']);

    // An empty key file (a writer killed between create and write, or a full disk) must not become an empty HMAC key.
    const { db: db2, file: file2 } = cliDir();
    fs.mkdirSync(path.dirname(db2), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(db2), 'pseudonym.key'), '');
    const r = runCli(['ingest', file2, '--db', db2], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pseudonym\.key is not a pseudonym key \(expected at least 32 hex digits, found an empty file\)/);
  });
});

describe('a WAL that will not replay (runbook, domain-reference §4.2 row 37)', () => {
  /** Raw tables, money and ledger: what ingestion wrote (a rebuild also builds the marts). */
  const ingested = (s: Snapshot) => ({
    counts: Object.fromEntries(Object.entries(s.counts).filter(([t]) => t.startsWith('raw.'))),
    fingerprints: Object.fromEntries(Object.entries(s.fingerprints).filter(([t]) => t.startsWith('raw.'))),
    money: s.money,
    ledger: s.ledger,
  });

  it('status names the WAL; `revcycle rebuild` from landing, or the WAL moved aside and a re-ingest, give the clean totals', async () => {
    const dir = makeTempDir('revcycle-wal-');
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const sim = path.join(dir, 'sim');
    await simulate({ out: sim, clinics: 1, months: 1, seed: 4 });
    const env = { REVCYCLE_PSEUDONYM_KEY: 'wal-test-key' };
    const cleanDb = path.join(dir, 'clean', 'warehouse.duckdb');
    expect(runCli(['ingest', sim, '--db', cleanDb, '--quiet'], env).code).toBe(0);
    const clean = ingested(await snapshot(cleanDb));

    // Killed before the closing CHECKPOINT: everything committed is in the WAL only. Then the WAL is damaged.
    const db = path.join(dir, 'broken', 'warehouse.duckdb');
    const killed = runCli(['ingest', sim, '--db', db, '--quiet'], { ...env, REVCYCLE_CRASH_AT: 'before-checkpoint' });
    expect(killed.code).toBe(-1); // killed by SIGKILL
    const wal = fs.readFileSync(`${db}.wal`);
    expect(wal.length).toBeGreaterThan(100_000);
    for (let i = wal.length >> 1; i < (wal.length >> 1) + 4096; i++) wal[i]! ^= 0x5a;
    fs.writeFileSync(`${db}.wal`, wal);
    fs.cpSync(path.dirname(db), path.join(dir, 'aside'), { recursive: true });

    const status = runCli(['status', '--db', db], env);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/revcycle status: .*Failure while replaying WAL file .*warehouse\.duckdb\.wal/);

    // Runbook step 3: rebuild from landing; the old file and its WAL are kept aside.
    const rebuilt = runCli(['rebuild', '--db', db], env);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(ingested(await snapshot(db))).toEqual(clean);
    const kept = fs.readdirSync(path.dirname(db)).filter((n) => n.includes('.bak-'));
    expect(kept.some((n) => n.endsWith('.wal'))).toBe(true);
    expect(fs.existsSync(`${db}.wal`)).toBe(false);

    // Runbook step 4: move the WAL aside (the file is at its last checkpoint — here the empty file, as nothing had been
    // checkpointed yet), then re-ingest the originals: the lost files are loaded again.
    const aside = path.join(dir, 'aside', 'warehouse.duckdb');
    fs.renameSync(`${aside}.wal`, `${aside}.wal.broken`);
    const again = runCli(['ingest', sim, '--db', aside, '--quiet'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(runCli(['status', '--db', aside], env).code).toBe(0);
    expect(ingested(await snapshot(aside))).toEqual(clean);
  });
});
