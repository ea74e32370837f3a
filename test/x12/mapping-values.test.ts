/**
 * Mapped values of the literal fixtures (test/fixtures/x12/*): hand-written expectations for the values that matter,
 * plus a golden dump of every row. Covers checklist rows 16, 24–27, 29 (valid edge cases that must load).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X12_TABLES } from '../../src/db/raw-schema.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { expectGolden } from './golden.ts';
import { FIXTURES, rows } from './helpers.ts';

describe('X12 mapping of the literal fixtures', () => {
  let tw: TempWarehouse;
  beforeAll(async () => {
    tw = tempWarehouse();
    const res = await tw.ingest([FIXTURES]);
    for (const r of res) expect(r.status, `${r.file}: ${r.reason}`).toBe('loaded');
  });
  afterAll(() => tw.cleanup());

  it('835: remittance header, payer key from REF*2U, payee NPI, claim count', async () => {
    const [r] = await rows(tw, 'SELECT * FROM raw.x12_835_remittances');
    expect(r).toMatchObject({
      handling_code: 'I', payment_amount: 351, payment_method: 'ACH', payment_date: '2025-03-05', trace_number: 'EFT20250305',
      production_date: '2025-03-04', payer_name: 'ACME HEALTH PLAN', payer_id: 'ACME01', payer_ref_2u: 'ACMEPAYER', payer_key: 'ACMEPAYER',
      payee_id_qualifier: 'XX', payee_npi: '1234567893', payee_tin: '123456789', claim_count: 7, isa13: '000000501', st02: '0001',
    });
    const [f] = await rows(tw, `SELECT business_key FROM raw.files WHERE kind = 'x12_835'`);
    expect(f!.business_key).toBe('ACMEPAYER|EFT20250305');
  });

  it('835: reversal + correction and a split claim are all kept (rows 24–26)', async () => {
    const c = await rows(tw, 'SELECT clp01, clp02, clp03, clp04, clp07 FROM raw.x12_835_claims ORDER BY seg_ordinal');
    expect(c.map((r) => [r.clp01, r.clp02, r.clp04])).toEqual([
      ['PCN100', '1', 200], ['PCN200', '22', -80], ['PCN200', '1', 90], ['PCN300', '1', 40], ['PCN300', '1', 60], ['PCN400', '1', 64], ['PCN500', '4', 0],
    ]);
  });

  it('835: claim dates, interest, member_key is a keyed hash, never the member id', async () => {
    const [c] = await rows(tw, `SELECT * FROM raw.x12_835_claims WHERE clp01 = 'PCN100'`);
    expect(c).toMatchObject({ statement_from: '2025-02-10', statement_to: '2025-02-11', payer_received_on: '2025-02-15', interest_amount: 5, coverage_amount: 200, rendering_npi: '1987654321' });
    expect(String(c!.member_key)).toMatch(/^m_[0-9a-f]{16}$/);
  });

  it('835: SVC composite split on ISA16 with four modifiers, SVC06/07, service period, REF*6R, AMT*B6, LQ*HE list', async () => {
    const l = await rows(tw, `SELECT * FROM raw.x12_835_lines ORDER BY seg_ordinal`);
    expect(l[1]).toMatchObject({
      procedure_qualifier: 'HC', procedure_code: '97140', modifier_1: 'GP', modifier_2: '59', modifier_3: 'KX', modifier_4: 'XU',
      charge: 150, paid: 100, original_procedure: 'HC:97140:GP', original_units: 3, service_date_from: '2025-02-10', service_date_to: '2025-02-11',
      line_control_number: 'PCN100-2', allowed_amount: 110,
    });
    expect(l[0]).toMatchObject({ remark_codes: 'N130,M15', service_date_from: '2025-02-10', service_date_to: '2025-02-10', units_paid: 2 });
  });

  it('835: every CAS triplet 1..6 with its quantity, claim vs line level (CAS04 is a quantity, not a group code)', async () => {
    const a = await rows(tw, `SELECT a.* FROM raw.x12_835_adjustments a JOIN raw.x12_835_claims c ON c.seg_ordinal = a.claim_seg_ordinal AND c.set_index = a.set_index AND c.file_sha256 = a.file_sha256 WHERE c.clp01 = 'PCN400' ORDER BY a.seg_ordinal, a.triplet`);
    expect(a.map((r) => [r.group_code, r.triplet, r.reason_code, r.amount, r.quantity, r.level])).toEqual([
      ['CO', 1, '45', 10, 1, 'line'], ['CO', 2, '253', 2, null, 'line'], ['CO', 3, '97', 3, 1, 'line'], ['CO', 4, 'B15', 4, null, 'line'],
      ['CO', 5, 'A1', 5, 1, 'line'], ['CO', 6, '59', 6, 1, 'line'], ['PR', 1, '1', 6, 1, 'line'],
    ]);
    const levels = await rows(tw, `SELECT level, count(*)::INTEGER AS n, count(line_seg_ordinal)::INTEGER AS with_line FROM raw.x12_835_adjustments GROUP BY level ORDER BY level`);
    expect(levels).toEqual([{ level: 'claim', n: 3, with_line: 0 }, { level: 'line', n: 12, with_line: 12 }]);
  });

  it('835: PLB pairs with composite reason:reference (L6, WO, FB, 72, PI) (row 27)', async () => {
    const p = await rows(tw, 'SELECT pair, provider_id, fiscal_period_date, reason_code, reference_id, amount FROM raw.x12_835_provider_adjustments ORDER BY pair');
    expect(p.map((r) => [r.pair, r.reason_code, r.reference_id, r.amount])).toEqual([
      [1, 'L6', 'PCN100', -5], [2, 'WO', 'REFUND77', 20], [3, 'FB', 'OLDTRN', 10], [4, '72', 'RET1', -3], [5, 'PI', null, 1],
    ]);
    expect(p[0]).toMatchObject({ provider_id: '1234567893', fiscal_period_date: '2025-12-31' });
  });

  it('835: the balanced remit raises no balancing finding', async () => {
    expect(await rows(tw, `SELECT * FROM raw.load_findings WHERE check_name LIKE 'balance%' OR check_name IN ('plb_interest', 'patient_responsibility', 'bpr_notification_amount')`)).toEqual([]);
  });

  it('837P: header, claims under 2000B and 2000C, CLM05 split, REF F8/G1/9F, providers', async () => {
    const [h] = await rows(tw, 'SELECT * FROM raw.x12_837_headers');
    expect(h).toMatchObject({ bht02: '00', bht03: 'BATCH0001', bht04: '2025-02-11', bht06: 'CH', submitter_id: 'SUBMIT01', receiver_id: 'RECV01' });
    const c = await rows(tw, 'SELECT * FROM raw.x12_837_claims ORDER BY seg_ordinal');
    expect(c.map((r) => [r.clm01, r.frequency_code, r.payer_x12_id, r.payer_responsibility, r.claim_filing_indicator, r.line_count])).toEqual([
      ['PCN100', '1', 'ACME01', 'P', 'CI', 2], ['PCN150', '8', 'ACME01', 'P', 'CI', 1], ['PCN200', '7', 'BLUE01', 'S', 'BL', 1],
    ]);
    expect(c[0]).toMatchObject({ billing_npi: '1234567893', billing_tin: '123456789', clm02: 300, place_of_service: '11', prior_auth_number: 'AUTH123', referral_number: 'REFER9', rendering_npi: '1987654321', referring_npi: '1555555555', payer_name: 'ACME HEALTH PLAN' });
    expect(c[2]).toMatchObject({ payer_claim_control_number: 'PAYCLM200' });
    expect(c[0]!.member_key).not.toBe(c[2]!.member_key);
  });

  it('837P: SV1 composite with four modifiers, units, DTP*472 RD8 range, REF*6R / line REF*G1, 2420A rendering', async () => {
    const l = await rows(tw, 'SELECT * FROM raw.x12_837_lines ORDER BY seg_ordinal');
    expect(l[0]).toMatchObject({
      line_number: 1, procedure_qualifier: 'HC', procedure_code: '97110', modifier_1: 'GP', modifier_2: 'KX', modifier_3: '59', modifier_4: 'XU',
      charge: 150, unit_basis: 'UN', units: 2, service_date_from: '2025-02-10', service_date_to: '2025-02-11', line_control_number: 'PCN100-1',
      prior_auth_number: 'LINEAUTH1', rendering_npi: '1666666666',
    });
    expect(l[1]).toMatchObject({ place_of_service: '11', service_date_from: '2025-02-10', service_date_to: '2025-02-10', rendering_npi: null });
    expect(l[3]).toMatchObject({ unit_basis: 'MJ', units: 38 });
  });

  it('837P: warnings for CLM02 ≠ Σ SV102 and a void without REF*F8 (row 29); the replacement with F8 is fine', async () => {
    const f = await rows(tw, `SELECT check_name, severity, key FROM raw.load_findings ORDER BY check_name`);
    expect(f).toEqual([
      { check_name: 'claim_charge_total', severity: 'warn', key: 'PCN150' },
      { check_name: 'replacement_without_f8', severity: 'warn', key: 'PCN150' },
    ]);
  });

  it('277CA: claim- and line-level STC rows with TRN02, REF*1K, billing NPI, source id, STC01 split', async () => {
    const s = await rows(tw, 'SELECT * FROM raw.x12_277_statuses ORDER BY seg_ordinal');
    expect(s.map((r) => [r.level, r.clm01, r.status_category, r.status_code, r.entity_code, r.payer_claim_control_number, r.line_control_number])).toEqual([
      ['claim', 'PCN100', 'A2', '20', 'PR', 'PAYCLM100', null],
      ['claim', 'PCN200', 'A7', '562', '85', 'PAYCLM200', null],
      ['claim', 'PCN200', 'A3', '21', null, 'PAYCLM200', null],
      ['line', 'PCN200', 'A7', '453', null, 'PAYCLM200', 'LINE1'],
    ]);
    expect(s[0]).toMatchObject({ billing_npi: '1234567893', information_source_id: 'ACME01', status_date: '2025-02-12', action_code: 'WQ', total_charge: 200, service_date_from: '2025-02-10', service_date_to: '2025-02-11' });
  });

  it('999: set responses with the AK9 group status; IK3 / IK4 errors without the IK404 value', async () => {
    const r = await rows(tw, 'SELECT group_functional_id, group_control_number, group_version, set_id, set_control_number, status, error_codes, group_status FROM raw.x12_999_set_responses ORDER BY seg_ordinal');
    expect(r).toEqual([
      { group_functional_id: 'HC', group_control_number: '17', group_version: '005010X222A1', set_id: '837', set_control_number: '0001', status: 'A', error_codes: null, group_status: 'P' },
      { group_functional_id: 'HC', group_control_number: '17', group_version: '005010X222A1', set_id: '837', set_control_number: '0002', status: 'R', error_codes: '5', group_status: 'P' },
    ]);
    const e = await rows(tw, 'SELECT kind, set_control_number, segment_id, segment_position, loop_id, segment_error_code, element_position, element_reference, element_error_code FROM raw.x12_999_errors ORDER BY seg_ordinal');
    expect(e).toEqual([
      { kind: 'segment', set_control_number: '0002', segment_id: 'CLM', segment_position: 22, loop_id: '2300', segment_error_code: '8', element_position: null, element_reference: null, element_error_code: null },
      { kind: 'element', set_control_number: '0002', segment_id: 'CLM', segment_position: 22, loop_id: '2300', segment_error_code: '8', element_position: '5:3', element_reference: '1325', element_error_code: '7' },
    ]);
  });

  it('every row matches the golden dump', async () => {
    const dump: Record<string, unknown[]> = {};
    for (const t of [{ name: 'x12_sets' }, ...X12_TABLES]) {
      dump[t.name] = (await rows(tw, `SELECT * EXCLUDE (file_sha256) FROM raw.${t.name} ORDER BY ALL`)) as unknown[];
    }
    expectGolden('fixtures-all-tables', dump);
  });
});
