/**
 * Hand-written expectations for the per-entity fixtures in test/fixtures/ehr/<entity>/:
 * `<entity>.csv` (valid), `<entity>-bad-rows.csv`, `<entity>-missing-column.csv`, `<entity>-update.csv`.
 */
import path from 'node:path';
import type { PlainValue } from '../../src/db/results.ts';
import { Pseudonymizer } from '../../src/pseudonym.ts';
import { TEST_KEY } from '../helpers/warehouse.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ehr');

export const fixture = (entity: string, name: string) => path.join(FIXTURES, entity, name);

const pseudonymizer = new Pseudonymizer(TEST_KEY);
/** The patient_key the test warehouse stores for an EHR patient id. */
export const pk = (patientId: string) => pseudonymizer.patientKey(patientId);

export type Row = Record<string, PlainValue>;

export interface EntityCase {
  entity: string;
  /** Raw columns that order the rows. */
  orderBy: string;
  /** Every row of raw.ehr_<entity> after loading `<entity>.csv` (all columns but file_sha256), in orderBy order. */
  valid: Row[];
  /** Rows loaded from the bad-rows file, and its rejects as [line, column ('' = row-level), reason code]. */
  bad: { loaded: number; rejects: Array<[number, string, string]> };
  /** Columns the missing-column file lacks (named in the quarantine reason). */
  missing: string[];
  /** What the update file changes: the row (matched by the `where` columns) and the new values. */
  update: { where: Row; before: Row; after: Row };
}

