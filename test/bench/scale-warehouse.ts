/**
 * Scale a simulated warehouse up for model benchmarks: copy every raw row N−1 times with the identifiers that make a
 * clinic, claim, patient, payment or file distinct suffixed by the copy number, so each copy is an independent clinic
 * group with the same behaviours (payers, fee schedules and seeds are shared). Generating 10 M claim lines through
 * X12 files would take many minutes of ingest; the models only read raw tables, so this is what they would see.
 */
import type { Warehouse } from '../../src/db/warehouse.ts';

/** Columns whose values identify a row's clinic / claim / patient / file: suffixed per copy. */
const SUFFIX: Record<string, string[]> = {
  x12_sets: ['file_sha256'],
  x12_837_headers: ['file_sha256'],
  x12_837_claims: ['file_sha256', 'billing_npi', 'clm01', 'member_key', 'rendering_npi', 'payer_claim_control_number'],
  x12_837_lines: ['file_sha256', 'line_control_number', 'rendering_npi'],
  x12_835_remittances: ['file_sha256', 'trace_number', 'payee_npi', 'payee_tin', 'payee_id'],
  x12_835_claims: ['file_sha256', 'clp01', 'clp07', 'member_key', 'rendering_npi'],
  x12_835_lines: ['file_sha256', 'line_control_number'],
  x12_835_adjustments: ['file_sha256'],
  x12_835_provider_adjustments: ['file_sha256', 'provider_id'],
  x12_277_statuses: ['file_sha256', 'clm01', 'billing_npi', 'payer_claim_control_number'],
  files: ['sha256', 'file_name'],
  load_findings: ['file_sha256'],
  ehr_clinics: ['clinic_id', 'billing_npi', 'tin', 'clinic_name'],
  ehr_providers: ['provider_npi', 'clinic_id'],
  ehr_visits: ['visit_id', 'clinic_id', 'patient_key', 'provider_npi', 'claim_id'],
  ehr_appointments: ['appointment_id', 'patient_key'],
  ehr_authorizations: ['auth_id', 'patient_key', 'previous_auth_id'],
  ehr_payments: ['payment_id', 'patient_key', 'claim_id', 'visit_id', 'trace_number'],
  ehr_credentialing: ['provider_npi'],
  ehr_denial_actions: ['claim_id'],
};

export async function scaleWarehouse(wh: Warehouse, factor: number): Promise<void> {
  if (factor <= 1) return;
  const [{ maxSeq } = { maxSeq: 0 }] = await wh.all<{ maxSeq: number }>(`SELECT coalesce(max(load_seq), 0)::INTEGER AS "maxSeq" FROM raw.files`);
  await wh.run('BEGIN TRANSACTION');
  for (const [table, suffixed] of Object.entries(SUFFIX)) {
    const cols = (
      await wh.all<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    ).map((c) => c.column_name);
    await wh.run(`CREATE TEMP TABLE orig_${table} AS SELECT * FROM raw.${table}`);
    const select = (k: number) =>
      cols
        .map((c) =>
          suffixed.includes(c) ? `CASE WHEN ${c} IS NULL THEN NULL ELSE ${c} || '_${k}' END AS ${c}` : c === 'load_seq' ? `load_seq + ${k * maxSeq} AS load_seq` : c,
        )
        .join(', ');
    const copies = Array.from({ length: factor - 1 }, (_, i) => `SELECT ${select(i + 1)} FROM orig_${table}`).join(' UNION ALL ');
    await wh.run(`INSERT INTO raw.${table} (${cols.join(', ')}) ${copies}`);
    await wh.run(`DROP TABLE orig_${table}`);
  }
  await wh.run('COMMIT');
  await wh.run('CHECKPOINT');
}
