/**
 * Crash safety of ingestion (issue 2, "Done when" 5; domain-reference §4.2 row 36, §4.4 "crash safety").
 *
 * Two inputs. "main": 63 simulator files and one file that must be quarantined, a full batch of 64 whose shared
 * transaction is rolled back and loaded again one transaction per file; then a large 835 (default 12 MB,
 * REVCYCLE_CRASH_MB) loaded alone in its own transaction — its COMMIT is large enough for DuckDB to checkpoint inside
 * it, so the WAL is empty when the warehouse is closed. "small": 64 simulator files loaded as one shared transaction,
 * which leaves ~700 KB of WAL for the closing CHECKPOINT to apply.
 *
 * An uninterrupted, traced reference run of each scenario gives the totals (row count and row fingerprint of every
 * table, money checksums, the ledger) and the timeline. Then, for each kill point — named crash points (src/testing/
 * crash-point.ts: after landing, mid-copy into landing, mid-parse, before / during / after COMMIT, before / during /
 * after the closing CHECKPOINT) and SIGKILLs at time offsets spread over the whole load — a fresh warehouse is
 * loaded by `revcycle ingest` in a child process that dies by SIGKILL, and then:
 *   (a) the warehouse opens read-only and `revcycle status` works;
 *   (b) the lock file left by the dead process names that (dead) pid and is stale; the next writer breaks it at once;
 *   (c) `revcycle ingest` of the same input runs to completion (exit 1 like the reference while it still has a file to
 *       quarantine; 0 when the killed run had quarantined them already: their same bytes are duplicates now);
 *   (d) every table's count and row fingerprint, the money checksums and the ledger equal the reference exactly, and
 *       the landing zone and quarantine folder hold exactly the reference's files (no temp file left).
 *
 * Time-offset kills are spread over the main load (3% … 95%) by mapping each offset onto the reference timeline and
 * following the child's own progress (event k of the reference trace, then the same fraction of the next gap at the
 * child's pace), so they stay spread even when the machine is slower or busier than during the reference run.
 *
 * Knobs: REVCYCLE_CRASH_MB (size of the big 835), REVCYCLE_CRASH_TIMED (time-offset kills into the load, default 7),
 * REVCYCLE_CRASH_LANES (kill runs in parallel, default 2), REVCYCLE_CRASH_REPORT (write the per-run table to a file),
 * REVCYCLE_CRASH_KEEP (keep the temp folder). A soak of ≥ 50 kills (§4.4): REVCYCLE_CRASH_TIMED=40.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandPaths } from '../../pipelines/ingest.ts';
import { isStale, readLock } from '../../src/db/lock.ts';
import { simulate } from '../../src/simulate/index.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { claim835, file835, line835, remit835, render } from '../x12/builder.ts';
import { writeBig835, type Big835 } from './big-835.ts';
import { leftovers, phaseOf, readTrace, runChild, type ChildRun, type Leftovers, type TracePoint } from './crash-harness.ts';
import { snapshot, type Snapshot } from './helpers.ts';

const BIG_MB = Number(process.env.REVCYCLE_CRASH_MB ?? 12);
const TIMED = Number(process.env.REVCYCLE_CRASH_TIMED ?? 7);
const LANES = Math.max(1, Number(process.env.REVCYCLE_CRASH_LANES ?? 2));
/** Ingestor batch size (REVCYCLE_INGEST_BATCH_FILES, set by the harness): small files before the big one fill a batch (63 + the bad file), so the big file is alone. */
const BATCH = 64;

interface Reference {
  run: ChildRun;
  trace: TracePoint[];
  snap: Snapshot;
  landing: string[];
  quarantine: string[];
}

interface Scenario {
  name: 'main' | 'small';
  inputs: string[];
  ref?: Reference;
}

interface Plan {
  scenario: Scenario;
  label: string;
  crashAt?: string;
  killAfterMs?: number;
  killWhen?: (trace: TracePoint[], elapsedMs: number) => number | undefined;
}

interface Outcome {
  plan: Plan;
  killed: boolean;
  diedAtMs: number;
  phase: string;
  after: Leftovers;
  ledgerAfterKill: number | 'no warehouse';
  statusCode: number;
  rerunCode: number | null;
  rerunMs: number;
  rerunDuplicates: number;
  equal: boolean;
  problems: string[];
}

