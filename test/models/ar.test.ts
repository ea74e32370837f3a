/**
 * A/R aging and summary (DESIGN.md §6.4): balances, buckets, credit balances, write-offs, days in A/R, interest.
 * Expected values are computed by hand in the comments.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
  { payer_id: 'beta', payer_name: 'Beta', financial_class: 'commercial', x12_payer_id: 'P2', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));

describe('A/R as of 2025-06-30', async () => {
  const g = new Given().ehr('payers', PAYERS);
  const line = (date: string, charge = 100) => [{ cpt: '97110', charge, date }];
  // Ages as of 2025-06-30: A1 served 06-20 → 10 days; A2 05-15 → 46; A3 04-01 → 90 (still 61-90);
  // A4 03-31 → 91 (91-120); A5 01-01 → 180 (121+); A6 credit; A7 written off; A8 payer beta, 06-01 → 29.
  g.claims837([
    { claim: 'A1', submitted: '2025-06-21', lines: line('2025-06-20') },
    { claim: 'A2', submitted: '2025-05-16', lines: line('2025-05-15') },
    { claim: 'A3', submitted: '2025-04-02', lines: line('2025-04-01') },
    { claim: 'A4', submitted: '2025-04-01', lines: line('2025-03-31') },
    { claim: 'A5', submitted: '2025-01-02', lines: line('2025-01-01') },
    { claim: 'A6', submitted: '2025-05-02', lines: line('2025-05-01') },
    { claim: 'A7', submitted: '2025-05-02', lines: line('2025-05-01') },
    { claim: 'A8', submitted: '2025-06-02', payer: 'P2', lines: line('2025-06-01', 200) },
  ]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-05-30', claims: [
    // A2: paid 50, CO-45 20, PR-2 10 → balance 100 − 50 − 20 − 10 = 20.
    { claim: 'A2', status: '1', charge: 100, paid: 50, pr: 10, adj: [{ group: 'CO', carc: '45', amount: 20 }, { group: 'PR', carc: '2', amount: 10 }] },
    // A6: paid 90, CO-45 20 → balance −10: a credit balance. Interest 1.50 (AMT*I) does not change the balance.
    { claim: 'A6', status: '1', charge: 100, paid: 90, interest: 1.5, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
    // A7: denied CO-50 100 → balance stays 100 until the write-off below.
    { claim: 'A7', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '50', amount: 100 }] },
  ] });
  // A remit dated after as-of must be ignored: A1 would be fully paid.
  g.remit835({ payer: 'P1', trace: 'T9', paymentDate: '2025-07-05', claims: [{ claim: 'A1', status: '1', charge: 100, paid: 100 }] });
  g.ehr('denial_actions', [
    { claim_id: 'A7', action: 'write_off', action_on: '2025-06-15', amount: 100 },
    { claim_id: 'A5', action: 'write_off', action_on: '2025-07-15', amount: 100 }, // after as-of: ignored
  ]);
  g.ehr('payments', [
    { payment_id: 'PP1', source: 'patient', amount: 4, received_on: '2025-06-10', posted_on: '2025-06-10', method: 'card', claim_id: 'A2' },
  ]);
  const b = await buildGiven(g, '2025-06-30');
  built.push(b);

  it('buckets positive balances by age from first service date', async () => {
    const rows = await b.q(`select bucket, claims, balance from marts.ar_aging where payer_id = 'acme' order by bucket_order`);
    expect(rows).toEqual([
      { bucket: '0-30', claims: 1, balance: 100 }, // A1 (the July remit is after as-of)
      { bucket: '31-60', claims: 1, balance: 20 }, // A2
      { bucket: '61-90', claims: 1, balance: 100 }, // A3 at exactly 90 days
      { bucket: '91-120', claims: 1, balance: 100 }, // A4 at 91 days
      { bucket: '121+', claims: 1, balance: 100 }, // A5 (write-off is after as-of)
      { bucket: '*', claims: 5, balance: 420 }, // A6 (credit) and A7 (0 after write-off) are not receivable
    ]);
    const [all] = await b.q(`select claims, balance from marts.ar_aging where payer_id = '*' and bucket = '*'`);
    expect(all).toEqual({ claims: 6, balance: 620 }); // + A8 200 for beta
    const [asOf] = await b.q(`select distinct as_of from marts.ar_aging`);
    expect(asOf!.as_of).toBe('2025-06-30');
  });

  it('reports credit balances apart, and summarises days in A/R and A/R over 90', async () => {
    const [s] = await b.q(`select * from marts.ar_summary where payer_id = 'acme'`);
    expect(s!.total_balance).toBe(420);
    // Over 90 days: A4 (91) + A5 (180) = 200 → 200 / 420.
    expect(s!.balance_over_90).toBe(200);
    expect(s!.ar_over_90_pct).toBeCloseTo(200 / 420, 10);
    // Credit balance: A6 at −10 (a negative number), one claim.
    expect(s!.credit_balance).toBe(-10);
    expect(s!.credit_balance_claims).toBe(1);
    // Billed in the 90 days after 2025-04-01 up to 06-30 (first service date > 04-01): A1, A2, A6, A7 = 400.
    // A3 served exactly on 04-01 is out. days_in_ar = 420 / (400 / 90) = 94.5.
    expect(s!.billed_last_90_days).toBe(400);
    expect(s!.days_in_ar).toBeCloseTo(94.5, 10);
    // Patient A/R: PR 10 on A2 − 4 paid = 6.
    expect(s!.patient_responsibility).toBe(10);
    expect(s!.patient_payments).toBe(4);
    expect(s!.patient_balance).toBe(6);
    const credits = await b.q(`select claim_id, credit_balance from marts.credit_balances`);
    expect(credits).toEqual([{ claim_id: 'A6', credit_balance: -10 }]);
    // Interest is informational: recorded on the claim, no effect on cash or balance.
    const [a6] = await b.q(`select interest_amount, paid_amount from marts.claims where claim_id = 'A6'`);
    expect(a6).toEqual({ interest_amount: 1.5, paid_amount: 90 });
  });

  it('every payer gets every bucket row, zeros included, and a * rollup', async () => {
    const rows = await b.q(`select payer_id, count(*) as n from marts.ar_aging group by 1 order by 1`);
    expect(rows).toEqual([
      { payer_id: '*', n: 6 },
      { payer_id: 'acme', n: 6 },
      { payer_id: 'beta', n: 6 },
    ]);
    const [beta] = await b.q(`select claims, balance from marts.ar_aging where payer_id = 'beta' and bucket = '0-30'`);
    expect(beta).toEqual({ claims: 1, balance: 200 });
  });
});

describe('days in A/R of a balance equal to the billed amount is exactly 90 (no floating-point residue)', async () => {
  const g = new Given().ehr('payers', PAYERS);
  // One open claim of 370, served 03-03, unpaid: balance 370, billed in the last 90 days 370 → 370 × 90 / 370 = 90.
  // Divided as 370 / (370 / 90) in floating point it came out 90.00000000000001.
  g.claims837([{ claim: 'D1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 370, date: '2025-03-03' }] }]);
  const b = await buildGiven(g, '2025-03-13');
  built.push(b);

  it('ar_summary, clinic_benchmarks and kpi_weekly all give 90', async () => {
    expect(await b.q(`select days_in_ar from marts.ar_summary where payer_id = '*'`)).toEqual([{ days_in_ar: 90 }]);
    expect(await b.q(`select days_in_ar from marts.clinic_benchmarks where period_grain = 'all' and clinic_id = '*'`)).toEqual([{ days_in_ar: 90 }]);
    expect(await b.q(`select value from marts.kpi_weekly where kpi = 'days_in_ar' and week_start = '2025-03-10'`)).toEqual([{ value: 90 }]);
  });
});
