/**
 * Places where DESIGN.md §6.2–6.3 can be read two ways, pinned to the reading the marts document (the headers of
 * denial_rate.sql and denial_resolution.sql). Each expected value is computed by hand in the comment beside it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built, type Claim837 } from './given.ts';

const PAYERS = [{ payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false }];
const CLINICS = [{ clinic_id: 'C1', clinic_name: 'One', billing_npi: '1000000001', tin: '111111111', timezone: 'America/New_York' }];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
const one = (claim: string, date: string): Claim837 => ({ claim, payer: 'P1', submitted: date, lines: [{ cpt: '97110', charge: 100, date }] });

describe('literal readings of the denial marts (as of 2025-04-30)', async () => {
  const g = new Given().ehr('payers', PAYERS).ehr('clinics', CLINICS);
  g.claims837([one('D1', '2025-03-03'), one('D2', '2025-03-03'), one('D3', '2025-03-03')]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-23', received: '2025-03-21', claims: [
    // D1: denied for authorization.
    { claim: 'D1', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '197', amount: 100 }] },
    // D2: denied (coding, CO-16).
    { claim: 'D2', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '16', amount: 100 }] },
    // D3: denied with two denial adjustments of two categories: CO-197 60 (authorization) and CO-16 40 (coding).
    { claim: 'D3', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '197', amount: 60 }, { group: 'CO', carc: '16', amount: 40 }] },
  ] });
  // D1 is paid 80 on 04-01, and that payment is taken back on 04-10.
  g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-04-01', claims: [
    { claim: 'D1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
  ] });
  g.remit835({ payer: 'P1', trace: 'T3', paymentDate: '2025-04-10', claims: [
    { claim: 'D1', status: '22', charge: -100, paid: -80, adj: [{ group: 'CO', carc: '45', amount: -20 }] },
  ] });
  // D2 was appealed on 03-18, before its 835 arrived on 03-21 (the payer said so by phone).
  g.ehr('denial_actions', [{ claim_id: 'D2', action: 'appeal', action_on: '2025-03-18' }]);
  const b = await buildGiven(g, '2025-04-30');
  built.push(b);

  it('a denial paid and then reversed stays overturned, with what the later record paid recovered', async () => {
    const [d1] = await b.q(`select overturned, recovered_amount from marts.appeals where claim_id = 'D1'`);
    // D1: the 04-01 record is a non-reversal record paying 80 > 0 → overturned, recovered 80; the 04-10 reversal
    // does not undo it.
    expect(d1).toEqual({ overturned: true, recovered_amount: 80 });
  });

  it('an action dated before the denial arrived is the first action, within the SLA', async () => {
    const [d2] = await b.q(`select first_action, first_action_on, days_to_first_action, routed_within_sla from marts.appeals where claim_id = 'D2'`);
    // 03-18 − received 03-21 = −3 days ≤ 2 → within the SLA.
    expect(d2).toEqual({ first_action: 'appeal', first_action_on: '2025-03-18', days_to_first_action: -3, routed_within_sla: true });
  });

  it('a claim\'s whole denied amount goes to its denial category', async () => {
    const rows = await b.q(`select category, denied_claims, denied_amount from marts.denial_rate
      where period_grain = 'all' and payer_id = 'acme' and category in ('authorization', 'coding', '*') order by category`);
    expect(rows).toEqual([
      // '*': D1 100 + D2 100 + D3 (60 + 40) = 300.
      { category: '*', denied_claims: 3, denied_amount: 300 },
      // authorization: D1 100 and all of D3 (its largest denial adjustment is CO-197 60) = 200.
      { category: 'authorization', denied_claims: 2, denied_amount: 200 },
      // coding: D2 100; D3's CO-16 40 stays with D3's category.
      { category: 'coding', denied_claims: 1, denied_amount: 100 },
    ]);
  });
});
