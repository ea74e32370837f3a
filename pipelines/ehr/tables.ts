/**
 * Raw tables of the EHR / practice-management CSV entities (DESIGN.md §5), one per entity, holding the current row
 * per primary key (a later file wins). Patient ids never land here: they are replaced by `patient_key`, a keyed hash.
 * Timestamps are kept as validated ISO 8601 text; staging models interpret them in the clinic time zone.
 */
import type { RawTableDef, SqlType } from '../../src/db/raw-schema.ts';

const col = (name: string, type: SqlType, doc = '') => ({ name, type, doc });
const lineage = [col('file_sha256', 'VARCHAR', 'file the current row came from'), col('line_number', 'INTEGER', 'line in that file (header = 1)')];

export interface EhrTableDef extends RawTableDef {
  readonly entity: string;
  readonly primaryKey: readonly string[];
}

const t = (entity: string, primaryKey: string[], columns: ReturnType<typeof col>[]): EhrTableDef => ({
  entity,
  name: `ehr_${entity}`,
  grain: `one row per ${entity} primary key (${primaryKey.join(', ')}): the latest delivered version`,
  lineage: 'none',
  primaryKey,
  columns: [...columns, ...lineage],
});

export const EHR_TABLES: readonly EhrTableDef[] = [
  t('clinics', ['clinic_id'], [
    col('clinic_id', 'VARCHAR'), col('clinic_name', 'VARCHAR'), col('billing_npi', 'VARCHAR'), col('tin', 'VARCHAR'),
    col('timezone', 'VARCHAR'),
  ]),
  t('providers', ['provider_npi'], [
    col('provider_npi', 'VARCHAR'), col('clinic_id', 'VARCHAR'), col('discipline', 'VARCHAR'), col('display_name', 'VARCHAR'),
  ]),
  t('payers', ['payer_id'], [
    col('payer_id', 'VARCHAR'), col('payer_name', 'VARCHAR'), col('financial_class', 'VARCHAR'), col('x12_payer_id', 'VARCHAR'),
    col('requires_auth', 'BOOLEAN'), col('auth_exempt_visits', 'INTEGER'), col('in_network', 'BOOLEAN'),
    col('timely_filing_days', 'INTEGER'),
  ]),
  t('fee_schedule', ['payer_id', 'cpt', 'modifier', 'effective_from'], [
    col('payer_id', 'VARCHAR'), col('cpt', 'VARCHAR'), col('modifier', 'VARCHAR'), col('allowed_amount', 'DECIMAL(18,2)'),
    col('effective_from', 'DATE'), col('effective_to', 'DATE'),
  ]),
  t('visits', ['visit_id'], [
    col('visit_id', 'VARCHAR'), col('clinic_id', 'VARCHAR'), col('patient_key', 'VARCHAR'), col('provider_npi', 'VARCHAR'),
    col('visit_date', 'DATE'), col('visit_type', 'VARCHAR'), col('status', 'VARCHAR'), col('payer_id', 'VARCHAR'),
    col('claim_id', 'VARCHAR'), col('documented_at', 'VARCHAR'), col('charge_entered_at', 'VARCHAR'), col('minutes', 'INTEGER'),
  ]),
  t('appointments', ['appointment_id'], [
    col('appointment_id', 'VARCHAR'), col('patient_key', 'VARCHAR'), col('scheduled_date', 'DATE'), col('payer_id', 'VARCHAR'),
    col('status', 'VARCHAR'),
  ]),
  t('authorizations', ['auth_id'], [
    col('auth_id', 'VARCHAR'), col('patient_key', 'VARCHAR'), col('payer_id', 'VARCHAR'), col('status', 'VARCHAR'),
    col('requested_on', 'DATE'), col('decided_on', 'DATE'), col('start_date', 'DATE'), col('end_date', 'DATE'),
    col('approved_visits', 'INTEGER'), col('requested_visits', 'INTEGER'), col('previous_auth_id', 'VARCHAR'),
  ]),
  t('payments', ['payment_id'], [
    col('payment_id', 'VARCHAR'), col('source', 'VARCHAR'), col('amount', 'DECIMAL(18,2)'), col('received_on', 'DATE'),
    col('posted_on', 'DATE'), col('method', 'VARCHAR'), col('payer_id', 'VARCHAR'), col('patient_key', 'VARCHAR'),
    col('claim_id', 'VARCHAR'), col('visit_id', 'VARCHAR'), col('trace_number', 'VARCHAR'),
  ]),
  t('credentialing', ['provider_npi', 'payer_id'], [
    col('provider_npi', 'VARCHAR'), col('payer_id', 'VARCHAR'), col('status', 'VARCHAR'), col('applied_on', 'DATE'),
    col('effective_on', 'DATE'), col('terminated_on', 'DATE'),
  ]),
  t('denial_actions', ['claim_id', 'action', 'action_on'], [
    col('claim_id', 'VARCHAR'), col('action', 'VARCHAR'), col('action_on', 'DATE'), col('amount', 'DECIMAL(18,2)'),
    col('note', 'VARCHAR'),
  ]),
];
