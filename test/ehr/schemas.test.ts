/**
 * The zod schemas against the DESIGN.md §5 contract, the raw table layout the SQL models are written against, and the
 * value rules of each column type (including: a reject reason never carries the value).
 */
import { describe, expect, it } from 'vitest';
import { isIsoDate, isIsoTimestamp, moneyProblem } from '../../pipelines/ehr/columns.ts';
import { usDate, usTimestamp } from '../../pipelines/ehr/column-plan.ts';
import { REJECT_CODES } from '../../pipelines/ehr/reasons.ts';
import { ENTITIES, entityByName, type EntityDef } from '../../pipelines/ehr/schemas.ts';
import { EHR_TABLES } from '../../pipelines/ehr/tables.ts';
import { createTableSql } from '../../src/db/raw-schema.ts';

const entity = (name: string): EntityDef => entityByName(name)!;

describe('DESIGN.md §5 contract', () => {
  // entity → [file prefix, primary key, required columns, optional columns] exactly as §5 lists them.
  const CONTRACT: Record<string, [string, string[], string[], string[]]> = {
    clinics: ['clinics', ['clinic_id'], ['clinic_id', 'clinic_name', 'billing_npi'], ['tin', 'timezone']],
    providers: ['providers', ['provider_npi'], ['provider_npi', 'clinic_id'], ['discipline', 'display_name']],
    payers: ['payers', ['payer_id'], ['payer_id', 'payer_name', 'financial_class', 'x12_payer_id', 'requires_auth'], ['auth_exempt_visits', 'in_network', 'timely_filing_days']],
    fee_schedule: ['fee_schedule', ['payer_id', 'cpt', 'modifier', 'effective_from'], ['payer_id', 'cpt', 'allowed_amount', 'effective_from'], ['modifier', 'effective_to']],
    visits: ['visits', ['visit_id'], ['visit_id', 'clinic_id', 'patient_id', 'provider_npi', 'visit_date', 'visit_type', 'status'], ['payer_id', 'claim_id', 'documented_at', 'charge_entered_at', 'minutes']],
    appointments: ['appointments', ['appointment_id'], ['appointment_id', 'patient_id', 'scheduled_date'], ['payer_id', 'status']],
    authorizations: ['authorizations', ['auth_id'], ['auth_id', 'patient_id', 'payer_id', 'status', 'requested_on'], ['decided_on', 'start_date', 'end_date', 'approved_visits', 'requested_visits', 'previous_auth_id']],
    payments: ['payments', ['payment_id'], ['payment_id', 'source', 'amount', 'received_on', 'posted_on'], ['method', 'payer_id', 'patient_id', 'claim_id', 'visit_id', 'trace_number']],
    credentialing: ['credentialing', ['provider_npi', 'payer_id'], ['provider_npi', 'payer_id', 'status'], ['applied_on', 'effective_on', 'terminated_on']],
    denial_actions: ['denial_actions', ['claim_id', 'action', 'action_on'], ['claim_id', 'action', 'action_on'], ['amount', 'note']],
  };

  it('defines exactly the ten entities, with their prefixes, keys, required and optional columns', () => {
    expect(ENTITIES.map((e) => e.name)).toEqual(Object.keys(CONTRACT));
    for (const e of ENTITIES) {
      const [prefix, key, required, optional] = CONTRACT[e.name]!;
      expect([e.prefix, e.primaryKey, e.columns.filter((c) => c.required).map((c) => c.name), e.columns.filter((c) => !c.required).map((c) => c.name)]).toEqual([prefix, key, required, optional]);
    }
  });

  it('has the enums exactly as listed', () => {
    const values = (e: string, c: string) => entity(e).columns.find((x) => x.name === c)!.values;
    expect(values('visits', 'visit_type')).toEqual(['evaluation', 're_evaluation', 'treatment', 'discharge']);
    expect(values('visits', 'status')).toEqual(['completed', 'cancelled', 'no_show']);
    expect(values('payers', 'financial_class')).toEqual(['medicare', 'medicare_advantage', 'medicaid', 'commercial', 'regional', 'workers_comp', 'auto', 'other']);
    expect(values('payments', 'source')).toEqual(['payer', 'patient']);
    expect(values('payments', 'method')).toEqual(['era', 'check', 'card', 'cash', 'ach']);
    expect(values('denial_actions', 'action')).toEqual(['appeal', 'corrected_claim', 'patient_outreach', 'write_off', 'resubmit']);
    expect(values('credentialing', 'status')).toEqual(['not_started', 'in_progress', 'active', 'terminated']);
    expect(values('authorizations', 'status')).toEqual(['approved', 'pending', 'denied']);
    expect(values('appointments', 'status')).toEqual(['scheduled', 'cancelled']);
    expect(values('providers', 'discipline')).toBeUndefined(); // open list
  });

  it('defaults auth_exempt_visits to 1 and in_network to true', () => {
    const payers = entity('payers');
    const base = { payer_id: 'P', payer_name: 'P', financial_class: 'other', x12_payer_id: 'X', requires_auth: 'false' };
    expect(payers.schema.parse(base)).toMatchObject({ auth_exempt_visits: '1', in_network: 'true' });
    expect(payers.schema.parse({ ...base, auth_exempt_visits: '0', in_network: 'FALSE' })).toMatchObject({ auth_exempt_visits: '0', in_network: 'FALSE' });
  });
});

