/**
 * Review of the payer, scorecard and benchmark marts against DESIGN.md §6 (preamble), §6.10, §6.11 and §7.
 * Each test pins one contract sentence with a small hand-computed scenario; the computation is in the comments.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
/** The 'all' payer_profitability row of payer acme: what the underpayment tests compare. */
async function acmeAllTime(b: Built) {
  const [r] = await b.q(`select expected_allowed, allowed, underpaid_amount from marts.payer_profitability
      where period_grain = 'all' and payer_id = 'acme'`);
  return r;
}
const visit = (id: string, date: string, payer: string | null, claim: string | null) => ({
  visit_id: id, clinic_id: 'C1', patient_key: `p_${id}`, provider_npi: '2000000001', visit_date: date,
  visit_type: 'treatment', status: 'completed', payer_id: payer, claim_id: claim,
});

/** Week of Mon 2025-03-03: one insurance visit (allowed 80). Week of 2025-03-10: one cash-pay visit paid 50. */
function insuranceWeekThenCashWeek(moreVisits: Array<ReturnType<typeof visit>> = []): Given {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('visits', [visit('i1', '2025-03-03', 'acme', 'A1'), visit('c1', '2025-03-12', null, null), ...moreVisits]);
  g.claims837([{ claim: 'A1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
    { claim: 'A1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] }] });
  g.ehr('payments', [{ payment_id: 'x1', source: 'patient', amount: 50, received_on: '2025-03-12', posted_on: '2025-03-12', method: 'card', visit_id: 'c1' }]);
  return g;
}

describe('§6.10 payer_mix: the insurance and cash totals on every period', async () => {
  const b = await buildGiven(insuranceWeekThenCashWeek(), '2025-03-31');
  built.push(b);

  it('has an insurance and a cash row (zeros) even when the period has no visits of that kind', async () => {
    const rows = await b.q(`select period_start, financial_class, visits, revenue, visit_share, revenue_share, practice_model
      from marts.payer_mix where period_grain = 'week' order by period_start, financial_class`);
    expect(rows).toEqual([
      // Week 03-03: only i1 (allowed 80 paid + 0 PR) → insurance share 80 / 80 = 100% ≥ 85% → traditional.
      { period_start: '2025-03-03', financial_class: '*', visits: 1, revenue: 80, visit_share: 1, revenue_share: 1, practice_model: 'traditional' },
      // No cash-pay visit this week: cash total = 0 visits, $0 → shares 0 / 1 = 0 and 0 / 80 = 0.
      { period_start: '2025-03-03', financial_class: 'cash', visits: 0, revenue: 0, visit_share: 0, revenue_share: 0, practice_model: 'traditional' },
      { period_start: '2025-03-03', financial_class: 'commercial', visits: 1, revenue: 80, visit_share: 1, revenue_share: 1, practice_model: 'traditional' },
      { period_start: '2025-03-03', financial_class: 'insurance', visits: 1, revenue: 80, visit_share: 1, revenue_share: 1, practice_model: 'traditional' },
      // Week 03-10: only c1 (patient payment 50) → insurance share 0 / 50 = 0% ≤ 30% → boutique.
      { period_start: '2025-03-10', financial_class: '*', visits: 1, revenue: 50, visit_share: 1, revenue_share: 1, practice_model: 'boutique' },
      { period_start: '2025-03-10', financial_class: 'cash', visits: 1, revenue: 50, visit_share: 1, revenue_share: 1, practice_model: 'boutique' },
      // No insured visit this week: insurance total = 0 visits, $0 → shares 0 / 1 and 0 / 50 = 0.
      { period_start: '2025-03-10', financial_class: 'insurance', visits: 0, revenue: 0, visit_share: 0, revenue_share: 0, practice_model: 'boutique' },
    ]);
  });
});

describe('§6.11 kpi_weekly: cash_revenue_share is 0, not NULL, on a week with revenue but no cash-pay revenue', async () => {
  const b = await buildGiven(insuranceWeekThenCashWeek(), '2025-03-31');
  built.push(b);

  it('divides cash revenue (0 when none) by all revenue; NULL only when there is no revenue', async () => {
    const rows = await b.q(`select week_start, value, numerator, denominator from marts.kpi_weekly
      where kpi = 'cash_revenue_share' and week_start in ('2025-03-03', '2025-03-10', '2025-03-17') order by week_start`);
    expect(rows).toEqual([
      { week_start: '2025-03-03', value: 0, numerator: 0, denominator: 80 }, // $0 cash / $80 insurance allowed = 0
      { week_start: '2025-03-10', value: 1, numerator: 50, denominator: 50 }, // $50 cash / $50 total = 1
      { week_start: '2025-03-17', value: null, numerator: 0, denominator: 0 }, // no visits → no revenue: 0 / 0 → NULL
    ]);
  });

  it('basis_count: the smallest non-zero count of visits or claims behind a dollar KPI', async () => {
    const rows = await b.q(`select week_start, kpi, basis_count from marts.kpi_weekly
      where kpi in ('cash_revenue_share', 'underpaid_amount') and week_start in ('2025-03-03', '2025-03-10') order by 1, 2`);
    expect(rows).toEqual([
      // Week 03-03: 0 cash visits, 1 insurance visit → least non-zero = 1; underpayment over A1, first served 03-03
      // and adjudicated: 1 claim.
      { week_start: '2025-03-03', kpi: 'cash_revenue_share', basis_count: 1 },
      { week_start: '2025-03-03', kpi: 'underpaid_amount', basis_count: 1 },
      // Week 03-10: 1 cash visit, 0 insurance → 1; no claim first served that week → 0.
      { week_start: '2025-03-10', kpi: 'cash_revenue_share', basis_count: 1 },
      { week_start: '2025-03-10', kpi: 'underpaid_amount', basis_count: 0 },
    ]);
  });

  it('puts the §7 boundaries in amber for the denial rate and in green for first-pass ≥ 90%', async () => {
    // 20 claims first adjudicated in the week of 2025-03-17: 2 denied (CO-252), 18 paid.
    const g = new Given().ehr('payers', PAYERS);
    const ids = Array.from({ length: 20 }, (_, i) => `B${String(i + 1).padStart(2, '0')}`);
    g.claims837(ids.map((id) => ({ claim: id, submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] })));
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-19', claims: ids.map((id, i) => i < 2
      ? { claim: id, status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '252', amount: 100 }] }
      : { claim: id, status: '1', charge: 100, paid: 95, adj: [{ group: 'CO', carc: '45', amount: 5 }] }) });
    const k = await buildGiven(g, '2025-03-31');
    built.push(k);
    const rows = await k.q(`select kpi, value, status from marts.kpi_weekly
      where week_start = '2025-03-17' and kpi in ('denial_rate', 'denial_rate_amount', 'first_pass_rate') order by kpi`);
    expect(rows).toEqual([
      { kpi: 'denial_rate', value: 0.1, status: 'amber' }, // 2 / 20 = 10%: "5–10% amber, > 10% red" → amber
      { kpi: 'denial_rate_amount', value: 0.1, status: 'amber' }, // $200 denied / $2,000 billed = 10% → amber
      { kpi: 'first_pass_rate', value: 0.9, status: 'green' }, // 18 / 20 = 90%: "first-pass rate ≥ 90%" → green
    ]);
  });
});

