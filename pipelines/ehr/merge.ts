/**
 * Merging a file's rows into `raw.ehr_<entity>` by primary key: the later file wins.
 *
 * The file's valid rows are bulk-loaded straight into the raw table (tagged with the file's sha256), inside the
 * file's transaction. Then, still in that transaction:
 * 1. a key repeated within the file keeps its last line (earlier lines are deleted; `csv_duplicate_key` finding);
 * 2. an optional column the file does not have at all (absent from its header, not mapped) keeps, for each key the
 *    file restates, the value of the earlier row: a partial export (say visits with only the required columns, to
 *    update statuses) updates what it states and leaves the rest as it was. A column that is present with an empty
 *    cell does clear the value;
 * 3. rows of earlier files with one of the file's keys are deleted.
 * The net effect is DESIGN.md's "a later file wins" per row and column, and nobody ever sees the intermediate state. Loading
 * straight into the raw table (instead of a staging table copied at the end) lets DuckDB write the rows while the
 * parser is still reading, which halves the load time of a large file.
 *
 * The raw tables deliberately have no PRIMARY KEY constraint: DuckDB can fail to replay a WAL holding a delete +
 * insert of a constrained key (duckdb/duckdb #15836, stack-notes §2.6).
 */
import { sqlString, type Warehouse } from '../../src/db/warehouse.ts';
import type { Finding } from '../types.ts';
import type { EntityDef } from './schemas.ts';
import type { EhrTableDef } from './tables.ts';

export interface MergeResult {
  /** Rows of this file now in the raw table. */
  loaded: number;
  /** Rows of earlier files that were replaced. */
  replaced: number;
  /** Keys that appear on more than one line of the file. */
  duplicateKeys: number;
}

async function changed(wh: Warehouse, sql: string): Promise<number> {
  const r = await wh.con.run(sql);
  return Number(r.rowsChanged);
}

export async function mergeFile(
  wh: Warehouse,
  t: EhrTableDef,
  e: EntityDef,
  fileSha256: string,
  finding: (f: Finding) => void,
  /** Raw columns of optional entity columns the file does not carry (absent from its header and not mapped). */
  absent: readonly string[] = [],
): Promise<MergeResult> {
  const table = `raw.${t.name}`;
  const sha = sqlString(fileSha256);
  const keys = t.primaryKey;
  const keyList = keys.join(', ');
  const nullable = new Set(e.columns.filter((c) => !c.required).map((c) => c.storedAs));
  const match = (a: string, b: string) =>
    keys.map((k) => (nullable.has(k) ? `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}` : `${a}.${k} = ${b}.${k}`)).join(' AND ');
  const mine = `SELECT * FROM ${table} WHERE file_sha256 = ${sha}`;
  const repeated = `SELECT ${keyList}, max(line_number) AS keep FROM (${mine}) GROUP BY ${keyList} HAVING count(*) > 1`;

  const [{ n } = { n: 0n }] = await wh.all<{ n: bigint }>(`SELECT count(*) AS n FROM (${repeated})`);
  const duplicateKeys = Number(n);
  if (duplicateKeys) {
    // Key values come back as text (a DATE would otherwise print as a JS Date).
    const examples = await wh.all<Record<string, unknown> & { lines: number[] }>(
      `SELECT ${keys.map((k) => `CAST(m.${k} AS VARCHAR) AS ${k}`).join(', ')}, list(m.line_number ORDER BY m.line_number) AS lines
       FROM (${mine}) m JOIN (SELECT * FROM (${repeated}) ORDER BY keep LIMIT 3) d ON ${match('m', 'd')}
       GROUP BY ${keys.map((k) => `m.${k}`).join(', ')} ORDER BY max(m.line_number)`,
    );
    const show = (r: Record<string, unknown>) => keys.map((k) => `${k} ${r[k] ?? '(empty)'}`).join(', ');
    finding({
      check_name: 'csv_duplicate_key',
      severity: 'warn',
      entity: e.name,
      key: keys.map((k) => String(examples[0]?.[k] ?? '')).join('|'),
      message:
        `${duplicateKeys} ${e.name} ${duplicateKeys > 1 ? 'keys' : 'key'} (${keyList}) ${duplicateKeys > 1 ? 'appear' : 'appears'} ` +
        `on more than one line of the file; the later line wins (e.g. ${examples.map((r) => `${show(r)} on lines ${r.lines.join(', ')}`).join('; ')})`,
    });
  }
  if (duplicateKeys) {
    await wh.run(
      `DELETE FROM ${table} AS r USING (${repeated}) AS d WHERE r.file_sha256 = ${sha} AND ${match('r', 'd')} AND r.line_number < d.keep`,
    );
  }

  const [{ older } = { older: false }] = await wh.all<{ older: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${table} WHERE file_sha256 <> ${sha}) AS older`,
  );
  const carried = absent.filter((c) => !keys.includes(c));
  if (older && carried.length) {
    await wh.run(
      `UPDATE ${table} AS n SET ${carried.map((c) => `${c} = o.${c}`).join(', ')}
       FROM (SELECT * FROM ${table} WHERE file_sha256 <> ${sha}) AS o
       WHERE n.file_sha256 = ${sha} AND ${match('n', 'o')}`,
    );
  }
  const replaced = older
    ? await changed(
        wh,
        `DELETE FROM ${table} AS r USING (SELECT ${keyList} FROM (${mine})) AS s WHERE r.file_sha256 <> ${sha} AND ${match('r', 's')}`,
      )
    : 0;
  const [{ loaded } = { loaded: 0n }] = await wh.all<{ loaded: bigint }>(`SELECT count(*) AS loaded FROM (${mine})`);
  return { loaded: Number(loaded), replaced, duplicateKeys };
}
