/**
 * Small helpers for the EHR CSV tests: raw rows, rejects and ledger rows of a test warehouse.
 */
import type { PlainRow } from '../../src/db/results.ts';
import type { TempWarehouse } from '../helpers/warehouse.ts';

const quote = (v: unknown) => (v === null ? 'NULL' : `'${String(v).replaceAll("'", "''")}'`);

/** Rows of raw.ehr_<entity> without the file hash, ordered. */
export function ehrRows(tw: TempWarehouse, entity: string, orderBy: string): Promise<PlainRow[]> {
  return tw.query(`SELECT * EXCLUDE (file_sha256) FROM raw.ehr_${entity} ORDER BY ${orderBy}`);
}

/** The row matching `where` (NULL-safe), with all columns. */
export async function ehrRow(tw: TempWarehouse, entity: string, where: Record<string, unknown>): Promise<PlainRow | undefined> {
  const cond = Object.entries(where)
    .map(([k, v]) => `${k} IS NOT DISTINCT FROM ${quote(v)}`)
    .join(' AND ');
  const rows = await tw.query(`SELECT * FROM raw.ehr_${entity} WHERE ${cond}`);
  if (rows.length > 1) throw new Error(`more than one ${entity} row matches ${JSON.stringify(where)}`);
  return rows[0];
}

/** Rejects as [line, column ('' for row-level), reason code], in file order. */
export async function rejectList(tw: TempWarehouse, fileSha256?: string): Promise<Array<[number, string, string]>> {
  const where = fileSha256 ? `WHERE file_sha256 = ${quote(fileSha256)}` : '';
  const rows = await tw.query(`SELECT line_number, column_name, reason FROM raw.csv_rejects ${where} ORDER BY line_number, rowid`);
  return rows.map((r) => [Number(r.line_number), String(r.column_name ?? ''), String(r.reason).split(':')[0]!]);
}

export async function ledger(tw: TempWarehouse, sha256: string): Promise<PlainRow> {
  const [row] = await tw.query(`SELECT * FROM raw.files WHERE sha256 = ${quote(sha256)}`);
  if (!row) throw new Error(`no ledger row for ${sha256}`);
  return row;
}

export async function findings(tw: TempWarehouse, checkName?: string): Promise<PlainRow[]> {
  const where = checkName ? `WHERE check_name = ${quote(checkName)}` : '';
  return tw.query(`SELECT * FROM raw.load_findings ${where} ORDER BY check_name, key`);
}
