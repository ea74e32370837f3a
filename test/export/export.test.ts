/**
 * `revcycle export` (DESIGN.md §11): raw and marts as Hive-partitioned Parquet that another engine reads back with the
 * same numbers. Uses a small hand-built warehouse; the export runs through the real CLI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { buildGiven, Given, type Built } from '../models/given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
];
const CLINICS = [
  { clinic_id: 'C1', clinic_name: 'One', billing_npi: '1000000001', tin: '111111111', timezone: 'America/New_York' },
  { clinic_id: 'C2', clinic_name: 'Two', billing_npi: '2000000002', tin: '222222222', timezone: 'America/New_York' },
];
const NOTE = 'CANARY-NOTE Zebediah Quixote called about his claim';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-export-'));
const built: Built[] = [];
afterAll(() => {
  built.forEach((b) => b.cleanup());
  fs.rmSync(work, { recursive: true, force: true });
});

async function readBack(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
const parquet = (dir: string) => `read_parquet('${dir}/**/*.parquet', hive_partitioning = true, union_by_name = true)`;

describe('revcycle export', async () => {
  const g = new Given().ehr('payers', PAYERS).ehr('clinics', CLINICS);
  g.claims837([
    { claim: 'A1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] },
    { claim: 'A2', submitted: '2025-04-02', lines: [{ cpt: '97110', charge: 120, date: '2025-04-01' }] },
  ]);
  g.claims837([{ claim: 'B1', npi: '2000000002', submitted: '2025-04-02', lines: [{ cpt: '97140', charge: 90, date: '2025-04-01' }] }]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-04-20', claims: [
    { claim: 'A1', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '50', amount: 100 }] }] });
  g.ehr('denial_actions', [{ claim_id: 'A1', action: 'appeal', action_on: '2025-04-22', note: NOTE }]);
  const b = await buildGiven(g, '2025-04-30');
  built.push(b);
  const db = b.tw.paths.db;
  const out = path.join(work, 'export');

  it('writes every raw and marts table, partitioned by clinic and month, with a manifest', () => {
    const r = runCli(['export', '--out', out, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^exported \d+ tables \(\d+ rows, [\d.]+ MB of Parquet\) to .+ in [\d.]+ s\n$/);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const claims = manifest.tables.find((t: { table: string }) => t.table === 'marts.claims');
    expect(claims).toEqual({ table: 'marts.claims', rows: 3, partitionBy: ['clinic_id', 'month'], monthFrom: 'first_service_date' });
    // A1 (C1, March), A2 (C1, April), B1 (C2, April).
    const leaves = fs.readdirSync(path.join(out, 'marts/claims'), { recursive: true }).filter((f) => String(f).endsWith('.parquet')).map(String).sort();
    expect(leaves).toEqual([
      path.join('clinic_id=C1', 'month=2025-03', 'part_0.parquet'),
      path.join('clinic_id=C1', 'month=2025-04', 'part_0.parquet'),
      path.join('clinic_id=C2', 'month=2025-04', 'part_0.parquet'),
    ]);
    expect(manifest.marts_as_of).toBe('2025-04-30');
    expect(manifest.tables.map((t: { table: string }) => t.table)).toContain('raw.x12_837_lines');
  });

  it('reads back with the same rows and numbers in another engine', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    for (const t of manifest.tables as Array<{ table: string; rows: number }>) {
      const [schema, table] = t.table.split('.');
      const [{ n: warehouseRows }] = await b.q(`select count(*)::INTEGER as n from ${t.table}`);
      expect(t.rows, t.table).toBe(warehouseRows);
      const [{ n }] = await readBack(`select count(*)::INTEGER as n from ${parquet(path.join(out, schema!, table!))}`);
      expect(n, t.table).toBe(warehouseRows);
    }
    const sql = (from: string) => `select clinic_id, count(*)::INTEGER as claims, sum(billed_amount)::DOUBLE as billed,
      count(*) filter (where initial_denial)::INTEGER as denied from ${from} group by clinic_id order by clinic_id`;
    const expected = [
      { clinic_id: 'C1', claims: 2, billed: 220, denied: 1 },
      { clinic_id: 'C2', claims: 1, billed: 90, denied: 0 },
    ];
    expect(await b.q(sql('marts.claims'))).toEqual(expected);
    expect(await readBack(sql(parquet(path.join(out, 'marts/claims'))))).toEqual(expected);
  });

  it('keeps every column\'s type: counts stay integers, money stays DECIMAL (no DOUBLE in place of an integer)', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    for (const t of manifest.tables as Array<{ table: string; partitionBy: string[]; monthFrom?: string }>) {
      const [schema, table] = t.table.split('.');
      const inWarehouse = await b.q(`select column_name, data_type from information_schema.columns
        where table_schema = '${schema}' and table_name = '${table}' order by ordinal_position`);
      const exported = new Map((await readBack(`describe select * from ${parquet(path.join(out, schema!, table!))}`)).map((c) => [c.column_name, c.column_type]));
      for (const c of inWarehouse) {
        if (!exported.has(c.column_name as string)) continue; // left out on purpose (free text)
        expect(exported.get(c.column_name as string), `${t.table}.${c.column_name}`).toBe(c.data_type);
      }
    }
  });

  it('leaves out the free-text note of denial actions', async () => {
    const cols = await readBack(`describe select * from ${parquet(path.join(out, 'raw/ehr_denial_actions'))}`);
    expect(cols.map((c) => c.column_name)).not.toContain('note');
    expect(cols.map((c) => c.column_name)).toContain('claim_id');
  });

  it('replaces an earlier export whole, and refuses a folder that is not one', () => {
    fs.writeFileSync(path.join(out, 'marts/claims/stale.parquet'), 'not parquet');
    const again = runCli(['export', '--out', out, '--db', db, '--tables', 'marts']);
    expect(again.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'marts/claims/stale.parquet'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'raw'))).toBe(false); // --tables marts
    expect(fs.readdirSync(work).sort()).toEqual(['export']); // no .partial- or .old- folders left

    const other = path.join(work, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'notes.txt'), 'mine');
    const refused = runCli(['export', '--out', other, '--db', db]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(`revcycle export: ${other} is not empty and holds no revcycle export (manifest.json of format revcycle-parquet-export): choose another --out`);
    expect(fs.readdirSync(other)).toEqual(['notes.txt']);
    // A manifest.json of something else (a web app's, or an empty object) does not make a folder an export.
    for (const manifest of ['{"name":"My PWA","start_url":"/"}', '{}', 'not json']) {
      fs.writeFileSync(path.join(other, 'manifest.json'), manifest);
      const foreign = runCli(['export', '--out', other, '--db', db]);
      expect(foreign.code, manifest).toBe(2);
      expect(fs.readdirSync(other).sort()).toEqual(['manifest.json', 'notes.txt']);
    }
    fs.rmSync(other, { recursive: true });

    const usage = runCli(['export', '--db', db]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--out DIR');
  });

  it('leaves out a mart a killed build left unpublished beside the published one', async () => {
    await b.tw.withRw((wh) => wh.run('CREATE TABLE marts.claims__next AS SELECT * FROM marts.claims'));
    const r = runCli(['export', '--out', out, '--db', db, '--tables', 'marts']);
    expect(r.code).toBe(0);
    const tables = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).tables.map((t: { table: string }) => t.table);
    expect(tables).toContain('marts.claims');
    expect(tables).not.toContain('marts.claims__next');
    expect(fs.existsSync(path.join(out, 'marts/claims__next'))).toBe(false);
  });
});
