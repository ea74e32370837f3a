/**
 * Every CSV entity through the real ingest path: a valid file, a file with bad rows (each reject with line, column
 * and reason code, never the value), a structurally broken file (quarantined, nothing loaded), a re-delivered file
 * and a new file with identical rows (no new rows), and a later file that updates rows by key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/models/runner.ts';
import { tempWarehouse, writeFixture, type TempWarehouse } from '../helpers/warehouse.ts';
import { CASES, fixture } from './cases.ts';
import { ehrRow, ehrRows, findings, ledger, rejectList } from './helpers.ts';

let tw: TempWarehouse | undefined;
const warehouse = () => (tw = tempWarehouse());
afterEach(() => {
  tw?.cleanup();
  tw = undefined;
});

describe.each(CASES)('$entity', (c) => {
  const valid = fixture(c.entity, `${c.entity}.csv`);

  it('loads a valid file: every value lands in raw.ehr_<entity> as expected', async () => {
    const w = warehouse();
    const [r] = await w.ingest([valid]);
    expect(r).toMatchObject({ status: 'loaded', kind: `csv_${c.entity}`, rows: c.valid.length });
    expect(r!.reason).toContain(`${c.valid.length} rows (${c.valid.length} new, 0 replaced)`);
    expect(await ehrRows(w, c.entity, c.orderBy)).toEqual(c.valid);
    expect(await w.query(`SELECT DISTINCT file_sha256 FROM raw.ehr_${c.entity}`)).toEqual([{ file_sha256: r!.sha256 }]);
    expect(await rejectList(w)).toEqual([]);
    expect(await ledger(w, r!.sha256)).toMatchObject({ kind: `csv_${c.entity}`, status: 'loaded', business_key: c.entity, rows: c.valid.length });
  });

  it('rejects bad rows with line, column and reason, loads the rest, and reports them', async () => {
    const w = warehouse();
    const file = fixture(c.entity, `${c.entity}-bad-rows.csv`);
    const [r] = await w.ingest([file]);
    const rejectedRows = new Set(c.bad.rejects.map(([line]) => line)).size;
    expect(r).toMatchObject({ status: 'loaded', rows: c.bad.loaded });
    expect(r!.reason).toContain(`${rejectedRows} rejected`);
    expect(await w.query(`SELECT count(*) AS n FROM raw.ehr_${c.entity}`)).toEqual([{ n: c.bad.loaded }]);
    expect(await rejectList(w, r!.sha256)).toEqual(c.bad.rejects);

    const rejects = await w.query('SELECT * FROM raw.csv_rejects');
    expect(new Set(rejects.map((x) => `${x.file_name}|${x.entity}`))).toEqual(new Set([`${path.basename(file)}|${c.entity}`]));
    // A reason says what is wrong, never the value (it may be PHI).
    const records = parse(fs.readFileSync(file), { relax_column_count: true }) as string[][];
    const header = records[0]!;
    for (const x of rejects) {
      expect(x.reason).toMatch(/^[A-Z_]+: \S/);
      const value = x.column_name ? records[Number(x.line_number) - 1]![header.indexOf(String(x.column_name))] : undefined;
      if (value) expect(String(x.reason)).not.toContain(value);
    }
    const [finding] = await findings(w, 'csv_rejects');
    expect(finding).toMatchObject({ severity: 'warn', entity: c.entity, file_sha256: r!.sha256 });
    expect(finding!.message).toContain(`${rejectedRows} of ${c.bad.loaded + rejectedRows} rows rejected`);
    for (const [, , code] of c.bad.rejects) expect(finding!.message).toContain(code);
  });

  it('quarantines a file that lacks a required column, naming it, and loads nothing', async () => {
    const w = warehouse();
    const [r] = await w.ingest([fixture(c.entity, `${c.entity}-missing-column.csv`)]);
    expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_STRUCTURAL', kind: `csv_${c.entity}`, rows: 0 });
    for (const col of c.missing) expect(r!.reason).toContain(col);
    expect(r!.reason).toContain('line 1');
    expect(await ledger(w, r!.sha256)).toMatchObject({ status: 'quarantined', error_code: 'CSV_STRUCTURAL', line_number: 1 });
    const counts = await w.tableCounts();
    expect(counts[`raw.ehr_${c.entity}`]).toBe(0);
    expect(counts['raw.csv_rejects']).toBe(0);
    expect(counts['raw.load_findings']).toBe(0);
  });

  it('adds no rows for a re-delivered file, nor for a new file with identical rows', async () => {
    const w = warehouse();
    await w.ingest([valid]);
    const before = await w.tableCounts();

    const [again] = await w.ingest([valid]);
    expect(again).toMatchObject({ status: 'duplicate', code: 'DUP_FILE', rows: 0 });
    expect(await w.tableCounts()).toEqual(before);

    // Same rows, new bytes (a trailing blank line, another name): a new file whose rows replace themselves.
    const copy = writeFixture(w.dir, `in/${c.entity}_resent.csv`, `${fs.readFileSync(valid, 'utf8')}\n`);
    const [resent] = await w.ingest([copy]);
    expect(resent).toMatchObject({ status: 'loaded' });
    expect(resent!.reason).toContain(`(0 new, ${c.valid.length} replaced)`);
    expect(await w.tableCounts()).toEqual({ ...before, 'raw.files': before['raw.files']! + 1 });
    expect(await ehrRows(w, c.entity, c.orderBy)).toEqual(c.valid);
  });

  it('lets a later file update rows by primary key: the later value wins, the row count is unchanged', async () => {
    const w = warehouse();
    await w.ingest([valid]);
    expect(await ehrRow(w, c.entity, c.update.where)).toMatchObject(c.update.before);

    const [r] = await w.ingest([fixture(c.entity, `${c.entity}-update.csv`)]);
    expect(r).toMatchObject({ status: 'loaded' });
    expect(r!.reason).toContain(`(0 new, ${c.valid.length} replaced)`);
    expect(await ehrRow(w, c.entity, c.update.where)).toMatchObject({ ...c.update.after, file_sha256: r!.sha256 });
    expect(await w.query(`SELECT count(*) AS n FROM raw.ehr_${c.entity}`)).toEqual([{ n: c.valid.length }]);
  });
});

describe('booleans', () => {
  it('understands yes/no, y/n, t/f and 1/0 in any letter case without a mapping; anything else is BAD_BOOLEAN', async () => {
    const w = warehouse();
    const text = [
      'payer_id,payer_name,financial_class,x12_payer_id,requires_auth,in_network',
      'P1,One,commercial,X1,Yes,N',
      'P2,Two,commercial,X2,y,NO',
      'P3,Three,commercial,X3,1,0',
      'P4,Four,commercial,X4,T,f',
      'P5,Five,commercial,X5,TRUE,False',
      'P6,Six,commercial,X6,sometimes,true',
    ].join('\n');
    const [r] = await w.ingest([writeFixture(w.dir, 'in/payers.csv', text)]);
    expect(r).toMatchObject({ status: 'loaded', rows: 5 });
    const rows = await w.query(`SELECT payer_id, requires_auth, in_network FROM raw.ehr_payers ORDER BY payer_id`);
    expect(rows).toEqual([
      { payer_id: 'P1', requires_auth: true, in_network: false },
      { payer_id: 'P2', requires_auth: true, in_network: false },
      { payer_id: 'P3', requires_auth: true, in_network: false },
      { payer_id: 'P4', requires_auth: true, in_network: false },
      { payer_id: 'P5', requires_auth: true, in_network: false },
    ]);
    expect(await rejectList(w)).toEqual([[7, 'requires_auth', 'BAD_BOOLEAN']]);
  });
});

describe('marts.data_quality', () => {
  it('lists a rejected CSV row once, with every failing column, and the file count only in the load findings', async () => {
    const w = warehouse();
    const text = [
      'payer_id,payer_name,financial_class,x12_payer_id,requires_auth,timely_filing_days',
      'P1,One,commercial,X1,true,90',
      'P2,Two,fancy,X2,sometimes,90', // two failing values in one row → one finding naming both
      'P3,Three,commercial,X3,true,soon', // one failing value
      'P4,Four,commercial,X4,true,180',
    ].join('\n');
    const [r] = await w.ingest([writeFixture(w.dir, 'in/payers.csv', text)]);
    expect(r).toMatchObject({ status: 'loaded', rows: 2 });
    await w.withRw((wh) => build(wh, { config: w.config, asOf: '2025-01-31' }));
    const rows = await w.query(`SELECT check_name, severity, entity, key, message FROM marts.data_quality
      WHERE check_name LIKE 'csv%' ORDER BY key`);
    expect(rows).toEqual([
      { check_name: 'csv_reject', severity: 'warn', entity: 'csv_row:payers', key: 'payers.csv:3',
        message: 'financial_class: NOT_ALLOWED: not one of the allowed values (medicare, medicare_advantage, medicaid, commercial, '
          + 'regional, workers_comp, auto, other); requires_auth: BAD_BOOLEAN: not true or false (nor yes/no, y/n, t/f, 1/0)' },
      { check_name: 'csv_reject', severity: 'warn', entity: 'csv_row:payers', key: 'payers.csv:4',
        message: 'timely_filing_days: BAD_NUMBER: not a number' },
    ]);
    // the per-file count stays a load finding (and in the ingest output)
    expect((await findings(w, 'csv_rejects')).map((f) => f.message)).toEqual([expect.stringMatching(/^2 of 4 rows rejected/)]);
  });
});