export const CASES: EntityCase[] = [
  {
    entity: 'clinics',
    orderBy: 'clinic_id',
    valid: [
      { clinic_id: 'ELM03', clinic_name: 'Elm Street PT, Annex', billing_npi: '1093817465', tin: '987654321', timezone: null, line_number: 4 },
      { clinic_id: 'OAK02', clinic_name: 'Oakdale Sports Rehab', billing_npi: '1245319599', tin: null, timezone: 'America/Chicago', line_number: 3 },
      { clinic_id: 'RIV01', clinic_name: 'Riverside Physical Therapy', billing_npi: '1234567893', tin: '12-3456789', timezone: 'America/New_York', line_number: 2 },
    ],
    bad: {
      loaded: 5,
      rejects: [
        [3, 'clinic_name', 'MISSING_VALUE'],
        [4, 'billing_npi', 'BAD_FORMAT'],
        [5, 'timezone', 'BAD_FORMAT'],
        [6, '', 'COLUMN_COUNT'],
      ],
    },
    missing: ['billing_npi'],
    update: { where: { clinic_id: 'RIV01' }, before: { clinic_name: 'Riverside Physical Therapy' }, after: { clinic_name: 'Riverside PT & Wellness' } },
  },
  {
    entity: 'providers',
    orderBy: 'provider_npi',
    valid: [
      { provider_npi: '1234567893', clinic_id: 'RIV01', discipline: 'PT', display_name: 'Hart, Dana', line_number: 2 },
      { provider_npi: '1245319599', clinic_id: 'RIV01', discipline: 'PTA', display_name: 'Lee Ocampo', line_number: 3 },
      { provider_npi: '1356478902', clinic_id: 'OAK02', discipline: null, display_name: null, line_number: 4 },
    ],
    bad: {
      loaded: 4,
      rejects: [
        [3, 'provider_npi', 'BAD_FORMAT'],
        [4, 'clinic_id', 'MISSING_VALUE'],
        [5, 'discipline', 'TOO_LONG'],
      ],
    },
    missing: ['clinic_id'],
    update: { where: { provider_npi: '1245319599' }, before: { clinic_id: 'RIV01' }, after: { clinic_id: 'OAK02' } },
  },
  {
    entity: 'payers',
    orderBy: 'payer_id',
    valid: [
      { payer_id: 'BCBS', payer_name: 'Blue Cross Blue Shield', financial_class: 'commercial', x12_payer_id: '00060', requires_auth: true, auth_exempt_visits: 2, in_network: true, timely_filing_days: 180, line_number: 3 },
      { payer_id: 'MCR', payer_name: 'Medicare Part B', financial_class: 'medicare', x12_payer_id: '04412', requires_auth: false, auth_exempt_visits: 1, in_network: true, timely_filing_days: 365, line_number: 2 },
      { payer_id: 'WC1', payer_name: 'State Workers Comp', financial_class: 'workers_comp', x12_payer_id: 'WC001', requires_auth: true, auth_exempt_visits: 0, in_network: false, timely_filing_days: null, line_number: 4 },
    ],
    bad: {
      loaded: 6,
      rejects: [
        [3, 'financial_class', 'NOT_ALLOWED'],
        [4, 'requires_auth', 'BAD_BOOLEAN'],
        [5, 'auth_exempt_visits', 'BAD_INTEGER'],
        [6, 'timely_filing_days', 'BAD_NUMBER'],
        [7, 'x12_payer_id', 'MISSING_VALUE'],
      ],
    },
    missing: ['requires_auth'],
    update: { where: { payer_id: 'BCBS' }, before: { in_network: true }, after: { in_network: false } },
  },
  {
    entity: 'fee_schedule',
    orderBy: 'payer_id, cpt, modifier NULLS FIRST',
    valid: [
      { payer_id: 'BCBS', cpt: '97161', modifier: 'GP', allowed_amount: 105, effective_from: '2025-01-01', effective_to: null, line_number: 4 },
      { payer_id: 'MCR', cpt: '97110', modifier: null, allowed_amount: 29, effective_from: '2025-01-01', effective_to: null, line_number: 3 },
      { payer_id: 'MCR', cpt: '97110', modifier: 'GP', allowed_amount: 31.5, effective_from: '2025-01-01', effective_to: '2025-12-31', line_number: 2 },
    ],
    bad: {
      loaded: 6,
      rejects: [
        [3, 'allowed_amount', 'BAD_MONEY'],
        [4, 'allowed_amount', 'BAD_NUMBER'],
        [5, 'allowed_amount', 'NEGATIVE_AMOUNT'],
        [6, 'effective_from', 'BAD_DATE'],
        [7, 'cpt', 'BAD_FORMAT'],
      ],
    },
    missing: ['allowed_amount'],
    // The key holds an empty modifier: the merge must match NULL to NULL.
    update: { where: { payer_id: 'MCR', cpt: '97110', modifier: null }, before: { allowed_amount: 29 }, after: { allowed_amount: 30.25 } },
  },
  {
    entity: 'visits',
    orderBy: 'visit_id',
    valid: [
      { visit_id: 'V1001', clinic_id: 'RIV01', patient_key: pk('MRN0000101'), provider_npi: '1234567893', visit_date: '2025-03-03', visit_type: 'evaluation', status: 'completed', payer_id: 'MCR', claim_id: 'CLM-1001', documented_at: '2025-03-03T16:35:00', charge_entered_at: '2025-03-03T17:10:00-05:00', minutes: 55, line_number: 2 },
      { visit_id: 'V1002', clinic_id: 'RIV01', patient_key: pk('MRN0000102'), provider_npi: '1234567893', visit_date: '2025-03-04', visit_type: 'treatment', status: 'completed', payer_id: null, claim_id: null, documented_at: '2025-03-04 12:00', charge_entered_at: null, minutes: 40, line_number: 3 },
      { visit_id: 'V1003', clinic_id: 'RIV01', patient_key: pk('MRN0000101'), provider_npi: '1245319599', visit_date: '2025-03-05', visit_type: 'treatment', status: 'no_show', payer_id: 'MCR', claim_id: null, documented_at: null, charge_entered_at: null, minutes: null, line_number: 4 },
      // ZZZ-UNKNOWN is in no payers file: loaded all the same (the models report unknown payers).
      { visit_id: 'V1004', clinic_id: 'OAK02', patient_key: pk('MRN0000103'), provider_npi: '1245319599', visit_date: '2025-03-05', visit_type: 're_evaluation', status: 'cancelled', payer_id: 'ZZZ-UNKNOWN', claim_id: null, documented_at: null, charge_entered_at: null, minutes: null, line_number: 5 },
    ],
    bad: {
      loaded: 8,
      rejects: [
        [3, 'visit_date', 'BAD_DATE'],
        [4, 'visit_type', 'NOT_ALLOWED'],
        [4, 'status', 'NOT_ALLOWED'],
        [5, 'patient_id', 'MISSING_VALUE'],
        [6, 'documented_at', 'BAD_TIMESTAMP'],
        [7, 'minutes', 'BAD_NUMBER'],
        [8, '', 'COLUMN_COUNT'],
      ],
    },
    missing: ['patient_id', 'visit_type'],
    update: { where: { visit_id: 'V1001' }, before: { minutes: 55 }, after: { minutes: 50 } },
  },
  {
    entity: 'appointments',
    orderBy: 'appointment_id',
    valid: [
      { appointment_id: 'A1', patient_key: pk('MRN0000101'), scheduled_date: '2025-04-01', payer_id: 'MCR', status: 'scheduled', line_number: 2 },
      { appointment_id: 'A2', patient_key: pk('MRN0000102'), scheduled_date: '2025-04-02', payer_id: null, status: 'cancelled', line_number: 3 },
      { appointment_id: 'A3', patient_key: pk('MRN0000103'), scheduled_date: '2025-04-03', payer_id: 'BCBS', status: null, line_number: 4 },
    ],
    bad: {
      loaded: 4,
      rejects: [
        [3, 'scheduled_date', 'MISSING_VALUE'],
        [4, 'scheduled_date', 'BAD_DATE'],
        [5, 'status', 'NOT_ALLOWED'],
      ],
    },
    missing: ['scheduled_date'],
    update: { where: { appointment_id: 'A1' }, before: { status: 'scheduled' }, after: { status: 'cancelled' } },
  },
  {
    entity: 'authorizations',
    orderBy: 'auth_id',
    valid: [
      { auth_id: 'AUTH-1', patient_key: pk('MRN0000101'), payer_id: 'BCBS', status: 'approved', requested_on: '2025-02-20', decided_on: '2025-02-24', start_date: '2025-02-24', end_date: '2025-04-24', approved_visits: 12, requested_visits: 12, previous_auth_id: null, line_number: 2 },
      { auth_id: 'AUTH-2', patient_key: pk('MRN0000101'), payer_id: 'BCBS', status: 'pending', requested_on: '2025-04-18', decided_on: null, start_date: null, end_date: null, approved_visits: null, requested_visits: 8, previous_auth_id: 'AUTH-1', line_number: 3 },
      { auth_id: 'AUTH-3', patient_key: pk('MRN0000104'), payer_id: 'MCR', status: 'denied', requested_on: '2025-03-01', decided_on: '2025-03-05', start_date: null, end_date: null, approved_visits: 0, requested_visits: 10, previous_auth_id: null, line_number: 4 },
    ],
    bad: {
      loaded: 6,
      rejects: [
        [3, 'status', 'NOT_ALLOWED'],
        [4, 'end_date', 'BAD_DATE'],
        [5, 'approved_visits', 'BAD_INTEGER'],
        [6, 'patient_id', 'MISSING_VALUE'],
      ],
    },
    missing: ['requested_on'],
    update: {
      where: { auth_id: 'AUTH-2' },
      before: { status: 'pending', approved_visits: null, end_date: null },
      after: { status: 'approved', approved_visits: 8, end_date: '2025-06-24' },
    },
  },
  {
    entity: 'payments',
    orderBy: 'payment_id',
    valid: [
      { payment_id: 'PAY-1', source: 'payer', amount: 84.2, received_on: '2025-03-20', posted_on: '2025-03-21', method: 'era', payer_id: 'MCR', patient_key: null, claim_id: 'CLM-1001', visit_id: null, trace_number: 'EFT-000123', line_number: 2 },
      { payment_id: 'PAY-2', source: 'patient', amount: 25, received_on: '2025-03-03', posted_on: '2025-03-03', method: 'card', payer_id: null, patient_key: pk('MRN0000101'), claim_id: 'CLM-1001', visit_id: 'V1001', trace_number: null, line_number: 3 },
      { payment_id: 'PAY-3', source: 'payer', amount: -84.2, received_on: '2025-04-02', posted_on: '2025-04-02', method: 'era', payer_id: 'MCR', patient_key: null, claim_id: 'CLM-1001', visit_id: null, trace_number: 'EFT-000456', line_number: 4 },
    ],
    bad: {
      loaded: 7,
      rejects: [
        [3, 'source', 'NOT_ALLOWED'],
        [4, 'amount', 'BAD_NUMBER'],
        [5, 'amount', 'BAD_MONEY'],
        [6, 'posted_on', 'BAD_DATE'],
        [7, 'method', 'NOT_ALLOWED'],
      ],
    },
    missing: ['amount', 'posted_on'],
    update: { where: { payment_id: 'PAY-1' }, before: { posted_on: '2025-03-21' }, after: { posted_on: '2025-03-22' } },
  },
  {
    entity: 'credentialing',
    orderBy: 'provider_npi, payer_id',
    valid: [
      { provider_npi: '1234567893', payer_id: 'AETNA', status: 'in_progress', applied_on: '2025-01-10', effective_on: null, terminated_on: null, line_number: 3 },
      { provider_npi: '1234567893', payer_id: 'MCR', status: 'active', applied_on: '2024-10-01', effective_on: '2024-11-15', terminated_on: null, line_number: 2 },
      { provider_npi: '1245319599', payer_id: 'MCR', status: 'terminated', applied_on: '2023-01-01', effective_on: '2023-02-01', terminated_on: '2025-01-31', line_number: 4 },
    ],
    bad: {
      loaded: 4,
      rejects: [
        [3, 'status', 'NOT_ALLOWED'],
        [4, 'provider_npi', 'BAD_FORMAT'],
        [5, 'applied_on', 'BAD_DATE'],
      ],
    },
    missing: ['payer_id'],
    update: {
      where: { provider_npi: '1234567893', payer_id: 'AETNA' },
      before: { status: 'in_progress', effective_on: null },
      after: { status: 'active', effective_on: '2025-03-01' },
    },
  },
  {
    entity: 'denial_actions',
    orderBy: 'claim_id, action',
    valid: [
      { claim_id: 'CLM-1001', action: 'appeal', action_on: '2025-04-02', amount: null, note: 'Appeal sent with notes, plan of care', line_number: 2 },
      { claim_id: 'CLM-1002', action: 'patient_outreach', action_on: '2025-04-03', amount: null, note: 'Called patient\nleft voicemail, will "retry" Monday', line_number: 4 },
      { claim_id: 'CLM-1002', action: 'write_off', action_on: '2025-04-03', amount: 45.1, note: null, line_number: 3 },
      // The note above spans lines 4–5: this row starts on line 6.
      { claim_id: 'CLM-1003', action: 'corrected_claim', action_on: '2025-04-05', amount: null, note: null, line_number: 6 },
    ],
    bad: {
      loaded: 7,
      rejects: [
        [3, 'action', 'NOT_ALLOWED'],
        [4, 'action_on', 'BAD_DATE'],
        [5, 'amount', 'BAD_NUMBER'],
        [6, '', 'COLUMN_COUNT'],
      ],
    },
    missing: ['action_on'],
    update: { where: { claim_id: 'CLM-1002', action: 'write_off' }, before: { amount: 45.1 }, after: { amount: 50 } },
  },
];
