/**
 * marts.provider_adjustments and marts.recoupments: the payers' takebacks as their own stream (domain-reference §3),
 * with the forward balances and interest of the same 835s. Hand-computed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme Health', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
  { payer_id: 'blue', payer_name: 'Blue', financial_class: 'commercial', x12_payer_id: 'P2', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
const line = [{ cpt: '97110', charge: 100, date: '2025-03-03' }];
const paid = (claim: string, amount: number) => ({ claim, status: '1', charge: 100, paid: amount, adj: [{ group: 'CO', carc: '45', amount: 100 - amount }] });

describe('recoupments: reversals and PLB takebacks per period and payer', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.claims837([{ claim: 'A1', submitted: '2025-03-04', lines: line }, { claim: 'A2', submitted: '2025-03-04', lines: line },
    { claim: 'B1', submitted: '2025-03-04', lines: line }]);
  // Mon 03-10, acme: A1 paid 80, A2 paid 90, interest L6 −1.50 (paid to the clinic).
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-10', claims: [paid('A1', 80), paid('A2', 90)],
    plb: [{ reason: 'L6', amount: -1.5 }] });
  // Mon 03-17, acme: A1 reversed (−80) and corrected (70); a takeback WO of 25 for an old claim; a forward balance
  // FB of −5 (a negative net carried forward); a J1 of 2.
  g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-03-17', claims: [
    { claim: 'A1', status: '22', charge: -100, paid: -80, adj: [{ group: 'CO', carc: '45', amount: -20 }] }, paid('A1', 70)],
    plb: [{ reason: 'WO', ref: 'OLDCLAIM9', amount: 25 }, { reason: 'FB', ref: 'T2', amount: -5 }, { reason: 'J1', amount: 2 }] });
  // Tue 04-01, blue: B1 paid 60, a takeback WO of 10.
  g.remit835({ payer: 'P2', trace: 'T3', paymentDate: '2025-04-01', claims: [paid('B1', 60)], plb: [{ reason: 'WO', ref: 'X1', amount: 10 }] });
  const b = await buildGiven(g, '2025-04-30');
  built.push(b);

  it('types every PLB pair by its reason code, with its sign as sent and its effect on the payment', async () => {
    expect(await b.q(`select trace_number, payer_id, remit_date, reason_code, reason_type, reference_id, amount, payment_effect
        from marts.provider_adjustments order by remit_date, pair`)).toEqual([
      { trace_number: 'T1', payer_id: 'acme', remit_date: '2025-03-10', reason_code: 'L6', reason_type: 'interest', reference_id: null, amount: -1.5, payment_effect: 1.5 },
      { trace_number: 'T2', payer_id: 'acme', remit_date: '2025-03-17', reason_code: 'WO', reason_type: 'takeback', reference_id: 'OLDCLAIM9', amount: 25, payment_effect: -25 },
      { trace_number: 'T2', payer_id: 'acme', remit_date: '2025-03-17', reason_code: 'FB', reason_type: 'forward_balance', reference_id: 'T2', amount: -5, payment_effect: 5 },
      { trace_number: 'T2', payer_id: 'acme', remit_date: '2025-03-17', reason_code: 'J1', reason_type: 'nonreimbursable', reference_id: null, amount: 2, payment_effect: -2 },
      { trace_number: 'T3', payer_id: 'blue', remit_date: '2025-04-01', reason_code: 'WO', reason_type: 'takeback', reference_id: 'X1', amount: 10, payment_effect: -10 },
    ]);
  });

  it('sums reversals (gross) and takebacks per period and payer, with forward balances, interest and the rest', async () => {
    const cols = `period_start, payer_id, reversals, reversed_amount, corrected_amount, takebacks, takeback_amount, recouped_amount,
        net_recouped_amount, forward_balance_amount, interest_paid, other_plb_amount`;
    expect(await b.q(`select ${cols} from marts.recoupments where period_grain = 'month' order by 1, 2`)).toEqual([
      // March, acme: reversal of 80 (gross) whose correction in the same 835 paid 70 back, + WO 25 → recouped 105,
      // net 105 − 70 = 35; FB −5; interest 1.50; J1 2.
      { period_start: '2025-03-01', payer_id: '*', reversals: 1, reversed_amount: 80, corrected_amount: 70, takebacks: 1, takeback_amount: 25,
        recouped_amount: 105, net_recouped_amount: 35, forward_balance_amount: -5, interest_paid: 1.5, other_plb_amount: 2 },
      { period_start: '2025-03-01', payer_id: 'acme', reversals: 1, reversed_amount: 80, corrected_amount: 70, takebacks: 1, takeback_amount: 25,
        recouped_amount: 105, net_recouped_amount: 35, forward_balance_amount: -5, interest_paid: 1.5, other_plb_amount: 2 },
      // April, blue: WO 10.
      { period_start: '2025-04-01', payer_id: '*', reversals: 0, reversed_amount: 0, corrected_amount: 0, takebacks: 1, takeback_amount: 10,
        recouped_amount: 10, net_recouped_amount: 10, forward_balance_amount: 0, interest_paid: 0, other_plb_amount: 0 },
      { period_start: '2025-04-01', payer_id: 'blue', reversals: 0, reversed_amount: 0, corrected_amount: 0, takebacks: 1, takeback_amount: 10,
        recouped_amount: 10, net_recouped_amount: 10, forward_balance_amount: 0, interest_paid: 0, other_plb_amount: 0 },
    ]);
    // All time: 80 + 25 + 10 = 115 recouped; the weeks of 03-10 (interest only), 03-17 and 03-31 (blue) each have a row.
    expect(await b.q(`select recouped_amount from marts.recoupments where period_grain = 'all' and payer_id = '*'`)).toEqual([{ recouped_amount: 115 }]);
    expect((await b.q(`select period_start from marts.recoupments where period_grain = 'week' and payer_id = '*' order by 1`)).map((r) => r.period_start))
      .toEqual(['2025-03-10', '2025-03-17', '2025-03-31']);
  });

  it('as of 03-31 the April 835 does not exist yet', async () => {
    const early = await buildGiven(g, '2025-03-31');
    built.push(early);
    expect(await early.q(`select recouped_amount from marts.recoupments where period_grain = 'all' and payer_id = '*'`)).toEqual([{ recouped_amount: 105 }]);
    expect(await early.q(`select count(*) as n from marts.provider_adjustments where payer_id = 'blue'`)).toEqual([{ n: 0 }]);
  });
});
