/**
 * Issue 6, item 4: `revcycle rebuild` recreates the warehouse from `data/landing/` alone with the same results as the
 * original: every mart table (ordered `select *`) and the ledger are identical, apart from the wall-clock column
 * `loaded_at` (when a file's transaction committed; see WALL_CLOCK_COLUMNS in helpers.ts). Also: the recovery path
 * when the database file is damaged, the pseudonym-key guard, and the weekly scorecard archive of the rebuilt warehouse.
 *
 * The original is built the way a clinic's warehouse grows: several ingests over time (EHR exports and claims first,
 * remittances and acknowledgements later), a bad file, the same bytes offered twice under another name, and a build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHI_CANARY_PATTERNS, PHI_CANARY_STRINGS, simulate } from '../../src/simulate/index.ts';
import { cliQuery, runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { compareMarts } from './helpers.ts';
import { bill837, claim835, file835, file837, remit835, render } from '../x12/builder.ts';

let tmp: string;
let db: string;
let orig: string;
let sim: string;

function cli(args: string[], okCodes = [0]): string {
  const r = runCli([...args, '--db', db]);
  expect(okCodes, `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
  return r.stdout;
}

const ledgerSql = `SELECT * EXCLUDE (loaded_at) FROM raw.files ORDER BY load_seq`;

beforeAll(async () => {
  tmp = makeTempDir('revcycle-rebuild-');
  sim = path.join(tmp, 'sim');
  await simulate({ out: sim, clinics: 1, months: 2, visitsPerDay: 4, seed: 11 });
  db = path.join(tmp, 'data', 'warehouse.duckdb');
  const x12 = path.join(sim, 'x12');
  cli(['ingest', path.join(sim, 'ehr'), path.join(x12, '837p'), '-q']);
  const extra = path.join(tmp, 'extra');
  fs.mkdirSync(extra);
  fs.writeFileSync(path.join(extra, 'portal_export.835'), 'ISA*00*          *00*   truncated');
  const a835 = fs.readdirSync(path.join(x12, '835')).sort()[0]!;
  fs.copyFileSync(path.join(x12, '835', a835), path.join(extra, `resent_${a835}`));
  cli(['ingest', path.join(x12, '835'), path.join(x12, '277ca'), '-q']);
  cli(['ingest', path.join(x12, '999'), extra, '-q'], [1]); // the bad file is quarantined
  cli(['build']);
  orig = path.join(tmp, 'original.duckdb');
  fs.copyFileSync(db, orig);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('revcycle rebuild --from-landing', () => {
  it('reproduces every mart and the ledger of the original', async () => {
    const before = cliQuery<{ status: string; n: string }>(db, `SELECT status, count(*) AS n FROM raw.files GROUP BY ALL ORDER BY 1`);
    expect(before.map((r) => r.status)).toEqual(['loaded', 'quarantined']);
    const out = cli(['rebuild', '--from-landing']);
    expect(out).toMatch(/rebuilt .* from \d+ landed files \(\d+ loaded, 0 duplicate, 1 quarantined\); \d+ models as of \d{4}-\d{2}-\d{2} \(last build\)/);
    expect(out).toMatch(/previous warehouse is kept as .*warehouse\.duckdb\.bak-\d{8}T\d{6}Z/);

    const { tables, diffs } = await compareMarts(orig, db);
    expect(tables.length).toBeGreaterThan(20);
    expect(tables).toContain('kpi_weekly');
    expect(diffs).toEqual([]);
    // The ledger: same files, names, received times, order, statuses, reasons and row counts.
    expect(cliQuery(db, ledgerSql)).toEqual(cliQuery(orig, ledgerSql));
    // The copy offered under another name keeps its duplicate row (landing holds its bytes once, under the first name).
    const copies = `SELECT file_name, status, error_code, received_at FROM marts.files WHERE error_code = 'DUP_FILE'`;
    expect(cliQuery(orig, copies)).toEqual([expect.objectContaining({ file_name: expect.stringMatching(/^resent_/), status: 'duplicate' })]);
    expect(cliQuery(db, copies)).toEqual(cliQuery(orig, copies));
    // Run history is carried over: the original build, then the rebuild's.
    const builds = cliQuery<{ run_id: number; status: string }>(db, `SELECT run_id, status FROM meta.build_runs ORDER BY run_id`);
    expect(builds).toEqual([
      { run_id: 1, status: 'success' },
      { run_id: 2, status: 'success' },
    ]);
    // The backup is the original, byte for byte.
    const bak = fs.readdirSync(path.dirname(db)).find((n) => /\.bak-/.test(n) && !n.endsWith('.wal'))!;
    expect(fs.readFileSync(path.join(path.dirname(db), bak)).equals(fs.readFileSync(orig))).toBe(true);
    expect(fs.readdirSync(path.dirname(db)).filter((n) => /rebuild-|^\.rebuild/.test(n))).toEqual([]);
  });

  it('keeps the ingest order of a file loaded by --retry-quarantined after later files (it breaks ties of the models)', () => {
    const dir = makeTempDir('revcycle-rebuild-retry-');
    try {
      const w = path.join(dir, 'data', 'warehouse.duckdb');
      const strict = path.join(dir, 'strict.json');
      fs.writeFileSync(strict, JSON.stringify({ strictBalancing: true }));
      const put = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      const run = (args: string[], code = 0) => {
        const r = runCli([...args, '--db', w]);
        expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(code);
        return r.stdout + r.stderr;
      };
      run(['ingest', put('claims.837', render(file837(bill837({ claims: [{ clm01: 'TIE1', charge: '100', lines: [{ sv1: 'HC:97110*100*UN*1' }] }] }), { isa13: '701' })))]);
      // Two 835s with the same BPR16 (03-05): D denies TIE1 but does not balance (BPR02 1.00 ≠ Σ CLP04 0), P pays it.
      const denial = put('d.835', render(file835(remit835({ amount: '1', trn02: 'TIE-D', claims: [claim835('TIE1*4*100*0**12*PD', { cas: ['CAS*CO*50*100'] })] }), { isa13: '702' })));
      const paid = put('p.835', render(file835(remit835({ amount: '80', trn02: 'TIE-P', claims: [claim835('TIE1*1*100*80**12*PP', { cas: ['CAS*CO*45*20'] })] }), { isa13: '703' })));
      run(['ingest', denial, '--config', strict], 1); // quarantined under strictBalancing
      run(['ingest', paid]);
      run(['ingest', '--retry-quarantined', denial]); // now loaded, after P: P is the first adjudication (same date, earlier ingest)
      run(['build', '--as-of', '2025-03-31']);
      const outcome = () => cliQuery(w, `select initial_outcome, first_adjudicated_on from marts.claims where claim_id = 'TIE1'`);
      expect(outcome()).toEqual([{ initial_outcome: 'paid', first_adjudicated_on: '2025-03-05' }]);
      const rebuilt = run(['rebuild']);
      expect(outcome()).toEqual([{ initial_outcome: 'paid', first_adjudicated_on: '2025-03-05' }]);
      expect(rebuilt).toMatch(/in the old warehouse's ingest order/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recovers a damaged database file (the as-of falls back to the default, which the original used too)', async () => {
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, Buffer.alloc(64 * 1024, 0x5a), 0, 64 * 1024, 0);
    fs.closeSync(fd);
    expect(runCli(['status', '--db', db]).code).toBe(2);
    const out = cli(['rebuild']);
    expect(out).toMatch(/\(default\)/);
    expect(out).toMatch(/previous warehouse did not open/);
    // The damaged file cannot tell the further names of a file's bytes (raw.file_copies): the copy's duplicate row of
    // marts.files is the one thing lost; every other mart and the ledger are the original's.
    const { diffs } = await compareMarts(orig, db);
    expect(diffs).toEqual([{ table: 'files', rowsA: expect.any(Number), rowsB: expect.any(Number), onlyInA: 1, onlyInB: 0, orderedEqual: false }]);
    const files = `SELECT * EXCLUDE (loaded_at) FROM marts.files WHERE error_code IS DISTINCT FROM 'DUP_FILE' ORDER BY ALL`;
    expect(cliQuery(db, files)).toEqual(cliQuery(orig, files));
    expect(cliQuery(db, ledgerSql)).toEqual(cliQuery(orig, ledgerSql));
  });

  it('refuses to rebuild without the pseudonym key (patient keys would change)', () => {
    const key = path.join(path.dirname(db), 'pseudonym.key');
    const saved = fs.readFileSync(key);
    fs.rmSync(key);
    try {
      const r = runCli(['rebuild', '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no pseudonym key .*pseudonym\.key is missing.*--new-key/);
    } finally {
      fs.writeFileSync(key, saved, { mode: 0o600 });
    }
  });

  it('the weekly job archives the scorecard of the week just ended (HTML, CSV) and an actions summary, without PHI', () => {
    const r = runCli(['schedule', '--run', 'weekly', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^weekly: success/);
    const asOf = cliQuery<{ d: string }>(db, `SELECT strftime(as_of, '%Y-%m-%d') AS d FROM config.params`)[0]!.d;
    const root = path.join(path.dirname(db), 'archive', 'scorecards');
    const weeks = fs.readdirSync(root).filter((n) => /^\d{4}-\d{2}-\d{2}$/.test(n));
    expect(weeks).toHaveLength(1);
    const week = weeks[0]!;
    // A Monday, and the last complete week before the as-of date.
    expect(new Date(`${week}T00:00:00Z`).getUTCDay()).toBe(1);
    const daysBefore = (Date.parse(asOf) - Date.parse(week)) / 86_400_000;
    expect(daysBefore).toBeGreaterThanOrEqual(7);
    expect(daysBefore).toBeLessThan(14);
    const csv = fs.readFileSync(path.join(root, week, 'scorecard.csv'), 'utf8').trim().split('\n');
    const kpis = cliQuery<{ n: string }>(db, `SELECT count(*) AS n FROM marts.kpi_weekly WHERE week_start = DATE '${week}'`)[0]!.n;
    expect(csv).toHaveLength(Number(kpis) + 1);
    expect(csv[0]).toMatch(/^week_start,week_end,kpi,label,unit,value,/);
    const html = fs.readFileSync(path.join(root, week, 'scorecard.html'), 'utf8');
    expect(html).toContain(`Weekly scorecard: ${week}`);
    expect(html).toContain('Denial rate');
    const actions = fs.readFileSync(path.join(root, week, 'actions.md'), 'utf8');
    expect(actions).toMatch(/^# Actions: week of /);
    expect(actions).toMatch(/## KPIs off target/);
    expect(actions).toMatch(/## Work lists/);
    expect(fs.readFileSync(path.join(root, 'index.html'), 'utf8')).toContain(`${week}/scorecard.html`);
    for (const text of [csv.join('\n'), html, actions]) {
      for (const s of PHI_CANARY_STRINGS) expect(text).not.toContain(s);
      for (const p of PHI_CANARY_PATTERNS) expect(text).not.toMatch(p);
      expect(text).not.toMatch(/\b[pm]_[0-9a-f]{16}\b/); // no patient keys either
    }
    const run = cliQuery<{ outcome: string; trigger: string; detail: string }>(db, `SELECT outcome, trigger, detail FROM meta.job_runs WHERE job = 'weekly'`);
    expect(run).toHaveLength(1);
    expect(run[0]).toMatchObject({ outcome: 'success', trigger: 'manual' });
    expect(JSON.parse(run[0]!.detail)).toMatchObject({ week_start: week, as_of: asOf });
  });
});