describe('§6 preamble: clinic_benchmarks carries the week grain too', async () => {
  const b = await buildGiven(insuranceWeekThenCashWeek(), '2025-03-31');
  built.push(b);

  it('has week rows for the clinic and the group', async () => {
    const rows = await b.q(`select period_start, clinic_id, completed_visits, submitted_claims, median_days_to_submit, adjudicated_claims,
        denial_rate, net_collection_rate
      from marts.clinic_benchmarks where period_grain = 'week' order by period_start, clinic_id`);
    expect(rows).toEqual([
      // Week 03-03: visit i1; A1 submitted 03-04 for service 03-03 → 1 day; nothing adjudicated → ratios NULL.
      { period_start: '2025-03-03', clinic_id: '*', completed_visits: 1, submitted_claims: 1, median_days_to_submit: 1, adjudicated_claims: 0, denial_rate: null, net_collection_rate: null },
      { period_start: '2025-03-03', clinic_id: 'C1', completed_visits: 1, submitted_claims: 1, median_days_to_submit: 1, adjudicated_claims: 0, denial_rate: null, net_collection_rate: null },
      // Week 03-10: cash visit c1 only.
      { period_start: '2025-03-10', clinic_id: '*', completed_visits: 1, submitted_claims: 0, median_days_to_submit: null, adjudicated_claims: 0, denial_rate: null, net_collection_rate: null },
      { period_start: '2025-03-10', clinic_id: 'C1', completed_visits: 1, submitted_claims: 0, median_days_to_submit: null, adjudicated_claims: 0, denial_rate: null, net_collection_rate: null },
      // Week 03-17: A1 first adjudicated 03-20, paid: denial rate 0 / 1; NCR 80 / (100 − 20 CO-45) = 1.
      { period_start: '2025-03-17', clinic_id: '*', completed_visits: 0, submitted_claims: 0, median_days_to_submit: null, adjudicated_claims: 1, denial_rate: 0, net_collection_rate: 1 },
      { period_start: '2025-03-17', clinic_id: 'C1', completed_visits: 0, submitted_claims: 0, median_days_to_submit: null, adjudicated_claims: 1, denial_rate: 0, net_collection_rate: 1 },
    ]);
  });
});