let root: string;
let big: Big835;
const main: Scenario = { name: 'main', inputs: [] };
const small: Scenario = { name: 'small', inputs: [] };
const ref = (s: Scenario): Reference => s.ref!;

const listDir = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
const landingNames = (db: string) => listDir(path.join(path.dirname(db), 'landing'));
const quarantineNames = (db: string) => listDir(path.join(path.dirname(db), 'quarantine'));

async function prepareInputs(): Promise<void> {
  const sim = path.join(root, 'sim');
  await simulate({ out: sim, clinics: 1, months: 1, seed: 3 });
  const files = expandPaths([sim]);
  if (files.length < BATCH) throw new Error(`the simulator wrote ${files.length} files, the crash test needs ${BATCH}`);
  const copy = (n: number, to: string) => {
    for (const f of files.slice(0, n)) {
      const dest = path.join(to, path.relative(sim, f));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(f, dest);
    }
  };
  const inputs = path.join(root, 'inputs');
  copy(BATCH - 1, path.join(inputs, 'a-sim'));
  copy(BATCH, path.join(root, 'inputs-small'));
  // A truncated interchange (no IEA): quarantined TA1-023; it sends the second batch down the one-file-per-transaction path.
  const bad = render(file835(remit835({ amount: '80', trn02: 'CRASH-BAD', claims: [claim835('BAD1*1*100*80**12*P', { lines: [line835('HC:97110:GP*100*80**1', { cas: ['CAS*CO*45*20'] })] })] }), { noIea: true }));
  fs.mkdirSync(path.join(inputs, 'b-bad'), { recursive: true });
  fs.writeFileSync(path.join(inputs, 'b-bad', 'truncated.835'), bad);
  fs.mkdirSync(path.join(inputs, 'c-big'), { recursive: true });
  big = writeBig835(path.join(inputs, 'c-big', 'big.835'), { bytes: BIG_MB * 1e6, seed: 7 });
  main.inputs = [inputs];
  small.inputs = [path.join(root, 'inputs-small')];
}

function runDir(name: string): { dir: string; db: string } {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return { dir, db: path.join(dir, 'data', 'warehouse.duckdb') };
}

const ingestArgs = (sc: Scenario, db: string) => ['ingest', ...sc.inputs, '--db', db, '--quiet'];

async function reference(sc: Scenario): Promise<Reference> {
  const { dir, db } = runDir(`reference-${sc.name}`);
  const tracePath = path.join(dir, 'trace.tsv');
  const run = await runChild(ingestArgs(sc, db), { cwd: dir, trace: tracePath });
  if (run.signal || (run.code !== 0 && run.code !== 1)) throw new Error(`reference run failed (${run.code} ${run.signal}): ${run.stderr}`);
  return { run, trace: readTrace(tracePath, run.startedAt), snap: await snapshot(db), landing: landingNames(db), quarantine: quarantineNames(db) };
}

/** Compare a snapshot with the reference; the differences as readable lines. */
function differences(r: Reference, s: Snapshot): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(r.snap.counts), ...Object.keys(s.counts)])) {
    if (r.snap.counts[t] !== s.counts[t]) out.push(`${t}: ${s.counts[t]} rows, reference ${r.snap.counts[t]}`);
    else if (r.snap.fingerprints[t] !== s.fingerprints[t]) out.push(`${t}: same count, different rows`);
  }
  for (const [k, v] of Object.entries(r.snap.money)) {
    const got = s.money[k as keyof Snapshot['money']];
    if (got !== v) out.push(`Σ ${k}: ${got}, reference ${v}`);
  }
  if (JSON.stringify(s.ledger) !== JSON.stringify(r.snap.ledger)) out.push('ledger differs from the reference');
  return out;
}

/** Chunks of the big file in the main reference, and how many X12 chunks came before them. */
function bigChunks(): { from: number; n: number } {
  const tr = ref(main).trace;
  const lastSynced = tr.map((p) => p.name).lastIndexOf('batch-synced');
  const n = tr.slice(lastSynced).filter((p) => p.name === 'x12-chunk').length;
  return { from: tr.filter((p) => p.name === 'x12-chunk').length - n, n };
}

