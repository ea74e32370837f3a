/**
 * X12 files that must load (checklist rows 2, 3, 5–9, 16), 835 balancing findings and strictBalancing (rows 17–20),
 * idempotency and re-sent 835s (rows 21–23), and the PHI scan of every raw VARCHAR column and the ledger.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { Pseudonymizer } from '../../src/pseudonym.ts';
import { inInterchangeOrder, Ingestor, listInputs } from '../../pipelines/ingest.ts';
import { tempWarehouse, TEST_KEY, writeFixture, type TempWarehouse } from '../helpers/warehouse.ts';
import { bill837, claim835, file835, file837, GUIDE_835, line835, remit835, render, type Delims } from './builder.ts';
import { dataCounts, fixture, FIXTURES, ingestText, rows } from './helpers.ts';

const balanced = (trn02: string, amount = '80') =>
  remit835({
    amount,
    trn02,
    claims: [claim835('PCN1*1*100*80**12*PAYER1', { lines: [line835('HC:97110:GP*100*80**1', { cas: ['CAS*CO*45*20*1'] })] })],
  });

describe('X12 files that load', () => {
  let tw: TempWarehouse;
  beforeAll(async () => {
    tw = tempWarehouse();
    await tw.withRw(async () => undefined);
  });
  afterAll(() => tw.cleanup());

  const variants: [string, Partial<Delims>, (t: string) => string][] = [
    ['tilde_no_newlines', { newline: '' }, (t) => t],
    ['tilde_lf', { newline: '\n' }, (t) => t],
    ['tilde_crlf', { newline: '\r\n' }, (t) => t],
    ['newline_terminator', { terminator: '\n', newline: '' }, (t) => t],
    ['pipe_caret_gt', { element: '|', component: '>', repetition: '^' }, (t) => t],
    ['control_char_delimiters', { element: '\x1d', component: '\x1f', repetition: '\x1e', terminator: '\x1c', newline: '' }, (t) => t],
    ['bom_blank_lines_indent', { newline: '\n' }, (t) => '\xef\xbb\xbf' + t.replace(/\n(?!$)/g, '\n\n   ')],
    ['spaces_before_terminator', { newline: '\n' }, (t) => t.replace(/(?<=~[^]*)~/g, '  ~')],
  ];

  it.each(variants)('%s: loads with identical rows (checklist 3, 5, 6, 7)', async (name, d, f) => {
    const trn = `VAR-${name}`;
    const r = await ingestText(tw, `${name}.edi`, f(render(file835(balanced(trn)), d)));
    expect(r.status, r.reason).toBe('loaded');
    const got = await rows(tw, `SELECT c.clp01, c.clp04, l.procedure_code, l.modifier_1, a.reason_code, a.quantity FROM raw.x12_835_remittances m
      JOIN raw.x12_835_claims c USING (file_sha256, set_index) JOIN raw.x12_835_lines l ON l.file_sha256 = c.file_sha256 AND l.claim_seg_ordinal = c.seg_ordinal
      JOIN raw.x12_835_adjustments a ON a.file_sha256 = l.file_sha256 AND a.line_seg_ordinal = l.seg_ordinal WHERE m.trace_number = '${trn}'`);
    expect(got).toEqual([{ clp01: 'PCN1', clp04: 80, procedure_code: '97110', modifier_1: 'GP', reason_code: '45', quantity: 1 }]);
  });

  it('loads an unpadded 72-character ISA with a warning (checklist 2)', async () => {
    const text = render(file835(balanced('SHORTISA'))).replace(/^ISA[^~]*~/, 'ISA*00**00**ZZ*SUB*ZZ*RCV*250301*1200*^*00501*000000001*0*T*:~');
    const r = await ingestText(tw, 'unpadded_isa.edi', text);
    expect(r.status, r.reason).toBe('loaded');
    const [f] = await rows(tw, `SELECT check_name, severity, message FROM raw.load_findings WHERE file_sha256 = '${r.sha256}'`);
    expect(f).toMatchObject({ check_name: 'isa_not_fixed_length', severity: 'warn' });
    expect(String(f!.message)).toMatch(/ISA is 62 characters, not the fixed 106/);
  });

  it('loads several ISA / GS / ST in one file, keyed by set; HL ids may repeat across sets (checklist 8)', async () => {
    const ic = (isa13: string, t1: string, t2: string) => ({
      isa13,
      groups: [{ gs01: 'HP', gs08: GUIDE_835, sets: [{ st01: '835', guide: GUIDE_835, body: balanced(t1) }, { st01: '835', guide: GUIDE_835, body: balanced(t2) }] }],
    });
    const r = await ingestText(tw, 'multi_isa.edi', render([ic('11', 'M1', 'M2'), ic('12', 'M3', 'M4')]));
    expect(r.status, r.reason).toBe('loaded');
    const s = await rows(tw, `SELECT set_index, isa13, gs06, st02 FROM raw.x12_sets WHERE file_sha256 = '${r.sha256}' ORDER BY set_index`);
    expect(s.map((x) => [x.set_index, x.isa13, x.st02])).toEqual([[0, '000000011', '0001'], [1, '000000011', '0002'], [2, '000000012', '0001'], [3, '000000012', '0002']]);
    const [f] = await rows(tw, `SELECT business_key, kind FROM raw.files WHERE sha256 = '${r.sha256}'`);
    expect(f).toEqual({ business_key: 'ACME01|M1,ACME01|M2,ACME01|M3,ACME01|M4', kind: 'x12_835' });
  });

  it('tolerates empty elements past the standard\'s last one (a stray separator), and the values stay the same', async () => {
    // REF has 4 data elements and CLP 14: REF*TJ*…*** and a CLP with empty CLP15–CLP16 carry no value past the end.
    const body = balanced('TRAILSEP').map((s) => (s.startsWith('REF*TJ') ? `${s}*****` : s.startsWith('CLP') ? `${s}*****************` : s));
    expect(body.find((s) => s.startsWith('CLP'))!.split('*').length - 1).toBeGreaterThan(14);
    const r = await ingestText(tw, 'trailing_separators.edi', render(file835(body)));
    expect(r.status, r.reason).toBe('loaded');
    const got = await rows(tw, `SELECT c.clp01, c.clp04 FROM raw.x12_835_claims c WHERE c.file_sha256 = '${r.sha256}'`);
    expect(got).toEqual([{ clp01: 'PCN1', clp04: 80 }]);
  });

  it('loads a patient named ISAAC whose data contains "ISA" (checklist 9)', async () => {
    const body = balanced('ISADATA').map((s) => (s.startsWith('NM1*QC') ? 'NM1*QC*1*CANARYPHI*ISAAC****MI*ISA0000001' : s));
    const r = await ingestText(tw, 'isa_inside_data.edi', render(file835(body)));
    expect(r.status, r.reason).toBe('loaded');
  });

  it('loads sparse remits: no CAS, no SVC, no PLB, zero pay, BPR01 = H (checklist 16)', async () => {
    const body = remit835({ handling: 'H', amount: '0', method: 'NON', trn02: 'SPARSE', claims: [claim835('PCN9*1*50*0*50*12*PAYER9', { cas: ['CAS*PR*1*50'] }), claim835('PCN8*1*20*20**12*PAYER8')] });
    const r = await ingestText(tw, 'sparse.edi', render(file835(body)));
    expect(r.status, r.reason).toBe('loaded');
    expect(await rows(tw, `SELECT count(*)::INTEGER AS n FROM raw.load_findings WHERE file_sha256 = '${r.sha256}'`)).toEqual([{ n: 1 }]);
    // Σ CLP04 (20) − Σ PLB (0) ≠ BPR02 (0): a transaction balancing finding; B-T′ (H ⇒ 0) is satisfied
    expect((await rows(tw, `SELECT check_name FROM raw.load_findings WHERE file_sha256 = '${r.sha256}'`))[0]).toEqual({ check_name: 'balance_transaction' });
  });

  it('a negative BPR02 is a B-T′ finding, even when the claims net to it', async () => {
    // A claim reversed (−80, CO-45 −20) and corrected (60, PR-1 40): Σ CLP04 = −20 = BPR02, so B-T holds, but BPR02
    // may not be negative.
    const body = remit835({ amount: '-20', trn02: 'NEGBPR', claims: [claim835('PCNN*22*-100*-80**12*PAYERN', { cas: ['CAS*CO*45*-20'] }), claim835('PCNN*1*100*60*40*12*PAYERN', { cas: ['CAS*PR*1*40'] })] });
    const r = await ingestText(tw, 'negative_bpr.edi', render(file835(body)));
    expect(r.status, r.reason).toBe('loaded');
    expect(await rows(tw, `SELECT check_name, severity, message FROM raw.load_findings WHERE file_sha256 = '${r.sha256}'`)).toEqual([
      { check_name: 'bpr_negative', severity: 'error', message: 'B-T′ failed: BPR02 = -20.00 is negative; a negative net is carried forward with PLB FB' },
    ]);
  });

  it('writes balancing findings for an out-of-balance 835 and still loads it (rows 17–20)', async () => {
    const body = remit835({
      handling: 'H',
      amount: '70',
      trn02: 'OOB',
      claims: [
        // B-S: 100 − 20 ≠ 75; B-C: 300 − 20 − 50 ≠ 100 ... built so every rule fires once
        claim835('PCNB*1*300*100*30*12*PAYERB', { cas: ['CAS*CO*45*50'], lines: [line835('HC:97110*100*75**1', { cas: ['CAS*CO*45*20'] })], extra: ['AMT*I*4.00'] }),
      ],
      plb: ['PLB*1234567893*20251231*L6*-3.00'],
    });
    const r = await ingestText(tw, 'out_of_balance.edi', render(file835(body)));
    expect(r.status, r.reason).toBe('loaded');
    const f = await rows(tw, `SELECT check_name, severity, entity, key, message FROM raw.load_findings WHERE file_sha256 = '${r.sha256}' ORDER BY check_name`);
    expect(f.map((x) => [x.check_name, x.severity, x.key])).toEqual([
      ['balance_claim', 'error', 'PCNB'],
      ['balance_service_line', 'error', expect.stringMatching(/^PCNB#\d+$/)],
      ['balance_transaction', 'error', 'OOB'],
      ['bpr_notification_amount', 'error', 'OOB'],
      ['patient_responsibility', 'warn', 'PCNB'],
      ['plb_interest', 'warn', 'OOB'],
    ]);
    expect(f[0]!.message).toBe('B-C failed: CLP03 − CAS = 230.00 but CLP04 = 100.00, diff 130.00 (claim PCNB)');
    expect(f[1]!.message).toMatch(/^B-S failed: SVC02 − CAS = 80.00 but SVC03 = 75.00, diff 5.00/);
    expect(f[2]!.message).toBe('B-T failed: Σ CLP04 − Σ PLB = 103.00 but BPR02 = 70.00, diff 33.00');
    expect(await rows(tw, `SELECT clp04 FROM raw.x12_835_claims WHERE file_sha256 = '${r.sha256}'`)).toEqual([{ clp04: 100 }]);
  });

  it('quarantines the same out-of-balance 835 under strictBalancing (rows 17–19)', async () => {
    const strict = tempWarehouse({ strictBalancing: true });
    try {
      const body = remit835({ amount: '80', trn02: 'STRICT', claims: [claim835('PCNS*1*100*80**12*P', { lines: [line835('HC:97110*100*75**1', { cas: ['CAS*CO*45*20'] })] })] });
      const text = render(file835(body));
      const r = await ingestText(strict, 'strict.edi', text);
      expect(r.status).toBe('quarantined');
      expect(r.code).toBe('BALANCE-B-S');
      expect(r.reason).toMatch(/B-S failed: SVC02 − CAS = 80.00 but SVC03 = 75.00, diff 5.00 .*\(strictBalancing\)/);
      expect((await dataCounts(strict))['raw.x12_835_claims']).toBe(0);
      // The position is the SVC's own byte offset, not the SE's where the check ran.
      const [pos] = await strict.query(`SELECT byte_offset FROM raw.files WHERE sha256 = '${r.sha256}'`);
      expect(pos).toEqual({ byte_offset: text.indexOf('SVC*') });
      // A claim that does not balance (CLP03 100 − CAS 0 ≠ CLP04 90) points at its CLP; the transaction at its BPR.
      const claimText = render(file835(remit835({ amount: '90', trn02: 'STRICT2', claims: [claim835('PCNC*1*100*90**12*P')] })));
      const c = await ingestText(strict, 'strict_claim.edi', claimText);
      expect([c.status, c.code]).toEqual(['quarantined', 'BALANCE-B-C']);
      const txText = render(file835(remit835({ amount: '95', trn02: 'STRICT3', claims: [claim835('PCNT*1*100*90**12*P', { cas: ['CAS*CO*45*10'] })] })));
      const t = await ingestText(strict, 'strict_tx.edi', txText);
      expect([t.status, t.code]).toEqual(['quarantined', 'BALANCE-B-T']);
      expect(await strict.query(`SELECT file_name, byte_offset FROM raw.files WHERE sha256 IN ('${c.sha256}', '${t.sha256}') ORDER BY file_name`)).toEqual([
        { file_name: 'strict_claim.edi', byte_offset: claimText.indexOf('CLP*') },
        { file_name: 'strict_tx.edi', byte_offset: txText.indexOf('BPR*') },
      ]);
    } finally {
      strict.cleanup();
    }
  });

  it('a re-send of an out-of-balance 835 is a duplicate under strictBalancing too, not a quarantine (rows 19, 22)', async () => {
    // The original loaded while strictBalancing was off (with its B-S error finding); the clinic then turns it on and
    // the payer re-sends the same payment (same TRN02 and BPR02, new ISA13). Nothing of a re-send is loaded, so there is
    // nothing to refuse: it is recorded as a duplicate like any other re-send.
    const lax = tempWarehouse();
    try {
      const body = remit835({ amount: '80', trn02: 'RESEND-OOB', claims: [claim835('PCNR*1*100*80**12*P', { lines: [line835('HC:97110*100*75**1', { cas: ['CAS*CO*45*20'] })] })] });
      const first = await ingestText(lax, 'oob.edi', render(file835(body, { isa13: '11' })));
      expect(first.status, first.reason).toBe('loaded');
      const strict = { ...lax, config: parseConfig({ strictBalancing: true }) };
      strict.ingest = (inputs) => lax.withRw((wh) =>
        new Ingestor(wh, { config: strict.config, paths: lax.paths, pseudonymizer: new Pseudonymizer(TEST_KEY) }).ingestAll(inputs));
      const again = await ingestText(strict, 'oob_resent.edi', render(file835(body, { isa13: '12' })));
      expect([again.status, again.reason]).toEqual(['duplicate', expect.stringMatching(/re-sent/)]);
      expect((await dataCounts(lax))['raw.x12_835_claims']).toBe(1);
    } finally {
      lax.cleanup();
    }
  });

  it('a payer may give two payees the same TRN02: both payments load; a re-send that adds REF*2U is still a re-send (rows 22–23)', async () => {
    const payment = (payeeNpi: string, extra: { ref2u?: string } = {}) =>
      remit835({ amount: '80', trn02: 'SHARED-TRN', payeeNpi, ...extra, claims: [claim835('PCNP*1*100*80**12*PAYERP', { lines: [line835('HC:97110:GP*100*80**1', { cas: ['CAS*CO*45*20*1'] })] })] });
    const a = await ingestText(tw, 'payee_a.edi', render(file835(payment('1234567893'), { isa13: '301' })));
    const b = await ingestText(tw, 'payee_b.edi', render(file835(payment('1245319599'), { isa13: '302' })));
    expect([a.status, b.status], `${a.reason} / ${b.reason}`).toEqual(['loaded', 'loaded']);
    // Payee A's payment again (new ISA13), now with the payer's REF*2U: the same payer (TRN03), payee and TRN02.
    const again = await ingestText(tw, 'payee_a_resent.edi', render(file835(payment('1234567893', { ref2u: 'ACME01' }), { isa13: '303' })));
    expect([again.status, again.code]).toEqual(['duplicate', 'DUP_TRN']);
    const paid = await rows(tw, `SELECT payee_npi, sum(c.clp04)::DOUBLE AS paid FROM raw.x12_835_claims c JOIN raw.x12_835_remittances r USING (file_sha256, set_index)
      WHERE r.trace_number = 'SHARED-TRN' GROUP BY payee_npi ORDER BY payee_npi`);
    expect(paid).toEqual([{ payee_npi: '1234567893', paid: 80 }, { payee_npi: '1245319599', paid: 80 }]);
  });

  it('reads control numbers and counts as numbers: GS06 0001 = GE02 1, GE01 / IEA01 / SE01 with leading zeros', async () => {
    const text = render(file835(balanced('ZEROS'), { isa13: '401' }))
      .replace('*1200*1*X*005010X221A1', '*1200*0001*X*005010X221A1')
      .replace(/SE\*(\d+)\*0001/, 'SE*0$1*0001')
      .replace('GE*1*1', 'GE*01*1')
      .replace('IEA*1*', 'IEA*01*');
    expect(text).toMatch(/GS\*HP\*.*\*0001\*X\*.*GE\*01\*1~.*IEA\*01\*/s);
    const r = await ingestText(tw, 'leading_zeros.edi', text);
    expect(r.status, r.reason).toBe('loaded');
  });

  it('balances a debit (BPR03 D: a net takeback) against −BPR02, and skips a payment-only BPR01 D', async () => {
    // The only claim is a reversal: Σ CLP04 = −80, sent as BPR02 80 with BPR03 D.
    const debit = remit835({ amount: '80', trn02: 'DEBIT1', claims: [claim835('PCND*22*-100*-80**12*PAYERD', { cas: ['CAS*CO*45*-20'] })] })
      .map((x) => (x.startsWith('BPR*') ? x.replace(/^BPR\*I\*80\*C\*/, 'BPR*I*80*D*') : x));
    expect(debit[0]).toMatch(/^BPR\*I\*80\*D\*/);
    const d = await ingestText(tw, 'debit.edi', render(file835(debit)));
    expect(d.status, d.reason).toBe('loaded');
    // Payment only, no remittance detail.
    const paymentOnly = remit835({ handling: 'D', amount: '180', trn02: 'PAYONLY1', claims: [] });
    const p = await ingestText(tw, 'payment_only.edi', render(file835(paymentOnly)));
    expect(p.status, p.reason).toBe('loaded');
    expect(await rows(tw, `SELECT check_name FROM raw.load_findings WHERE file_sha256 IN ('${d.sha256}', '${p.sha256}')`)).toEqual([]);
    // BPR01 D with the detail sent anyway: it must balance like any other (Σ CLP04 80 ≠ BPR02 95).
    const withDetail = remit835({ handling: 'D', amount: '95', trn02: 'PAYONLY2', claims: [claim835('PCND2*1*100*80**12*PAYERD2', { cas: ['CAS*CO*45*20'] })] });
    const w = await ingestText(tw, 'payment_only_detail.edi', render(file835(withDetail)));
    expect(w.status, w.reason).toBe('loaded');
    expect(await rows(tw, `SELECT check_name, message FROM raw.load_findings WHERE file_sha256 = '${w.sha256}'`)).toEqual([
      { check_name: 'balance_transaction', message: 'B-T failed: Σ CLP04 − Σ PLB = 80.00 but BPR02 = 95.00, diff -15.00' },
    ]);
  });

  it('loads a payer with several technical contacts (PER*BL repeats in 1000A)', async () => {
    const body = balanced('PERBL').flatMap((x) => (x.startsWith('PER*BL') ? ['PER*CX*CLAIMS*TE*8005550000', x, 'PER*BL*EDI DESK 2*EM*EDI@EXAMPLE.COM', 'PER*IC*WEB*UR*EXAMPLE.COM'] : [x]));
    const r = await ingestText(tw, 'per_bl_twice.edi', render(file835(body)));
    expect(r.status, r.reason).toBe('loaded');
  });

  it('loads a 277CA whose billing-provider STC (2200C) has no date: STC02 is not used there', async () => {
    const text = fixture('277ca/accepted_and_rejected_claims.edi').replace(/(TRN\*1\*BILL1~\s*)STC\*A1:19:PR\*20250212\*WQ\*300/, '$1STC*A1:19:PR**WQ*300');
    expect(text).toContain('STC*A1:19:PR**WQ*300');
    const r = await ingestText(tw, 'stc_2200c_no_date.edi', text);
    expect(r.status, r.reason).toBe('loaded');
  });

  it('tells two dependents of one subscriber apart in member_key (their name and birth date are hashed in, never stored)', async () => {
    const dependent = (clm01: string, isa13: string, first = 'JUNIOR', dob = '20100101') =>
      render(file837(bill837({ dependent: true, memberId: 'ZCMFAMILY01', claims: [{ clm01, charge: '100', lines: [{ sv1: 'HC:97110*100*UN*1' }] }] })
        .map((x) => (x === 'NM1*QC*1*CANARYPHI*JUNIOR' ? `NM1*QC*1*CANARYPHI*${first}` : x === 'DMG*D8*20100101*M' ? `DMG*D8*${dob}*M` : x)), { isa13 }));
    const subscriber = render(file837(bill837({ memberId: 'ZCMFAMILY01', claims: [{ clm01: 'FAM-S', charge: '100', lines: [{ sv1: 'HC:97110*100*UN*1' }] }] }), { isa13: '501' }));
    for (const [name, text] of [['fam_s', subscriber], ['fam_j1', dependent('FAM-J1', '502')], ['fam_j2', dependent('FAM-J2', '503')], ['fam_k', dependent('FAM-K', '504', 'KATE', '20120303')]] as const) {
      const r = await ingestText(tw, `${name}.edi`, text);
      expect(r.status, r.reason).toBe('loaded');
    }
    const keys = Object.fromEntries((await rows(tw, `SELECT clm01, member_key FROM raw.x12_837_claims WHERE clm01 LIKE 'FAM-%'`)).map((r) => [r.clm01, r.member_key]));
    expect(keys['FAM-J1']).toBe(keys['FAM-J2']); // the same child on two claims
    expect(new Set([keys['FAM-S'], keys['FAM-J1'], keys['FAM-K']]).size).toBe(3); // subscriber, child, sibling: three patients
  });

  // The builder writes TRN03 1512345678 for every payer: only the plan's id tells two plans of one company apart,
  // N1*PR N104 or, when N104 is left out (as most 5010 payers do), REF*2U.
  it.each([
    { name: 'different N1*PR N104', trn: 'PLAN-TRN', plans: ['PLANA1', 'PLANB2', 'PLANC3'], resent: 'PLANA1', isa: 311, column: 'payer_id',
      id: (plan: string) => ({ payerId: plan }) },
    { name: 'no N104, different REF*2U', trn: 'REF2U-TRN', plans: ['PLANR1', 'PLANR2', 'PLANR3'], resent: 'PLANR2', isa: 321, column: 'payer_key',
      id: (plan: string) => ({ payerId: '', ref2u: plan }) },
  ])('two health plans of one company (same TRN03, $name) may use the same TRN02: both load; a re-send is still a re-send (rows 22–23)', async (c) => {
    const payment = (plan: string, amount: string) =>
      remit835({ amount, trn02: c.trn, ...c.id(plan), payeeNpi: '1234567893', claims: [claim835(`P${plan}*1*100*${amount}**12*PAYERP`, { lines: [line835(`HC:97110:GP*100*${amount}**1`, { cas: [`CAS*CO*45*${100 - Number(amount)}*1`] })] })] });
    const [p1, p2, p3] = c.plans as [string, string, string];
    const a = await ingestText(tw, `${p1}.edi`, render(file835(payment(p1, '80'), { isa13: String(c.isa) })));
    // Another plan, the same amount: not a re-send of plan 1's payment (with the N104-only key it was: 0 rows).
    const same = await ingestText(tw, `${p2}_same_amount.edi`, render(file835(payment(p2, '80'), { isa13: String(c.isa + 1) })));
    // Another plan, another amount: not a DUP_TRN_CONFLICT.
    const other = await ingestText(tw, `${p3}_other_amount.edi`, render(file835(payment(p3, '70'), { isa13: String(c.isa + 2) })));
    expect([a.status, same.status, other.status], `${same.reason} / ${other.reason}`).toEqual(['loaded', 'loaded', 'loaded']);
    // A plan's payment re-sent with new envelope numbers: still a re-send.
    const again = await ingestText(tw, `${c.resent}_resent.edi`, render(file835(payment(c.resent, '80'), { isa13: String(c.isa + 3) })));
    expect([again.status, again.code]).toEqual(['duplicate', 'DUP_TRN']);
    const paid = await rows(tw, `SELECT r.${c.column} AS plan, sum(c.clp04)::DOUBLE AS paid FROM raw.x12_835_claims c JOIN raw.x12_835_remittances r USING (file_sha256, set_index)
      WHERE r.trace_number = '${c.trn}' GROUP BY ALL ORDER BY 1`);
    expect(paid).toEqual([{ plan: p1, paid: 80 }, { plan: p2, paid: 80 }, { plan: p3, paid: 70 }]);
  });

  it('loads a service line with zero units and warns about it: unit counts must be greater than zero (domain-reference §2)', async () => {
    const text = render(file837(bill837({ claims: [{ clm01: 'UNITS0', charge: '200', lines: [{ sv1: 'HC:97110*100*UN*1' }, { sv1: 'HC:97140*100*UN*0' }] }] }), { isa13: '601' }));
    const r = await ingestText(tw, 'units_zero.edi', text);
    expect(r.status, r.reason).toBe('loaded');
    // The SV1's ordinal in its set (ST = 1).
    const segs = text.split('\n');
    const ord = segs.slice(segs.findIndex((x) => x.startsWith('ST*'))).findIndex((x) => x.startsWith('SV1*HC:97140')) + 1;
    expect(await rows(tw, `SELECT check_name, severity, entity, key, message, seg_ordinal FROM raw.load_findings WHERE file_sha256 = '${r.sha256}'`)).toEqual([
      { check_name: 'service_line_units', severity: 'warn', entity: 'claim', key: `UNITS0#${ord}`, message: `claim UNITS0, service line 2 (SV1 segment ${ord}): SV104 units 0; unit counts must be greater than zero`, seg_ordinal: ord },
    ]);
  });

  it('re-ingesting the fixture folder adds no rows (row 21)', async () => {
    const first = await tw.ingest([FIXTURES]);
    expect(first.every((r) => r.status === 'loaded')).toBe(true);
    const before = await tw.tableCounts();
    const again = await tw.ingest([FIXTURES]);
    expect(again.map((r) => r.status)).toEqual(first.map(() => 'duplicate'));
    expect(await tw.tableCounts()).toEqual(before);
  });

  it('an 835 re-sent with new bytes (new ISA13), same payer + TRN02 + BPR02 is a duplicate with 0 new rows (row 22)', async () => {
    const before = await tw.tableCounts();
    const r = await ingestText(tw, 'resent.edi', render(file835(balanced('SPARSE'.replace('SPARSE', 'M1')), { isa13: '777' })));
    expect(r.status).toBe('duplicate');
    expect(r.code).toBe('DUP_TRN');
    const after = await tw.tableCounts();
    expect({ ...after, 'raw.files': 0, 'marts.files': 0, 'raw.load_findings': 0 }).toEqual({ ...before, 'raw.files': 0, 'marts.files': 0, 'raw.load_findings': 0 });
    expect(await rows(tw, `SELECT count(*)::INTEGER AS n FROM raw.x12_sets WHERE file_sha256 = '${r.sha256}'`)).toEqual([{ n: 0 }]);
  });

  it('takes the copy made first as the original when both copies of a payment come in one ingest, whatever their names', async () => {
    // The payer's original (interchange of 03-14) is named 835_two.edi, its re-send (03-16) 835_resent.edi, which
    // sorts first by name. The original must load and the re-send be the duplicate: the payment's received date (GS04,
    // the posting lag's start) is the original's.
    const own = tempWarehouse();
    try {
      const body = balanced('ORDER1');
      const made = (isa09: string, gs04: string, isa13: string) =>
        render(file835(body, { isa13 })).replace('*250301*1200*', `*${isa09}*0830*`).replace('*20250301*1200*', `*${gs04}*0830*`);
      const dir = path.join(own.dir, 'drop');
      writeFixture(dir, '835_two.edi', Buffer.from(made('250314', '20250314', '31')));
      writeFixture(dir, '835_resent.edi', Buffer.from(made('250316', '20250316', '32')));
      writeFixture(dir, '0_notes.txt', Buffer.from('not X12: keeps its place\n'));
      expect(inInterchangeOrder(listInputs([dir])).map((e) => path.basename(e.file))).toEqual(['0_notes.txt', '835_two.edi', '835_resent.edi']);
      const results = await own.ingest([dir]);
      expect(results.map((r) => [path.basename(r.file), r.status])).toEqual([
        ['0_notes.txt', 'quarantined'], ['835_two.edi', 'loaded'], ['835_resent.edi', 'duplicate']]);
      expect(await rows(own, `SELECT s.gs04::VARCHAR AS gs04 FROM raw.x12_835_remittances m JOIN raw.x12_sets s USING (file_sha256, set_index)`))
        .toEqual([{ gs04: '2025-03-14' }]);
    } finally {
      own.cleanup();
    }
  });

  it('the same TRN02 with a different BPR02 is quarantined DUP_TRN_CONFLICT (row 23)', async () => {
    const before = await dataCounts(tw);
    const body = remit835({ amount: '81', trn02: 'M1', claims: [claim835('PCN1*1*100*81**12*PAYER1', { lines: [line835('HC:97110:GP*100*81**1', { cas: ['CAS*CO*45*19*1'] })] })] });
    const text = render(file835(body, { isa13: '778' }));
    const r = await ingestText(tw, 'conflict.edi', text);
    expect(r.status).toBe('quarantined');
    expect(r.code).toBe('DUP_TRN_CONFLICT');
    expect(await dataCounts(tw)).toEqual(before);
    // Positioned at the BPR that carries the conflicting amount (segment 2 of the set, after ST).
    expect(await rows(tw, `SELECT seg_ordinal, byte_offset FROM raw.files WHERE sha256 = '${r.sha256}'`)).toEqual([{ seg_ordinal: 2, byte_offset: text.indexOf('BPR*') }]);
  });

  it('stores no PHI canary in any VARCHAR column of any raw table, nor in the ledger', async () => {
    const cols = await rows(tw, `SELECT table_schema, table_name, column_name FROM information_schema.columns
      WHERE table_schema IN ('raw', 'marts') AND data_type = 'VARCHAR' AND table_name NOT LIKE 'ehr_%'`);
    expect(cols.length).toBeGreaterThan(50);
    const canaries = ['CANARYPHI', 'ZCM', 'CANARY STREET', '19700101', '20100101', 'ISAAC'];
    for (const c of cols) {
      const hits = await rows(tw, `SELECT count(*)::INTEGER AS n FROM ${c.table_schema}.${c.table_name} WHERE ${canaries.map((k) => `upper("${c.column_name}") LIKE '%${k}%'`).join(' OR ')}`);
      expect(hits[0]!.n, `${c.table_schema}.${c.table_name}.${c.column_name}`).toBe(0);
    }
  });
});