describe('§7 clinic_benchmarks: A/R of a clinic without claims', async () => {
  // Clinic C2 has one cash visit and never billed a claim.
  const b = await buildGiven(insuranceWeekThenCashWeek([{ ...visit('k1', '2025-03-05', null, null), clinic_id: 'C2' }]), '2025-03-31');
  built.push(b);

  it('is a balance of 0 (a sum over no claims, as in ar_summary), with the ratios NULL (nothing to divide by)', async () => {
    const rows = await b.q(`select clinic_id, completed_visits, ar_balance, ar_over_90_pct, days_in_ar
      from marts.clinic_benchmarks where period_grain = 'all' order by clinic_id`);
    expect(rows).toEqual([
      // Group: A1 paid in full (80 + CO-45 20) → no balance; billed 100 in the last 90 days → 0 / (100 / 90) = 0 days.
      { clinic_id: '*', completed_visits: 3, ar_balance: 0, ar_over_90_pct: null, days_in_ar: 0 },
      { clinic_id: 'C1', completed_visits: 2, ar_balance: 0, ar_over_90_pct: null, days_in_ar: 0 },
      // C2: no claims → balance 0 (it was NULL), over-90 share and days in A/R NULL (0 / 0 and nothing billed).
      { clinic_id: 'C2', completed_visits: 1, ar_balance: 0, ar_over_90_pct: null, days_in_ar: null },
    ]);
  });
});

