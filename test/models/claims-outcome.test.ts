/**
 * marts.claims and marts.denial_rate: versions, first adjudication and initial outcome (DESIGN.md §6.1–6.2).
 * Each expected value is explained in a comment: these are hand-computed, not read back from the code.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme Health', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
  { payer_id: 'medicare', payer_name: 'Medicare', financial_class: 'medicare', x12_payer_id: 'MCR', requires_auth: false },
];

const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));
async function make(g: Given, asOf: string) {
  const b = await buildGiven(g, asOf);
  built.push(b);
  return b;
}
const claim = async (b: Built, id: string) => (await b.q(`select * from marts.claims where claim_id = '${id}'`))[0]!;

describe('initial outcome from the first adjudication record', () => {
  it('a reversal and correction: the first adjudication stays the original record; cash nets all iterations', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'R1', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, units: 1, date: '2025-03-01' }] }]);
    // Original: paid 60, CO-45 40.
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [{ claim: 'R1', status: '1', charge: 100, paid: 60, adj: [{ group: 'CO', carc: '45', amount: 40 }] }] });
    // Reversal (22) negates it, correction pays 70 with CO-45 30 — in one later 835.
    g.remit835({
      payer: 'P1', trace: 'T2', paymentDate: '2025-04-10',
      claims: [
        { claim: 'R1', status: '22', charge: -100, paid: -60, adj: [{ group: 'CO', carc: '45', amount: -40 }] },
        { claim: 'R1', status: '1', charge: 100, paid: 70, adj: [{ group: 'CO', carc: '45', amount: 30 }] },
      ],
    });
    const b = await make(g, '2025-04-30');
    const c = await claim(b, 'R1');
    // First adjudication = the 2025-03-20 record (earliest non-reversal with CLP02 1): paid, no denial.
    expect(c.first_adjudicated_on).toBe('2025-03-20');
    expect(c.initial_outcome).toBe('paid');
    expect(c.initial_denial).toBe(false);
    // Cash to date: 60 − 60 + 70 = 70; contractual 40 − 40 + 30 = 30; balance 100 − 70 − 30 = 0.
    expect(c.paid_amount).toBe(70);
    expect(c.contractual_amount).toBe(30);
    expect(c.insurance_balance).toBe(0);
    expect(c.remit_records).toBe(3);
    expect(c.reversals).toBe(1);
  });

  it('a CR-group adjustment (4010 correction) is never a new denial, even positive with a denial CARC', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'CR1', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
    // Paid 60, CO-45 20 and CR-50 20: the CR row restates an earlier adjustment (carc_categories.md), so no denial
    // adjustment is left → paid, not partially denied for medical necessity.
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [{ claim: 'CR1', status: '1', charge: 100, paid: 60,
      adj: [{ group: 'CO', carc: '45', amount: 20 }, { group: 'CR', carc: '50', amount: 20 }] }] });
    const c = await claim(await make(g, '2025-04-30'), 'CR1');
    expect([c.initial_outcome, c.denial_category, c.primary_carc, c.denied_amount]).toEqual(['paid', null, null, 0]);
  });

  it('a split claim: two CLPs for one CLM01 are one claim; the first record decides the outcome', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'S1', submitted: '2025-03-03', lines: [
      { cpt: '97110', charge: 100, date: '2025-03-01' }, { cpt: '97140', charge: 80, date: '2025-03-01' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      { claim: 'S1', status: '1', charge: 100, paid: 70, adj: [{ group: 'CO', carc: '45', amount: 30 }] },
      { claim: 'S1', status: '1', charge: 80, paid: 0, adj: [{ group: 'CO', carc: '97', amount: 80 }] },
    ] });
    const b = await make(g, '2025-04-30');
    // One claim row, billed 180 (CLM02 = Σ SV102).
    const rows = await b.q(`select * from marts.claims`);
    expect(rows).toHaveLength(1);
    const c = rows[0]!;
    expect(c.billed_amount).toBe(180);
    // The first record (seg order) pays 70 with only CO-45: paid. The second CLP's CO-97 is not on the first record.
    expect(c.initial_outcome).toBe('paid');
    // Cash: 70 + 0; the CO-97 denial adjustment stays in the balance: 180 − 70 − 30 = 80.
    expect(c.paid_amount).toBe(70);
    expect(c.insurance_balance).toBe(80);
  });

  it('a $0 denial adjustment denies nothing: paid stays paid, $0 to deductible stays paid; on CLP02 4 it names the category', async () => {
    const g = new Given().ehr('payers', PAYERS);
    const one = (id: string) => ({ claim: id, submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] });
    g.claims837([one('Z1'), one('Z2'), one('Z3')]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      // Z1: paid 80, CO-45 20 and a CO-16 of $0 (a remark, not a denial) → paid, not partially_denied.
      { claim: 'Z1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }, { group: 'CO', carc: '16', amount: 0 }] },
      // Z2: $0 paid, PR-1 100 (deductible) and CO-16 $0 → paid, as "a $0 payment that went wholly to deductible".
      { claim: 'Z2', status: '1', charge: 100, paid: 0, adj: [{ group: 'PR', carc: '1', amount: 100 }, { group: 'CO', carc: '16', amount: 0 }] },
      // Z3: CLP02 4 with only a $0 CO-16 (the payer put the charge nowhere) → denied, category coding from that CARC.
      { claim: 'Z3', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '16', amount: 0 }] },
    ] });
    const b = await make(g, '2025-03-31');
    expect(await b.q(`select claim_id, initial_outcome, denial_category, primary_carc, denied_amount from marts.claims order by claim_id`)).toEqual([
      { claim_id: 'Z1', initial_outcome: 'paid', denial_category: null, primary_carc: null, denied_amount: 0 },
      { claim_id: 'Z2', initial_outcome: 'paid', denial_category: null, primary_carc: null, denied_amount: 0 },
      { claim_id: 'Z3', initial_outcome: 'denied', denial_category: 'coding', primary_carc: '16', denied_amount: 0 },
    ]);
  });

  it('a denial taken back on the same line nets to nothing; a negative denial alone denies nothing; two lines stay apart', async () => {
    const g = new Given().ehr('payers', PAYERS);
    const one = (id: string, lines = [{ cpt: '97110', charge: 80, date: '2025-03-01' }]) => ({ claim: id, submitted: '2025-03-03', lines });
    g.claims837([one('N1'), one('N2'), one('N3', [{ cpt: '97110', charge: 80, date: '2025-03-01' }, { cpt: '97140', charge: 80, date: '2025-03-01' }])]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      // N1: paid 60; CO-45 20, CO-16 15 and CO-16 -15 on the one line → the CO-16 nets to 0: paid.
      { claim: 'N1', status: '1', charge: 80, paid: 60, lines: [{ cpt: '97110', charge: 80, paid: 60, date: '2025-03-01',
        adj: [{ group: 'CO', carc: '45', amount: 20 }, { group: 'CO', carc: '16', amount: 15 }, { group: 'CO', carc: '16', amount: -15 }] }] },
      // N2: paid 60; CO-45 30 and CO-16 -10 (an earlier adjustment reversed) → no denial: paid (not a −10 denial).
      { claim: 'N2', status: '1', charge: 80, paid: 60, adj: [{ group: 'CO', carc: '45', amount: 30 }, { group: 'CO', carc: '16', amount: -10 }] },
      // N3: line 1 CO-16 30, line 2 CO-16 30 and CO-197 40: each line's adjustment stays its own; the largest is
      // CO-197 40 (authorization), though CO-16 totals 60 over two lines. denied_amount 30 + 30 + 40 = 100.
      { claim: 'N3', status: '1', charge: 160, paid: 60, lines: [
        { cpt: '97110', charge: 80, paid: 50, date: '2025-03-01', adj: [{ group: 'CO', carc: '16', amount: 30 }] },
        { cpt: '97140', charge: 80, paid: 10, date: '2025-03-01', adj: [{ group: 'CO', carc: '16', amount: 30 }, { group: 'CO', carc: '197', amount: 40 }] },
      ] },
    ] });
    const b = await make(g, '2025-03-31');
    expect(await b.q(`select claim_id, initial_outcome, denial_category, primary_carc, denied_amount from marts.claims order by claim_id`)).toEqual([
      { claim_id: 'N1', initial_outcome: 'paid', denial_category: null, primary_carc: null, denied_amount: 0 },
      { claim_id: 'N2', initial_outcome: 'paid', denial_category: null, primary_carc: null, denied_amount: 0 },
      { claim_id: 'N3', initial_outcome: 'partially_denied', denial_category: 'authorization', primary_carc: '197', denied_amount: 100 },
    ]);
  });

  it('claim-level vs line-level CAS: both count as adjustments of the record', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([
      { claim: 'CL', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] },
      { claim: 'LL', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }, { cpt: '97140', charge: 50, date: '2025-03-01' }] },
    ]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      // Claim-level CO-16 (coding) 100: CLP04 0 with a denial adjustment → denied.
      { claim: 'CL', status: '1', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '16', amount: 100 }] },
      // Line-level: line 1 paid 60 + CO-45 40; line 2 CO-197 (authorization) 50 → CLP04 60 > 0 with a denial → partially.
      { claim: 'LL', status: '1', charge: 150, paid: 60, lines: [
        { cpt: '97110', charge: 100, paid: 60, date: '2025-03-01', adj: [{ group: 'CO', carc: '45', amount: 40 }] },
        { cpt: '97140', charge: 50, paid: 0, date: '2025-03-01', adj: [{ group: 'CO', carc: '197', amount: 50 }] },
      ] },
    ] });
    const b = await make(g, '2025-04-30');
    const cl = await claim(b, 'CL');
    expect(cl.initial_outcome).toBe('denied');
    expect(cl.denial_category).toBe('coding');
    expect(cl.primary_carc).toBe('16');
    expect(cl.denied_amount).toBe(100);
    const ll = await claim(b, 'LL');
    expect(ll.initial_outcome).toBe('partially_denied');
    expect(ll.denial_category).toBe('authorization');
    expect(ll.denied_amount).toBe(50);
  });

  it('$0 paid wholly to deductible is paid, not denied; CO-45 / PR only is not a denial', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([
      { claim: 'D0', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] },
      { claim: 'PR', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] },
    ]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      // CLP04 0, CO-45 30 + PR-1 70 (deductible): no denial adjustment → paid.
      { claim: 'D0', status: '1', charge: 100, paid: 0, pr: 70, adj: [{ group: 'CO', carc: '45', amount: 30 }, { group: 'PR', carc: '1', amount: 70 }] },
      // CLP04 50, CO-45 20, PR-2 20, PR-3 10: paid.
      { claim: 'PR', status: '1', charge: 100, paid: 50, pr: 30, adj: [{ group: 'CO', carc: '45', amount: 20 }, { group: 'PR', carc: '2', amount: 20 }, { group: 'PR', carc: '3', amount: 10 }] },
    ] });
    const b = await make(g, '2025-04-30');
    for (const id of ['D0', 'PR']) {
      const c = await claim(b, id);
      expect(c.initial_outcome).toBe('paid');
      expect(c.initial_denial).toBe(false);
      expect(c.insurance_balance).toBe(0); // PR moved to patient A/R; CO-45 written off contractually
    }
    // denial_rate for the payer: 2 adjudicated, 0 denied; first_pass_rate 2/2.
    const [r] = await b.q(`select * from marts.denial_rate where period_grain = 'all' and payer_id = 'acme' and category = '*'`);
    expect(r).toMatchObject({ adjudicated_claims: 2, denied_claims: 0, denial_rate: 0, first_pass_rate: 1, fully_denied_claims: 0 });
  });

  it('benefit maximum 119 is a denial (benefit_limit), even with group PR', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'B1', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      { claim: 'B1', status: '1', charge: 100, paid: 0, pr: 100, adj: [{ group: 'PR', carc: '119', amount: 100 }] },
    ] });
    const b = await make(g, '2025-04-30');
    const c = await claim(b, 'B1');
    // PR-119 is in the seed as benefit_limit (a denial): CLP04 0 + denial adjustment → denied.
    expect(c.initial_outcome).toBe('denied');
    expect(c.denial_category).toBe('benefit_limit');
    expect(c.primary_carc).toBe('119');
  });

  it('CLP02 = 4 without any CAS is denied with category other_denial and no CARC', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'X4', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [{ claim: 'X4', status: '4', charge: 100, paid: 0 }] });
    const b = await make(g, '2025-04-30');
    const c = await claim(b, 'X4');
    expect(c.initial_outcome).toBe('denied');
    expect(c.denial_category).toBe('other_denial');
    expect(c.primary_carc).toBeNull();
    // No denial adjustment: denied_amount 0, and the whole charge stays receivable.
    expect(c.denied_amount).toBe(0);
    expect(c.insurance_balance).toBe(100);
  });

  it('ties between denial adjustments of equal amount go to the earlier category in the seed order', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'T', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      // documentation (252) 50 and eligibility (27) 50: eligibility comes first in the list.
      { claim: 'T', status: '1', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '252', amount: 50 }, { group: 'CO', carc: '27', amount: 50 }] },
    ] });
    const b = await make(g, '2025-04-30');
    const c = await claim(b, 'T');
    expect(c.denial_category).toBe('eligibility');
    expect(c.primary_carc).toBe('27');
    expect(c.denied_amount).toBe(100);
  });
});

describe('837 versions', () => {
  it('replacement (7) updates billed and lines; void (8) excludes the claim from every metric; submitted_on stays the original', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([
      { claim: 'V1', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] },
      { claim: 'V2', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-02' }] },
    ]);
    g.claims837([{ claim: 'V1', submitted: '2025-03-10', freq: '7', f8: 'CCN-V1', lines: [
      { cpt: '97110', charge: 100, date: '2025-02-28' }, { cpt: '97140', charge: 60, date: '2025-03-01' }] }]);
    g.claims837([{ claim: 'V2', submitted: '2025-03-12', freq: '8', f8: 'CCN-V2', lines: [{ cpt: '97110', charge: 100, date: '2025-03-02' }] }]);
    const b = await make(g, '2025-04-30');
    const v1 = await claim(b, 'V1');
    // Current = the 2025-03-10 replacement: billed 160, first service date 2025-02-28.
    expect(v1.billed_amount).toBe(160);
    expect(v1.first_service_date).toBe('2025-02-28');
    // submitted_on = BHT04 of the original (2025-03-03); days_to_submit = 03-03 − 02-28 = 3.
    expect(v1.submitted_on).toBe('2025-03-03');
    expect(v1.days_to_submit).toBe(3);
    expect(v1.versions).toBe(2);
    const v2 = await claim(b, 'V2');
    expect(v2.is_voided).toBe(true);
    // Voided: not in submission lag or A/R.
    const [lag] = await b.q(`select claims from marts.submission_lag where period_grain = 'all' and clinic_id = '*'`);
    expect(lag!.claims).toBe(1);
    const ar = await b.q(`select claims, balance from marts.ar_aging where payer_id = '*' and bucket = '*'`);
    expect(ar[0]).toMatchObject({ claims: 1, balance: 160 });
  });

  it('two versions sent the same day: the later BHT05 time is current, whatever order the files were loaded in', async () => {
    const g = new Given().ehr('payers', PAYERS);
    // The 15:00 replacement is loaded first, the 09:00 original second (a re-delivery of the morning's batch).
    g.claims837([{ claim: 'S1', submitted: '2025-03-06', freq: '7', lines: [{ cpt: '97110', charge: 150, date: '2025-02-28' }] }], { time: '1500' });
    g.claims837([{ claim: 'S1', submitted: '2025-03-06', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }], { time: '0900' });
    // Same day, same minute, seconds decide (HHMMSS against HHMM = HHMM00).
    g.claims837([{ claim: 'S2', submitted: '2025-03-06', freq: '8', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }], { time: '090030' });
    g.claims837([{ claim: 'S2', submitted: '2025-03-06', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }], { time: '0900' });
    const b = await make(g, '2025-04-30');
    const s1 = await claim(b, 'S1');
    // Current = the 15:00 replacement: billed 150, first service 02-28; submitted_on = the original's BHT04 (03-06),
    // days_to_submit = 03-06 − 02-28 = 6.
    expect(s1).toMatchObject({ current_frequency_code: '7', billed_amount: 150, first_service_date: '2025-02-28', days_to_submit: 6 });
    // Current = the 09:00:30 void.
    expect((await claim(b, 'S2')).is_voided).toBe(true);
  });

  it('a secondary-payer submission under the primary claim\'s CLM01 (SBR01 S) is not a version of it', async () => {
    const g = new Given().ehr('payers', PAYERS);
    // SEC1: Medicare primary (billed 100), then the clinic bills the supplement (SBR*S) under the same CLM01.
    g.claims837([{ claim: 'SEC1', payer: 'MCR', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }]);
    g.claims837([{ claim: 'SEC1', payer: 'P1', sequence: 'S', submitted: '2025-03-25', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }]);
    // ONLY2: only a secondary submission was sent (the primary went on paper): it is the claim.
    g.claims837([{ claim: 'ONLY2', payer: 'P1', sequence: 'S', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 90, date: '2025-03-03' }] }]);
    g.remit835({ payer: 'MCR', trace: 'M1', paymentDate: '2025-03-20', claims: [
      { claim: 'SEC1', status: '1', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '16', amount: 100 }] },
    ] });
    const b = await make(g, '2025-04-30');
    // Medicare's claim stays Medicare's: payer, billed 100, one version, submitted 03-04; its coding denial is
    // Medicare's (before, the 03-25 secondary submission became the current version and took the claim to acme).
    expect(await claim(b, 'SEC1')).toMatchObject({ payer_id: 'medicare', billed_amount: 100, versions: 1, submitted_on: '2025-03-04', initial_outcome: 'denied', denial_category: 'coding' });
    expect(await b.q(`select payer_id, denied_claims from marts.denial_rate where period_grain = 'all' and category = '*' and payer_id <> '*' order by 1`)).toEqual([
      { payer_id: 'medicare', denied_claims: 1 },
    ]);
    expect(await claim(b, 'ONLY2')).toMatchObject({ payer_id: 'acme', billed_amount: 90, versions: 1 });
  });

  it('a version submitted after the as-of date does not exist yet', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'A', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
    g.claims837([{ claim: 'A', submitted: '2025-05-03', freq: '8', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
    const b = await make(g, '2025-04-30');
    expect((await claim(b, 'A')).is_voided).toBe(false);
  });
});

describe('§6.1 an 835 claim payment matches a claim of the payee clinic only', () => {
  const TWO_CLINICS_ONE_TIN = [
    { clinic_id: 'A3', clinic_name: 'Annex', billing_npi: '3000000003', tin: '123456789', timezone: 'America/New_York' },
    { clinic_id: 'C1', clinic_name: 'Clinic One', billing_npi: '1000000001', tin: '123456789', timezone: 'America/New_York' },
  ];
  const line = [{ cpt: '97110', charge: 100, date: '2025-03-03' }];
  const paid = (claim: string, amount: number) => ({ claim, status: '1', charge: 100, paid: amount, adj: [{ group: 'CO', carc: '45', amount: 100 - amount }] });
  const unmatched = (b: Built) => b.q(`select key from marts.data_quality where "check" = 'unmatched_remits' order by key`);

  it('a payee named by a TIN two clinics share: a CLP01 that only one of them billed matches it; one both billed matches neither', async () => {
    const g = new Given().ehr('payers', PAYERS).ehr('clinics', TWO_CLINICS_ONE_TIN);
    g.claims837([{ claim: 'X100', submitted: '2025-03-04', lines: line }, { claim: 'W1', submitted: '2025-03-04', lines: line }]);
    g.claims837([{ claim: 'X100', npi: '3000000003', submitted: '2025-03-04', lines: line }, { claim: 'Q1', npi: '3000000003', submitted: '2025-03-04', lines: line }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', payeeNpi: null, payeeTin: '123456789',
      claims: [paid('X100', 70), paid('Q1', 60), paid('W1', 50)] });
    const b = await make(g, '2025-03-31');
    const rows = await b.q(`select clinic_id, claim_id, paid_amount from marts.claims order by clinic_id, claim_id`);
    // Q1 is A3's only, W1 is C1's only; X100 was billed by both clinics, so the payment cannot be placed.
    expect(rows).toEqual([
      { clinic_id: 'A3', claim_id: 'Q1', paid_amount: 60 }, { clinic_id: 'A3', claim_id: 'X100', paid_amount: 0 },
      { clinic_id: 'C1', claim_id: 'W1', paid_amount: 50 }, { clinic_id: 'C1', claim_id: 'X100', paid_amount: 0 },
    ]);
    expect(await unmatched(b)).toEqual([{ key: 'X100' }]);
  });

  it('a TIN the EHR export writes 12-3456789 matches the 835 payee\'s FI 123456789 (X12 TINs are 9 digits)', async () => {
    const g = new Given().ehr('payers', PAYERS)
      .ehr('clinics', [{ clinic_id: 'C1', clinic_name: 'Clinic One', billing_npi: '1000000001', tin: ' 12-3456789', timezone: 'America/New_York' }]);
    g.claims837([{ claim: 'D100', submitted: '2025-03-04', lines: line }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', payeeNpi: null, payeeTin: '123456789', claims: [paid('D100', 70)] });
    const b = await make(g, '2025-03-31');
    // Matched through the clinic's TIN: paid 70, nothing unmatched.
    expect((await claim(b, 'D100')).paid_amount).toBe(70);
    expect(await unmatched(b)).toEqual([]);
  });

  it('an 835 payee TIN sent with a dash (12-3456789, not X12-conformant) still finds the clinic 123456789', async () => {
    const g = new Given().ehr('payers', PAYERS)
      .ehr('clinics', [{ clinic_id: 'C1', clinic_name: 'Clinic One', billing_npi: '1000000001', tin: '123456789', timezone: 'America/New_York' }]);
    g.claims837([{ claim: 'D200', submitted: '2025-03-04', lines: line }]);
    g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-03-20', payeeNpi: null, payeeTin: '12-3456789', claims: [paid('D200', 65)] });
    const b = await make(g, '2025-03-31');
    expect((await claim(b, 'D200')).paid_amount).toBe(65);
    expect(await unmatched(b)).toEqual([]);
  });

  it('a payee named by a TIN no clinic row states (clinics.tin left out) finds the clinic whose 837s carry that tax id', async () => {
    // The clinics export has no tin column; C1's 837s send REF*EI 123456789.
    const g = new Given().ehr('payers', PAYERS)
      .ehr('clinics', [{ clinic_id: 'C1', clinic_name: 'Clinic One', billing_npi: '1000000001', timezone: 'America/New_York' }]);
    g.claims837([{ claim: 'E100', tin: '123456789', submitted: '2025-03-04', lines: line }]);
    g.claims837([{ claim: 'E200', npi: '3000000003', tin: '987654321', submitted: '2025-03-04', lines: line }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', payeeNpi: null, payeeTin: '123456789', claims: [paid('E100', 70), paid('E200', 60)] });
    const b = await make(g, '2025-03-31');
    // E100 is C1's (its 837 carries the payee's TIN): paid 70. E200 was billed under another TIN: not this payee's.
    expect((await claim(b, 'E100')).paid_amount).toBe(70);
    expect(await unmatched(b)).toEqual([{ key: 'E200' }]);
  });

  it('a CLP01 the payer upper-cased matches the one claim whose CLM01 differs only in case; an exact match comes first', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'k3abc', submitted: '2025-03-04', lines: line }, { claim: 'ab1', submitted: '2025-03-04', lines: line },
      { claim: 'AB1', submitted: '2025-03-04', lines: line }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [paid('K3ABC', 70), paid('AB1', 60), paid('Ab1', 50)] });
    g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-03-25', claims: [{ ...paid('K3ABC', -70), status: '22', charge: -100,
      adj: [{ group: 'CO', carc: '45', amount: -30 }] }] });
    const b = await make(g, '2025-03-31');
    // K3ABC → k3abc (paid 70, then reversed: 0, and the reversal has its original); AB1 → AB1 exactly (60);
    // Ab1 matches ab1 and AB1 alike: ambiguous, unmatched.
    expect(await b.q(`select claim_id, paid_amount, is_adjudicated from marts.claims order by claim_id`)).toEqual([
      { claim_id: 'AB1', paid_amount: 60, is_adjudicated: true }, { claim_id: 'ab1', paid_amount: 0, is_adjudicated: false },
      { claim_id: 'k3abc', paid_amount: 0, is_adjudicated: true },
    ]);
    expect(await unmatched(b)).toEqual([{ key: 'Ab1' }]);
    expect(await b.q(`select key from marts.data_quality where "check" = 'reversal_without_original'`)).toEqual([]);
  });

  it('a payee NPI the warehouse does not know matches no claim, even a claim id only one clinic has', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'Y100', submitted: '2025-03-04', lines: line }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', payeeNpi: '1999999999', claims: [paid('Y100', 60)] });
    const b = await make(g, '2025-03-31');
    expect((await claim(b, 'Y100')).paid_amount).toBe(0);
    expect(await unmatched(b)).toEqual([{ key: 'Y100' }]);
  });

  it('claims of a billing NPI missing from clinics.csv (clinic unknown:<npi>) match the 835s paying that NPI', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.claims837([{ claim: 'U1', npi: '4000000004', submitted: '2025-03-04', lines: line }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', payeeNpi: '4000000004', claims: [paid('U1', 60)] });
    const b = await make(g, '2025-03-31');
    expect(await claim(b, 'U1')).toMatchObject({ clinic_id: 'unknown:4000000004', paid_amount: 60 });
    expect(await unmatched(b)).toEqual([]);
  });
});

describe('§6.1 sites that bill under one group NPI', () => {
  // Two sites of a group bill under one NPI and TIN; each visit names the claim it was billed on.
  const SITES = [
    { clinic_id: 'EAST', clinic_name: 'East', billing_npi: '1000000001', tin: '123456789', timezone: 'America/New_York' },
    { clinic_id: 'WEST', clinic_name: 'West', billing_npi: '1000000001', tin: '123456789', timezone: 'America/New_York' },
  ];
  const visit = (id: string, clinic: string, claimId: string) => ({
    visit_id: id, clinic_id: clinic, patient_key: `p_${id}`, provider_npi: '2000000001', visit_date: '2025-03-03',
    visit_type: 'treatment', status: 'completed', payer_id: 'acme', claim_id: claimId,
  });
  const line = [{ cpt: '97110', charge: 100, date: '2025-03-03' }];

  it('a claim belongs to the site whose visit names it; the 835 and 277CA follow it', async () => {
    const g = new Given().ehr('payers', PAYERS).ehr('clinics', SITES);
    g.ehr('visits', [visit('e1', 'EAST', 'E1'), visit('w1', 'WEST', 'W1')]);
    g.claims837([{ claim: 'E1', submitted: '2025-03-04', lines: line }, { claim: 'W1', submitted: '2025-03-05', lines: line },
      { claim: 'N1', submitted: '2025-03-05', lines: line }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      { claim: 'E1', status: '1', charge: 100, paid: 70, adj: [{ group: 'CO', carc: '45', amount: 30 }] },
      { claim: 'W1', status: '1', charge: 100, paid: 60, adj: [{ group: 'CO', carc: '45', amount: 40 }] }] });
    g.acks277([{ claim: 'W1', category: 'A2', date: '2025-03-06' }]);
    const b = await make(g, '2025-03-31');
    // E1 and W1 go to the site of their visit; N1, named by no visit, to the first site sharing the NPI (as before).
    expect(await b.q(`select clinic_id, claim_id, paid_amount, last_ack_outcome from marts.claims order by claim_id`)).toEqual([
      { clinic_id: 'EAST', claim_id: 'E1', paid_amount: 70, last_ack_outcome: null },
      { clinic_id: 'EAST', claim_id: 'N1', paid_amount: 0, last_ack_outcome: null },
      { clinic_id: 'WEST', claim_id: 'W1', paid_amount: 60, last_ack_outcome: 'accepted' },
    ]);
    // No site shows the other's visit as unbilled, nor a claim without a visit but N1.
    expect(await b.q(`select "check", key from marts.data_quality where "check" in ('insurance_visits_without_claim', 'claims_without_visit', 'unmatched_remits') order by 1, 2`))
      .toEqual([{ check: 'claims_without_visit', key: 'EAST/N1' }]);
  });

  it('a claim named by visits at both sites is billed once: no site shows its visit as unbilled', async () => {
    const g = new Given().ehr('payers', PAYERS).ehr('clinics', SITES);
    // B1 covers a visit at each site (03-03 East, 03-04 West); X1 is named by a West visit and never billed.
    g.ehr('visits', [visit('e2', 'EAST', 'B1'), { ...visit('w2', 'WEST', 'B1'), visit_date: '2025-03-04' },
      { ...visit('w3', 'WEST', 'X1'), visit_date: '2025-03-04' }]);
    g.ehr('payments', [{ payment_id: 'c1', source: 'patient', amount: 15, received_on: '2025-03-04', posted_on: '2025-03-04',
      method: 'card', visit_id: 'w2' }]);
    g.claims837([{ claim: 'B1', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' },
      { cpt: '97140', charge: 80, date: '2025-03-04' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [
      { claim: 'B1', status: '1', charge: 180, paid: 120, adj: [{ group: 'CO', carc: '45', amount: 30 }, { group: 'PR', carc: '3', amount: 30 }] }] });
    const b = await make(g, '2025-03-31');
    // B1 goes to the first naming site by clinic_id (EAST) and counts both completed visits; the West copay of 15
    // (named by visit w2) pays B1: patient balance 30 − 15 = 15.
    expect(await b.q(`select clinic_id, claim_id, completed_visits, paid_amount, patient_balance from marts.claims`)).toEqual([
      { clinic_id: 'EAST', claim_id: 'B1', completed_visits: 2, paid_amount: 120, patient_balance: 15 },
    ]);
    // Only w3 (X1, never billed) is unbilled; both B1 visits have a claim.
    expect(await b.q(`select visit_id from marts.unbilled_visits order by 1`)).toEqual([{ visit_id: 'w3' }]);
    expect(await b.q(`select "check", key from marts.data_quality where "check" in ('insurance_visits_without_claim', 'claims_without_visit') order by 1, 2`))
      .toEqual([{ check: 'insurance_visits_without_claim', key: 'w3' }]);
    // Each visit is valued by B1's line on its own date (no fee schedule: the charge): East 100, West 80.
    expect(await b.q(`select visit_id, expected_amount from marts.auth_visits order by 1`)).toEqual([
      { visit_id: 'e2', expected_amount: 100 }, { visit_id: 'w2', expected_amount: 80 }, { visit_id: 'w3', expected_amount: 0 },
    ]);
  });

  it('only a completed visit places a claim: one cancelled at East does not pull the West claim there', async () => {
    const g = new Given().ehr('payers', PAYERS).ehr('clinics', SITES);
    // L2 is named by a cancelled East visit (rebooked) and the completed West visit it was billed for.
    g.ehr('visits', [{ ...visit('e3', 'EAST', 'L2'), status: 'cancelled' }, visit('w4', 'WEST', 'L2')]);
    g.claims837([{ claim: 'L2', submitted: '2025-03-04', lines: line }]);
    const b = await make(g, '2025-03-31');
    expect(await b.q(`select clinic_id, completed_visits from marts.claims`)).toEqual([{ clinic_id: 'WEST', completed_visits: 1 }]);
    expect(await b.q(`select clinic_id, claims from marts.submission_lag where period_grain = 'all' order by 1`)).toEqual([
      { clinic_id: '*', claims: 1 }, { clinic_id: 'WEST', claims: 1 },
    ]);
  });
});