async function killRun(i: number, plan: Plan): Promise<Outcome> {
  const sc = plan.scenario;
  const r = ref(sc);
  const { dir, db } = runDir(`run-${String(i).padStart(2, '0')}`);
  const tracePath = path.join(dir, 'trace.tsv');
  const problems: string[] = [];
  const run = await runChild(ingestArgs(sc, db), { cwd: dir, trace: tracePath, crashAt: plan.crashAt, killAfterMs: plan.killAfterMs, killWhen: plan.killWhen });
  const trace = readTrace(tracePath, run.startedAt);
  const killed = run.signal === 'SIGKILL';
  const after = leftovers(db);
  const b = sc.name === 'main' ? bigChunks() : { from: Infinity, n: 0 };
  const phase = killed ? phaseOf(trace, b.from, b.n) : `not killed: exited ${run.code} after ${run.ms} ms`;

  // (a) the warehouse opens: read-only in this process, and `revcycle status`.
  let ledgerAfterKill: Outcome['ledgerAfterKill'] = 'no warehouse';
  let statusCode = -1;
  // Files the killed run had already quarantined (committed ledger rows): the rerun reports their same bytes as
  // duplicates, so it exits 0 if the reference quarantined nothing else.
  let quarantinedBeforeRerun = 0;
  if (after.dbExists) {
    try {
      const s = await snapshot(db);
      ledgerAfterKill = s.ledger.length;
      quarantinedBeforeRerun = s.ledger.filter((l) => l.status === 'quarantined').length;
    } catch (err) {
      problems.push(`read-only open failed: ${(err as Error).message.split('\n')[0]}`);
    }
    const status = await runChild(['status', '--db', db], { cwd: dir });
    statusCode = status.code ?? -1;
    if (status.code !== 0) problems.push(`revcycle status failed (${status.code}): ${status.stderr.trim().split('\n')[0]}`);
  } else if (trace.some((p) => p.name === 'opened')) {
    problems.push('the warehouse file is gone although it had been opened');
  }

  // (b) the lock left by the dead process is stale.
  if (after.lockPid !== undefined) {
    const lockPath = `${db}.lock`;
    if (after.lockPid !== run.pid) problems.push(`lock names pid ${after.lockPid}, the killed child was ${run.pid}`);
    if (!isStale(lockPath, readLock(lockPath))) problems.push('the lock of the killed process is not detected as stale');
  } else if (killed && trace.length > 0 && trace[trace.length - 1]!.name !== 'after-checkpoint') {
    problems.push('no lock file although the process was killed while holding the warehouse');
  }

  // (c) the next ingest completes; (d) everything equals the reference.
  const rerun = await runChild(ingestArgs(sc, db), { cwd: dir });
  const referenceQuarantined = r.snap.ledger.filter((l) => l.status === 'quarantined').length;
  const expectedCode = r.run.code === 1 && quarantinedBeforeRerun === referenceQuarantined ? 0 : r.run.code;
  if (rerun.code !== expectedCode) problems.push(`rerun exited ${rerun.code} (${rerun.signal}), expected ${expectedCode} (reference ${r.run.code}, ${quarantinedBeforeRerun} of its ${referenceQuarantined} quarantined files already in the ledger): ${rerun.stderr.trim().split('\n').slice(-2).join(' / ')}`);
  if (/waiting for the warehouse/.test(rerun.stderr)) problems.push('rerun waited for the lock of the dead process');
  if (fs.existsSync(`${db}.lock`)) problems.push('lock file left after the rerun');
  const rerunDuplicates = (rerun.stdout.match(/^duplicate /gm) ?? []).length;
  let equal = false;
  try {
    const diff = differences(r, await snapshot(db));
    problems.push(...diff);
    equal = diff.length === 0;
  } catch (err) {
    problems.push(`open after rerun failed: ${(err as Error).message.split('\n')[0]}`);
  }
  const landing = landingNames(db);
  if (JSON.stringify(landing) !== JSON.stringify(r.landing)) {
    problems.push(`landing zone differs: ${landing.filter((n) => !r.landing.includes(n)).join(', ') || '(missing files)'}`);
  }
  if (JSON.stringify(quarantineNames(db)) !== JSON.stringify(r.quarantine)) problems.push('quarantine folder differs from the reference');
  if (problems.length === 0 && !process.env.REVCYCLE_CRASH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  return { plan, killed, diedAtMs: run.ms, phase, after, ledgerAfterKill, statusCode, rerunCode: rerun.code, rerunMs: rerun.ms, rerunDuplicates, equal, problems };
}

/** Named kill points, at hit numbers read from the reference traces. */
function namedPlans(): Plan[] {
  const ms = (x: number) => Math.max(1, Math.round(x));
  const tr = ref(main).trace;
  const count = (t: TracePoint[], name: string) => t.filter((p) => p.name === name).length;
  const at = (t: TracePoint[], name: string, n: number) => t.filter((p) => p.name === name)[n - 1]!;
  const commits = count(tr, 'after-commit');
  const { from, n } = bigChunks();
  const commitMs = at(tr, 'after-commit', commits).t - at(tr, 'before-commit', commits).t;
  const chunkGap = (at(tr, 'x12-chunk', from + n).t - at(tr, 'x12-chunk', from + 1).t) / Math.max(1, n - 1);
  const landed = count(tr, 'landed');
  const copiesUpTo = (p: TracePoint) => tr.slice(0, tr.indexOf(p)).filter((x) => x.name === 'landing-copy').length;
  const smallCopies = copiesUpTo(at(tr, 'landed', landed - 1));
  const bigCopies = copiesUpTo(at(tr, 'landed', landed)) - smallCopies;
  // The main batch's shared attempt parses files until the bad one, then rolls back; its chunks precede the first commit.
  const attemptChunks = tr.slice(0, tr.indexOf(at(tr, 'after-commit', 1))).filter((p) => p.name === 'x12-chunk').length;

  const st = ref(small).trace;
  const smallChunks = count(st, 'x12-chunk');
  const smallCommitMs = at(st, 'after-commit', 1).t - at(st, 'before-commit', 1).t;
  const ckpt = at(st, 'after-checkpoint', 1).t - at(st, 'before-checkpoint', 1).t;
  const m = (label: string, crashAt: string): Plan => ({ scenario: main, label, crashAt });
  const sm = (label: string, crashAt: string): Plan => ({ scenario: small, label: `small: ${label}`, crashAt });
  return [
    m('creating the warehouse: migrated under its temp name, not yet renamed into place', 'creating'),
    m('warehouse created and migrated, nothing landed', 'opened'),
    m('first file landed, no ledger row', 'landed:1'),
    m('mid-parse of the shared attempt that the bad file rolls back', `x12-chunk:${Math.max(1, Math.round(attemptChunks / 3))}`),
    m('mid fallback (one transaction per file)', `after-commit:${Math.max(2, Math.round(commits / 2))}`),
    m('big file half copied into landing (temp file)', `landing-copy:${smallCopies + Math.ceil(bigCopies / 2)}`),
    m('big file: half parsed', `x12-chunk:${from + Math.ceil(n / 2)}`),
    m('big file: mid-insert (timer inside a chunk)', `x12-chunk:${from + Math.ceil((3 * n) / 4)}@${ms(chunkGap / 2)}`),
    m('big file: all parsed and inserted, before COMMIT', `before-commit:${commits}`),
    m('big file: during COMMIT (early)', `before-commit:${commits}@${ms(commitMs * 0.1)}`),
    m('big file: during COMMIT (later)', `before-commit:${commits}@${ms(commitMs * 0.35)}`),
    m('big file committed', `after-commit:${commits}`),
    m('before the closing CHECKPOINT (WAL empty)', 'before-checkpoint'),
    m('after CHECKPOINT, lock not yet released', 'after-checkpoint'),
    sm('half of the batch landed', `landed:${BATCH / 2}`),
    sm('batch landed and synced, before BEGIN', 'batch-synced:1'),
    sm('mid-parse of the shared transaction', `x12-chunk:${Math.max(1, Math.round(smallChunks / 2))}`),
    sm('batch inserted, before COMMIT', 'before-commit:1'),
    sm('during the batch COMMIT', `before-commit:1@${ms(smallCommitMs * 0.3)}`),
    sm('batch committed', 'after-commit:1'),
    sm('before the closing CHECKPOINT (WAL full)', 'before-checkpoint'),
    sm('during the closing CHECKPOINT (early)', `before-checkpoint@${ms(ckpt * 0.2)}`),
    sm('during the closing CHECKPOINT (late)', `before-checkpoint@${ms(ckpt * 0.6)}`),
  ];
}

/**
 * Kills at time offsets: two during start-up (from spawn), the rest spread over the main load. An offset is placed on
 * the reference timeline (after event k, a fraction r into the gap to event k + 1) and the kill follows the child: once
 * it has reached event k, it dies r of that gap later, scaled to the child's own pace so far.
 */
function timedPlans(): Plan[] {
  const r = ref(main);
  const tr = r.trace;
  const opened = tr[0]!.t;
  const end = r.run.ms;
  const out: Plan[] = [
    { scenario: main, label: `start-up: ${Math.round(opened * 0.5)} ms after spawn`, killAfterMs: Math.round(opened * 0.5) },
    { scenario: main, label: `start-up: ${Math.round(opened * 0.95)} ms after spawn`, killAfterMs: Math.round(opened * 0.95) },
  ];
  for (let i = 0; i < TIMED; i++) {
    const f = TIMED === 1 ? 0.5 : 0.03 + (0.92 * i) / (TIMED - 1);
    const target = opened + f * (end - opened);
    let k = 0;
    while (k + 1 < tr.length && tr[k + 1]!.t <= target) k++;
    const next = k + 1 < tr.length ? tr[k + 1]!.t : end;
    const gap = next - tr[k]!.t;
    const frac = gap > 0 ? (target - tr[k]!.t) / gap : 0;
    out.push({
      scenario: main,
      label: `${Math.round(f * 100)}% into the load (ref. ${Math.round(target)} ms: event ${k + 1} ${tr[k]!.name} + ${Math.round(frac * 100)}% of ${gap} ms)`,
      killWhen: (trace, elapsed) => {
        if (trace.length <= k) return undefined;
        const refSpan = tr[k]!.t - opened;
        const pace = refSpan > 50 ? Math.min(5, Math.max(0.2, (trace[k]!.t - trace[0]!.t) / refSpan)) : 1;
        return Math.max(0, frac * gap * pace - (elapsed - trace[k]!.t));
      },
    });
  }
  return out;
}

async function pool<T, R>(items: T[], lanes: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

function report(outcomes: Outcome[]): string {
  const m = ref(main);
  const lines = [
    `Crash test: ${outcomes.length} runs, ${LANES} lane(s). Main reference: ${m.run.ms} ms (warehouse opened at ${m.trace[0]!.t} ms), ` +
      `${m.snap.ledger.length} files, big 835 ${(big.bytes / 1e6).toFixed(1)} MB (${big.claims} claims). Small reference: ${ref(small).run.ms} ms.`,
    '',
    '| # | kill point | died at (ms after spawn) | phase reached | WAL after kill | ledger rows after kill | status | rerun | equal to reference |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  outcomes.forEach((o, i) => {
    const point = o.plan.crashAt ? `\`${o.plan.crashAt}\` (${o.plan.label})` : o.plan.label;
    const wal = o.after.wal ? `yes (${(o.after.walBytes / 1024).toFixed(0)} KiB)` : 'no';
    const total = ref(o.plan.scenario).snap.ledger.length;
    lines.push(
      `| ${i + 1} | ${point} | ${o.diedAtMs} | ${o.phase}${o.after.incoming ? ` (${o.after.incoming} temp file in landing)` : ''} | ${wal} | ${o.ledgerAfterKill}/${total} | ${o.statusCode === -1 ? '–' : o.statusCode} | exit ${o.rerunCode}, ${o.rerunDuplicates} dup, ${o.rerunMs} ms | ${o.equal ? 'yes' : `NO: ${o.problems.join('; ')}`} |`,
    );
  });
  return lines.join('\n');
}

describe('crash safety: SIGKILL of `revcycle ingest` at 20+ points', () => {
  beforeAll(async () => {
    root = makeTempDir('revcycle-crash-');
    await prepareInputs();
    [main.ref, small.ref] = await Promise.all([reference(main), reference(small)]);
  }, 300_000);
  afterAll(() => {
    if (root && !process.env.REVCYCLE_CRASH_KEEP) fs.rmSync(root, { recursive: true, force: true });
  });

  it('the reference runs are non-trivial: both transaction shapes, a quarantined file, the big 835 alone', () => {
    const batches = (t: TracePoint[]) => {
      const out: number[] = [];
      let n = 0;
      for (const p of t) {
        if (p.name === 'landed') n++;
        if (p.name === 'batch-synced') out.push(n), (n = 0);
      }
      return out;
    };
    const m = ref(main);
    expect(m.run.code).toBe(1); // the truncated file is quarantined
    expect(m.snap.ledger).toHaveLength(BATCH + 1);
    expect(m.snap.ledger.filter((f) => f.status === 'quarantined').map((f) => [f.file_name, f.error_code])).toEqual([['truncated.835', 'TA1-023']]);
    expect(m.snap.ledger.filter((f) => f.status === 'loaded')).toHaveLength(BATCH);
    expect(m.snap.counts['raw.x12_835_claims']).toBeGreaterThan(big.claims);
    expect(m.snap.counts['raw.x12_837_claims']).toBeGreaterThan(50);
    expect(m.snap.counts['raw.ehr_visits']).toBeGreaterThan(100);
    expect(Number(m.snap.money.clp04)).toBeGreaterThan(big.clp04Cents / 100);
    expect(m.quarantine.filter((n) => n.endsWith('truncated.835'))).toHaveLength(1);
    // A full batch (its shared attempt rolled back, then one commit per good file), then the big file alone.
    expect(batches(m.trace)).toEqual([BATCH, 1]);
    expect(m.trace.filter((p) => p.name === 'after-commit')).toHaveLength(BATCH - 1 + 1);
    expect(bigChunks().n).toBeGreaterThanOrEqual(Math.floor((BIG_MB * 1e6) / (1 << 20))); // 1 MiB read chunks

    const s = ref(small);
    expect(s.run.code).toBe(0);
    expect(s.snap.ledger.filter((f) => f.status === 'loaded')).toHaveLength(BATCH);
    expect(batches(s.trace)).toEqual([BATCH]);
    expect(s.trace.filter((p) => p.name === 'after-commit')).toHaveLength(1);
  });

  it('after every kill the warehouse opens, the lock is recovered, the rerun completes with the reference totals', async () => {
    const plans = [...namedPlans(), ...timedPlans()];
    const t0 = Date.now();
    const outcomes = await pool(plans, LANES, (p, i) => killRun(i + 1, p));
    const text = `${report(outcomes)}\n\nTotal ${((Date.now() - t0) / 1000).toFixed(0)} s for the kill runs.\n`;
    console.log(text);
    if (process.env.REVCYCLE_CRASH_REPORT) fs.writeFileSync(process.env.REVCYCLE_CRASH_REPORT, text);

    // Every named point really killed the process; time kills that came after the run finished do not count.
    for (const o of outcomes.filter((x) => x.plan.crashAt)) expect(o.killed, `${o.plan.crashAt} did not kill the process`).toBe(true);
    const kills = outcomes.filter((o) => o.killed);
    expect(kills.length).toBeGreaterThanOrEqual(20);
    // Not vacuous: kills left the job unfinished (incomplete ledger), some with a WAL, some mid big file, in a COMMIT,
    // in a CHECKPOINT with a WAL to apply, and with a temp file in the landing zone.
    const total = (o: Outcome) => ref(o.plan.scenario).snap.ledger.length;
    expect(kills.filter((o) => typeof o.ledgerAfterKill === 'number' && o.ledgerAfterKill < total(o)).length).toBeGreaterThanOrEqual(12);
    expect(kills.filter((o) => o.ledgerAfterKill === 0).length).toBeGreaterThanOrEqual(3);
    expect(kills.filter((o) => o.phase.startsWith('mid-parse/insert of the big file')).length).toBeGreaterThanOrEqual(2);
    expect(kills.filter((o) => o.phase.startsWith('in COMMIT of the big file')).length).toBeGreaterThanOrEqual(2);
    expect(kills.filter((o) => o.phase.startsWith('in COMMIT of a small-file transaction')).length).toBeGreaterThanOrEqual(1);
    expect(kills.filter((o) => o.phase.startsWith('in the final CHECKPOINT') && o.after.wal).length).toBeGreaterThanOrEqual(2);
    expect(kills.filter((o) => o.after.incoming > 0).length).toBeGreaterThanOrEqual(1);
    expect(kills.filter((o) => o.after.wal).length).toBeGreaterThanOrEqual(5);
    // And every one of them recovered to exactly the reference.
    expect(outcomes.filter((o) => o.problems.length > 0).map((o) => `${o.plan.crashAt ?? o.plan.label}: ${o.problems.join('; ')}`)).toEqual([]);
  }, 1_800_000);
});