describe('§6.9 underpaid_amount: 835 service lines without a line date or REF*6R still match their 837 lines', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('fee_schedule', [{ payer_id: 'acme', cpt: '97110', allowed_amount: 40, effective_from: '2025-01-01' }]);
  g.ehr('visits', [visit('d1', '2025-03-03', 'acme', 'D1'), visit('d2', '2025-03-05', 'acme', 'D1')]);
  // Two visits billed on one claim: 97110 × 2 units on 03-03 and 03-05 (expected 2 × 40 = 80 each), no REF*6R.
  g.claims837([{ claim: 'D1', submitted: '2025-03-06', lines: [
    { cpt: '97110', charge: 100, units: 2, date: '2025-03-05' }, { cpt: '97110', charge: 100, units: 2, date: '2025-03-03' }] }]);
  // The payer dates the claim (DTM*232/233) and sends the SVCs without DTM*472: paid 60 and 80, no PR.
  g.remit835({ payer: 'P1', trace: 'T9', paymentDate: '2025-03-20', claims: [
    { claim: 'D1', status: '1', charge: 200, paid: 140, lines: [
      { cpt: '97110', charge: 100, paid: 60, adj: [{ group: 'CO', carc: '45', amount: 40 }] },
      { cpt: '97110', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
    ] }] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('pairs dateless SVCs with the claim lines in date order and counts the shortfall', async () => {
    const r = await acmeAllTime(b);
    // SVC 1 pairs with the 03-03 line (expected 80, allowed 60 → short 20), SVC 2 with the 03-05 line (80 vs 80 → 0).
    // Before, a dateless SVC matched no 837 line and the shortfall was silently 0.
    expect(r).toEqual({ expected_allowed: 160, allowed: 140, underpaid_amount: 20 });
  });
});

describe('§6.10 payer_mix: a claim whose visits fall in two periods is not counted twice', async () => {
  const g = new Given().ehr('payers', PAYERS);
  // One claim for two visits: Fri 2025-01-31 (week of 01-27, January) and Mon 2025-02-03 (week of 02-03, February).
  g.ehr('visits', [visit('m1', '2025-01-31', 'acme', 'M1'), visit('m2', '2025-02-03', 'acme', 'M1')]);
  g.claims837([{ claim: 'M1', submitted: '2025-02-04', lines: [
    { cpt: '97110', charge: 100, date: '2025-01-31', ref6r: 'L1' }, { cpt: '97110', charge: 100, date: '2025-02-03', ref6r: 'L2' }] }]);
  // Line L1: paid 40, CO-45 50, PR-3 10 → line allowed 40 + 10 = 50. Line L2: paid 60, CO-45 40 → allowed 60.
  // Claim level CO-45 5 → CLP04 = 100 − 5 = 95; claim allowed = CLP04 + PR = 95 + 10 = 105.
  g.remit835({ payer: 'P1', trace: 'T7', paymentDate: '2025-02-20', claims: [
    { claim: 'M1', status: '1', charge: 200, paid: 95, pr: 10, adj: [{ group: 'CO', carc: '45', amount: 5 }], lines: [
      { cpt: '97110', charge: 100, paid: 40, date: '2025-01-31', ref6r: 'L1', adj: [{ group: 'CO', carc: '45', amount: 50 }, { group: 'PR', carc: '3', amount: 10 }] },
      { cpt: '97110', charge: 100, paid: 60, date: '2025-02-03', ref6r: 'L2', adj: [{ group: 'CO', carc: '45', amount: 40 }] },
    ] }] });
  const b = await buildGiven(g, '2025-02-28');
  built.push(b);

  it('gives each visit the allowed of its own lines; what is only claim level goes to the first visit', async () => {
    const rows = await b.q(`select period_grain, period_start, visits, revenue from marts.payer_mix
      where financial_class = 'insurance' order by period_grain, period_start`);
    expect(rows).toEqual([
      // 'all': the claim once: 105.
      { period_grain: 'all', period_start: null, visits: 2, revenue: 105 },
      // January: m1's line allowed 50, plus the claim-level part (105 − (50 + 60) = −5, the claim-level CO-45) → 45.
      { period_grain: 'month', period_start: '2025-01-01', visits: 1, revenue: 45 },
      // February: m2's line allowed 60. The months add up to the 'all' row: 45 + 60 = 105 (it used to be 105 + 105).
      { period_grain: 'month', period_start: '2025-02-01', visits: 1, revenue: 60 },
      { period_grain: 'week', period_start: '2025-01-27', visits: 1, revenue: 45 },
      { period_grain: 'week', period_start: '2025-02-03', visits: 1, revenue: 60 },
    ]);
  });
});

describe('§6.5 quantiles come out as the decimal a reader computes, without binary floating-point noise', async () => {
  const g = new Given().ehr('payers', PAYERS);
  // Submitted in the week of 2025-03-03 (one 837 file each): days to submit 2 (S1) and 6 (S2).
  g.claims837([{ claim: 'S1', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }]);
  g.claims837([{ claim: 'S2', submitted: '2025-03-07', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('p90 of 2 and 6 is 5.6 (quantile_cont alone gives 5.6000000000000005)', async () => {
    const [r] = await b.q(`select median_days_to_submit, p90_days_to_submit from marts.submission_lag
      where period_grain = 'week' and period_start = '2025-03-03' and clinic_id = '*'`);
    // Continuous quantile: 2 + 0.9 × (6 − 2) = 5.6; median 2 + 0.5 × 4 = 4.
    expect(r).toEqual({ median_days_to_submit: 4, p90_days_to_submit: 5.6 });
  });
});

describe('§6.9 underpaid_amount: a line the payer adjudicated under another code (SVC06) still matches its 837 line', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('fee_schedule', [
    { payer_id: 'acme', cpt: '97140', allowed_amount: 60, effective_from: '2025-01-01' },
    { payer_id: 'acme', cpt: '97110', allowed_amount: 40, effective_from: '2025-01-01' },
  ]);
  g.claims837([{ claim: 'RC1', submitted: '2025-03-04', lines: [{ cpt: '97140', charge: 100, date: '2025-03-03' }] }]);
  // RC2: 97110 GP × 2 units; the payer pays 97112 with no modifier (SVC01) and sends the submitted HC:97110:GP in
  // SVC06, as real 835s do. No REF*6R.
  g.claims837([{ claim: 'RC2', submitted: '2025-03-04', lines: [{ cpt: '97110', modifiers: ['GP'], units: 2, charge: 120, date: '2025-03-03' }] }]);
  // Submitted 97140; the payer pays it as 97112 (SVC01) and says so in SVC06: paid 40, CO-45 60. No REF*6R.
  g.remit835({ payer: 'P1', trace: 'T11', paymentDate: '2025-03-20', claims: [
    { claim: 'RC1', status: '1', charge: 100, paid: 40, lines: [
      { cpt: '97112', originalCpt: '97140', charge: 100, paid: 40, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 60 }] },
    ] },
    { claim: 'RC2', status: '1', charge: 120, paid: 50, pr: 10, lines: [
      { cpt: '97112', originalCpt: '97110', originalModifiers: ['GP'], units: 2, charge: 120, paid: 50, date: '2025-03-03',
        adj: [{ group: 'CO', carc: '45', amount: 60 }, { group: 'PR', carc: '2', amount: 10 }] },
    ] },
  ] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('pairs on the submitted code and modifier and counts the shortfall', async () => {
    const r = await acmeAllTime(b);
    // RC1: expected 60 × 1 for the 97140 line; allowed 40 → short 20 (was 0: the 97112 SVC matched no 837 line).
    // RC2: expected 40 × 2 = 80; allowed 50 + PR 10 = 60 → short 20 (was 0: SVC06 was compared whole, HC:97110:GP).
    expect(r).toEqual({ expected_allowed: 140, allowed: 100, underpaid_amount: 40 });
  });
});

describe('§6.9 underpaid_amount: a payer that drops the submitted modifier from SVC01 (no SVC06, no REF*6R)', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('fee_schedule', [
    { payer_id: 'acme', cpt: '97110', allowed_amount: 40, effective_from: '2025-01-01' },
    { payer_id: 'acme', cpt: '97140', allowed_amount: 50, effective_from: '2025-01-01' },
  ]);
  // MD1: 97110-GP × 2 and 97140-GP × 1 on 03-03, and a second 97110-GP × 1 on 03-04.
  g.claims837([{ claim: 'MD1', submitted: '2025-03-05', lines: [
    { cpt: '97110', modifiers: ['GP'], units: 2, charge: 120, date: '2025-03-03' },
    { cpt: '97140', modifiers: ['GP'], charge: 70, date: '2025-03-03' },
    { cpt: '97110', modifiers: ['GP'], charge: 60, date: '2025-03-04' },
  ] }]);
  // The 835 sends HC:97110 / HC:97140 with no modifier and no SVC06; 97140 keeps its GP (matches as before).
  g.remit835({ payer: 'P1', trace: 'T21', paymentDate: '2025-03-20', claims: [
    { claim: 'MD1', status: '1', charge: 250, paid: 135, lines: [
      { cpt: '97110', charge: 120, paid: 60, units: 2, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 60 }] },
      { cpt: '97140', modifiers: ['GP'], charge: 70, paid: 45, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 25 }] },
      { cpt: '97110', charge: 60, paid: 30, date: '2025-03-04', adj: [{ group: 'CO', carc: '45', amount: 30 }] },
    ] },
  ] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('pairs the SVCs on code and date alone and counts each line\'s shortfall', async () => {
    const r = await acmeAllTime(b);
    // Expected: 40 × 2 + 50 × 1 + 40 × 1 = 170; allowed = CLP04 135.
    // Underpaid per line: 03-03 97110 80 − 60 = 20; 97140 50 − 45 = 5; 03-04 97110 40 − 30 = 10 → 35.
    // (When only the GP line matched, the two 97110 SVCs matched no line and the shortfall was 5.)
    expect(r).toEqual({ expected_allowed: 170, allowed: 135, underpaid_amount: 35 });
  });
});

describe('§6.9 underpaid_amount: a claim line pairs with at most one SVC of a record', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('fee_schedule', [
    { payer_id: 'acme', cpt: '97110', allowed_amount: 40, effective_from: '2025-01-01' },
    { payer_id: 'acme', cpt: '97140', allowed_amount: 50, effective_from: '2025-01-01' },
  ]);
  // CN: two identical 97110-GP lines; the first SVC names line 1 by REF*6R, the second has no control number.
  g.claims837([{ claim: 'CN', submitted: '2025-03-05', lines: [
    { cpt: '97110', modifiers: ['GP'], charge: 100, date: '2025-03-03', ref6r: 'CN-1' },
    { cpt: '97110', modifiers: ['GP'], charge: 100, date: '2025-03-03', ref6r: 'CN-2' },
  ] }]);
  // DL: 97140-GP on 03-03 and on 03-04; the payer drops the modifier, dates the first SVC and not the second.
  g.claims837([{ claim: 'DL', submitted: '2025-03-05', lines: [
    { cpt: '97140', modifiers: ['GP'], charge: 100, date: '2025-03-03' },
    { cpt: '97140', modifiers: ['GP'], charge: 100, date: '2025-03-04' },
  ] }]);
  g.remit835({ payer: 'P1', trace: 'T31', paymentDate: '2025-03-20', claims: [
    { claim: 'CN', status: '1', charge: 200, paid: 70, lines: [
      { cpt: '97110', modifiers: ['GP'], charge: 100, paid: 40, date: '2025-03-03', ref6r: 'CN-1', adj: [{ group: 'CO', carc: '45', amount: 60 }] },
      { cpt: '97110', modifiers: ['GP'], charge: 100, paid: 30, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 70 }] },
    ] },
    { claim: 'DL', status: '1', charge: 200, paid: 65, lines: [
      { cpt: '97140', charge: 100, paid: 30, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 70 }] },
      { cpt: '97140', charge: 100, paid: 35, adj: [{ group: 'CO', carc: '45', amount: 65 }] },
    ] },
  ] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('the SVC without a control number takes the line the other SVC did not; a dated and a dateless SVC take two lines', async () => {
    const r = await acmeAllTime(b);
    // CN: line 1 ← REF*6R SVC (40 of 40: 0 short); line 2 ← the other SVC (30 of 40: 10 short). Were both on line 1,
    // line 1 would show 70 (0 short) and line 2 no payment (not counted): 0.
    // DL: 03-03 line ← the dated SVC (30 of 50: 20 short); 03-04 line ← the dateless SVC (35 of 50: 15 short). Were
    // both on the 03-03 line: 65 (0 short), 03-04 unpaid: 0.
    // Expected 40 + 40 + 50 + 50 = 180; allowed = 70 + 65 = 135; underpaid 10 + 35 = 45.
    expect(r).toEqual({ expected_allowed: 180, allowed: 135, underpaid_amount: 45 });
  });
});

