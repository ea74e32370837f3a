/**
 * Schema migrations of the warehouse: schemas `raw` (parsed input, lineage on every row), `marts` (the public
 * contract, rebuilt by `revcycle build`) and `meta` (runs, job records). Each migration runs once, in a transaction,
 * and is recorded in `meta.schema_migrations`.
 */
import { EHR_TABLES } from '../../pipelines/ehr/tables.ts';
import { createTableSql, FILE_COPIES, LEDGER_TABLES, X12_SETS, X12_TABLES } from './raw-schema.ts';
import type { Warehouse } from './warehouse.ts';

interface Migration {
  version: number;
  name: string;
  statements: () => string[];
}

/**
 * Columns of `marts.files` (DESIGN.md §6.12), a view over the ledger so it is current without a rebuild: one row per
 * file ever offered. A file's bytes have one row in raw.files; each further name they were offered under is a
 * `duplicate` row (DUP_FILE) from raw.file_copies.
 */
export const FILES_VIEW_SQL = `CREATE OR REPLACE VIEW marts.files AS
SELECT file_name, sha256, kind, status, reason, rows, received_at, loaded_at,
       error_code, seg_ordinal, byte_offset, line_number, size_bytes, load_seq, duplicate_of, business_key
FROM raw.files
UNION ALL
SELECT c.file_name, c.sha256, f.kind, 'duplicate', 'same bytes already ' || f.status || ' as ' || f.file_name, 0::BIGINT,
       c.received_at, c.received_at, 'DUP_FILE', NULL, NULL, NULL, f.size_bytes, NULL, f.sha256, NULL
FROM raw.file_copies c
JOIN raw.files f ON f.sha256 = c.sha256
WHERE c.file_name <> f.file_name`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'raw schema, ledger and marts.files',
    statements: () => [
      'CREATE SCHEMA IF NOT EXISTS raw',
      'CREATE SCHEMA IF NOT EXISTS marts',
      ...LEDGER_TABLES.map((t) => createTableSql(t)),
      createTableSql(X12_SETS),
      ...X12_TABLES.map((t) => createTableSql(t)),
      ...EHR_TABLES.map((t) => createTableSql(t)),
      FILES_VIEW_SQL,
      `CREATE TABLE IF NOT EXISTS meta.build_runs (
         run_id INTEGER, as_of DATE, started_at TIMESTAMP, finished_at TIMESTAMP, duration_ms BIGINT,
         status VARCHAR, models INTEGER, audit_findings INTEGER, error VARCHAR, row_counts VARCHAR)`,
      `CREATE TABLE IF NOT EXISTS meta.job_runs (
         job VARCHAR, scheduled_for TIMESTAMP, started_at TIMESTAMP, finished_at TIMESTAMP, outcome VARCHAR,
         files_loaded INTEGER, files_quarantined INTEGER, files_duplicate INTEGER, detail VARCHAR, error VARCHAR)`,
    ],
  },
  {
    version: 2,
    name: 'job_runs: run id, trigger, error code',
    statements: () => [
      // run_id: updates the run's own row at the end; trigger: scheduled | catch-up | debounced | manual;
      // error_code: LOCKED, MODEL_FAILED, … (the message stays in `error`).
      'ALTER TABLE meta.job_runs ADD COLUMN IF NOT EXISTS run_id VARCHAR',
      'ALTER TABLE meta.job_runs ADD COLUMN IF NOT EXISTS trigger VARCHAR',
      'ALTER TABLE meta.job_runs ADD COLUMN IF NOT EXISTS error_code VARCHAR',
    ],
  },
  {
    version: 3,
    name: '837P headers: BHT05 creation time',
    // Rows loaded before have NULL (versions of one day then keep their ingest order); `revcycle rebuild` re-reads
    // them from landing.
    statements: () => ['ALTER TABLE raw.x12_837_headers ADD COLUMN IF NOT EXISTS bht05 VARCHAR'],
  },
  {
    version: 4,
    name: 'file_copies: the same bytes under another name are a duplicate row of marts.files',
    statements: () => [createTableSql(FILE_COPIES), FILES_VIEW_SQL],
  },
];

export async function migrate(wh: Warehouse): Promise<void> {
  await wh.run('CREATE SCHEMA IF NOT EXISTS meta');
  await wh.run('CREATE TABLE IF NOT EXISTS meta.schema_migrations (version INTEGER, name VARCHAR, applied_at TIMESTAMP)');
  const done = new Set(
    (await wh.all<{ version: number }>('SELECT version FROM meta.schema_migrations')).map((r) => Number(r.version)),
  );
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await wh.transaction(async () => {
      for (const sql of m.statements()) await wh.run(sql);
      await wh.run('INSERT INTO meta.schema_migrations VALUES ($1, $2, current_timestamp)', [m.version, m.name]);
    });
  }
}
