/**
 * Query results as plain, JSON-safe rows: numbers for integers, BIGINT and DECIMAL (money and ratios are numbers,
 * never strings); 'YYYY-MM-DD' for DATE; ISO 8601 for TIMESTAMP. Used by `revcycle query`, the site loaders and
 * tests, so every consumer sees the marts the same way.
 */
import { DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export type PlainValue = string | number | boolean | null | PlainValue[] | { [k: string]: PlainValue };
export type PlainRow = Record<string, PlainValue>;

export interface PlainResult {
  columns: string[];
  types: string[];
  rows: PlainRow[];
}

function plain(v: unknown, typeId: DuckDBTypeId | undefined): PlainValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) {
    if (typeId === DuckDBTypeId.DATE) return v.toISOString().slice(0, 10);
    return v.toISOString();
  }
  if (Array.isArray(v)) return v.map((x) => plain(x, undefined));
  if (typeof v === 'object') {
    const out: Record<string, PlainValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plain(x, undefined);
    return out;
  }
  return v as PlainValue;
}

/**
 * Result columns keyed by name must be unique (`select c.claim_id, v.claim_id …` has two `claim_id`): a repeated name
 * gets `_1` appended until it is free, as DuckDB names the columns of a table created from such a query.
 */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let u = n;
    while (seen.has(u)) u = `${u}_1`;
    seen.add(u);
    return u;
  });
}

export async function queryPlain(con: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<PlainResult> {
  const reader = await con.runAndReadAll(sql, params);
  const columns = uniqueNames(reader.columnNames());
  const types = reader.columnTypes();
  const typeIds = types.map((t) => t.typeId);
  const rows = (reader.getRowsJS() as unknown[][]).map((r) => {
    const o: PlainRow = {};
    for (let i = 0; i < columns.length; i++) o[columns[i]!] = plain(r[i], typeIds[i]);
    return o;
  });
  return { columns, types: types.map((t) => t.toString()), rows };
}

export function toCsv(result: PlainResult): string {
  const esc = (v: PlainValue) => {
    if (v === null) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [result.columns.map((c) => esc(c)).join(',')];
  for (const r of result.rows) lines.push(result.columns.map((c) => esc(r[c] ?? null)).join(','));
  return lines.join('\n') + '\n';
}

export function toTable(result: PlainResult, maxWidth = 40): string {
  const cell = (v: PlainValue) => {
    const s = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
  };
  const cols = result.columns;
  const data = result.rows.map((r) => cols.map((c) => cell(r[c] ?? null)));
  const widths = cols.map((c, i) => Math.max(c.length, ...data.map((d) => d[i]!.length)));
  const numeric = result.types.map((t) => /INT|DECIMAL|DOUBLE|FLOAT|REAL/.test(t));
  const fmt = (vals: string[], header = false) =>
    vals.map((v, i) => (numeric[i] && !header ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [fmt(cols, true), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const d of data) out.push(fmt(d));
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}