describe('x12.unwrapLines: an 837P and an 835 wrapped at 80 columns (checklist row 5, "unless explicitly enabled")', () => {
  const wrap = (t: string) => t.replace(/(.{80})/gs, '$1\r\n');
  const claim = render(file837(bill837({ claims: [{ clm01: 'WRAP1', charge: '200', lines: [{ sv1: 'HC:97110:GP*100*UN*1' }, { sv1: 'HC:97140:GP*100*UN*1' }] }] }), { isa13: '701' }), { newline: '' });
  const remit = render(file835(remit835({ amount: '80', trn02: 'WRAP-TRN', claims: [claim835('WRAP1*1*200*80**12*PAYERW', { lines: [line835('HC:97110:GP*100*80**1', { cas: ['CAS*CO*45*20*1'] }), line835('HC:97140:GP*100*0**1', { cas: ['CAS*CO*97*100*1'] })] })] }), { isa13: '702' }), { newline: '' });
  const tables = ['raw.x12_837_claims', 'raw.x12_837_lines', 'raw.x12_835_claims', 'raw.x12_835_lines', 'raw.x12_835_adjustments'];
  const snapshot = async (w: TempWarehouse) => {
    const out: Record<string, unknown[]> = {};
    for (const t of tables) out[t] = await rows(w, `SELECT * EXCLUDE (file_sha256) FROM ${t} ORDER BY ALL`);
    return out;
  };
  const made: TempWarehouse[] = [];
  afterAll(() => made.forEach((w) => w.cleanup()));

  it('are quarantined by default (IK4-6) and load with unwrapLines, giving the rows of the unwrapped files', async () => {
    const plain = tempWarehouse();
    const strict = tempWarehouse();
    const unwrap = tempWarehouse({ x12: { unwrapLines: true } });
    made.push(plain, strict, unwrap);
    for (const [name, text] of [['claim.837', claim], ['remit.835', remit]] as const) {
      expect((await ingestText(plain, name, text)).status).toBe('loaded');
      const q = await ingestText(strict, name, wrap(text));
      expect([q.status, q.code]).toEqual(['quarantined', 'IK4-6']);
      const u = await ingestText(unwrap, name, wrap(text));
      expect(u.status, u.reason).toBe('loaded');
    }
    const expected = await snapshot(plain);
    expect(expected['raw.x12_835_lines']).toHaveLength(2);
    expect(await snapshot(unwrap)).toEqual(expected);
  });
});
