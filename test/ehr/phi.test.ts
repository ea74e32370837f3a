/**
 * Minimum necessary: no EHR patient id (nor a patient name from a vendor export) appears anywhere in the warehouse
 * after loading every fixture — valid rows, rejected rows and quarantined files alike. Every VARCHAR column of every
 * table in every schema is scanned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, ROOT } from '../../pipelines/ehr/formats-doc.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { FIXTURES } from './cases.ts';

const PATIENT_COLUMNS = new Set(['patient_id', 'patient account #', 'patient name']);

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? fixtureFiles(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** Every patient id / name in the fixtures, read straight from the files. */
function patientValues(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    const records = parse(fs.readFileSync(file), { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
    const header = records[0]!.map((h) => h.trim().toLowerCase());
    header.forEach((h, i) => {
      if (!PATIENT_COLUMNS.has(h)) return;
      for (const r of records.slice(1)) if (r[i]?.trim()) out.add(r[i]!.trim());
    });
  }
  return out;
}

let tw: TempWarehouse;
const files = fixtureFiles(FIXTURES).sort();
const values = patientValues(files);

beforeAll(async () => {
  tw = tempWarehouse(JSON.parse(fs.readFileSync(path.join(ROOT, EXAMPLE_CONFIG), 'utf8')) as Record<string, unknown>);
  const results = await tw.ingest(files);
  expect(results.filter((r) => r.status === 'loaded').length).toBeGreaterThan(20);
  expect(results.some((r) => r.status === 'quarantined')).toBe(true);
});
afterAll(() => tw?.cleanup());

it('finds patient ids and names in the fixtures (the scan has something to look for)', () => {
  expect(values.size).toBeGreaterThan(30);
  expect(values).toContain('MRN0000101');
  expect(values).toContain('ACCT-77001');
  expect(values).toContain('Quill, Zebediah');
});

/** `table.column: needle` for every VARCHAR column of every base table that contains one of the needles. */
async function scan(needles: readonly string[]): Promise<string[]> {
  const columns = await tw.query(
    `SELECT table_schema, table_name, column_name FROM information_schema.columns c
     WHERE data_type = 'VARCHAR' AND EXISTS (SELECT 1 FROM information_schema.tables t
       WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')`,
  );
  expect(columns.length).toBeGreaterThan(50);
  const list = needles.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
  const probes = columns.map(
    (c) =>
      `SELECT DISTINCT '${c.table_schema}.${c.table_name}.${c.column_name}: ' || n AS hit FROM "${c.table_schema}"."${c.table_name}", needles WHERE contains("${c.column_name}", n)`,
  );
  const rows = await tw.query(`WITH needles AS (SELECT unnest([${list}]) AS n) ${probes.join(' UNION ALL ')} ORDER BY 1`);
  const hits = rows.map((r) => String(r.hit));
  return hits;
}

it('stores none of them in any VARCHAR column of any table', async () => {
  // The scan finds what is there (a clinic id, a file name)…
  const control = await scan(['RIV01', 'visits-bad-rows.csv']);
  expect(control).toContain('raw.ehr_visits.clinic_id: RIV01');
  expect(control).toContain('raw.csv_rejects.file_name: visits-bad-rows.csv');
  // …and no patient id or name.
  expect(await scan([...values])).toEqual([]);
  const [v] = await tw.query("SELECT count(*) AS n FROM raw.ehr_visits WHERE patient_key LIKE 'p\\_%' ESCAPE '\\'");
  expect(Number(v!.n)).toBeGreaterThan(10);
});
