/**
 * The Riverside PT scenario end to end through the CLI: `revcycle ingest` → `revcycle build --as-of 2025-03-31` →
 * `revcycle query`, against expectations computed by hand from the scenario tables in riverside.ts.
 *
 * Hand computation (as-of 2025-03-31). Charges: 97110 $50/unit (2 units = $100), 97140 $45, 97161 $150. Fees per
 * unit: medicare 30/28/100, bcbs 35/32/110, aetna 33/30/105, wc 45/40/140 (97110/97140/97161).
 *
 * First adjudications (BPR16 date; received = GS04):
 *   medicare 01-21 (recv 01-22): C01 paid 80 PR 20 CO 50 | C02 paid 48 PR 12 CO 40 | C03 0, PR-1 60, CO 40 (paid)
 *   medicare 02-04 (recv 02-05): C04 denied CO-50 100 | C05 48/12/40 | C23 70/18/57 (the replacement, 145) | C24 48/12/40
 *   medicare 03-04 (recv 03-05): C02 reversal −48/−12/−40 + correction 54/6/40 | C04 paid 48/12/40 (overturn)
 *   bcbs 01-28 (recv 01-29): C06 90/20/40 | C07 C08 C09 50/20/30 (line-level CAS)
 *   bcbs 02-11 (recv 02-12): C10 denied CO-198 100 | C11 40/20/40 (underpaid 10) | C27 90/20/40 | C28 50/20/30
 *   bcbs 02-25 (recv 02-26): C29 50/20/30 ; C12 (03-10) never remitted
 *   aetna 02-10 (recv 02-11): C13 denied CO-185 150, C14 C15 C16 denied CO-185 100
 *   aetna 02-17 (recv 02-18): C17 denied CO-185 100 | C18 60/6/34
 *   aetna 03-11 (recv 03-12): C25 95/10/45 | C26 denied CO-197 100
 *   wc 03-05 (recv 03-06): C19 140/0/10 (+2.50 interest) | C20 90/0/10 | C21 split 90/0/10 + 40/0/5
 *   wc 03-20 (recv 03-21): C20 paid again 90/0/10 (duplicate payment → credit balance −100)
 * C22 is voided; C23 replaced (T + 97140 = 145); C24 rejected on a 277CA and resubmitted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliQuery, runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { AS_OF, writeRiverside } from './riverside.ts';

let dir = '';
let db = '';
let ingestOut = '';
let ingestCode = -1;
const cache = new Map<string, Array<Record<string, unknown>>>();
const q = (sql: string) => {
  if (!cache.has(sql)) cache.set(sql, cliQuery(db, sql));
  return cache.get(sql)!;
};
const mart = (name: string, where = 'true', order = 'all') => q(`select * from marts.${name} where ${where} order by ${order}`);
const pick = <T extends Record<string, unknown>>(rows: T[], keys: string[]) =>
  rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

beforeAll(() => {
  dir = makeTempDir('revcycle-riverside-');
  writeRiverside(path.join(dir, 'in'));
  db = path.join(dir, 'data', 'warehouse.duckdb');
  const ing = runCli(['ingest', path.join(dir, 'in'), '--db', db]);
  ingestOut = ing.stdout + ing.stderr;
  ingestCode = ing.code;
  const b = runCli(['build', '--as-of', AS_OF, '--db', db]);
  if (b.code !== 0) throw new Error(`build failed: ${b.stderr}`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Riverside PT through the CLI', () => {
  it('ingests every file: one re-sent 835 is a duplicate, one broken 837 is quarantined (exit 1)', () => {
    expect(ingestCode).toBe(1);
    expect(ingestOut).toMatch(/49 files: 47 loaded, 1 duplicate, 1 quarantined/);
    const files = q(`select status, count(*) as n from marts.files group by 1 order by 1`);
    expect(files).toEqual([
      { status: 'duplicate', n: 1 },
      { status: 'loaded', n: 47 },
      { status: 'quarantined', n: 1 },
    ]);
    const [bad] = q(`select file_name, error_code, reason from marts.files where status = 'quarantined'`);
    expect(bad).toMatchObject({ file_name: 'riv_broken.837', error_code: 'IK5-4' });
  });

  it('marts.claims: versions, outcomes, money to date and balances', () => {
    const rows = pick(mart('claims', 'true', 'claim_id'), [
      'claim_id', 'payer_id', 'billed_amount', 'submitted_on', 'first_service_date', 'days_to_submit', 'is_voided',
      'initial_outcome', 'denial_category', 'paid_amount', 'insurance_balance',
    ]);
    const c = (claim_id: string, payer_id: string, billed_amount: number, submitted_on: string, first_service_date: string,
      days_to_submit: number, initial_outcome: string | null, denial_category: string | null, paid_amount: number,
      insurance_balance: number | null, is_voided = false) =>
      ({ claim_id, payer_id, billed_amount, submitted_on, first_service_date, days_to_submit, is_voided, initial_outcome, denial_category, paid_amount, insurance_balance });
    expect(rows).toEqual([
      c('C01', 'medicare', 150, '2025-01-07', '2025-01-06', 1, 'paid', null, 80, 0),
      c('C02', 'medicare', 100, '2025-01-08', '2025-01-08', 0, 'paid', null, 54, 0), // 48 − 48 + 54
      c('C03', 'medicare', 100, '2025-01-13', '2025-01-10', 3, 'paid', null, 0, 0), // $0 wholly to deductible
      c('C04', 'medicare', 100, '2025-01-14', '2025-01-13', 1, 'denied', 'medical_necessity', 48, 0),
      c('C05', 'medicare', 100, '2025-01-16', '2025-01-15', 1, 'paid', null, 48, 0),
      c('C06', 'bcbs', 150, '2025-01-08', '2025-01-07', 1, 'paid', null, 90, 0),
      c('C07', 'bcbs', 100, '2025-01-10', '2025-01-09', 1, 'paid', null, 50, 0),
      c('C08', 'bcbs', 100, '2025-01-15', '2025-01-14', 1, 'paid', null, 50, 0),
      c('C09', 'bcbs', 100, '2025-01-17', '2025-01-16', 1, 'paid', null, 50, 0),
      c('C10', 'bcbs', 100, '2025-01-22', '2025-01-21', 1, 'denied', 'authorization', 0, 100),
      c('C11', 'bcbs', 100, '2025-02-07', '2025-02-06', 1, 'paid', null, 40, 0),
      c('C12', 'bcbs', 100, '2025-03-11', '2025-03-10', 1, null, null, 0, 100),
      c('C13', 'aetna', 150, '2025-01-08', '2025-01-07', 1, 'denied', 'credentialing', 0, 0), // written off 150
      c('C14', 'aetna', 100, '2025-01-10', '2025-01-09', 1, 'denied', 'credentialing', 0, 100),
      c('C15', 'aetna', 100, '2025-01-15', '2025-01-14', 1, 'denied', 'credentialing', 0, 100),
      c('C16', 'aetna', 100, '2025-01-17', '2025-01-16', 1, 'denied', 'credentialing', 0, 100),
      c('C17', 'aetna', 100, '2025-01-22', '2025-01-21', 1, 'denied', 'credentialing', 0, 100),
      c('C18', 'aetna', 100, '2025-01-24', '2025-01-23', 1, 'paid', null, 60, 0),
      c('C19', 'wc', 150, '2025-01-20', '2025-01-08', 12, 'paid', null, 140, 0),
      c('C20', 'wc', 100, '2025-01-20', '2025-01-13', 7, 'paid', null, 180, -100), // paid twice
      c('C21', 'wc', 145, '2025-01-20', '2025-01-15', 5, 'paid', null, 130, 0), // split: 90 + 40
      c('C22', 'medicare', 100, '2025-01-21', '2025-01-20', 1, null, null, 0, null, true), // voided
      c('C23', 'medicare', 145, '2025-01-23', '2025-01-22', 1, 'paid', null, 70, 0), // replaced: 97110 × 2 + 97140
      c('C24', 'medicare', 100, '2025-01-28', '2025-01-27', 1, 'paid', null, 48, 0), // original = first submission
      c('C25', 'aetna', 150, '2025-02-18', '2025-02-17', 1, 'paid', null, 95, 0),
      c('C26', 'aetna', 100, '2025-02-20', '2025-02-19', 1, 'denied', 'authorization', 0, 100),
      c('C27', 'bcbs', 150, '2025-01-07', '2025-01-06', 1, 'paid', null, 90, 0),
      c('C28', 'bcbs', 100, '2025-01-09', '2025-01-08', 1, 'paid', null, 50, 0),
      c('C29', 'bcbs', 100, '2025-02-04', '2025-02-03', 1, 'paid', null, 50, 0),
    ]);
    const [c24] = q(`select versions, last_ack_outcome, ack_rejections from marts.claims where claim_id = 'C24'`);
    expect(c24).toEqual({ versions: 2, last_ack_outcome: 'accepted', ack_rejections: 1 });
    const [c19] = q(`select interest_amount from marts.claims where claim_id = 'C19'`);
    expect(c19!.interest_amount).toBe(2.5);
  });

  it('marts.denial_rate: all-time rows per payer and category, and a weekly row', () => {
    const all = pick(mart('denial_rate', `period_grain = 'all' and category = '*'`, 'payer_id'), [
      'payer_id', 'adjudicated_claims', 'denied_claims', 'denial_rate', 'billed_amount', 'denied_amount', 'fully_denied_claims', 'first_pass_rate', 'systematic',
    ]);
    expect(all).toEqual([
      // 27 adjudicated (C12 not yet, C22 voided); 8 initial denials; billed 795 + 1000 + 900 + 395 = 3090; denied 100 (medicare) + 100 (bcbs) + 650 (aetna).
      { payer_id: '*', adjudicated_claims: 27, denied_claims: 8, denial_rate: 8 / 27, billed_amount: 3090, denied_amount: 850, fully_denied_claims: 8, first_pass_rate: 19 / 27, systematic: false },
      // aetna: C13–C18, C25, C26; denied C13–C17 (credentialing 150 + 4 × 100) and C26 (authorization 100).
      { payer_id: 'aetna', adjudicated_claims: 8, denied_claims: 6, denial_rate: 0.75, billed_amount: 900, denied_amount: 650, fully_denied_claims: 6, first_pass_rate: 0.25, systematic: true },
      // bcbs: C06–C11, C27–C29 = 150 + 5 × 100 + 150 + 2 × 100 = 1000; denied C10.
      { payer_id: 'bcbs', adjudicated_claims: 9, denied_claims: 1, denial_rate: 1 / 9, billed_amount: 1000, denied_amount: 100, fully_denied_claims: 1, first_pass_rate: 8 / 9, systematic: false },
      // medicare: C01–C05, C23, C24 = 150 + 4 × 100 + 145 + 100 = 795; denied C04.
      { payer_id: 'medicare', adjudicated_claims: 7, denied_claims: 1, denial_rate: 1 / 7, billed_amount: 795, denied_amount: 100, fully_denied_claims: 1, first_pass_rate: 6 / 7, systematic: false },
      { payer_id: 'wc', adjudicated_claims: 3, denied_claims: 0, denial_rate: 0, billed_amount: 395, denied_amount: 0, fully_denied_claims: 0, first_pass_rate: 1, systematic: false },
    ]);
    const cats = pick(mart('denial_rate', `period_grain = 'all' and payer_id = '*' and denied_claims > 0 and category <> '*'`, 'category'), ['category', 'denied_claims', 'denied_amount']);
    expect(cats).toEqual([
      { category: 'authorization', denied_claims: 2, denied_amount: 200 },
      { category: 'credentialing', denied_claims: 5, denied_amount: 550 },
      { category: 'medical_necessity', denied_claims: 1, denied_amount: 100 },
    ]);
    // Week of Mon 2025-02-10: aetna 02-10 (C13–C16 denied) + bcbs 02-11 (C10 denied, C11, C27, C28): 5 of 8.
    const [week] = q(`select adjudicated_claims, denied_claims from marts.denial_rate where period_grain = 'week' and period_start = '2025-02-10' and payer_id = '*' and category = '*'`);
    expect(week).toEqual({ adjudicated_claims: 8, denied_claims: 5 });
    // 14 categories (13 + '*') for each payer-period with adjudications.
    const [n] = q(`select count(*) as n from marts.denial_rate where period_grain = 'all'`);
    expect(n!.n).toBe(5 * 14);
  });

  it('marts.denial_systematic: aetna over the last 8 weeks', () => {
    const [a] = q(`select * from marts.denial_systematic where payer_id = 'aetna'`);
    // First adjudications after 2025-02-03: aetna 02-10 (4), 02-17 (2), 03-11 (2) → 8, 6 denied, 5 credentialing.
    expect(a).toMatchObject({ adjudicated_claims: 8, denied_claims: 6, top_category: 'credentialing', top_category_denials: 5, systematic: true });
    expect(q(`select payer_id from marts.denial_systematic where systematic`)).toEqual([{ payer_id: 'aetna' }]);
  });

  it('marts.denial_resolution, appeals and the worklist', () => {
    const res = pick(mart('denial_resolution', `period_grain = 'all'`, 'payer_id'), [
      'payer_id', 'initial_denials', 'routed_within_sla', 'routed_within_sla_pct', 'overturned', 'overturn_rate', 'recovered_amount', 'written_off_amount', 'open_denials', 'unworked_denials',
    ]);
    expect(res).toEqual([
      // routed in 2 days: C04 (appeal 02-06, recv 02-05) and C14 (appeal 02-12, recv 02-11); C13 written off after 9 days,
      // C26 outreach after 8. Overturned: C04 (48 on 03-04). Open: not overturned nor written off.
      { payer_id: '*', initial_denials: 8, routed_within_sla: 2, routed_within_sla_pct: 0.25, overturned: 1, overturn_rate: 0.125, recovered_amount: 48, written_off_amount: 150, open_denials: 6, unworked_denials: 4 },
      { payer_id: 'aetna', initial_denials: 6, routed_within_sla: 1, routed_within_sla_pct: 1 / 6, overturned: 0, overturn_rate: 0, recovered_amount: 0, written_off_amount: 150, open_denials: 5, unworked_denials: 3 },
      { payer_id: 'bcbs', initial_denials: 1, routed_within_sla: 0, routed_within_sla_pct: 0, overturned: 0, overturn_rate: 0, recovered_amount: 0, written_off_amount: 0, open_denials: 1, unworked_denials: 1 },
      { payer_id: 'medicare', initial_denials: 1, routed_within_sla: 1, routed_within_sla_pct: 1, overturned: 1, overturn_rate: 1, recovered_amount: 48, written_off_amount: 0, open_denials: 0, unworked_denials: 0 },
      // wc has adjudicated claims but no denial: a row with 0 denials and NULL rates (nothing to divide by).
      { payer_id: 'wc', initial_denials: 0, routed_within_sla: 0, routed_within_sla_pct: null, overturned: 0, overturn_rate: null, recovered_amount: 0, written_off_amount: 0, open_denials: 0, unworked_denials: 0 },
    ]);
    expect(pick(mart('appeals', 'true', 'claim_id'), ['claim_id', 'first_action', 'days_to_first_action', 'routed_within_sla', 'resolution'])).toEqual([
      { claim_id: 'C04', first_action: 'appeal', days_to_first_action: 1, routed_within_sla: true, resolution: 'overturned' },
      { claim_id: 'C10', first_action: null, days_to_first_action: null, routed_within_sla: false, resolution: 'unworked' },
      { claim_id: 'C13', first_action: 'write_off', days_to_first_action: 9, routed_within_sla: false, resolution: 'written_off' },
      { claim_id: 'C14', first_action: 'appeal', days_to_first_action: 1, routed_within_sla: true, resolution: 'in_progress' },
      { claim_id: 'C15', first_action: null, days_to_first_action: null, routed_within_sla: false, resolution: 'unworked' },
      { claim_id: 'C16', first_action: null, days_to_first_action: null, routed_within_sla: false, resolution: 'unworked' },
      { claim_id: 'C17', first_action: null, days_to_first_action: null, routed_within_sla: false, resolution: 'unworked' },
      { claim_id: 'C26', first_action: 'patient_outreach', days_to_first_action: 8, routed_within_sla: false, resolution: 'in_progress' },
    ]);
    expect(pick(mart('denial_worklist', 'true', 'claim_id'), ['claim_id', 'payer_id', 'category', 'primary_carc', 'denied_amount', 'denial_received_on', 'age_days', 'resolution_path'])).toEqual([
      { claim_id: 'C10', payer_id: 'bcbs', category: 'authorization', primary_carc: '198', denied_amount: 100, denial_received_on: '2025-02-12', age_days: 47, resolution_path: 'retro-auth request' },
      { claim_id: 'C15', payer_id: 'aetna', category: 'credentialing', primary_carc: '185', denied_amount: 100, denial_received_on: '2025-02-11', age_days: 48, resolution_path: 'enrolment fix' },
      { claim_id: 'C16', payer_id: 'aetna', category: 'credentialing', primary_carc: '185', denied_amount: 100, denial_received_on: '2025-02-11', age_days: 48, resolution_path: 'enrolment fix' },
      { claim_id: 'C17', payer_id: 'aetna', category: 'credentialing', primary_carc: '185', denied_amount: 100, denial_received_on: '2025-02-18', age_days: 41, resolution_path: 'enrolment fix' },
    ]);
  });

  it('marts.ar_aging, ar_summary and credit_balances', () => {
    // Open balances: C12 100 (age 21), C26 100 (40), C10 C14 C15 C16 C17 100 each (69, 81, 76, 74, 69); C20 −100 credit.
    expect(pick(mart('ar_aging', `payer_id in ('*', 'aetna', 'bcbs')`, 'payer_id, bucket_order'), ['as_of', 'payer_id', 'bucket', 'claims', 'balance'])).toEqual([
      { as_of: '2025-03-31', payer_id: '*', bucket: '0-30', claims: 1, balance: 100 },
      { as_of: '2025-03-31', payer_id: '*', bucket: '31-60', claims: 1, balance: 100 },
      { as_of: '2025-03-31', payer_id: '*', bucket: '61-90', claims: 5, balance: 500 },
      { as_of: '2025-03-31', payer_id: '*', bucket: '91-120', claims: 0, balance: 0 },
      { as_of: '2025-03-31', payer_id: '*', bucket: '121+', claims: 0, balance: 0 },
      { as_of: '2025-03-31', payer_id: '*', bucket: '*', claims: 7, balance: 700 },
      { as_of: '2025-03-31', payer_id: 'aetna', bucket: '0-30', claims: 0, balance: 0 },
      { as_of: '2025-03-31', payer_id: 'aetna', bucket: '31-60', claims: 1, balance: 100 },
      { as_of: '2025-03-31', payer_id: 'aetna', bucket: '61-90', claims: 4, balance: 400 },
      { as_of: '2025-03-31', payer_id: 'aetna', bucket: '91-120', claims: 0, balance: 0 },
      { as_of: '2025-03-31', payer_id: 'aetna', bucket: '121+', claims: 0, balance: 0 },
      { as_of: '2025-03-31', payer_id: 'aetna', bucket: '*', claims: 5, balance: 500 },
      { as_of: '2025-03-31', payer_id: 'bcbs', bucket: '0-30', claims: 1, balance: 100 },
      { as_of: '2025-03-31', payer_id: 'bcbs', bucket: '31-60', claims: 0, balance: 0 },
      { as_of: '2025-03-31', payer_id: 'bcbs', bucket: '61-90', claims: 1, balance: 100 },
      { as_of: '2025-03-31', payer_id: 'bcbs', bucket: '91-120', claims: 0, balance: 0 },
      { as_of: '2025-03-31', payer_id: 'bcbs', bucket: '121+', claims: 0, balance: 0 },
      { as_of: '2025-03-31', payer_id: 'bcbs', bucket: '*', claims: 2, balance: 200 },
    ]);
    expect(q(`select count(*) as n from marts.ar_aging`)).toEqual([{ n: 30 }]); // 4 payers + '*', 6 buckets
    const summary = pick(mart('ar_summary', 'true', 'payer_id'), ['payer_id', 'total_balance', 'ar_over_90_pct', 'billed_last_90_days', 'days_in_ar', 'credit_balance', 'patient_responsibility', 'patient_payments', 'patient_balance']);
    expect(summary).toEqual([
      // Billed in the 90 days to 03-31 (first service after 2024-12-31): every non-voided claim = 795 + 1100 + 900 + 395
      // = 3190 → 700 / (3190 / 90). PR: medicare 140, bcbs 160, aetna 16 = 316; patient payments on claims 60.
      { payer_id: '*', total_balance: 700, ar_over_90_pct: 0, billed_last_90_days: 3190, days_in_ar: 700 / (3190 / 90), credit_balance: -100, patient_responsibility: 316, patient_payments: 60, patient_balance: 256 },
      { payer_id: 'aetna', total_balance: 500, ar_over_90_pct: 0, billed_last_90_days: 900, days_in_ar: 50, credit_balance: 0, patient_responsibility: 16, patient_payments: 0, patient_balance: 16 },
      { payer_id: 'bcbs', total_balance: 200, ar_over_90_pct: 0, billed_last_90_days: 1100, days_in_ar: 200 / (1100 / 90), credit_balance: 0, patient_responsibility: 160, patient_payments: 40, patient_balance: 120 },
      { payer_id: 'medicare', total_balance: 0, ar_over_90_pct: null, billed_last_90_days: 795, days_in_ar: 0, credit_balance: 0, patient_responsibility: 140, patient_payments: 20, patient_balance: 120 },
      { payer_id: 'wc', total_balance: 0, ar_over_90_pct: null, billed_last_90_days: 395, days_in_ar: 0, credit_balance: -100, patient_responsibility: 0, patient_payments: 0, patient_balance: 0 },
    ]);
    expect(pick(mart('credit_balances'), ['claim_id', 'payer_id', 'credit_balance'])).toEqual([{ claim_id: 'C20', payer_id: 'wc', credit_balance: -100 }]);
  });

  it('marts.submission_lag, unbilled_visits, charge_lag and posting_lag', () => {
    // Days to submit of the 28 non-voided claims: one 0, twenty-three 1s, then 3, 5, 7, 12.
    // Median = 1; p90 at 0.9 × 27 = 24.3 → 3 + 0.3 × (5 − 3) = 3.6; within a day 24 / 28.
    const [all] = q(`select claims, median_days_to_submit, p90_days_to_submit, pct_within_1_day from marts.submission_lag where period_grain = 'all' and clinic_id = '*'`);
    expect(all).toEqual({ claims: 28, median_days_to_submit: 1, p90_days_to_submit: expect.closeTo(3.6, 9), pct_within_1_day: 24 / 28 });
    // Week of Mon 01-20: C19 12, C20 7, C21 5 (the weekly wc batch), C10 1, C17 1, C23 1, C18 1 (C22 voided):
    // sorted 1 1 1 1 5 7 12 → median 1, p90 at 5.4 → 7 + 0.4 × 5 = 9, within a day 4 / 7.
    const [wk] = q(`select clinic_id, claims, median_days_to_submit, p90_days_to_submit, pct_within_1_day from marts.submission_lag where period_grain = 'week' and period_start = '2025-01-20' and clinic_id = 'RIV'`);
    expect(wk).toEqual({ clinic_id: 'RIV', claims: 7, median_days_to_submit: 1, p90_days_to_submit: expect.closeTo(9, 9), pct_within_1_day: 4 / 7 });
    // V34 (03-26) is 5 days old with no claim; V35 (03-30) is 1 day old: not yet in the queue.
    expect(pick(mart('unbilled_visits'), ['visit_id', 'payer_id', 'days_unbilled'])).toEqual([{ visit_id: 'V34', payer_id: 'medicare', days_unbilled: 5 }]);
    // Charge lag: V01 01-07 09:00 −05:00 → 1; V02 → 0; V03 naive local 01-13 → 3; V04 01-14 03:30Z = 01-13 22:30 in
    // New York → 0. Sorted 0 0 1 3: median 0.5, p90 at 2.7 → 1 + 0.7 × 2 = 2.4, within a day 3 / 4.
    const [cl] = q(`select visits, median_charge_lag_days, p90_charge_lag_days, pct_within_1_day from marts.charge_lag where period_grain = 'all' and clinic_id = '*'`);
    expect(cl).toEqual({ visits: 4, median_charge_lag_days: 0.5, p90_charge_lag_days: expect.closeTo(2.4, 9), pct_within_1_day: 0.75 });
    // Posting lag of the 8 ERA payments (checks excluded): 0 2 0 1 0 5 0 1 → sorted 0 0 0 0 1 1 2 5:
    // median 0.5, p90 at 6.3 → 2 + 0.3 × 3 = 2.9, within a day 6 / 8.
    const [pl] = q(`select payments, median_lag_days, p90_lag_days, pct_within_1_day from marts.posting_lag where period_grain = 'all'`);
    expect(pl).toEqual({ payments: 8, median_lag_days: 0.5, p90_lag_days: expect.closeTo(2.9, 9), pct_within_1_day: 0.75 });
  });

  it('marts.auth_visits, auth_leakage, auth_alerts and auth_requests', () => {
    const av = pick(mart('auth_visits', `payer_id in ('bcbs', 'aetna')`, 'visit_id'), ['visit_id', 'visit_number', 'status', 'auth_id', 'expected_amount', 'confirmed_by_denial']);
    expect(av).toEqual([
      { visit_id: 'V06', visit_number: 1, status: 'exempt', auth_id: null, expected_amount: 110, confirmed_by_denial: false },
      { visit_id: 'V07', visit_number: 2, status: 'authorized', auth_id: 'AU1', expected_amount: 70, confirmed_by_denial: false },
      { visit_id: 'V08', visit_number: 3, status: 'authorized', auth_id: 'AU1', expected_amount: 70, confirmed_by_denial: false },
      { visit_id: 'V09', visit_number: 4, status: 'authorized', auth_id: 'AU1', expected_amount: 70, confirmed_by_denial: false },
      // AU1 (3 visits) is used up; it still covers 01-21 → over_limit; the payer denied it CO-198.
      { visit_id: 'V10', visit_number: 5, status: 'over_limit', auth_id: null, expected_amount: 70, confirmed_by_denial: true },
      // 02-06: AU1 covers but is used up; AU2 (from 02-05) has room → AU2.
      { visit_id: 'V11', visit_number: 6, status: 'authorized', auth_id: 'AU2', expected_amount: 70, confirmed_by_denial: false },
      { visit_id: 'V12', visit_number: 7, status: 'authorized', auth_id: 'AU2', expected_amount: 70, confirmed_by_denial: false },
      { visit_id: 'V13', visit_number: 1, status: 'exempt', auth_id: null, expected_amount: 105, confirmed_by_denial: false },
      { visit_id: 'V14', visit_number: 2, status: 'authorized', auth_id: 'AU3', expected_amount: 66, confirmed_by_denial: false },
      { visit_id: 'V15', visit_number: 3, status: 'authorized', auth_id: 'AU3', expected_amount: 66, confirmed_by_denial: false },
      { visit_id: 'V16', visit_number: 4, status: 'authorized', auth_id: 'AU3', expected_amount: 66, confirmed_by_denial: false },
      { visit_id: 'V17', visit_number: 5, status: 'authorized', auth_id: 'AU3', expected_amount: 66, confirmed_by_denial: false },
      { visit_id: 'V18', visit_number: 6, status: 'authorized', auth_id: 'AU3', expected_amount: 66, confirmed_by_denial: false },
      { visit_id: 'V25', visit_number: 1, status: 'exempt', auth_id: null, expected_amount: 105, confirmed_by_denial: false },
      // A2's only request (AU5) was denied: no authorization at all; the payer denied it CO-197.
      { visit_id: 'V26', visit_number: 2, status: 'no_auth', auth_id: null, expected_amount: 66, confirmed_by_denial: true },
      { visit_id: 'V27', visit_number: 1, status: 'exempt', auth_id: null, expected_amount: 110, confirmed_by_denial: false },
      { visit_id: 'V28', visit_number: 2, status: 'authorized', auth_id: 'AU4', expected_amount: 70, confirmed_by_denial: false },
      // AU4 ended 01-31: expired.
      { visit_id: 'V29', visit_number: 3, status: 'expired', auth_id: null, expected_amount: 70, confirmed_by_denial: false },
    ]);
    expect(q(`select count(*) as n from marts.auth_visits where status = 'not_required'`)).toEqual([{ n: 12 }]); // medicare 9 + wc 3
    const leak = pick(mart('auth_leakage', `period_grain = 'all'`, 'payer_id'), ['payer_id', 'visits_requiring_auth', 'leaked_visits', 'leakage_rate', 'leaked_amount', 'authorized_visits', 'over_limit_visits', 'expired_visits', 'no_auth_visits', 'exempt_visits', 'confirmed_by_denial']);
    expect(leak).toEqual([
      { payer_id: '*', visits_requiring_auth: 14, leaked_visits: 3, leakage_rate: 3 / 14, leaked_amount: 206, authorized_visits: 11, over_limit_visits: 1, expired_visits: 1, no_auth_visits: 1, exempt_visits: 4, confirmed_by_denial: 2 },
      { payer_id: 'aetna', visits_requiring_auth: 6, leaked_visits: 1, leakage_rate: 1 / 6, leaked_amount: 66, authorized_visits: 5, over_limit_visits: 0, expired_visits: 0, no_auth_visits: 1, exempt_visits: 2, confirmed_by_denial: 1 },
      { payer_id: 'bcbs', visits_requiring_auth: 8, leaked_visits: 2, leakage_rate: 0.25, leaked_amount: 140, authorized_visits: 6, over_limit_visits: 1, expired_visits: 1, no_auth_visits: 0, exempt_visits: 2, confirmed_by_denial: 1 },
    ]);
    expect(pick(mart('auth_alerts', 'true', 'auth_id'), ['auth_id', 'visits_used', 'visits_remaining', 'days_to_expiry', 'scheduled_visits', 'projected_exhaustion_date', 'reauth_requested', 'reauth_due_on', 'low_visits', 'expiring', 'needs_reauth', 'patient_message'])).toEqual([
      // AU2: 3 approved, 2 used → 1 left; appointments 04-02 and 04-04 (04-09 cancelled) → the first uses the last
      // visit; due 04-02 − 7 = 03-26 ≤ as-of; low (1 ≤ 3); not requested → needs re-auth.
      { auth_id: 'AU2', visits_used: 2, visits_remaining: 1, days_to_expiry: 15, scheduled_visits: 2, projected_exhaustion_date: '2025-04-02', reauth_requested: false, reauth_due_on: '2025-03-26', low_visits: true, expiring: false, needs_reauth: true,
        patient_message: "You have 1 visits remaining on your current authorization; we'll request re-authorization for additional care." },
      // AU3 ends on the as-of date: 10 approved, 5 used; expiring (0 days); due 03-31 − 7 = 03-24.
      { auth_id: 'AU3', visits_used: 5, visits_remaining: 5, days_to_expiry: 0, scheduled_visits: 0, projected_exhaustion_date: null, reauth_requested: false, reauth_due_on: '2025-03-24', low_visits: false, expiring: true, needs_reauth: true,
        patient_message: "You have 5 visits remaining on your current authorization; we'll request re-authorization for additional care." },
    ]);
    expect(pick(mart('auth_requests', `period_grain = 'all'`, 'payer_id'), ['payer_id', 'requests', 'approved', 'denied', 'reauthorizations', 'requested_visits', 'approved_visits', 'approval_rate_visits', 'median_turnaround_days'])).toEqual([
      // 12 + 8 (aetna) + 15 (bcbs) = 35 requested, 10 + 0 + 14 = 24 approved.
      { payer_id: '*', requests: 5, approved: 4, denied: 1, reauthorizations: 1, requested_visits: 35, approved_visits: 24, approval_rate_visits: 24 / 35, median_turnaround_days: 2 },
      // AU3 10/12 in 1 day; AU5 denied (8 requested, 0 approved) in 3 days → 10 / 20, median 2.
      { payer_id: 'aetna', requests: 2, approved: 1, denied: 1, reauthorizations: 0, requested_visits: 20, approved_visits: 10, approval_rate_visits: 10 / 20, median_turnaround_days: 2 },
      // AU1 3/4 in 2 days, AU2 3/3 in 2, AU4 8/8 in 1 → median 2.
      { payer_id: 'bcbs', requests: 3, approved: 3, denied: 0, reauthorizations: 1, requested_visits: 15, approved_visits: 14, approval_rate_visits: 14 / 15, median_turnaround_days: 2 },
    ]);
  });

  it('marts.credentialing: Bob is not credentialed with Aetna', () => {
    const rows = pick(mart('credentialing', 'true', 'provider_npi, payer_id'), ['provider_npi', 'payer_id', 'status', 'days_in_pipeline', 'visits_before_effective', 'revenue_at_risk', 'credentialing_denials']);
    expect(rows).toHaveLength(8);
    // 2024-06-01 → 2024-09-01 = 92 days for every active enrolment.
    expect(rows.filter((r) => r.status === 'active').every((r) => r.days_in_pipeline === 92 && r.visits_before_effective === 0)).toBe(true);
    // Bob × aetna: applied 01-02 → as-of 88 days; his aetna visits V13–V17: 105 + 4 × 66 = 369 at risk; 5 denials.
    expect(rows.find((r) => r.payer_id === 'aetna' && r.provider_npi === '1111111120')).toEqual({
      provider_npi: '1111111120', payer_id: 'aetna', status: 'in_progress', days_in_pipeline: 88, visits_before_effective: 5, revenue_at_risk: 369, credentialing_denials: 5,
    });
  });

  it('marts.payer_profitability: allowed, expected, underpaid, cost and margin', () => {
    const rows = pick(mart('payer_profitability', `period_grain = 'all'`, 'payer_id'), ['payer_id', 'visits', 'claims', 'billed', 'allowed', 'expected_allowed', 'underpaid_amount', 'cost', 'margin', 'loses_money']);
    expect(rows).toEqual([
      { payer_id: '*', visits: 27, claims: 27, billed: 3090, allowed: 1739, expected_allowed: 2164, underpaid_amount: 10, cost: 2133, margin: -394, loses_money: true },
      // allowed 0 + 0 + 0 + 0 + 0 + 66 + 105 + 0 = 171; expected 105 + 5 × 66 + 105 + 66 = 606;
      // cost 8 × 62 + 8 × 6 + 6 denials × 30 = 724.
      { payer_id: 'aetna', visits: 8, claims: 8, billed: 900, allowed: 171, expected_allowed: 606, underpaid_amount: 0, cost: 724, margin: -553, loses_money: true },
      // allowed 110 + 70 × 3 + 0 + 60 + 110 + 70 + 70 = 630; expected 110 + 5 × 70 + 110 + 70 + 70 = 710; C11's line
      // allowed 60 vs 70 → 10 underpaid; cost 9 × 62 + 9 × 6 + 30 = 642.
      { payer_id: 'bcbs', visits: 9, claims: 9, billed: 1000, allowed: 630, expected_allowed: 710, underpaid_amount: 10, cost: 642, margin: -12, loses_money: true },
      // allowed 100 + 60 + 60 + 60 + 60 + 88 + 60 = 488 = expected; cost 7 × 62 + 7 × 6 + 30 = 506.
      { payer_id: 'medicare', visits: 7, claims: 7, billed: 795, allowed: 488, expected_allowed: 488, underpaid_amount: 0, cost: 506, margin: -18, loses_money: true },
      // allowed 140 + 180 (paid twice) + 130 = 450; expected 140 + 90 + 130 = 360; cost 3 × 62 + 3 × 25 = 261.
      { payer_id: 'wc', visits: 3, claims: 3, billed: 395, allowed: 450, expected_allowed: 360, underpaid_amount: 0, cost: 261, margin: 189, loses_money: false },
    ]);
  });

  it('marts.payer_mix: cash vs insurance and the practice model', () => {
    const rows = pick(mart('payer_mix', `period_grain = 'all'`, 'financial_class'), ['financial_class', 'visits', 'revenue', 'visit_share', 'revenue_share', 'practice_model']);
    // Completed visits: medicare 9 (incl. the unbilled V34, V35), commercial 18, wc 3, cash 2 = 32.
    // Revenue: medicare 488, commercial 630 + 171 = 801, wc 450, cash 2 × 120 = 240 → 1979; insurance 1739 / 1979
    // = 87.9% ≥ 85% → traditional.
    const T = 1979;
    expect(rows).toEqual([
      { financial_class: '*', visits: 32, revenue: T, visit_share: 1, revenue_share: 1, practice_model: 'traditional' },
      { financial_class: 'cash', visits: 2, revenue: 240, visit_share: 2 / 32, revenue_share: 240 / T, practice_model: 'traditional' },
      { financial_class: 'commercial', visits: 18, revenue: 801, visit_share: 18 / 32, revenue_share: 801 / T, practice_model: 'traditional' },
      { financial_class: 'insurance', visits: 30, revenue: 1739, visit_share: 30 / 32, revenue_share: 1739 / T, practice_model: 'traditional' },
      { financial_class: 'medicare', visits: 9, revenue: 488, visit_share: 9 / 32, revenue_share: 488 / T, practice_model: 'traditional' },
      { financial_class: 'workers_comp', visits: 3, revenue: 450, visit_share: 3 / 32, revenue_share: 450 / T, practice_model: 'traditional' },
    ]);
  });

  it('marts.kpi_weekly and clinic_benchmarks', () => {
    const kpi = (name: string, week: string) => q(`select value, numerator, denominator, status from marts.kpi_weekly where kpi = '${name}' and week_start = '${week}'`)[0];
    expect(kpi('denial_rate', '2025-02-10')).toEqual({ value: 5 / 8, numerator: 5, denominator: 8, status: 'red' });
    expect(kpi('unbilled_visits', '2025-03-24')).toMatchObject({ value: 1 });
    // The as-of week ends on 03-31: days in A/R equals ar_summary's.
    expect(kpi('days_in_ar', '2025-03-31')!.value).toBeCloseTo(700 / (3190 / 90), 9);
    const [b] = q(`select * from marts.clinic_benchmarks where period_grain = 'all' and clinic_id = 'RIV'`);
    // Net collection: paid 348 + 470 + 155 + 450 = 1423 plus patient payments on those claims 60, over billed 3090 −
    // contractual (307 + 270 + 79 + 45) = 2389.
    expect(b).toMatchObject({
      completed_visits: 32, adjudicated_claims: 27, denied_claims: 8, denial_rate: 8 / 27, first_pass_rate: 19 / 27,
      submitted_claims: 28, median_days_to_submit: 1, pct_submitted_within_1_day: 24 / 28,
      visits_requiring_auth: 14, leaked_visits: 3, auth_leaked_amount: 206, ar_balance: 700, ar_over_90_pct: 0,
    });
    expect(b!.net_collection_rate).toBeCloseTo(1483 / 2389, 9);
  });

  it('marts.data_quality: the re-sent 835 and the unbilled visit, no patient data', () => {
    expect(pick(mart('data_quality', 'true', 'check_name'), ['check_name', 'severity', 'entity', 'key'])).toEqual([
      { check_name: 'duplicate_resent_835', severity: 'warn', entity: 'remittance', key: 'BCBS1|BC0002' },
      { check_name: 'insurance_visits_without_claim', severity: 'warn', entity: 'visit', key: 'V34' },
    ]);
  });
});