describe('§6.9 underpaid_amount: SVCs without a control number pair on every submitted modifier, in any order', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('fee_schedule', [
    { payer_id: 'acme', cpt: '97110', allowed_amount: 30, effective_from: '2025-01-01' },
    { payer_id: 'acme', cpt: '97112', allowed_amount: 33, effective_from: '2025-01-01' },
  ]);
  // MM: 97110-GP × 2, 97110-59-GP × 1 and 97112-GP × 1, all on 03-03.
  g.claims837([{ claim: 'MM', submitted: '2025-03-05', lines: [
    { cpt: '97110', modifiers: ['GP'], units: 2, charge: 100, date: '2025-03-03' },
    { cpt: '97110', modifiers: ['59', 'GP'], charge: 50, date: '2025-03-03' },
    { cpt: '97112', modifiers: ['GP'], charge: 60, date: '2025-03-03' },
  ] }]);
  // No REF*6R; the 59 line's SVC comes first, its modifiers in the other order (GP:59): its first modifier is GP, like
  // the first line's.
  g.remit835({ payer: 'P1', trace: 'T41', paymentDate: '2025-03-20', claims: [
    { claim: 'MM', status: '1', charge: 210, paid: 95, lines: [
      { cpt: '97110', modifiers: ['GP', '59'], charge: 50, paid: 30, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 20 }] },
      { cpt: '97110', modifiers: ['GP'], charge: 100, paid: 40, units: 2, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 45 }, { group: 'PR', carc: '2', amount: 15 }] },
      { cpt: '97112', modifiers: ['GP'], charge: 60, paid: 25, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 30 }, { group: 'PR', carc: '2', amount: 5 }] },
    ] },
  ] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('each SVC takes the line with its code, modifiers and date, whatever the SVC order', async () => {
    const r = await acmeAllTime(b);
    // Expected 30 × 2 + 30 + 33 = 123; allowed = CLP04 95 + PR 20 = 115.
    // Underpaid: GP × 2 line 60 − (40 + 15) = 5; 59-GP line 30 − 30 = 0; 97112 33 − (25 + 5) = 3 → 8.
    // (On the first modifier alone, the GP:59 SVC took the first 97110-GP line: 60 − 30 = 30, and the GP SVC the
    // 59 line, 30 − 55 → 0: 33.)
    expect(r).toEqual({ expected_allowed: 123, allowed: 115, underpaid_amount: 8 });
  });
});

