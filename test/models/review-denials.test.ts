/**
 * Review of the claims / denial marts against DESIGN.md §6.1–6.3: edge cases the other tests do not cover, each
 * expected value computed by hand (comment on the line).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built, type Claim837 } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
];
const CLINICS = [
  { clinic_id: 'C1', clinic_name: 'One', billing_npi: '1000000001', tin: '111111111', timezone: 'America/New_York' },
  { clinic_id: 'C2', clinic_name: 'Two', billing_npi: '2000000002', tin: '222222222', timezone: 'America/New_York' },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
const one = (claim: string, date: string, payer = 'P1', charge = 100): Claim837 => ({
  claim, payer, submitted: date, lines: [{ cpt: '97110', charge, date }],
});

describe('claims and denial workflow edge cases (as of 2025-04-30)', async () => {
  const g = new Given().ehr('payers', PAYERS).ehr('clinics', CLINICS);
  // C1: K1..K5 (K3 to an unmapped payer id ZZZ), W1, W2; C2: another K1 (same CLM01, other billing NPI).
  g.claims837([one('K1', '2025-03-03'), one('K2', '2025-03-03'), one('K3', '2025-03-03', 'ZZZ'), one('K4', '2025-03-03'),
    one('K5', '2025-03-03'), one('W1', '2025-03-03'), one('W2', '2025-03-03'), one('O1', '2025-03-03')]);
  g.claims837([{ ...one('K1', '2025-03-03'), npi: '2000000002' }]);
  // G1: BHT04 missing → the original's submitted_on falls back to GS04 2025-03-04; replaced on 2025-03-10.
  g.claims837([{ ...one('G1', '2025-03-01'), submitted: undefined as unknown as string }], { gs04: '2025-03-04' });
  g.claims837([{ ...one('G1', '2025-03-10', 'P1', 120), freq: '7', f8: 'CCN-G1' }]);
  // O1 (file 4 of the remits, loaded later) has an earlier remit date than its file-3 record: remit_date decides first.
  g.remit835({ payer: 'P1', trace: 'T0', paymentDate: '2025-03-28', claims: [
    { claim: 'O1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
  ] });
  // Payee C2: K1 of C2 denied (coding); an unmatched CLP01 NOPE is kept.
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-23', received: '2025-03-21', payeeNpi: '2000000002', claims: [
    { claim: 'K1', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '16', amount: 100 }] },
    { claim: 'NOPE', status: '1', charge: 100, paid: 50 },
  ] });
  g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-03-23', received: '2025-03-21', claims: [
    { claim: 'K2', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '197', amount: 100 }] },
    { claim: 'K3', status: '1', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '27', amount: 100 }] },
    { claim: 'K4', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '50', amount: 100 }] },
    { claim: 'K5', status: '1', charge: 100, paid: 60, adj: [{ group: 'CO', carc: '45', amount: 20 }, { group: 'CO', carc: '151', amount: 20 }] },
    { claim: 'W1', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '16', amount: 100 }] },
    { claim: 'W2', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '16', amount: 100 }] },
    { claim: 'O1', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '29', amount: 100 }] },
  ] });
  // K2: the denial is reversed and the claim re-paid 80 in a later 835.
  g.remit835({ payer: 'P1', trace: 'T3', paymentDate: '2025-04-10', claims: [
    { claim: 'K2', status: '22', charge: -100, paid: 0, adj: [{ group: 'CO', carc: '197', amount: -100 }] },
    { claim: 'K2', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
  ] });
  // Remits and actions after the as-of date do not exist yet.
  g.remit835({ payer: 'P1', trace: 'T4', paymentDate: '2025-05-05', claims: [
    { claim: 'K3', status: '1', charge: 100, paid: 100 },
  ] });
  g.ehr('denial_actions', [
    { claim_id: 'K4', action: 'write_off', action_on: '2025-03-25' }, // write-off without the optional amount
    { claim_id: 'K1', action: 'appeal', action_on: '2025-03-22' },
    { claim_id: 'W1', action: 'write_off', action_on: '2025-03-22', amount: 100 },
    { claim_id: 'W1', action: 'appeal', action_on: '2025-03-22' }, // same day as the write-off
    { claim_id: 'W2', action: 'appeal', action_on: '2025-05-02' }, // after as-of
  ]);
  const b = await buildGiven(g, '2025-04-30', {}, { persistIntermediate: true });
  built.push(b);

  it('a write-off action without an amount still resolves the denial as written off (not open)', async () => {
    const [k4] = await b.q(`select resolution, written_off_amount from marts.appeals where claim_id = 'K4'`);
    // K4 has a write_off action (2025-03-25): resolved as written off; no amount was given, so 0 written off.
    expect(k4).toEqual({ resolution: 'written_off', written_off_amount: 0 });
    const [r] = await b.q(`select initial_denials, overturned, open_denials, written_off_amount from marts.denial_resolution
      where period_grain = 'all' and payer_id = 'acme'`);
    // acme denials: C2/K1, K2, K4, K5, W1, W2, O1 = 7 (K3 is payer unknown:ZZZ); overturned K2 (80 on 04-10) and
    // O1 (80 on 03-28); written off K4, W1; open = 7 − 2 − 2 = 3 (C2/K1, K5, W2); written off amount = W1's 100.
    expect(r).toEqual({ initial_denials: 7, overturned: 2, open_denials: 3, written_off_amount: 100 });
  });

  it('same-day actions give a deterministic first action', async () => {
    const [w1] = await b.q(`select first_action, first_action_on, days_to_first_action, routed_within_sla from marts.appeals where claim_id = 'W1'`);
    // appeal and write_off both on 03-22: alphabetical → appeal; 03-22 − received 03-21 = 1 day ≤ 2.
    expect(w1).toEqual({ first_action: 'appeal', first_action_on: '2025-03-22', days_to_first_action: 1, routed_within_sla: true });
  });

  it('the same CLM01 at two clinics matches within the payee clinic; unmatched records are kept and reported', async () => {
    const rows = await b.q(`select clinic_id, is_adjudicated, initial_outcome, denial_category from marts.claims where claim_id = 'K1' order by clinic_id`);
    expect(rows).toEqual([
      // C1's K1 has no remit (the 835 payee is C2's NPI).
      { clinic_id: 'C1', is_adjudicated: false, initial_outcome: null, denial_category: null },
      // C2's K1: CLP02 4 with CO-16 → denied, coding.
      { clinic_id: 'C2', is_adjudicated: true, initial_outcome: 'denied', denial_category: 'coding' },
    ]);
    const kept = await b.q(`select clinic_id, claim_id from intermediate.int_remit_records where clp01 = 'NOPE'`);
    expect(kept).toEqual([{ clinic_id: null, claim_id: null }]); // kept with no claim
    const dq = await b.q(`select key from marts.data_quality where check_name = 'unmatched_remits'`);
    expect(dq).toEqual([{ key: 'NOPE' }]); // and reported
  });

  it('denied, reversed, re-paid: initial outcome denied, overturned with 80 recovered, not on the worklist', async () => {
    const [k2] = await b.q(`select c.initial_outcome, c.first_adjudicated_on, c.paid_amount, a.overturned, a.recovered_amount, a.resolution
      from marts.claims c join marts.appeals a using (clinic_id, claim_id) where claim_id = 'K2'`);
    // first adjudication = the 03-23 CLP02 4 record; the 04-10 reversal is skipped; the 04-10 CLP02 1 pays 80 > 0.
    expect(k2).toEqual({ initial_outcome: 'denied', first_adjudicated_on: '2025-03-23', paid_amount: 80, overturned: true, recovered_amount: 80, resolution: 'overturned' });
  });

  it('first adjudication by remit_date before ingest order; as-of cuts later remits and actions', async () => {
    const [o1] = await b.q(`select first_adjudicated_on, initial_outcome, denial_category from marts.claims where claim_id = 'O1'`);
    // the 03-23 denial (loaded later) precedes the 03-28 payment (loaded first): denied, timely_filing (CO-29).
    expect(o1).toEqual({ first_adjudicated_on: '2025-03-23', initial_outcome: 'denied', denial_category: 'timely_filing' });
    const wl = await b.q(`select clinic_id, claim_id, payer_id, category, denied_amount, age_days from marts.denial_worklist order by claim_id`);
    expect(wl).toEqual([
      // K3: the 05-05 payment is after as-of → still unworked; payer id ZZZ unmapped; 04-30 − 03-21 = 40 days.
      { clinic_id: 'C1', claim_id: 'K3', payer_id: 'unknown:ZZZ', category: 'eligibility', denied_amount: 100, age_days: 40 },
      // K5: partially denied (paid 60, CO-151 20 medical necessity), no action.
      { clinic_id: 'C1', claim_id: 'K5', payer_id: 'acme', category: 'medical_necessity', denied_amount: 20, age_days: 40 },
      // O1: later paid 80 on 03-28 → overturned, so not here. W2: the appeal is dated after as-of → unworked.
      { clinic_id: 'C1', claim_id: 'W2', payer_id: 'acme', category: 'coding', denied_amount: 100, age_days: 40 },
    ]);
  });

  it('submitted_on falls back to GS04 of the original version; billed from the replacement', async () => {
    const [g1] = await b.q(`select submitted_on, billed_amount, versions from marts.claims where claim_id = 'G1'`);
    // original has no BHT04 → GS04 2025-03-04; current = the 03-10 replacement billed 120.
    expect(g1).toEqual({ submitted_on: '2025-03-04', billed_amount: 120, versions: 2 });
  });

  it('denial_rate: Sunday belongs to the week starting Monday; all three grains; money stays DECIMAL', async () => {
    const rows = await b.q(`select period_grain, period_start, adjudicated_claims, denied_claims from marts.denial_rate
      where payer_id = 'acme' and category = '*' order by period_grain`);
    // Adjudicated acme claims: C2/K1, K2, K4, K5, W1, W2, O1 = 7, all first adjudicated on 03-23 (week of Mon 03-17);
    // all 7 are initial denials.
    expect(rows).toEqual([
      { period_grain: 'all', period_start: null, adjudicated_claims: 7, denied_claims: 7 },
      { period_grain: 'month', period_start: '2025-03-01', adjudicated_claims: 7, denied_claims: 7 },
      { period_grain: 'week', period_start: '2025-03-17', adjudicated_claims: 7, denied_claims: 7 },
    ]);
    const types = await b.q(`select column_name, data_type from information_schema.columns
      where table_schema = 'marts' and table_name in ('denial_rate', 'denial_resolution', 'denial_worklist', 'appeals')
        and column_name in ('billed_amount', 'denied_amount', 'recovered_amount', 'written_off_amount', 'amount_at_stake')`);
    expect(types.every((t) => String(t.data_type).startsWith('DECIMAL'))).toBe(true);
  });
});

describe('denial_resolution rows for payers without denials (as of 2025-04-30)', async () => {
  const g = new Given().ehr('payers', PAYERS).ehr('clinics', CLINICS);
  g.claims837([one('P1A', '2025-03-03'), one('P1B', '2025-03-04')]);
  g.remit835({ payer: 'P1', trace: 'N1', paymentDate: '2025-03-20', claims: [
    { claim: 'P1A', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
    { claim: 'P1B', status: '1', charge: 100, paid: 0, adj: [{ group: 'PR', carc: '1', amount: 100 }] },
  ] });
  const b = await buildGiven(g, '2025-04-30');
  built.push(b);

  it('a payer with adjudicated claims but no denials has a row with 0 denials and NULL rates', async () => {
    const rows = await b.q(`select period_grain, period_start::VARCHAR as period_start, payer_id, initial_denials,
        routed_within_sla_pct, overturn_rate, recovered_amount, written_off_amount, open_denials
      from marts.denial_resolution order by period_grain, payer_id`);
    // Both claims first adjudicated 2025-03-20 (Thursday; week of Monday 03-17): PR-1 deductible and CO-45 are not
    // denials, so 0 initial denials, and the rates over 0 denials are NULL (not 0) in every grain and rollup.
    const zero = { initial_denials: 0, routed_within_sla_pct: null, overturn_rate: null, recovered_amount: 0, written_off_amount: 0, open_denials: 0 };
    expect(rows).toEqual([
      { period_grain: 'all', period_start: null, payer_id: '*', ...zero },
      { period_grain: 'all', period_start: null, payer_id: 'acme', ...zero },
      { period_grain: 'month', period_start: '2025-03-01', payer_id: '*', ...zero },
      { period_grain: 'month', period_start: '2025-03-01', payer_id: 'acme', ...zero },
      { period_grain: 'week', period_start: '2025-03-17', payer_id: '*', ...zero },
      { period_grain: 'week', period_start: '2025-03-17', payer_id: 'acme', ...zero },
    ]);
  });
});

describe('data_quality reversal_without_original: a reversal with no payment record of its claim that it negates', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.claims837([one('R1', '2025-03-03'), one('R2', '2025-03-03')]);
  // R1: the payer's reversal is dated 03-10, the original payment it negates 03-12 (dates out of order, both loaded).
  g.remit835({ payer: 'P1', trace: 'TR1', paymentDate: '2025-03-10', claims: [
    { claim: 'R1', status: '22', charge: -100, paid: -80, adj: [{ group: 'CO', carc: '45', amount: -20 }] }] });
  g.remit835({ payer: 'P1', trace: 'TR2', paymentDate: '2025-03-12', claims: [
    { claim: 'R1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] }] });
  // R2: a reversal and nothing it could negate → the orphan the check is for.
  g.remit835({ payer: 'P1', trace: 'TR3', paymentDate: '2025-03-12', claims: [
    { claim: 'R2', status: '22', charge: -100, paid: -80, adj: [{ group: 'CO', carc: '45', amount: -20 }] }] });
  // R3: the payer reverses a payment of 80 that was never loaded and sends the correction (85) in the same 835
  // (RFI #791). The correction is not the original: the reversal negates nothing loaded → flagged.
  // R4: the original 80 is loaded; reversal −80 and correction 85 follow in one 835 → the reversal has its original.
  // R5: one payment of 80 reversed twice: the second reversal negates nothing left → flagged once.
  g.claims837([one('R3', '2025-03-03'), one('R4', '2025-03-03'), one('R5', '2025-03-03')]);
  g.remit835({ payer: 'P1', trace: 'TR4', paymentDate: '2025-03-05', claims: [
    { claim: 'R4', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] },
    { claim: 'R5', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] }] });
  g.remit835({ payer: 'P1', trace: 'TR5', paymentDate: '2025-03-14', claims: [
    { claim: 'R3', status: '22', charge: -100, paid: -80, adj: [{ group: 'CO', carc: '45', amount: -20 }] },
    { claim: 'R3', status: '1', charge: 100, paid: 85, adj: [{ group: 'CO', carc: '45', amount: 15 }] },
    { claim: 'R4', status: '22', charge: -100, paid: -80, adj: [{ group: 'CO', carc: '45', amount: -20 }] },
    { claim: 'R4', status: '1', charge: 100, paid: 85, adj: [{ group: 'CO', carc: '45', amount: 15 }] },
    { claim: 'R5', status: '22', charge: -100, paid: -80, adj: [{ group: 'CO', carc: '45', amount: -20 }] }] });
  g.remit835({ payer: 'P1', trace: 'TR6', paymentDate: '2025-03-17', claims: [
    { claim: 'R5', status: '22', charge: -100, paid: -80, adj: [{ group: 'CO', carc: '45', amount: -20 }] }] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('flags R2, R3 and R5\'s second reversal; not R1, whose original is loaded though dated after the reversal, nor R4', async () => {
    const rows = await b.q(`select key, message from marts.data_quality where check_name = 'reversal_without_original' order by key`);
    const message = 'reversal of -80.00 negates no payment record of the claim (orphan reversal)';
    expect(rows).toEqual([{ key: 'R2', message }, { key: 'R3', message }, { key: 'R5', message }]);
  });
});

describe('§6.1 277CA acknowledgements on marts.claims', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.claims837([one('A1', '2025-03-03'), one('A2', '2025-03-03'), one('A3', '2025-03-03')]);
  g.acks277([
    // A1: in one 2200D, a rejection (A7) and after it an informational A1 ("received") of the same date.
    { claim: 'A1', category: 'A7', code: '562', date: '2025-03-05' },
    { claim: 'A1', category: 'A1', code: '19', date: '2025-03-05' },
    // A2: the billing provider named by its TIN (NM108 FI), not its NPI.
    { claim: 'A2', category: 'A2', date: '2025-03-05', billingId: '111111111' },
  ]);
  g.acks277([{ claim: 'A3', category: 'A1', date: '2025-03-06' }]); // only informational
  // A4: one rejection with two reasons (two STCs in one 277CA), then, after a resubmission, rejected again: 2.
  g.claims837([one('A4', '2025-03-03')]);
  g.acks277([{ claim: 'A4', category: 'A3', code: '21', date: '2025-03-05' }, { claim: 'A4', category: 'A7', code: '562', date: '2025-03-05' }]);
  g.acks277([{ claim: 'A4', category: 'A7', code: '562', date: '2025-03-12' }]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('an informational status does not hide a rejection; a TIN finds the clinic', async () => {
    expect(await b.q(`select claim_id, last_ack_outcome, ack_rejections from marts.claims order by claim_id`)).toEqual([
      { claim_id: 'A1', last_ack_outcome: 'rejected', ack_rejections: 1 }, // was 'informational' (the later segment)
      { claim_id: 'A2', last_ack_outcome: 'accepted', ack_rejections: 0 }, // was NULL: 'unknown:111111111' matched no claim
      { claim_id: 'A3', last_ack_outcome: 'informational', ack_rejections: 0 },
      { claim_id: 'A4', last_ack_outcome: 'rejected', ack_rejections: 2 }, // was 3: one per rejection STC
    ]);
  });

  it('a rejection of an earlier submission does not stay on the resubmitted claim, which awaits its own 277CA', async () => {
    const g2 = new Given().ehr('payers', PAYERS);
    // R9 rejected by the 277CA of 03-06, resubmitted as a new original on 03-10; its 277CA comes 03-12.
    g2.claims837([one('R9', '2025-03-03')]);
    g2.acks277([{ claim: 'R9', category: 'A7', code: '562', date: '2025-03-06' }]);
    g2.claims837([one('R9', '2025-03-10')]);
    g2.acks277([{ claim: 'R9', category: 'A2', code: '20', date: '2025-03-12' }]);
    const sql = `select last_ack_outcome, ack_rejections, submitted_on from marts.claims where claim_id = 'R9'`;
    const before = await buildGiven(g2, '2025-03-08');
    const between = await buildGiven(g2, '2025-03-11');
    const after = await buildGiven(g2, '2025-03-31');
    built.push(before, between, after);
    // 03-08: the first submission is current and rejected.
    expect(await before.q(sql)).toEqual([{ last_ack_outcome: 'rejected', ack_rejections: 1, submitted_on: '2025-03-03' }]);
    // 03-11: resubmitted on 03-10, no 277CA for it yet → NULL (was still 'rejected'); the rejection stays counted.
    expect(await between.q(sql)).toEqual([{ last_ack_outcome: null, ack_rejections: 1, submitted_on: '2025-03-03' }]);
    // 03-31: the resubmission accepted.
    expect(await after.q(sql)).toEqual([{ last_ack_outcome: 'accepted', ack_rejections: 1, submitted_on: '2025-03-03' }]);
  });
});

describe('§6.1 the claim\'s provider when the 837 has no claim-level rendering provider (2310B)', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.claims837([
    { ...one('N1', '2025-03-03'), rendering: '2000000009' }, // 2310B
    { ...one('N2', '2025-03-03'), lines: [{ cpt: '97110', charge: 100, date: '2025-03-03', rendering: '2000000017' }] }, // 2420A only
    one('N3', '2025-03-03'), // neither: a solo provider billing in their own name
  ]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('takes 2310B, else the lines\' 2420A, else the billing provider', async () => {
    expect(await b.q(`select claim_id, provider_npi from marts.claims order by claim_id`)).toEqual([
      { claim_id: 'N1', provider_npi: '2000000009' },
      { claim_id: 'N2', provider_npi: '2000000017' }, // was NULL
      { claim_id: 'N3', provider_npi: '1000000001' }, // the billing NPI (2310B is omitted when it is the same); was NULL
    ]);
  });
});
