/**
 * Idempotency of ingestion through the CLI (issue 2, "Done when" 4; domain-reference §4.2 rows 21–23, §4.4).
 *
 * A simulated group (1 clinic, 2 months) plus scenario X12 files is ingested with `revcycle ingest`; then:
 * - the same folder again: every file is reported duplicate and no table changes (counts, row fingerprints, money);
 * - an 835 re-sent with new bytes (new ISA13 / IEA02; same payer, TRN02 and BPR02): duplicate, DUP_TRN, 0 new rows;
 * - the same TRN02 with a different BPR02 (balanced): quarantined DUP_TRN_CONFLICT, nothing loaded;
 * - a CSV re-delivered under another name: the same bytes are a duplicate; the same rows in other bytes (another
 *   line order, CRLF) merge by primary key and add 0 rows;
 * - and everything offered once more changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryPlain } from '../../src/db/results.ts';
import { openWarehouse } from '../../src/db/warehouse.ts';
import { simulate } from '../../src/simulate/index.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { bill837, claim835, file835, file837, line835, remit835, render } from '../x12/builder.ts';
import { countDiff, dataCounts, snapshot, type Snapshot } from './helpers.ts';

let dir: string;
let db: string;
let inbox: string;
let first: CliResult;
let loaded: Snapshot;

const ingest = (...paths: string[]) => runCli(['ingest', ...paths, '--db', db], { REVCYCLE_PSEUDONYM_KEY: 'idempotency-test-key' });

/** One balanced 835 payment: two claims, and a PLB WO takeback; BPR02 = Σ CLP04 − Σ PLB. */
function scenario835(opts: { isa13: string; bpr02: string; clp04: [string, string]; plb: string }): string {
  const [a, b] = opts.clp04;
  const claim = (pcn: string, paid: string) => {
    const adj = (100 - Number(paid)).toFixed(2);
    return claim835(`${pcn}*1*100*${paid}**12*PCC-${pcn}`, { lines: [line835(`HC:97110:GP*100*${paid}**1`, { cas: [`CAS*CO*45*${adj}`] })] });
  };
  return render(
    file835(
      remit835({
        amount: opts.bpr02,
        trn02: 'IDEM-TRN-0001',
        payerId: 'ACME01',
        claims: [claim('IDEM-1', a), claim('IDEM-2', b)],
        plb: [`PLB*1234567893*20251231*WO:OVP1*${opts.plb}`],
      }),
      { isa13: opts.isa13 },
    ),
  );
}

/** A copy of an X12 file with another ISA13 / IEA02: new bytes, same content. */
function withControlNumber(text: string, isa13: string): string {
  const out = text.replace(/^(ISA(?:\*[^*]*){12}\*)\d{9}/, `$1${isa13}`).replace(/IEA\*(\d+)\*\d{9}/, `IEA*$1*${isa13}`);
  if (out === text || !out.includes(`IEA*1*${isa13}`)) throw new Error('control number not replaced');
  return out;
}

async function query(sql: string): Promise<unknown[]> {
  const wh = await openWarehouse({ path: db, mode: 'ro', purpose: 'test', timeoutMs: 30_000 });
  try {
    return (await queryPlain(wh.con, sql)).rows;
  } finally {
    await wh.close();
  }
}

/** raw.ehr_payments without its lineage columns: count and an order-independent fingerprint. */
const PAYMENT_ROWS = `SELECT count(*)::INTEGER AS n, sum(hash(x)::HUGEINT)::VARCHAR AS h
  FROM (SELECT * EXCLUDE (file_sha256, line_number) FROM raw.ehr_payments) x`;

const fileLines = (r: CliResult) => r.stdout.split('\n').filter((l) => /^(loaded|duplicate|quarantined) /.test(l));
const ledgerRow = (s: Snapshot, name: string) => s.ledger.find((f) => f.file_name === name);