describe('§6.9 underpaid_amount: SVCs without a control number pair with the line of their charge, then by position', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('fee_schedule', [{ payer_id: 'acme', cpt: '97110', allowed_amount: 30, effective_from: '2025-01-01' }]);
  // UC: 97110-GP × 2 for 80 and 97110-GP × 1 for 40, same date.
  g.claims837([{ claim: 'UC', submitted: '2025-03-05', lines: [
    { cpt: '97110', modifiers: ['GP'], units: 2, charge: 80, date: '2025-03-03' },
    { cpt: '97110', modifiers: ['GP'], charge: 40, date: '2025-03-03' },
  ] }]);
  // No REF*6R, the 40 SVC first: it is denied (CO-151, paid 0); the 80 SVC pays 50 (CO-45 30). Then a reversal of
  // the whole record in a later 835 and a corrected payment, with the SVCs in the same (swapped) order.
  const svcs = (sign: number, paid80: number) => [
    { cpt: '97110', modifiers: ['GP'], charge: sign * 40, paid: 0, date: '2025-03-03', adj: [{ group: 'CO', carc: '151', amount: sign * 40 }] },
    { cpt: '97110', modifiers: ['GP'], charge: sign * 80, paid: sign * paid80, units: 2, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: sign * (80 - paid80) }] },
  ];
  g.remit835({ payer: 'P1', trace: 'T51', paymentDate: '2025-03-20', claims: [{ claim: 'UC', status: '1', charge: 120, paid: 50, lines: svcs(1, 50) }] });
  g.remit835({ payer: 'P1', trace: 'T52', paymentDate: '2025-03-27', claims: [
    { claim: 'UC', status: '22', charge: -120, paid: -50, lines: svcs(-1, 50) },
    { claim: 'UC', status: '1', charge: 120, paid: 52, lines: svcs(1, 52) },
  ] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('each SVC nets on the line of its own charge, reversals included', async () => {
    const r = await acmeAllTime(b);
    // Expected 30 × 2 + 30 = 90. The 80 line: 50 − 50 + 52 = 52 allowed, 60 − 52 = 8 short; the 40 line paid 0 (not
    // counted). By position alone the 40 SVCs took the 2-unit line (paid 0: not counted) and the 80 SVCs the 1-unit
    // line (52 against 30: 0 short): 0.
    expect(r).toEqual({ expected_allowed: 90, allowed: 52, underpaid_amount: 8 });
  });
});

describe('§6.11 kpi_weekly: a week with nothing to count has 0 / 0 parts and a NULL ratio', async () => {
  const b = await buildGiven(insuranceWeekThenCashWeek(), '2025-03-31');
  built.push(b);

  it('every ratio KPI of an empty week: numerator 0, denominator 0, value NULL, no status', async () => {
    // The week of 03-24 has no adjudication, denial, submission, posting, auth visit or revenue.
    const rows = await b.q(`select kpi, value, numerator, denominator, status from marts.kpi_weekly
      where week_start = '2025-03-24' and kpi in ('denial_rate', 'first_pass_rate', 'overturn_rate', 'submitted_within_1_day_pct',
        'posted_within_1_day_pct', 'auth_leakage_rate', 'net_collection_rate', 'cash_revenue_share') order by kpi`);
    expect(rows).toHaveLength(8);
    for (const r of rows) expect(r, String(r.kpi)).toMatchObject({ value: null, numerator: 0, denominator: 0, status: null });
  });
});

/**
 * Ratios of money that sit exactly on a threshold: the exact quotient of two cent amounts (2048.43 / 13656.20 = 0.15)
 * comes out of a DOUBLE division one unit in the last place off (0.14999999999999997), which flipped the colour.
 */
