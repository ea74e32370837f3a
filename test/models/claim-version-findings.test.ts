/**
 * Data-quality findings about claim versions: a claim with no original loaded (claims_without_original) and a voided
 * claim the payer paid (payments_on_voided_claims). Hand-computed.
 */
import { afterAll, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme Health', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
const line = [{ cpt: '97110', charge: 100, date: '2025-03-03' }];

it('names a claim known only by its replacement, and a voided claim whose 835 paid 80 net', async () => {
  const g = new Given()
    .ehr('payers', PAYERS)
    // OK1 original; PAID1 original, paid 80 on 03-14, voided 03-20; RONLY only ever sent as a replacement (03-10).
    .claims837([{ claim: 'OK1', submitted: '2025-03-04', lines: line }, { claim: 'PAID1', submitted: '2025-03-04', lines: line }])
    .claims837([{ claim: 'RONLY', freq: '7', f8: 'RONLY', submitted: '2025-03-10', lines: line }])
    .remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-14', claims: [
      { claim: 'PAID1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
      { claim: 'RONLY', status: '1', charge: 100, paid: 70, adj: [{ group: 'CO', carc: '45', amount: 30 }] },
    ] })
    .claims837([{ claim: 'PAID1', freq: '8', f8: 'PAID1', submitted: '2025-03-20', lines: line }]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);
  expect(await b.q(`select "check", key, message from marts.data_quality
      where "check" in ('claims_without_original', 'payments_on_voided_claims') order by 1, 2`)).toEqual([
    { check: 'claims_without_original', key: expect.stringMatching(/\/RONLY$/),
      message: 'no original (frequency 1) of the claim is loaded, only a replacement: its submission date is taken from the first of them' },
    { check: 'payments_on_voided_claims', key: expect.stringMatching(/\/PAID1$/),
      message: 'the claim is voided but its 835s paid 80.00 net: refund the payer or bill the claim again' },
  ]);
  // As of 03-15 PAID1 is not voided yet: only RONLY is named.
  const before = await buildGiven(g, '2025-03-15');
  built.push(before);
  expect((await before.q(`select "check" from marts.data_quality where "check" in ('claims_without_original', 'payments_on_voided_claims')`)).map((r) => r.check))
    .toEqual(['claims_without_original']);
});

it('names a claim submitted before its first date of service (a negative days to submit)', async () => {
  const g = new Given()
    .ehr('payers', PAYERS)
    // EARLY: sent 03-02 for a service on 03-03 → days to submit −1; SAME: sent on the service day → 0, no finding.
    .claims837([{ claim: 'EARLY', submitted: '2025-03-02', lines: line }])
    .claims837([{ claim: 'SAME', submitted: '2025-03-03', lines: line }]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);
  expect(await b.q(`select key, message from marts.data_quality where "check" = 'claims_submitted_before_service'`)).toEqual([
    { key: expect.stringMatching(/\/EARLY$/), message: 'submitted 2025-03-02, before its first date of service 2025-03-03 (days to submit -1)' },
  ]);
});