beforeAll(async () => {
  dir = makeTempDir('revcycle-idem-');
  db = path.join(dir, 'data', 'warehouse.duckdb');
  inbox = path.join(dir, 'inbox');
  await simulate({ out: path.join(inbox, 'sim'), clinics: 1, months: 2, seed: 21 });
  const scenario = path.join(inbox, 'scenario');
  fs.mkdirSync(scenario, { recursive: true });
  fs.writeFileSync(path.join(scenario, 'acme-remit.835'), scenario835({ isa13: '700000001', bpr02: '140.00', clp04: ['80.00', '70.00'], plb: '10.00' }));
  fs.writeFileSync(
    path.join(scenario, 'acme-claims.837'),
    render(
      file837(
        bill837({
          claims: [
            { clm01: 'IDEM-1', charge: '100', lines: [{ sv1: 'HC:97110:GP*100*UN*1***1' }] },
            { clm01: 'IDEM-2', charge: '100', lines: [{ sv1: 'HC:97110:GP*100*UN*1***1' }] },
          ],
        }),
        { isa13: '700000002' },
      ),
    ),
  );
  first = ingest(inbox);
  loaded = await snapshot(db);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('idempotent ingestion through `revcycle ingest`', () => {
  it('the first ingest loads the whole group (non-trivial totals)', () => {
    expect(first.code, first.stderr).toBe(0);
    const lines = fileLines(first);
    expect(lines.length).toBeGreaterThan(150);
    expect(lines.filter((l) => !l.startsWith('loaded '))).toEqual([]);
    expect(loaded.ledger.every((f) => f.status === 'loaded')).toBe(true);
    expect(loaded.counts['raw.files']).toBe(lines.length);
    expect(loaded.counts['marts.files']).toBe(lines.length);
    for (const t of ['raw.x12_835_claims', 'raw.x12_837_claims', 'raw.x12_835_provider_adjustments', 'raw.ehr_payments', 'raw.ehr_visits']) {
      expect(loaded.counts[t], t).toBeGreaterThan(0);
    }
    expect(Number(loaded.money.clp04)).toBeGreaterThan(10_000);
    expect(Number(loaded.money.clm02)).toBeGreaterThan(10_000);
    expect(Number(loaded.money.plb)).not.toBe(0);
    expect(Number(loaded.money.payments)).toBeGreaterThan(1_000);
    // Received stamps are kept strictly increasing (one per file, even within a millisecond): none may come after
    // its file's loaded_at.
    const early = runCli(['query', 'select count(*) as n from marts.files where loaded_at < received_at', '--format', 'json', '--db', db]);
    expect(JSON.parse(early.stdout)).toEqual([{ n: 0 }]);
  });

  it('ingesting the same folder again reports every file duplicate and changes no table (row 21)', async () => {
    const again = ingest(inbox);
    expect(again.code, again.stderr).toBe(0);
    const lines = fileLines(again);
    expect(lines).toHaveLength(loaded.ledger.length);
    expect(lines.filter((l) => !/^duplicate .*same bytes already loaded as /.test(l))).toEqual([]);
    expect(again.stdout).toMatch(new RegExp(`${loaded.ledger.length} files: 0 loaded, ${loaded.ledger.length} duplicate, 0 quarantined; 0 rows`));
    const s = await snapshot(db);
    expect(countDiff(loaded, s)).toEqual({});
    expect(s).toEqual(loaded); // counts, row fingerprints, money, ledger: all identical
  });

  it('an 835 re-sent with new bytes (new ISA13 / IEA02; same payer, TRN02, BPR02) is a duplicate DUP_TRN with 0 new rows (row 22)', async () => {
    const before = await snapshot(db);
    // A simulated 835 with a PLB, and the scenario remit.
    const simRemits = path.join(inbox, 'sim', 'x12', '835');
    const withPlb = fs.readdirSync(simRemits).sort().find((n) => /^PLB\*/m.test(fs.readFileSync(path.join(simRemits, n), 'latin1')));
    expect(withPlb).toBeDefined();
    const resent = path.join(dir, 'resent');
    fs.mkdirSync(resent);
    fs.writeFileSync(path.join(resent, `resent-${withPlb}`), withControlNumber(fs.readFileSync(path.join(simRemits, withPlb!), 'latin1'), '800000001'), 'latin1');
    fs.writeFileSync(path.join(resent, 'resent-acme-remit.835'), scenario835({ isa13: '800000002', bpr02: '140.00', clp04: ['80.00', '70.00'], plb: '10.00' }));

    const r = ingest(resent);
    expect(r.code, r.stderr).toBe(0);
    const lines = fileLines(r);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^duplicate +x12_835 .*re-sent remittance: every payment \(payer \+ payee \+ TRN02\) in it was already loaded/);

    const s = await snapshot(db);
    expect(dataCounts(s)).toEqual(dataCounts(before));
    expect(s.money).toEqual(before.money);
    for (const t of Object.keys(dataCounts(s))) expect(s.fingerprints[t], t).toBe(before.fingerprints[t]);
    for (const name of [`resent-${withPlb}`, 'resent-acme-remit.835']) {
      const row = ledgerRow(s, name);
      const original = ledgerRow(s, name.replace(/^resent-/, ''));
      expect(row, name).toMatchObject({ status: 'duplicate', error_code: 'DUP_TRN', rows: 0, duplicate_of: original!.sha256 });
    }
    expect(s.counts['raw.files']).toBe(before.counts['raw.files']! + 2);
    expect(s.counts['marts.files']).toBe(before.counts['marts.files']! + 2);
  });

  it('the same TRN02 with a different BPR02 (balanced) is quarantined DUP_TRN_CONFLICT and nothing is loaded (row 23)', async () => {
    const before = await snapshot(db);
    const conflict = path.join(dir, 'conflict');
    fs.mkdirSync(conflict);
    // Same payer and TRN02, BPR02 145.00 instead of 140.00; balanced: 85 + 70 − 10 = 145.
    fs.writeFileSync(path.join(conflict, 'acme-remit-conflict.835'), scenario835({ isa13: '800000003', bpr02: '145.00', clp04: ['85.00', '70.00'], plb: '10.00' }));
    const r = ingest(conflict);
    expect(r.code).toBe(1);
    expect(fileLines(r)).toEqual([expect.stringMatching(/^quarantined +x12_835 .*DUP_TRN_CONFLICT: payer ACME01 trace number TRN02 IDEM-TRN-0001 was already loaded with a different BPR02/)]);

    const s = await snapshot(db);
    expect(dataCounts(s)).toEqual(dataCounts(before));
    expect(s.money).toEqual(before.money);
    for (const t of Object.keys(dataCounts(s))) expect(s.fingerprints[t], t).toBe(before.fingerprints[t]);
    expect(s.counts['raw.load_findings']).toBe(before.counts['raw.load_findings']);
    expect(ledgerRow(s, 'acme-remit-conflict.835')).toMatchObject({ kind: 'x12_835', status: 'quarantined', error_code: 'DUP_TRN_CONFLICT', rows: 0 });
    expect(fs.readdirSync(path.join(dir, 'data', 'quarantine')).filter((n) => n.endsWith('acme-remit-conflict.835'))).toHaveLength(1);
  });

  it('a CSV re-delivered under another name adds 0 rows: same bytes are a duplicate, same rows in other bytes merge by key', async () => {
    const before = await snapshot(db);
    const beforeRows = await query(PAYMENT_ROWS);
    const source = path.join(inbox, 'sim', 'ehr', 'payments_2025-01.csv');
    const text = fs.readFileSync(source, 'utf8');
    const [header, ...rows] = text.trimEnd().split('\n');
    expect(rows.length).toBeGreaterThan(20);
    const redelivered = path.join(dir, 'redelivered');
    fs.mkdirSync(redelivered);
    fs.copyFileSync(source, path.join(redelivered, 'payments_2025-01_copy.csv'));
    fs.writeFileSync(path.join(redelivered, 'payments_2025-01_resent.csv'), [header, ...rows.reverse()].join('\r\n') + '\r\n');

    const r = ingest(redelivered);
    expect(r.code, r.stderr).toBe(0);
    const lines = fileLines(r);
    expect(lines[0]).toMatch(/^duplicate +csv_payments .*payments_2025-01_copy\.csv: same bytes already loaded as payments_2025-01\.csv/);
    expect(lines[1]).toMatch(/^loaded +csv_payments .*payments_2025-01_resent\.csv/);

    const s = await snapshot(db);
    expect(dataCounts(s)).toEqual(dataCounts(before));
    expect(s.money).toEqual(before.money);
    // The rows now come from the later file (a later file wins); apart from their lineage they are the same rows.
    expect(await query(PAYMENT_ROWS)).toEqual(beforeRows);
    expect(ledgerRow(s, 'payments_2025-01_resent.csv')).toMatchObject({ status: 'loaded', kind: 'csv_payments' });
    expect(ledgerRow(s, 'payments_2025-01_copy.csv')).toBeUndefined(); // a same-bytes duplicate is not a new ledger row
    // … but a file offered, with a duplicate row of its own in marts.files.
    expect(await query(`SELECT status, error_code, reason, rows FROM marts.files WHERE file_name = 'payments_2025-01_copy.csv'`)).toEqual([
      { status: 'duplicate', error_code: 'DUP_FILE', reason: 'same bytes already loaded as payments_2025-01.csv', rows: 0 },
    ]);
  });

  it('offering every file once more changes nothing', async () => {
    const before = await snapshot(db);
    const r = ingest(inbox, path.join(dir, 'resent'), path.join(dir, 'conflict'), path.join(dir, 'redelivered'));
    expect(r.code).toBe(0); // the conflicting remit's same bytes are a duplicate too: it stays quarantined
    const lines = fileLines(r);
    expect(lines.filter((l) => l.startsWith('loaded '))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('quarantined '))).toEqual([]);
    expect(lines.filter((l) => /^duplicate .*: same bytes already quarantined as /.test(l))).toHaveLength(1);
    const s = await snapshot(db);
    expect(countDiff(before, s)).toEqual({});
    expect(s).toEqual(before);
  });
});