describe('raw tables', () => {
  // The layout the SQL models in models/staging/ehr are written against (the former hand-written tables.ts).
  const LAYOUT: Record<string, string[]> = {
    ehr_clinics: ['clinic_id VARCHAR', 'clinic_name VARCHAR', 'billing_npi VARCHAR', 'tin VARCHAR', 'timezone VARCHAR'],
    ehr_providers: ['provider_npi VARCHAR', 'clinic_id VARCHAR', 'discipline VARCHAR', 'display_name VARCHAR'],
    ehr_payers: ['payer_id VARCHAR', 'payer_name VARCHAR', 'financial_class VARCHAR', 'x12_payer_id VARCHAR', 'requires_auth BOOLEAN', 'auth_exempt_visits INTEGER', 'in_network BOOLEAN', 'timely_filing_days INTEGER'],
    ehr_fee_schedule: ['payer_id VARCHAR', 'cpt VARCHAR', 'modifier VARCHAR', 'allowed_amount DECIMAL(18,2)', 'effective_from DATE', 'effective_to DATE'],
    ehr_visits: ['visit_id VARCHAR', 'clinic_id VARCHAR', 'patient_key VARCHAR', 'provider_npi VARCHAR', 'visit_date DATE', 'visit_type VARCHAR', 'status VARCHAR', 'payer_id VARCHAR', 'claim_id VARCHAR', 'documented_at VARCHAR', 'charge_entered_at VARCHAR', 'minutes INTEGER'],
    ehr_appointments: ['appointment_id VARCHAR', 'patient_key VARCHAR', 'scheduled_date DATE', 'payer_id VARCHAR', 'status VARCHAR'],
    ehr_authorizations: ['auth_id VARCHAR', 'patient_key VARCHAR', 'payer_id VARCHAR', 'status VARCHAR', 'requested_on DATE', 'decided_on DATE', 'start_date DATE', 'end_date DATE', 'approved_visits INTEGER', 'requested_visits INTEGER', 'previous_auth_id VARCHAR'],
    ehr_payments: ['payment_id VARCHAR', 'source VARCHAR', 'amount DECIMAL(18,2)', 'received_on DATE', 'posted_on DATE', 'method VARCHAR', 'payer_id VARCHAR', 'patient_key VARCHAR', 'claim_id VARCHAR', 'visit_id VARCHAR', 'trace_number VARCHAR'],
    ehr_credentialing: ['provider_npi VARCHAR', 'payer_id VARCHAR', 'status VARCHAR', 'applied_on DATE', 'effective_on DATE', 'terminated_on DATE'],
    ehr_denial_actions: ['claim_id VARCHAR', 'action VARCHAR', 'action_on DATE', 'amount DECIMAL(18,2)', 'note VARCHAR'],
  };

  it('are derived from the schemas with the same names, types and order, plus lineage', () => {
    expect(Object.fromEntries(EHR_TABLES.map((t) => [t.name, t.columns.map((c) => `${c.name} ${c.type}`)]))).toEqual(
      Object.fromEntries(Object.entries(LAYOUT).map(([t, cols]) => [t, [...cols, 'file_sha256 VARCHAR', 'line_number INTEGER']])),
    );
  });

  it('never hold a patient id, have no PRIMARY KEY constraint, and key on raw column names', () => {
    for (const t of EHR_TABLES) {
      expect(t.columns.map((c) => c.name)).not.toContain('patient_id');
      expect(createTableSql(t)).not.toMatch(/PRIMARY KEY|UNIQUE/i);
      for (const k of t.primaryKey) expect(t.columns.map((c) => c.name)).toContain(k);
    }
  });
});

