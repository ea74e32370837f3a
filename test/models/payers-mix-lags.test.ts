/**
 * Payer profitability, cash vs insurance mix, submission and posting lags (DESIGN.md §6.5, 6.9, 6.10).
 * Hand-computed expectations in the comments.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
  { payer_id: 'wc', payer_name: 'Work Comp', financial_class: 'workers_comp', x12_payer_id: 'WC1', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
const visit = (id: string, date: string, payer: string | null, claim: string | null, status = 'completed') => ({
  visit_id: id, clinic_id: 'C1', patient_key: `p_${id}`, provider_npi: '2000000001', visit_date: date,
  visit_type: 'treatment', status, payer_id: payer, claim_id: claim,
});

describe('payer profitability: allowed, expected, underpayment with a reversal, cost and margin', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('fee_schedule', [
    { payer_id: 'acme', cpt: '97110', allowed_amount: 40, effective_from: '2025-01-01' },
    { payer_id: 'acme', cpt: '97140', allowed_amount: 35, effective_from: '2025-01-01' },
    { payer_id: 'wc', cpt: '97110', allowed_amount: 60, effective_from: '2025-01-01' },
  ]);
  g.ehr('visits', [visit('v1', '2025-03-03', 'acme', 'U1'), visit('v2', '2025-03-04', 'acme', 'U2'), visit('v3', '2025-03-05', 'wc', 'U3'),
    visit('v4', '2025-03-06', 'acme', null, 'cancelled')]);
  g.claims837([
    { claim: 'U1', submitted: '2025-03-04', lines: [
      { cpt: '97110', charge: 100, units: 2, date: '2025-03-03', ref6r: 'L1' }, // expected 80
      { cpt: '97140', charge: 50, units: 1, date: '2025-03-03', ref6r: 'L2' }] }, // expected 35
    { claim: 'U2', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 100, units: 2, date: '2025-03-04', ref6r: 'L1' }] }, // expected 80
    { claim: 'U3', submitted: '2025-03-06', payer: 'WC1', lines: [{ cpt: '97110', charge: 100, units: 1, date: '2025-03-05', ref6r: 'L1' }] }, // expected 60
  ]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
    // U1 line 1 paid 50 + PR 20 = 70 allowed vs 80 expected; line 2 paid 35 (allowed 35). Underpaid by 10 on line 1.
    { claim: 'U1', status: '1', charge: 150, paid: 85, pr: 20, lines: [
      { cpt: '97110', charge: 100, paid: 50, ref6r: 'L1', date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 30 }, { group: 'PR', carc: '2', amount: 20 }] },
      { cpt: '97140', charge: 50, paid: 35, ref6r: 'L2', date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 15 }] },
    ] },
    // U2 first paid 60 (allowed 60 < 80) ...
    { claim: 'U2', status: '1', charge: 100, paid: 60, lines: [
      { cpt: '97110', charge: 100, paid: 60, ref6r: 'L1', date: '2025-03-04', adj: [{ group: 'CO', carc: '45', amount: 40 }] }] },
  ] });
  g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-04-10', claims: [
    // ... then reversed and corrected to 80: the line nets −60 + 80 = 80 allowed → not underpaid.
    { claim: 'U2', status: '22', charge: -100, paid: -60, lines: [
      { cpt: '97110', charge: -100, paid: -60, ref6r: 'L1', date: '2025-03-04', adj: [{ group: 'CO', carc: '45', amount: -40 }] }] },
    { claim: 'U2', status: '1', charge: 100, paid: 80, lines: [
      { cpt: '97110', charge: 100, paid: 80, ref6r: 'L1', date: '2025-03-04', adj: [{ group: 'CO', carc: '45', amount: 20 }] }] },
  ] });
  g.remit835({ payer: 'WC1', trace: 'T3', paymentDate: '2025-04-01', claims: [
    // U3 denied (documentation), nothing paid: allowed 0, initially denied → rework cost.
    { claim: 'U3', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '252', amount: 100 }] },
  ] });
  const b = await buildGiven(g, '2025-04-30');
  built.push(b);

  it('computes allowed, expected, underpaid, cost and margin per payer', async () => {
    const rows = await b.q(`select payer_id, visits, claims, initially_denied_claims, billed, allowed, expected_allowed, underpaid_amount,
        cost, margin, allowed_per_visit, cost_per_visit, margin_per_visit, margin_pct, loses_money
      from marts.payer_profitability where period_grain = 'all' order by payer_id`);
    expect(rows).toEqual([
      {
        // allowed 85 + 20 + 80 = 185 + wc 0; cost = 3 visits × 62 + (2 × 6 + 1 × 25) + 1 denial × 30 = 186 + 37 + 30 = 253.
        payer_id: '*', visits: 3, claims: 3, initially_denied_claims: 1, billed: 350, allowed: 185, expected_allowed: 255,
        underpaid_amount: 10, cost: 253, margin: -68, allowed_per_visit: 185 / 3, cost_per_visit: 253 / 3,
        margin_per_visit: -68 / 3, margin_pct: -68 / 185, loses_money: true,
      },
      {
        // acme: 2 visits, allowed U1 85 + PR 20 = 105, U2 60 − 60 + 80 = 80 → 185; expected 80 + 35 + 80 = 195;
        // underpaid: U1 line 1 80 − 70 = 10; U2 nets to 80 → 0. cost = 2 × 62 + 2 × 6 = 136; margin 49.
        payer_id: 'acme', visits: 2, claims: 2, initially_denied_claims: 0, billed: 250, allowed: 185, expected_allowed: 195,
        underpaid_amount: 10, cost: 136, margin: 49, allowed_per_visit: 92.5, cost_per_visit: 68, margin_per_visit: 24.5,
        margin_pct: 49 / 185, loses_money: false,
      },
      {
        // wc: 1 visit, allowed 0, expected 60, denied (no payment → no underpayment); cost 62 + 25 + 30 = 117.
        payer_id: 'wc', visits: 1, claims: 1, initially_denied_claims: 1, billed: 100, allowed: 0, expected_allowed: 60,
        underpaid_amount: 0, cost: 117, margin: -117, allowed_per_visit: 0, cost_per_visit: 117, margin_per_visit: -117,
        margin_pct: null, loses_money: true,
      },
    ]);
  });

  it('reads the cost model from config', async () => {
    const cheap = await buildGiven(g, '2025-04-30', { costModel: { costPerVisit: 10, adminCostPerClaim: { default: 1 }, denialReworkCost: 0 } });
    built.push(cheap);
    const [wc] = await cheap.q(`select cost, loses_money from marts.payer_profitability where period_grain = 'all' and payer_id = 'wc'`);
    expect(wc).toEqual({ cost: 11, loses_money: true }); // 1 × 10 + 1 × 1 (workers_comp falls back to default) + 0
  });

  it('keeps cost rates with sub-cent parts exact (no rounding of a rate to the cent before multiplying)', async () => {
    const fine = await buildGiven(g, '2025-04-30', {
      costModel: { costPerVisit: 10.005, adminCostPerClaim: { default: 0.125 }, denialReworkCost: 0.335 },
    });
    built.push(fine);
    const rows = await fine.q(`select payer_id, cost from marts.payer_profitability where period_grain = 'all' order by payer_id`);
    // '*': 3 visits × 10.005 + 3 claims × 0.125 + 1 denial × 0.335 = 30.015 + 0.375 + 0.335 = 30.725 → 30.73 (money
    // columns are cents; only the total is rounded). Rates rounded to the cent first would give 3 × 10.01 + 3 × 0.13
    // + 0.34 = 30.76. acme: 2 × 10.005 + 2 × 0.125 = 20.26; wc: 10.005 + 0.125 + 0.335 = 10.465 → 10.47 (not 10.48).
    expect(rows).toEqual([{ payer_id: '*', cost: 30.73 }, { payer_id: 'acme', cost: 20.26 }, { payer_id: 'wc', cost: 10.47 }]);
  });
});

describe('cash vs insurance mix and the practice model', () => {
  const mix = async (cashPerVisit: number) => {
    // March: 2 insurance visits (claims allowed 100 each = 200) and 2 cash visits paid cashPerVisit each.
    const g = new Given().ehr('payers', PAYERS);
    g.ehr('visits', [visit('i1', '2025-03-03', 'acme', 'M1'), visit('i2', '2025-03-04', 'acme', 'M2'),
      visit('c1', '2025-03-05', null, null), visit('c2', '2025-03-06', null, null), visit('cx', '2025-03-07', null, null, 'no_show')]);
    g.claims837([{ claim: 'M1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 150, date: '2025-03-03' }] },
      { claim: 'M2', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 150, date: '2025-03-04' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      { claim: 'M1', status: '1', charge: 150, paid: 80, pr: 20, adj: [{ group: 'CO', carc: '45', amount: 50 }, { group: 'PR', carc: '3', amount: 20 }] },
      { claim: 'M2', status: '1', charge: 150, paid: 100, adj: [{ group: 'CO', carc: '45', amount: 50 }] }] });
    g.ehr('payments', [
      { payment_id: 'x1', source: 'patient', amount: cashPerVisit, received_on: '2025-03-05', posted_on: '2025-03-05', method: 'card', visit_id: 'c1' },
      { payment_id: 'x2', source: 'patient', amount: cashPerVisit, received_on: '2025-03-06', posted_on: '2025-03-06', method: 'cash', visit_id: 'c2' },
      { payment_id: 'x3', source: 'patient', amount: 20, received_on: '2025-03-25', posted_on: '2025-03-25', method: 'card', claim_id: 'M1' }, // copay: not cash-pay revenue
    ]);
    const b = await buildGiven(g, '2025-04-30');
    built.push(b);
    const month = await b.q(`select financial_class, visits, revenue, visit_share, revenue_share, practice_model from marts.payer_mix
      where period_grain = 'month' and period_start = '2025-03-01' order by financial_class`);
    // All the data is in March: the 'all' rows must say the same.
    const all = await b.q(`select financial_class, visits, revenue, visit_share, revenue_share, practice_model from marts.payer_mix
      where period_grain = 'all' order by financial_class`);
    expect(all).toEqual(month);
    return month;
  };

  it('computes visits, revenue and shares per financial class with insurance, cash and * totals', async () => {
    // Cash 2 × 17.64 = 35.28; insurance 200 (allowed = paid + PR); share 200 / 235.28 = 85.005% → traditional (≥ 85%).
    const rows = await mix(17.64);
    expect(rows).toEqual([
      { financial_class: '*', visits: 4, revenue: 235.28, visit_share: 1, revenue_share: 1, practice_model: 'traditional' },
      { financial_class: 'cash', visits: 2, revenue: 35.28, visit_share: 0.5, revenue_share: 35.28 / 235.28, practice_model: 'traditional' },
      { financial_class: 'commercial', visits: 2, revenue: 200, visit_share: 0.5, revenue_share: 200 / 235.28, practice_model: 'traditional' },
      { financial_class: 'insurance', visits: 2, revenue: 200, visit_share: 0.5, revenue_share: 200 / 235.28, practice_model: 'traditional' },
    ]);
  });

  it('uses the thresholds: ≥ 85% insurance traditional, ≤ 30% boutique, else hybrid', async () => {
    // 17.65 each → 200 / 235.30 = 84.998% → hybrid.
    expect((await mix(17.65))[0]!.practice_model).toBe('hybrid');
    // 233.33 each → 200 / 666.66 = 30.0003% → hybrid; 233.34 → 29.9997% → boutique.
    expect((await mix(233.33))[0]!.practice_model).toBe('hybrid');
    expect((await mix(233.34))[0]!.practice_model).toBe('boutique');
  });
});

describe('submission lag, unbilled visits and posting lag', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('clinics', [
    { clinic_id: 'C1', clinic_name: 'One', billing_npi: '1000000001', timezone: 'America/New_York' },
    { clinic_id: 'C2', clinic_name: 'Two', billing_npi: '1000000002', timezone: 'America/New_York' },
  ]);
  // Week of Mon 2025-03-10, submissions on 03-11: C1 claims served 03-10 (1 day), 03-11 (0), 03-07 (4), 03-03 (8);
  // C2 batches weekly: served 03-04 (7 days) and 03-05 (6).
  const c = (id: string, served: string, npi = '1000000001') => ({ claim: id, npi, submitted: '2025-03-11', lines: [{ cpt: '97110', charge: 100, date: served }] });
  g.claims837([c('S1', '2025-03-10'), c('S2', '2025-03-11'), c('S3', '2025-03-07'), c('S4', '2025-03-03'),
    c('S5', '2025-03-04', '1000000002'), c('S6', '2025-03-05', '1000000002')]);
  g.ehr('visits', [
    visit('u1', '2025-03-12', 'acme', null), // unbilled: 03-14 − 03-12 = 2 > 1
    visit('u2', '2025-03-13', 'acme', null), // 1 day old: not yet
    visit('u3', '2025-03-10', 'acme', 'S1'), // billed
    visit('u4', '2025-03-10', null, null), // cash: never in the queue
  ]);
  // Posting: two 835s received 03-17 (Mon) with ERA payments posted 03-17 (0 days) and 03-20 (3 days).
  g.remit835({ payer: 'P1', trace: 'E1', paymentDate: '2025-03-14', received: '2025-03-17', claims: [{ claim: 'S1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] }] });
  g.remit835({ payer: 'P1', trace: 'E2', paymentDate: '2025-03-14', received: '2025-03-17', claims: [{ claim: 'S2', status: '1', charge: 100, paid: 70, adj: [{ group: 'CO', carc: '45', amount: 30 }] }] });
  g.ehr('payments', [
    { payment_id: 'e1', source: 'payer', amount: 80, received_on: '2025-03-17', posted_on: '2025-03-17', method: 'era', payer_id: 'acme', trace_number: 'E1' },
    { payment_id: 'e2', source: 'payer', amount: 70, received_on: '2025-03-17', posted_on: '2025-03-20', method: 'era', payer_id: 'acme', trace_number: 'E2' },
    { payment_id: 'e3', source: 'payer', amount: 10, received_on: '2025-03-17', posted_on: '2025-03-20', method: 'era', payer_id: 'acme', trace_number: 'NOPE' }, // unmatched
  ]);
  const b = await buildGiven(g, '2025-03-14');
  built.push(b);

  it('reports median, p90 and the share within 1 day per clinic and overall', async () => {
    const rows = await b.q(`select clinic_id, claims, median_days_to_submit, p90_days_to_submit, pct_within_1_day from marts.submission_lag
      where period_grain = 'week' and period_start = '2025-03-10' order by clinic_id`);
    expect(rows).toEqual([
      // all six: days 1, 0, 4, 8, 7, 6 → sorted 0 1 4 6 7 8: median (4 + 6) / 2 = 5; p90 at 0.9 × 5 = 4.5 → 7 + 0.5 × 1 = 7.5; 2/6 within 1 day.
      { clinic_id: '*', claims: 6, median_days_to_submit: 5, p90_days_to_submit: 7.5, pct_within_1_day: 2 / 6 },
      // C1: 0 1 4 8 → median 2.5; p90 at 2.7 → 4 + 0.7 × 4 = 6.8; 2/4.
      { clinic_id: 'C1', claims: 4, median_days_to_submit: 2.5, p90_days_to_submit: expect.closeTo(6.8, 10), pct_within_1_day: 0.5 },
      // C2: 6 7 → median 6.5; p90 6.9; 0/2.
      { clinic_id: 'C2', claims: 2, median_days_to_submit: 6.5, p90_days_to_submit: expect.closeTo(6.9, 10), pct_within_1_day: 0 },
    ]);
  });

  it('lists completed insurance visits unbilled for more than a day', async () => {
    expect(await b.q(`select visit_id, days_unbilled from marts.unbilled_visits`)).toEqual([{ visit_id: 'u1', days_unbilled: 2 }]);
  });

  it('posting lag: ERA payments matched by trace number, lag from the 835 received date', async () => {
    const later = await buildGiven(g, '2025-03-31');
    built.push(later);
    const [w] = await later.q(`select payments, median_lag_days, p90_lag_days, pct_within_1_day from marts.posting_lag where period_grain = 'week' and period_start = '2025-03-17'`);
    // Lags 0 and 3: median 1.5, p90 0 + 0.9 × 3 = 2.7, 1 of 2 within 1 day. The unmatched payment is a finding.
    expect(w).toEqual({ payments: 2, median_lag_days: 1.5, p90_lag_days: expect.closeTo(2.7, 10), pct_within_1_day: 0.5 });
    const dq = await later.q(`select check_name, key from marts.data_quality where check_name = 'unmatched_era_payments'`);
    expect(dq).toEqual([{ check_name: 'unmatched_era_payments', key: 'e3' }]);
  });
});

describe('ERA payments against their 835: posted claim by claim, or before the 835 arrived', async () => {
  const g = new Given().ehr('payers', PAYERS);
  const c = (id: string) => ({ claim: id, submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] });
  g.claims837([c('A1'), c('A2'), c('B1'), c('Z1')]);
  const paid = (claim: string, amount: number) => ({ claim, status: '1', charge: 100, paid: amount, adj: [{ group: 'CO', carc: '45', amount: 100 - amount }] });
  // T1: one 835 of 80 + 70 = 150 (BPR02), posted claim by claim as two payments that add up: no finding.
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-14', received: '2025-03-17', claims: [paid('A1', 80), paid('A2', 70)] });
  // T2: BPR02 60, posted as 50: one finding for the 835.
  g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-03-14', received: '2025-03-17', claims: [paid('B1', 60)] });
  // T3: 835 received 03-20; its payment was posted 03-18, before it arrived.
  g.remit835({ payer: 'P1', trace: 'T3', paymentDate: '2025-03-19', received: '2025-03-20', claims: [paid('Z1', 90)] });
  g.ehr('payments', [
    { payment_id: 'a1', source: 'payer', amount: 80, received_on: '2025-03-17', posted_on: '2025-03-17', method: 'era', payer_id: 'acme', trace_number: 'T1' },
    { payment_id: 'a2', source: 'payer', amount: 70, received_on: '2025-03-17', posted_on: '2025-03-18', method: 'era', payer_id: 'acme', trace_number: 'T1' },
    { payment_id: 'b1', source: 'payer', amount: 50, received_on: '2025-03-17', posted_on: '2025-03-17', method: 'era', payer_id: 'acme', trace_number: 'T2' },
    { payment_id: 'z1', source: 'payer', amount: 90, received_on: '2025-03-18', posted_on: '2025-03-18', method: 'era', payer_id: 'acme', trace_number: 'T3' },
  ]);

  it('as of 03-19: the amount check is per 835 (a1 + a2 = T1\'s 150); z1 is unmatched: its 835 has not arrived', async () => {
    const b = await buildGiven(g, '2025-03-19');
    built.push(b);
    expect(await b.q(`select "check", key, message from marts.data_quality where "check" in ('era_amount_mismatch', 'unmatched_era_payments') order by 1, 2`)).toEqual([
      { check: 'era_amount_mismatch', key: 'T2', message: 'ERA payments b1 with this trace total 50.00; the 835 BPR02 is 60.00' },
      { check: 'unmatched_era_payments', key: 'z1', message: 'ERA payment trace number matches no 835 received by the as-of date' },
    ]);
    expect(await b.q(`select payment_id, matched, lag_days from marts.era_postings order by 1`)).toEqual([
      { payment_id: 'a1', matched: true, lag_days: 0 }, // posted 03-17 − received 03-17
      { payment_id: 'a2', matched: true, lag_days: 1 },
      { payment_id: 'b1', matched: true, lag_days: 0 },
      { payment_id: 'z1', matched: false, lag_days: null },
    ]);
  });

  it('as of 03-31: z1 matches the 835 received 03-20 (posted 2 days before it)', async () => {
    const b = await buildGiven(g, '2025-03-31');
    built.push(b);
    expect(await b.q(`select payment_id, matched, lag_days from marts.era_postings where payment_id = 'z1'`)).toEqual([
      { payment_id: 'z1', matched: true, lag_days: -2 },
    ]);
    expect(await b.q(`select count(*) as n from marts.data_quality where "check" = 'unmatched_era_payments'`)).toEqual([{ n: 0 }]);
    // A negative lag is within 1 day for posting_lag (≤ 1) but is a finding.
    expect(await b.q(`select key, message from marts.data_quality where "check" = 'era_posted_before_receipt'`)).toEqual([
      { key: 'z1', message: 'posted 2025-03-18, before its 835 (trace T3) was received 2025-03-20' },
    ]);
  });
});

describe('charge lag (§6.5): a charge entered after the as-of date is not known yet', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('clinics', [{ clinic_id: 'C1', clinic_name: 'One', billing_npi: '1000000001', timezone: 'America/New_York' }]);
  g.ehr('visits', [
    // Charges entered (New York time) on 03-11 (1 day), 03-13 (3 days) and, for k3, 04-01: after the as-of 03-31.
    { ...visit('k1', '2025-03-10', 'acme', null), charge_entered_at: '2025-03-11T14:00:00-04:00' },
    { ...visit('k2', '2025-03-10', 'acme', null), charge_entered_at: '2025-03-13T09:00:00-04:00' },
    { ...visit('k3', '2025-03-31', 'acme', null), charge_entered_at: '2025-04-01T09:00:00-04:00' },
  ]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('counts only charges entered on or before as-of', async () => {
    const rows = await b.q(`select period_start, visits, median_charge_lag_days from marts.charge_lag where period_grain = 'week' and clinic_id = '*' order by 1`);
    // Week of 03-10: lags 1 and 3 → median 2. Week of 03-31: k3's charge did not exist at as-of → no row.
    expect(rows).toEqual([{ period_start: '2025-03-10', visits: 2, median_charge_lag_days: 2 }]);
    const [all] = await b.q(`select visits from marts.charge_lag where period_grain = 'all' and clinic_id = '*'`);
    expect(all).toEqual({ visits: 2 });
  });
});

describe('charge lag (§6.5): every timestamp form the visits format accepts', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('clinics', [{ clinic_id: 'C1', clinic_name: 'One', billing_npi: '1000000001', timezone: 'America/New_York' }]);
  // docs/formats.md: YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM], a space may replace the T, no offset = clinic time.
  // Visits on 03-10; New York is UTC−4 from 03-09. Each comment: the charge's New York date → lag in days.
  const forms: [string, string][] = [
    ['f1', '2025-03-11T02:00Z'], // 03-10 22:00 → 0 (no seconds, Z: the build used to fail on it)
    ['f2', '2025-03-11T08:00-07:00'], // 03-11 11:00 → 1 (no seconds, offset)
    ['f3', '2025-03-12 08:00+05:30'], // 03-11 22:30 → 1 (space, no seconds, half-hour offset)
    ['f4', '2025-03-12T08:00-0700'], // 03-12 11:00 → 2 (offset without a colon)
    ['f5', '2025-03-12T08:00:00.5-07'], // 03-12 11:00 → 2 (fraction, hour-only offset)
    ['f6', '2025-03-13 23:59'], // clinic time 03-13 → 3
    ['f7', '2025-03-14T00:00:00Z'], // 03-13 20:00 → 3
    ['f8', '2025-03-12'], // a date alone: that day, clinic time → 2
  ];
  g.ehr('visits', forms.map(([id, at]) => ({ ...visit(id, '2025-03-10', 'acme', null), charge_entered_at: at })));
  const b = await buildGiven(g, '2025-03-31', {}, { persistIntermediate: true });
  built.push(b);

  it('reads each of them as the clinic\'s local date', async () => {
    const [all] = await b.q(`select visits, median_charge_lag_days from marts.charge_lag where period_grain = 'all' and clinic_id = '*'`);
    // Lags 0, 1, 1, 2, 2, 3, 3, 2 → median 2.
    expect(all).toEqual({ visits: 8, median_charge_lag_days: 2 });
    const lags = await b.q(`select visit_id, charge_entered_on - visit_date as lag from intermediate.int_visits order by visit_id`);
    expect(lags.map((r) => r.lag)).toEqual([0, 1, 1, 2, 2, 3, 3, 2]);
  });
});

describe('weekly unbilled visits (§6.5, §6.11): a past week counts the claims as submitted by its end', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('clinics', [{ clinic_id: 'C1', clinic_name: 'One', billing_npi: '1000000001', timezone: 'America/New_York' }]);
  const claim = (id: string, submitted: string, freq: '1' | '7' | '8' = '1') => ({ claim: id, npi: '1000000001', submitted, freq, lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] });
  // w1 and w1b (one claim): billed 03-04, voided 03-12 → billed at the end of the week of 03-03 (Sun 03-09),
  // unbilled from 03-12 on.
  // w2: billed 03-04, voided 03-05, billed again (replacement) 03-13 → unbilled at 03-09, billed at 03-16.
  // w3: never billed → unbilled from 03-05 (2 days after the visit) on.
  g.claims837([claim('V1', '2025-03-04'), claim('V2', '2025-03-04')]);
  g.claims837([claim('V2', '2025-03-05', '8')]);
  g.claims837([claim('V1', '2025-03-12', '8'), claim('V2', '2025-03-13', '7')]);
  g.ehr('visits', [visit('w1', '2025-03-03', 'acme', 'V1'), visit('w1b', '2025-03-03', 'acme', 'V1'), visit('w2', '2025-03-03', 'acme', 'V2'),
    visit('w3', '2025-03-03', 'acme', null)]);
  const b = await buildGiven(g, '2025-03-20');
  built.push(b);

  it('unbilled_visits per week end', async () => {
    const rows = await b.q(`select week_start, value from marts.kpi_weekly where kpi = 'unbilled_visits' order by 1`);
    expect(rows).toEqual([
      { week_start: '2025-03-03', value: 2 }, // end 03-09: w2 (its claim void then) and w3
      { week_start: '2025-03-10', value: 3 }, // end 03-16: w1, w1b (voided 03-12) and w3; w2 billed again
      { week_start: '2025-03-17', value: 3 }, // end 03-20 (as-of): the same as the unbilled_visits mart
    ]);
    expect(await b.q(`select visit_id from marts.unbilled_visits order by 1`)).toEqual([{ visit_id: 'w1' }, { visit_id: 'w1b' }, { visit_id: 'w3' }]);
  });
});

describe('unbilled_visits (§6.5): documented_on is what was known at the as-of date', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('clinics', [{ clinic_id: 'C1', clinic_name: 'One', billing_npi: '1000000001', timezone: 'America/New_York' }]);
  g.ehr('visits', [
    { ...visit('d1', '2025-03-10', 'acme', null), documented_at: '2025-03-11T10:00:00' },
    { ...visit('d2', '2025-03-10', 'acme', null), documented_at: '2025-03-21T10:00:00' }, // after the as-of 03-14
  ]);
  const b = await buildGiven(g, '2025-03-14');
  built.push(b);

  it('a documentation date after as-of is not shown', async () => {
    expect(await b.q(`select visit_id, documented_on from marts.unbilled_visits order by 1`)).toEqual([
      { visit_id: 'd1', documented_on: '2025-03-11' },
      { visit_id: 'd2', documented_on: null },
    ]);
  });
});

describe('review 7: payments — a trace keyed in another letter case, a payment naming a claim and a cash visit, payments placed nowhere', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.claims837([{ claim: 'K1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }]);
  g.ehr('visits', [
    { ...visit('k1', '2025-03-03', 'acme', 'K1'), patient_key: 'pK' },
    { ...visit('c1', '2025-03-05', null, null), patient_key: 'pK' }, // cash-pay
    { ...visit('n1', '2025-03-12', 'acme', null), patient_key: 'pK' }, // insured, not billed yet
  ]);
  // The 835 of 03-17 carries TRN02 ABC200 and PR-2 20 on K1.
  g.remit835({ payer: 'P1', trace: 'ABC200', paymentDate: '2025-03-14', received: '2025-03-17', claims: [
    { claim: 'K1', status: '1', charge: 100, paid: 60, pr: 20, adj: [{ group: 'CO', carc: '45', amount: 20 }, { group: 'PR', carc: '2', amount: 20 }] }] });
  const patient = (id: string, amount: number, extra: Record<string, unknown>) =>
    ({ payment_id: id, source: 'patient', amount, received_on: '2025-03-06', posted_on: '2025-03-06', method: 'card', patient_id: 'K', ...extra });
  g.ehr('payments', [
    // keyed by hand as " abc200 ": the same trace → matched, posted 03-18 − received 03-17 = 1 day
    { payment_id: 'e1', source: 'payer', amount: 60, received_on: '2025-03-17', posted_on: '2025-03-18', method: 'era', payer_id: 'acme', trace_number: ' abc200 ' },
    patient('p1', 7, { claim_id: 'K1', visit_id: 'c1' }), // names the insured claim K1 and the cash visit c1: pays K1 (once)
    patient('p2', 50, { visit_id: 'c1' }), // the cash visit's fee → cash revenue 50
    patient('p3', 9, {}), // names nothing → unattached
    patient('p4', 4, { visit_id: 'zz' }), // names a visit the export does not have → unattached
    patient('p5', 5, { visit_id: 'n1' }), // a copay for a visit not billed yet: waits for its claim, not reported
  ]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('matches an ERA payment whose trace differs from TRN02 only in letter case and spaces', async () => {
    expect(await b.q(`select payments, median_lag_days, pct_within_1_day from marts.posting_lag where period_grain = 'all'`))
      .toEqual([{ payments: 1, median_lag_days: 1, pct_within_1_day: 1 }]);
    expect(await b.q(`select key from marts.data_quality where check_name = 'unmatched_era_payments'`)).toEqual([]);
  });

  it('counts a payment that names an insured claim and a cash visit once: against the claim, not as cash revenue', async () => {
    // March cash revenue: p2's 50 only (p1's 7 pays K1).
    expect(await b.q(`select revenue from marts.payer_mix where period_grain = 'month' and financial_class = 'cash'`)).toEqual([{ revenue: 50 }]);
    // K1's patient A/R: PR 20 − p1's 7 = 13.
    expect(await b.q(`select patient_responsibility, patient_payments, patient_ar from marts.ar_summary where payer_id = '*'`))
      .toEqual([{ patient_responsibility: 20, patient_payments: 7, patient_ar: 13 }]);
  });

  it('reports a patient payment that names nothing, or a visit the export does not have', async () => {
    expect(await b.q(`select key, message from marts.data_quality where check_name = 'unattached_patient_payments' order by key`)).toEqual([
      { key: 'p3', message: 'patient payment names neither a claim nor a visit' },
      { key: 'p4', message: 'patient payment names visit zz, which is not in the visits export' },
    ]);
  });
});