describe('§6.11 / §7 a KPI exactly on its threshold gets the colour of the threshold', async () => {
  // The value stays the DOUBLE quotient (what anyone dividing the parts gets); the status is that of the exact value.
  const kpis = async (b: Built, week: string) =>
    Object.fromEntries((await b.q(`select kpi, round(value, 10) as value, status from marts.kpi_weekly where week_start = '${week}'`)).map((r) => [r.kpi, r]));

  it('A/R over 90 days of exactly 15% is amber, days in A/R of exactly 35 is amber', async () => {
    const g = new Given().ehr('payers', PAYERS);
    // Y1 (service 03-01, 106 days old on 06-15) 2048.43 and Y2 (service 06-01) 11607.77, both open:
    // over 90 = 2048.43 / 13656.20 = 0.15 exactly → not < 15% → amber.
    g.claims837([{ claim: 'Y1', submitted: '2025-03-02', lines: [{ cpt: '97110', charge: 2048.43, date: '2025-03-01' }] }]);
    g.claims837([{ claim: 'Y2', submitted: '2025-06-02', lines: [{ cpt: '97110', charge: 11607.77, date: '2025-06-01' }] }]);
    const a = await buildGiven(g, '2025-06-15');
    built.push(a);
    const ka = await kpis(a, '2025-06-09');
    expect(ka.ar_over_90_pct).toEqual({ kpi: 'ar_over_90_pct', value: 0.15, status: 'amber' });
    const [summary] = await a.q(`select ar_over_90_pct from marts.ar_summary where payer_id = '*'`);
    expect(summary!.ar_over_90_pct).toBeCloseTo(0.15, 12);

    // Z1 700.56 open, Z2 1100.88 paid in full, both served in the last 90 days:
    // days in A/R = 700.56 / (1801.44 / 90) = 35 exactly → not < 35 → amber.
    const h = new Given().ehr('payers', PAYERS);
    h.claims837([{ claim: 'Z1', submitted: '2025-06-02', lines: [{ cpt: '97110', charge: 700.56, date: '2025-06-01' }] },
      { claim: 'Z2', submitted: '2025-06-02', lines: [{ cpt: '97110', charge: 1100.88, date: '2025-06-01' }] }]);
    h.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-06-10', claims: [{ claim: 'Z2', status: '1', charge: 1100.88, paid: 1100.88 }] });
    const b = await buildGiven(h, '2025-06-15');
    built.push(b);
    expect((await kpis(b, '2025-06-09')).days_in_ar).toEqual({ kpi: 'days_in_ar', value: 35, status: 'amber' });
  });

  it('a configured threshold with more than 10 decimals, exactly equal to the value, is on it (amber), not past it', async () => {
    const g = new Given().ehr('payers', PAYERS);
    // Y1 100.00 (106 days old) and Y2 200.00 open on 06-15: over 90 = 100 / 300 = 1/3 = 0.3333333333333333 as a DOUBLE.
    g.claims837([{ claim: 'Y1', submitted: '2025-03-02', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
    g.claims837([{ claim: 'Y2', submitted: '2025-06-02', lines: [{ cpt: '97110', charge: 200, date: '2025-06-01' }] }]);
    const a = await buildGiven(g, '2025-06-15');
    built.push(a);
    const [{ value }] = (await a.q(`select value from marts.kpi_weekly where week_start = '2025-06-09' and kpi = 'ar_over_90_pct'`)) as [{ value: number }];
    expect(value).toBe(1 / 3);
    // Green exactly at the value (exclusive: green only below it) → amber; red exactly at it (red only above) → amber.
    // The value was rounded to 10 decimals and the thresholds were not: 1/3 rounds down, so 0.3333333333 < 1/3 gave
    // green; 2/3 rounds up (below), so 0.6666666667 > 2/3 gave red.
    const b = await buildGiven(g, '2025-06-15', { targets: { ar_over_90_pct: { green: 1 / 3, red: 0.5 } } });
    built.push(b);
    expect((await kpis(b, '2025-06-09')).ar_over_90_pct).toEqual({ kpi: 'ar_over_90_pct', value: 0.3333333333, status: 'amber' });
    const c = await buildGiven(g, '2025-06-15', { targets: { ar_over_90_pct: { green: 0.1, red: 1 / 3 } } });
    built.push(c);
    expect((await kpis(c, '2025-06-09')).ar_over_90_pct).toEqual({ kpi: 'ar_over_90_pct', value: 0.3333333333, status: 'amber' });
    // Y1 200.00 (old) and Y2 100.00 open: over 90 = 200 / 300 = 2/3; red exactly at it → amber.
    const h = new Given().ehr('payers', PAYERS);
    h.claims837([{ claim: 'Y1', submitted: '2025-03-02', lines: [{ cpt: '97110', charge: 200, date: '2025-03-01' }] }]);
    h.claims837([{ claim: 'Y2', submitted: '2025-06-02', lines: [{ cpt: '97110', charge: 100, date: '2025-06-01' }] }]);
    const d = await buildGiven(h, '2025-06-15', { targets: { ar_over_90_pct: { green: 0.1, red: 2 / 3 } } });
    built.push(d);
    expect((await kpis(d, '2025-06-09')).ar_over_90_pct).toEqual({ kpi: 'ar_over_90_pct', value: 0.6666666667, status: 'amber' });
  });

  it('net collection of exactly 95% is green, a denied-dollar rate of exactly 5% is amber', async () => {
    const g = new Given().ehr('payers', PAYERS);
    // N1: billed 10001.20, paid 9501.14, PR-2 500.06, no contractual → 9501.14 / 10001.20 = 0.95 → ≥ 95% → green.
    g.claims837([{ claim: 'N1', submitted: '2025-04-01', lines: [{ cpt: '97110', charge: 10001.2, date: '2025-03-31' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-04-16', claims: [
      { claim: 'N1', status: '1', charge: 10001.2, paid: 9501.14, pr: 500.06, adj: [{ group: 'PR', carc: '2', amount: 500.06 }] }] });
    // D1: billed 2001.00, paid 1900.95, CO-197 100.05 → 100.05 / 2001.00 = 0.05 → not < 5% → amber.
    g.claims837([{ claim: 'D1', submitted: '2025-05-13', lines: [{ cpt: '97110', charge: 2001, date: '2025-05-12' }] }]);
    g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-05-21', claims: [
      { claim: 'D1', status: '1', charge: 2001, paid: 1900.95, adj: [{ group: 'CO', carc: '197', amount: 100.05 }] }] });
    const b = await buildGiven(g, '2025-05-31');
    built.push(b);
    expect((await kpis(b, '2025-04-14')).net_collection_rate).toEqual({ kpi: 'net_collection_rate', value: 0.95, status: 'green' });
    expect((await kpis(b, '2025-05-19')).denial_rate_amount).toEqual({ kpi: 'denial_rate_amount', value: 0.05, status: 'amber' });
  });
});

describe('§6.10 practice model exactly on its thresholds', async () => {
  const model = async (insurance: number, cash: number) => {
    const g = new Given().ehr('payers', PAYERS);
    g.ehr('visits', [visit('i1', '2025-03-03', 'acme', 'A1'), visit('c1', '2025-03-12', null, null)]);
    g.claims837([{ claim: 'A1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: insurance, date: '2025-03-03' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [{ claim: 'A1', status: '1', charge: insurance, paid: insurance }] });
    g.ehr('payments', [{ payment_id: 'x1', source: 'patient', amount: cash, received_on: '2025-03-12', posted_on: '2025-03-12', method: 'card', visit_id: 'c1' }]);
    const b = await buildGiven(g, '2025-03-31');
    built.push(b);
    const [r] = await b.q(`select round(insurance_revenue_share, 10) as insurance_revenue_share, practice_model from marts.payer_mix
      where period_grain = 'all' and financial_class = '*'`);
    return r;
  };

  it('an insurance share of exactly 85% is traditional, of exactly 30% boutique', async () => {
    // 1700.34 / (1700.34 + 300.06) = 1700.34 / 2000.40 = 0.85 exactly (≥ 85% → traditional).
    expect(await model(1700.34, 300.06)).toEqual({ insurance_revenue_share: 0.85, practice_model: 'traditional' });
    // 600.09 / (600.09 + 1400.21) = 600.09 / 2000.30 = 0.30 exactly (≤ 30% → boutique).
    expect(await model(600.09, 1400.21)).toEqual({ insurance_revenue_share: 0.3, practice_model: 'boutique' });
  });
});

describe('§6.9 expected_allowed of a line billed in minutes (SV103 = MJ) counts 15-minute units', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('fee_schedule', [{ payer_id: 'acme', cpt: '97110', allowed_amount: 45, effective_from: '2025-01-01' }]);
  // 38 minutes of 97110 (SV1*HC:97110*100*MJ*38): 3 units by the 8-minute rule (38–52 minutes), so 3 × 45 = 135
  // expected, not 38 × 45 = 1,710. The payer allowed 60 for 3 units → short 75.
  g.claims837([{ claim: 'MJ1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, units: 38, unitBasis: 'MJ', date: '2025-03-03' }] }]);
  // 22 minutes: 1 unit (8–22); 7 minutes: no unit → expected 45 + 0 (checked through auth_visits below).
  g.ehr('visits', [visit('v2', '2025-03-05', 'acme', 'MJ2')]);
  g.claims837([{ claim: 'MJ2', submitted: '2025-03-06', lines: [{ cpt: '97110', charge: 50, units: 22, unitBasis: 'MJ', date: '2025-03-05' },
    { cpt: '97110', charge: 20, units: 7, unitBasis: 'MJ', date: '2025-03-05' }] }]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
    { claim: 'MJ1', status: '1', charge: 100, paid: 60, lines: [{ cpt: '97110', charge: 100, paid: 60, units: 3, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 40 }] }] }] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('converts minutes to units before multiplying by the fee', async () => {
    // MJ2 is not adjudicated, so only MJ1 is in payer_profitability.
    expect(await acmeAllTime(b)).toEqual({ expected_allowed: 135, allowed: 60, underpaid_amount: 75 });
    // §6.6 expected_amount of the visit: fee × units over its lines = 45 × 1 + 45 × 0.
    const [v] = await b.q(`select expected_amount from marts.auth_visits where visit_id = 'v2'`);
    expect(v!.expected_amount).toBe(45);
  });
});
