/**
 * `revcycle export`: the warehouse's raw and marts tables as Hive-partitioned Parquet (DESIGN.md §11), so a
 * distributed engine (Spark, Trino, Athena, MotherDuck, DuckDB itself) can run the same SQL beyond one machine.
 *
 * Layout: `<out>/<schema>/<table>/clinic_id=<id>/month=<YYYY-MM>/part_<n>.parquet`, partitioned by `clinic_id` when
 * the table has one and by `month` (a YYYY-MM column added to the rows) taken from the table's leading date column
 * (`MONTH_SOURCES`: the period start of periodised marts, the visit or first service date, …). NULL partition values
 * are written as `__HIVE_DEFAULT_PARTITION__`, the Hive convention. A table with neither, or without rows, is one
 * file `<table>/part_0.parquet`. `manifest.json` lists every table with its rows, partition columns and the date
 * column behind `month`.
 *
 * Minimum necessary: the raw free-text `note` of denial actions (kept in raw only, DESIGN.md §5) is not exported;
 * every other column is, and none of them holds names, birth dates, addresses or member ids.
 *
 * The export reads a read-only connection and is written to `<out>.partial-<pid>` first, then renamed into place,
 * so `<out>` is always a whole export (the previous one until the new one is complete). A folder that is not an
 * export is never overwritten. Partial folders of killed exports are removed by the next export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sweepDeadOwners } from './lock.ts';
import { sqlString, type Warehouse } from './warehouse.ts';
import { makeDirs } from '../make-dirs.ts';
import { NEXT_SUFFIX } from '../models/runner.ts';

/** Not a mart a build left unpublished (killed before its last step; the next build removes it). */
const NOT_UNPUBLISHED = `NOT (table_schema = 'marts' AND suffix(table_name, '${NEXT_SUFFIX}'))`;

export type ExportScope = 'marts' | 'raw' | 'all';

/** The column a table's `month` partition comes from: the first of these the table has. */
export const MONTH_SOURCES = [
  'period_start',
  'week_start',
  'as_of',
  'visit_date',
  'first_service_date',
  'first_adjudicated_on',
  'denial_received_on',
  'remit_received_on',
  'window_start',
  'start_date',
  'service_date_from',
  'payment_date',
  'bht04',
  'gs04',
  'status_date',
  'scheduled_date',
  'requested_on',
  'received_on',
  'action_on',
  'applied_on',
] as const;

/** Columns never exported (schema.table → columns). */
const NOT_EXPORTED: Record<string, readonly string[]> = { 'raw.ehr_denial_actions': ['note'] };

export const MANIFEST = 'manifest.json';
export const EXPORT_FORMAT = 'revcycle-parquet-export';

export interface ExportedTable {
  table: string;
  rows: number;
  partitionBy: string[];
  monthFrom: string | null;
}

export interface ExportResult {
  out: string;
  tables: ExportedTable[];
  bytes: number;
}

export class ExportError extends Error {}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) n += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return n;
}

/** Refuse to replace anything that is not an earlier export (or an empty folder). */
function checkTarget(out: string): void {
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) throw new ExportError(`${out} exists and is not a folder`);
  const entries = fs.readdirSync(out);
  if (entries.length === 0) return;
  // Any folder may hold a manifest.json (a web app's, say): only ours, with its format marker, marks an export.
  let format: unknown;
  try {
    format = (JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8')) as { format?: unknown } | null)?.format;
  } catch {
    format = undefined;
  }
  if (format !== EXPORT_FORMAT) {
    throw new ExportError(`${out} is not empty and holds no revcycle export (${MANIFEST} of format ${EXPORT_FORMAT}): choose another --out`);
  }
}