describe('value rules', () => {
  it('accepts real ISO dates only', () => {
    expect(['2024-02-29', '2025-12-31', '0001-01-01'].map(isIsoDate)).toEqual([true, true, true]);
    expect(['2025-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '25-01-01', '2025/01/01', '2025-1-01', '2025-01-01 ', '0000-01-01'].map(isIsoDate)).toEqual(Array(9).fill(false));
  });

  it('accepts ISO 8601 date-times with optional seconds, fraction and offset', () => {
    const good = ['2025-03-03T16:35', '2025-03-03 16:35', '2025-03-03T16:35:59', '2025-03-03T16:35:00.123Z', '2025-03-03T16:35:00-05:00', '2025-03-03T16:35:00+0530', '2025-03-03T16:35+01'];
    const bad = ['2025-03-03', '2025-02-30T10:00', '2025-03-03T24:00', '2025-03-03T16:60', '2025-03-03T16:35:60', '2025-03-03T16:35:00.', '2025-03-03T16:35:00+19:00', '03/03/2025 16:35', '2025-03-03T4:35'];
    expect(good.map(isIsoTimestamp)).toEqual(Array(good.length).fill(true));
    expect(bad.map(isIsoTimestamp)).toEqual(Array(bad.length).fill(false));
  });

  it('tells bad money apart: not a number, too many decimals, negative', () => {
    const code = (v: string, signed = false) => moneyProblem(v, signed)?.split(':')[0];
    expect(['0', '12', '12.5', '12.50', '9999999999999999.99', '.50', '+5.00', '0.5'].map((v) => code(v))).toEqual(Array(8).fill(undefined));
    expect(code('-12.50', true)).toBeUndefined();
    expect(code('-.50', true)).toBeUndefined();
    expect(code('-.50')).toBe('NEGATIVE_AMOUNT');
    expect(code('.505')).toBe('BAD_MONEY');
    expect(code('-12.50')).toBe('NEGATIVE_AMOUNT');
    expect(code('12.345')).toBe('BAD_MONEY');
    // zeros after the cents are exact (spreadsheets write 12.500)
    expect([code('12.500'), code('12.5000'), code('-1.000', true), code('.500')]).toEqual([undefined, undefined, undefined, undefined]);
    expect(code('12.501')).toBe('BAD_MONEY');
    expect(code('12345678901234567')).toBe('BAD_MONEY');
    expect(['$12.00', '1,234.00', '12.3.4', 'abc', '1e3'].map((v) => code(v))).toEqual(Array(5).fill('BAD_NUMBER'));
  });

  it('converts US dates and 12- or 24-hour US date-times, refusing impossible ones', () => {
    expect(usDate('03/07/2025')).toBe('2025-03-07');
    expect(usDate('3/7/2025')).toBe('2025-03-07');
    expect([usDate('02/30/2025'), usDate('13/01/2025'), usDate('2025-03-07'), usDate('3/7/25')]).toEqual([undefined, undefined, undefined, undefined]);
    expect(usTimestamp('03/07/2025 4:35 PM')).toBe('2025-03-07T16:35:00');
    expect(usTimestamp('03/07/2025 12:05 am')).toBe('2025-03-07T00:05:00');
    expect(usTimestamp('03/07/2025 12:30 PM')).toBe('2025-03-07T12:30:00');
    expect(usTimestamp('03/07/2025 17:45:10')).toBe('2025-03-07T17:45:10');
    expect([usTimestamp('03/07/2025 13:00 PM'), usTimestamp('03/07/2025 24:00'), usTimestamp('02/30/2025 10:00'), usTimestamp('03/07/2025')]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('gives every failing value a coded reason that never contains the value', () => {
    const canary = 'ZZCANARY9';
    for (const e of ENTITIES) {
      const input = Object.fromEntries(e.columns.map((c) => [c.name, `${canary}-${c.name}`]));
      const result = e.schema.safeParse(input);
      expect(result.success).toBe(false);
      for (const issue of result.error!.issues) {
        const code = issue.message.split(':')[0]!;
        expect(Object.keys(REJECT_CODES)).toContain(code);
        expect(issue.message).not.toContain(canary);
      }
      const missing = e.schema.safeParse({});
      for (const issue of missing.error!.issues) expect(issue.message).toBe('MISSING_VALUE: required value missing');
      expect(missing.error!.issues.map((i) => i.path[0])).toEqual(e.columns.filter((c) => c.required).map((c) => c.name));
    }
  });
});
