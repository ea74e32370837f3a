/**
 * Helpers of the ingestion reliability tests: a snapshot of everything ingestion wrote (row counts of every table and
 * of marts.files, an order-independent content fingerprint of every table, money checksums, the ledger), taken by
 * opening the warehouse read-only in this process, exactly as a site loader or `revcycle query` would.
 */
import { openWarehouse } from '../../src/db/warehouse.ts';
import { queryPlain } from '../../src/db/results.ts';

/** Columns that legitimately differ between two correct runs (wall-clock times and the per-run ingest order). */
const VOLATILE: Record<string, string[]> = {
  'raw.files': ['received_at', 'loaded_at', 'load_seq'],
  'raw.file_copies': ['received_at'],
  'marts.files': ['received_at', 'loaded_at', 'load_seq'],
  'meta.schema_migrations': ['applied_at'],
};

export interface LedgerEntry {
  sha256: string;
  file_name: string;
  kind: string;
  status: string;
  error_code: string | null;
  rows: number;
  duplicate_of: string | null;
}

export interface Snapshot {
  /** Row count of every table and view of schemas raw, marts and meta. */
  counts: Record<string, number>;
  /** Σ hash(row) over every row (volatile columns excluded): equal multisets of rows give equal fingerprints. */
  fingerprints: Record<string, string>;
  /** Exact DECIMAL sums, as text. */
  money: { clp04: string; clm02: string; plb: string; bpr02: string; payments: string; svc_paid: string; cas: string };
  /** The ledger, ordered by sha256. */
  ledger: LedgerEntry[];
}

export const MONEY_SQL = `SELECT
  (SELECT coalesce(sum(clp04), 0) FROM raw.x12_835_claims)::VARCHAR AS clp04,
  (SELECT coalesce(sum(clm02), 0) FROM raw.x12_837_claims)::VARCHAR AS clm02,
  (SELECT coalesce(sum(amount), 0) FROM raw.x12_835_provider_adjustments)::VARCHAR AS plb,
  (SELECT coalesce(sum(payment_amount), 0) FROM raw.x12_835_remittances)::VARCHAR AS bpr02,
  (SELECT coalesce(sum(amount), 0) FROM raw.ehr_payments)::VARCHAR AS payments,
  (SELECT coalesce(sum(paid), 0) FROM raw.x12_835_lines)::VARCHAR AS svc_paid,
  (SELECT coalesce(sum(amount), 0) FROM raw.x12_835_adjustments)::VARCHAR AS cas`;

export async function snapshot(db: string): Promise<Snapshot> {
  const wh = await openWarehouse({ path: db, mode: 'ro', purpose: 'test snapshot', timeoutMs: 30_000 });
  try {
    const q = async (sql: string) => (await queryPlain(wh.con, sql)).rows;
    const tables = (
      await q(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
               WHERE table_schema IN ('raw', 'marts', 'meta') ORDER BY 1`)
    ).map((r) => String(r.t));
    const counts: Record<string, number> = {};
    const fingerprints: Record<string, string> = {};
    for (const t of tables) {
      const exclude = VOLATILE[t];
      const source = exclude ? `(SELECT * EXCLUDE (${exclude.join(', ')}) FROM ${t})` : t;
      const [r] = await q(`SELECT count(*)::BIGINT AS n, coalesce(sum(hash(x)::HUGEINT), 0)::VARCHAR AS h FROM ${source} x`);
      counts[t] = Number(r!.n);
      fingerprints[t] = String(r!.h);
    }
    const [m] = await q(MONEY_SQL);
    const ledger = (await q(
      `SELECT sha256, file_name, kind, status, error_code, rows::INTEGER AS rows, duplicate_of FROM raw.files ORDER BY sha256`,
    )) as unknown as LedgerEntry[];
    return { counts, fingerprints, money: m as Snapshot['money'], ledger };
  } finally {
    await wh.close();
  }
}

/** Tables whose count differs between two snapshots: { table: [before, after] }. */
export function countDiff(a: Snapshot, b: Snapshot): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const t of new Set([...Object.keys(a.counts), ...Object.keys(b.counts)])) {
    if (a.counts[t] !== b.counts[t]) out[t] = [a.counts[t] ?? -1, b.counts[t] ?? -1];
  }
  return out;
}

/** The data tables: every raw table except the ledger and the findings. */
export function dataCounts(s: Snapshot): Record<string, number> {
  return Object.fromEntries(
    Object.entries(s.counts).filter(([t]) => t.startsWith('raw.') && !['raw.files', 'raw.file_copies', 'raw.load_findings', 'raw.csv_rejects'].includes(t)),
  );
}