export async function exportParquet(
  wh: Warehouse,
  opts: { out: string; scope?: ExportScope; onTable?: (t: ExportedTable, i: number, n: number) => void },
): Promise<ExportResult> {
  const out = path.resolve(opts.out);
  const scope = opts.scope ?? 'all';
  const schemas = scope === 'all' ? ['raw', 'marts'] : [scope];
  checkTarget(out);
  const parent = path.dirname(out);
  makeDirs(parent);
  const base = path.basename(out);
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  sweepDeadOwners(parent, new RegExp(`^${escaped}\\.(?:partial|old)-(\\d+)$`));
  const tmp = `${out}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  makeDirs(tmp, 0o700);

  const tables = await wh.all<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
     WHERE table_catalog = current_database() AND table_schema IN (${schemas.map(sqlString).join(', ')}) AND ${NOT_UNPUBLISHED}
     ORDER BY table_schema, table_name`,
  );
  const columns = await wh.all<{ t: string; column_name: string; data_type: string }>(
    `SELECT table_schema || '.' || table_name AS t, column_name, data_type FROM information_schema.columns
     WHERE table_catalog = current_database() AND table_schema IN (${schemas.map(sqlString).join(', ')}) AND ${NOT_UNPUBLISHED}
     ORDER BY t, ordinal_position`,
  );
  const done: ExportedTable[] = [];
  try {
    for (const [i, t] of tables.entries()) {
      const name = `${t.table_schema}.${t.table_name}`;
      const cols = columns.filter((c) => c.t === name);
      const kept = cols.filter((c) => !(NOT_EXPORTED[name] ?? []).includes(c.column_name));
      const has = (c: string) => kept.some((k) => k.column_name === c);
      const monthFrom = has('month') ? null : (MONTH_SOURCES.find((c) => kept.some((k) => k.column_name === c && k.data_type === 'DATE')) ?? null);
      const select = [
        ...kept.map((c) => ident(c.column_name)),
        ...(monthFrom ? [`strftime(${ident(monthFrom)}, '%Y-%m') AS month`] : []),
      ].join(', ');
      const from = `${ident(t.table_schema)}.${ident(t.table_name)}`;
      const [{ n }] = await wh.all<{ n: bigint }>(`SELECT count(*) AS n FROM ${from}`);
      const rows = Number(n);
      const partitionBy = rows === 0 ? [] : [...(has('clinic_id') ? ['clinic_id'] : []), ...(monthFrom || has('month') ? ['month'] : [])];
      const dir = path.join(tmp, t.table_schema, t.table_name);
      makeDirs(dir);
      const query = `SELECT ${select} FROM ${from}`;
      if (partitionBy.length) {
        await wh.run(
          `COPY (${query}) TO ${sqlString(dir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${partitionBy.join(', ')}), OVERWRITE_OR_IGNORE, FILENAME_PATTERN 'part_{i}')`,
        );
      } else {
        await wh.run(`COPY (${query}) TO ${sqlString(path.join(dir, 'part_0.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
      }
      const entry = { table: name, rows, partitionBy, monthFrom: partitionBy.includes('month') ? (monthFrom ?? 'month') : null };
      done.push(entry);
      opts.onTable?.(entry, i + 1, tables.length);
    }
    const asOf = await wh.one<{ as_of: Date | null }>(
      `SELECT max(as_of) FILTER (WHERE status = 'success') AS as_of FROM meta.build_runs`,
    ).catch(() => undefined);
    fs.writeFileSync(
      path.join(tmp, MANIFEST),
      `${JSON.stringify(
        {
          format: EXPORT_FORMAT,
          version: 1,
          exportedAt: new Date().toISOString(),
          marts_as_of: asOf?.as_of ? asOf.as_of.toISOString().slice(0, 10) : null,
          layout: '<schema>/<table>/clinic_id=<id>/month=<YYYY-MM>/part_<n>.parquet (Hive partitioning)',
          tables: done,
        },
        null,
        2,
      )}\n`,
    );
    // Swap in: the old export (if any) moves aside, the new one takes its name, the old one goes.
    const old = `${out}.old-${process.pid}`;
    if (fs.existsSync(out)) fs.renameSync(out, old);
    fs.renameSync(tmp, out);
    fs.rmSync(old, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { out, tables: done, bytes: folderBytes(out) };
}
