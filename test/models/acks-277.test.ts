/**
 * 277CA rejections of a claim's current version: marts.claims.last_ack_outcome and the data-quality finding
 * claims_rejected_by_277ca (a rejected claim never reached the payer; a rejection is not a denial). Hand-computed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme Health', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
const line = (date: string) => [{ cpt: '97110', charge: 100, date }];

describe('claims whose current version a 277CA rejected', () => {
  // R1: original 03-04, rejected (A7) 03-05, never corrected. R2: rejected 03-05, replacement sent 03-10, accepted
  // 03-11. V1: original 03-04 accepted 03-05, void sent 03-12, the void rejected (A3) 03-13. OK1: accepted.
  const given = () =>
    new Given()
      .ehr('payers', PAYERS)
      .claims837([
        { claim: 'R1', submitted: '2025-03-04', lines: line('2025-03-03') },
        { claim: 'R2', submitted: '2025-03-04', lines: line('2025-03-03') },
        { claim: 'V1', submitted: '2025-03-04', lines: line('2025-03-03') },
        { claim: 'OK1', submitted: '2025-03-04', lines: line('2025-03-03') },
      ])
      .acks277([
        { claim: 'R1', category: 'A7', code: '562', date: '2025-03-05' },
        { claim: 'R2', category: 'A7', code: '562', date: '2025-03-05' },
        { claim: 'V1', category: 'A2', date: '2025-03-05' },
        { claim: 'OK1', category: 'A2', date: '2025-03-05' },
      ])
      .claims837([{ claim: 'R2', freq: '7', f8: 'R2', submitted: '2025-03-10', lines: line('2025-03-03') }])
      .acks277([{ claim: 'R2', category: 'A2', date: '2025-03-11' }])
      .claims837([{ claim: 'V1', freq: '8', f8: 'V1', submitted: '2025-03-12', lines: line('2025-03-03') }])
      .acks277([{ claim: 'V1', category: 'A3', code: '21', date: '2025-03-13' }]);

  const findings = (b: Built) =>
    b.q(`select key, message from marts.data_quality where "check" = 'claims_rejected_by_277ca' order by key`);

  it('as of 03-31: the uncorrected rejection and the rejected void are named; the corrected claim is not', async () => {
    const b = await buildGiven(given(), '2025-03-31');
    built.push(b);
    // R1's latest verdict on its current (only) version is the A7 rejection; R2's current version is the 03-10
    // replacement, accepted 03-11; V1's current version is the void, rejected 03-13 (it still counts as voided: the
    // latest version sent, DESIGN §6.1); OK1 accepted.
    expect(await b.q(`select claim_id, last_ack_outcome, ack_rejections, is_voided from marts.claims order by claim_id`)).toEqual([
      { claim_id: 'OK1', last_ack_outcome: 'accepted', ack_rejections: 0, is_voided: false },
      { claim_id: 'R1', last_ack_outcome: 'rejected', ack_rejections: 1, is_voided: false },
      { claim_id: 'R2', last_ack_outcome: 'accepted', ack_rejections: 1, is_voided: false },
      { claim_id: 'V1', last_ack_outcome: 'rejected', ack_rejections: 1, is_voided: true },
    ]);
    expect(await findings(b)).toEqual([
      { key: expect.stringMatching(/\/R1$/), message: "a 277CA rejected the claim's current version: correct and resubmit it" },
      {
        key: expect.stringMatching(/\/V1$/),
        message: "a 277CA rejected the claim's current version (a void: the payer never received it): correct and resubmit it",
      },
    ]);
  });

  it('as of 03-07: R2 is still rejected (its replacement is not sent yet); the void does not exist yet', async () => {
    const b = await buildGiven(given(), '2025-03-07');
    built.push(b);
    expect((await findings(b)).map((r) => String(r.key).split('/')[1])).toEqual(['R1', 'R2']);
  });
});
