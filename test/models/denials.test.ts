/**
 * Denial rate, systematic payers and the denial workflow (DESIGN.md §6.2–6.3). Hand-computed expectations.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built, type Claim837 } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
  { payer_id: 'cred', payer_name: 'Cred Health', financial_class: 'commercial', x12_payer_id: 'P2', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
const one = (claim: string, date: string, payer = 'P1', charge = 100): Claim837 => ({
  claim, payer, submitted: date, lines: [{ cpt: '97110', charge, date }],
});

describe('denial rate by payer × category × period', async () => {
  const g = new Given().ehr('payers', PAYERS);
  // Acme: 4 claims first adjudicated in week of Mon 2025-03-17 (remit 03-19), one more in April.
  g.claims837([one('D1', '2025-03-03'), one('D2', '2025-03-03'), one('D3', '2025-03-03'), one('D4', '2025-03-03', 'P1', 200), one('D5', '2025-03-03')]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-19', claims: [
    { claim: 'D1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] }, // paid
    { claim: 'D2', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '197', amount: 100 }] }, // denied, authorization 100
    { claim: 'D3', status: '1', charge: 100, paid: 40, adj: [{ group: 'CO', carc: '45', amount: 20 }, { group: 'CO', carc: '16', amount: 40 }] }, // partial, coding 40
    { claim: 'D4', status: '1', charge: 200, paid: 0, adj: [{ group: 'CO', carc: '198', amount: 150 }, { group: 'CO', carc: '16', amount: 50 }] }, // denied, authorization (150 > 50), 200 in total
  ] });
  g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-04-02', claims: [
    { claim: 'D5', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
  ] });
  const b = await buildGiven(g, '2025-04-30');
  built.push(b);

  it('weekly rows: categories add up to the * row; the denominator ignores the category', async () => {
    const rows = await b.q(`select category, adjudicated_claims, denied_claims, denial_rate, billed_amount, denied_amount, denial_rate_amount,
        fully_denied_claims, first_pass_rate
      from marts.denial_rate where period_grain = 'week' and period_start = '2025-03-17' and payer_id = 'acme'
        and category in ('*', 'authorization', 'coding', 'eligibility') order by category`);
    expect(rows).toEqual([
      // 3 of 4 initially denied; billed 500; denial adjustments of the denied claims' first records 100 + 40 + 200 = 340.
      { category: '*', adjudicated_claims: 4, denied_claims: 3, denial_rate: 0.75, billed_amount: 500, denied_amount: 340, denial_rate_amount: 0.68, fully_denied_claims: 2, first_pass_rate: 0.25 },
      // D2 + D4 are authorization claims: 2/4; their denial adjustments 100 + (150 + 50) = 300.
      { category: 'authorization', adjudicated_claims: 4, denied_claims: 2, denial_rate: 0.5, billed_amount: 500, denied_amount: 300, denial_rate_amount: 0.6, fully_denied_claims: 2, first_pass_rate: 0.25 },
      // D3 is coding: 1/4, 40.
      { category: 'coding', adjudicated_claims: 4, denied_claims: 1, denial_rate: 0.25, billed_amount: 500, denied_amount: 40, denial_rate_amount: 0.08, fully_denied_claims: 2, first_pass_rate: 0.25 },
      // A category without denials still has its row.
      { category: 'eligibility', adjudicated_claims: 4, denied_claims: 0, denial_rate: 0, billed_amount: 500, denied_amount: 0, denial_rate_amount: 0, fully_denied_claims: 2, first_pass_rate: 0.25 },
    ]);
  });

  it('month and all grains, and the * payer rollup', async () => {
    const [march] = await b.q(`select adjudicated_claims, denied_claims from marts.denial_rate where period_grain = 'month' and period_start = '2025-03-01' and payer_id = '*' and category = '*'`);
    expect(march).toEqual({ adjudicated_claims: 4, denied_claims: 3 });
    const [all] = await b.q(`select period_start, adjudicated_claims, denied_claims, denial_rate from marts.denial_rate where period_grain = 'all' and payer_id = 'acme' and category = '*'`);
    // 5 adjudicated (D5 in April), 3 denied.
    expect(all).toEqual({ period_start: null, adjudicated_claims: 5, denied_claims: 3, denial_rate: 0.6 });
  });
});

describe('systematic payer flag', () => {
  it('flags a payer over 10% with ≥ 5 denials in the last 8 weeks when one category holds more than half', async () => {
    const g = new Given().ehr('payers', PAYERS);
    const claims: Claim837[] = [];
    for (let i = 1; i <= 20; i++) claims.push(one(`C${i}`, '2025-04-01', 'P2'));
    for (let i = 1; i <= 20; i++) claims.push(one(`A${i}`, '2025-04-01', 'P1'));
    g.claims837(claims);
    // cred: 20 adjudicated on 2025-05-20 (within 8 weeks of 06-30): 4 credentialing (CO-185) + 2 coding = 6 denials,
    // 30% > 10%, ≥ 5, credentialing 4/6 > half → systematic.
    // acme: 20 adjudicated, 6 denials split 3 eligibility / 3 coding: no category over half → not systematic.
    const credClaims = claims.filter((c) => c.payer === 'P2').map((c, i) => ({
      claim: c.claim, status: '1', charge: 100, paid: i < 6 ? 0 : 80,
      adj: i < 4 ? [{ group: 'CO', carc: '185', amount: 100 }] : i < 6 ? [{ group: 'CO', carc: '16', amount: 100 }] : [{ group: 'CO', carc: '45', amount: 20 }],
    }));
    const acmeClaims = claims.filter((c) => c.payer === 'P1').map((c, i) => ({
      claim: c.claim, status: '1', charge: 100, paid: i < 6 ? 0 : 80,
      adj: i < 3 ? [{ group: 'CO', carc: '27', amount: 100 }] : i < 6 ? [{ group: 'CO', carc: '16', amount: 100 }] : [{ group: 'CO', carc: '45', amount: 20 }],
    }));
    g.remit835({ payer: 'P2', trace: 'T1', paymentDate: '2025-05-20', claims: credClaims });
    g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-05-20', claims: acmeClaims });
    const b = await buildGiven(g, '2025-06-30');
    built.push(b);
    const rows = await b.q(`select payer_id, adjudicated_claims, denied_claims, top_category, top_category_denials, systematic from marts.denial_systematic order by payer_id`);
    expect(rows).toEqual([
      { payer_id: 'acme', adjudicated_claims: 20, denied_claims: 6, top_category: 'eligibility', top_category_denials: 3, systematic: false },
      { payer_id: 'cred', adjudicated_claims: 20, denied_claims: 6, top_category: 'credentialing', top_category_denials: 4, systematic: true },
    ]);
    const flags = await b.q(`select distinct payer_id, systematic from marts.denial_rate order by 1`);
    expect(flags).toEqual([
      { payer_id: '*', systematic: false },
      { payer_id: 'acme', systematic: false },
      { payer_id: 'cred', systematic: true },
    ]);
    // As of 2025-08-31 the 05-20 denials are outside the 8-week window: no longer systematic.
    const later = await buildGiven(g, '2025-08-31');
    built.push(later);
    expect(await later.q(`select payer_id from marts.denial_systematic where systematic`)).toEqual([]);
  });
});

describe('routing SLA, overturn, write-off and the worklist', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.claims837([one('W1', '2025-03-03'), one('W2', '2025-03-03'), one('W3', '2025-03-03'), one('W4', '2025-03-03'), one('W5', '2025-03-03')]);
  // All five denied on the 835 received 2025-03-20 (GS04), paid date 03-19.
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-19', received: '2025-03-20', claims: ['W1', 'W2', 'W3', 'W4', 'W5'].map((c) => ({
    claim: c, status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: c === 'W5' ? '50' : '16', amount: 100 }],
  })) });
  // W1: appealed 03-22 (2 days → within SLA), later paid 90 on 04-15 → overturned, recovered 90.
  // W2: corrected claim as a replacement 837 on 03-25 (5 days → late), then paid 70 → overturned.
  // W3: written off 03-21 (1 day → within SLA), amount 100.
  // W4: nothing → worklist; W5: nothing → worklist (medical necessity → clinical appeal).
  g.ehr('denial_actions', [
    { claim_id: 'W1', action: 'appeal', action_on: '2025-03-22' },
    { claim_id: 'W3', action: 'write_off', action_on: '2025-03-21', amount: 100 },
  ]);
  g.claims837([{ ...one('W2', '2025-03-25'), freq: '7', f8: 'CCN-W2' }]);
  g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-04-15', claims: [
    { claim: 'W1', status: '1', charge: 100, paid: 90, adj: [{ group: 'CO', carc: '45', amount: 10 }] },
    { claim: 'W2', status: '1', charge: 100, paid: 70, adj: [{ group: 'CO', carc: '45', amount: 30 }] },
  ] });
  const b = await buildGiven(g, '2025-04-30');
  built.push(b);

  it('denial_resolution counts routing, overturns, recoveries, write-offs and open denials', async () => {
    const [r] = await b.q(`select * from marts.denial_resolution where period_grain = 'all' and payer_id = '*'`);
    expect(r).toMatchObject({
      initial_denials: 5,
      routed_within_sla: 2, // W1 (2 days) and W3 (1 day); W2's replacement came 5 days after receipt
      routed_within_sla_pct: 0.4,
      overturned: 2, // W1, W2
      overturn_rate: 0.4,
      recovered_amount: 160, // 90 + 70
      written_off_amount: 100, // W3
      open_denials: 2, // W4, W5: neither overturned nor written off
      unworked_denials: 2,
    });
    const appeals = await b.q(`select claim_id, first_action, days_to_first_action, routed_within_sla, resolution from marts.appeals order by claim_id`);
    expect(appeals).toEqual([
      { claim_id: 'W1', first_action: 'appeal', days_to_first_action: 2, routed_within_sla: true, resolution: 'overturned' },
      { claim_id: 'W2', first_action: 'replacement_claim', days_to_first_action: 5, routed_within_sla: false, resolution: 'overturned' },
      { claim_id: 'W3', first_action: 'write_off', days_to_first_action: 1, routed_within_sla: true, resolution: 'written_off' },
      { claim_id: 'W4', first_action: null, days_to_first_action: null, routed_within_sla: false, resolution: 'unworked' },
      { claim_id: 'W5', first_action: null, days_to_first_action: null, routed_within_sla: false, resolution: 'unworked' },
    ]);
  });

  it('the worklist holds unworked, unpaid denials with age, category and resolution path', async () => {
    const rows = await b.q(`select claim_id, payer_id, category, primary_carc, denied_amount, denial_received_on, age_days, resolution_path from marts.denial_worklist order by claim_id`);
    expect(rows).toEqual([
      // age = 2025-04-30 − 2025-03-20 = 41 days
      { claim_id: 'W4', payer_id: 'acme', category: 'coding', primary_carc: '16', denied_amount: 100, denial_received_on: '2025-03-20', age_days: 41, resolution_path: 'correct and resubmit' },
      { claim_id: 'W5', payer_id: 'acme', category: 'medical_necessity', primary_carc: '50', denied_amount: 100, denial_received_on: '2025-03-20', age_days: 41, resolution_path: 'clinical appeal' },
    ]);
    const keys = await b.q(`select patient_key from marts.denial_worklist`);
    expect(keys.every((k) => typeof k.patient_key === 'string' && k.patient_key.length > 0)).toBe(true);
  });
});
