/**
 * Every X12 row of the bad-input checklist that quarantines (domain-reference §4.2 rows 1, 2, 4, 5, 10–15), through
 * the real Ingestor: status, rule code, one-line message, position, and nothing loaded (data table counts unchanged).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { claim835, file835, file837, bill837, GUIDE_835, line835, remit835, render, type InterchangeDef } from './builder.ts';
import { dataCounts, ingestText } from './helpers.ts';

const remit = (over: Partial<Parameters<typeof remit835>[0]> = {}) =>
  remit835({
    amount: '80',
    trn02: 'QTRN',
    claims: [claim835('PCN1*1*100*80**12*PAYER1', { lines: [line835('HC:97110:GP*100*80**1', { cas: ['CAS*CO*45*20*1'] })] })],
    ...over,
  });
const valid835 = (): InterchangeDef => file835(remit());
const mutate = (ic: InterchangeDef, f: (text: string) => string) => f(render(ic));

interface Case {
  name: string;
  text: string;
  code: string;
  message: RegExp;
  segOrdinal?: number;
}

const cases: Case[] = [
  // row 1: not starting with ISA
  { name: 'leading_spaces_before_isa', text: '   \n' + render(valid835()), code: 'TA1-024', message: /no ISA at byte 0/ },
  { name: 'headless_st_file', text: 'ST*835*0001~BPR*I*0*C*NON************20250101~SE*3*0001~', code: 'IK5-1', message: /unsupported transaction\/version: headless/ },
  { name: 'starts_at_gs', text: render(valid835()).split('\n').slice(1).join('\n'), code: 'IK5-1', message: /headless/ },
  // row 2: bad ISA
  { name: 'isa16_missing', text: render(valid835()).replace(/\*T\*:~/, '*T~'), code: 'TA1-024', message: /ISA16|terminator/ },
  // row 4: unsupported transaction / version
  { name: 'isa12_4010', text: render({ ...valid835(), isa12: '00401' }), code: 'IK5-1', message: /unsupported transaction\/version: ISA12 interchange version 00401 \(4010\)/ },
  { name: 'gs08_4010_837', text: render({ groups: [{ gs01: 'HC', gs08: '004010X098A1', sets: [{ st01: '837', body: ['BHT*0019*00*1*20250101*1200*CH'] }] }] }), code: 'AK9-2', message: /unsupported transaction\/version: .*004010X098A1 \(4010\)/ },
  { name: 'gs08_837i', text: render({ groups: [{ gs01: 'HC', gs08: '005010X223A2', sets: [{ st01: '837', body: [] }] }] }), code: 'AK9-2', message: /837I institutional/ },
  { name: 'gs08_270', text: render({ groups: [{ gs01: 'HS', gs08: '005010X279A1', sets: [{ st01: '270', body: [] }] }] }), code: 'AK9-2', message: /270\/271 eligibility/ },
  { name: 'st01_mismatch', text: render({ groups: [{ gs01: 'HP', gs08: GUIDE_835, sets: [{ st01: '837', body: [] }] }] }), code: 'IK5-1', message: /ST01 837/ },
  { name: 'ta1_only_interchange', text: render({ groups: [] }).replace(/IEA\*0/, 'TA1*000000009*250301*1200*A*000~IEA*0'), code: 'IK5-1', message: /TA1-only interchange/ },
  // row 5: CRLF wrapping inside a segment
  { name: 'crlf_inside_element', text: mutate(valid835(), (t) => t.replace('ACME HEALTH PLAN', 'ACME HEALTH\r\n PLAN')), code: 'IK4-6', message: /N102 \(element 2\).*CR, LF or TAB/ },
  // Wrapped at a fixed width, the line break can fall inside an envelope segment (GS08 here): the same rule, not an
  // "unsupported version" whose message carried the CR LF and broke the one-line reason in two.
  { name: 'crlf_inside_gs08', text: mutate(valid835(), (t) => t.replace(GUIDE_835, GUIDE_835.slice(0, 8) + '\r\n' + GUIDE_835.slice(8))), code: 'IK4-6', message: /^invalid character in GS: CR, LF or TAB inside a segment/ },
  // Any other control character inside a segment is the same rule, named by its code (an element holding one looks
  // like text it does not equal: a CLP01 with a BEL never matches its claim).
  { name: 'control_char_in_gs08', text: mutate(valid835(), (t) => t.replace(GUIDE_835, GUIDE_835.slice(0, 8) + '\x01' + GUIDE_835.slice(8))), code: 'IK4-6', message: /^invalid character in GS: control character 0x01 inside a segment/ },
  { name: 'bel_inside_clp01', text: mutate(valid835(), (t) => t.replace(/CLP\*([A-Z0-9]+)/, 'CLP*$1\x07')), code: 'IK4-6', message: /^invalid character in CLP01 \(element 1\): control character 0x07 inside a segment/ },
  { name: 'nul_inside_n104', text: mutate(valid835(), (t) => t.replace('XV*', 'XV*\x00')), code: 'IK4-6', message: /^invalid character in N104 \(element 4\): control character 0x00 inside a segment/ },
  { name: 'lf_inside_ge', text: mutate(valid835(), (t) => t.replace(/GE\*1\*/, 'GE*1\n*')), code: 'IK4-6', message: /^invalid character in GE: CR, LF or TAB inside a segment/ },
  // row 10: interchange envelope
  { name: 'iea02_mismatch', text: render({ ...valid835(), iea02: '000000999' }), code: 'TA1-001', message: /IEA02 000000999 does not match ISA13 000000001/ },
  { name: 'iea01_wrong', text: render({ ...valid835(), iea01: 2 }), code: 'TA1-021', message: /IEA01 says 2 functional groups but interchange ISA13 000000001 has 1/ },
  { name: 'missing_iea', text: render({ ...valid835(), noIea: true }), code: 'TA1-023', message: /missing IEA/ },
  { name: 'truncated_mid_set', text: render(valid835()).slice(0, Math.floor(render(valid835()).length * 0.7)), code: 'TA1-023', message: /ends inside transaction set ST02 0001/ },
  { name: 'isa_before_iea', text: render({ ...valid835(), noIea: true }) + render({ ...valid835(), isa13: '2' }), code: 'TA1-023', message: /another ISA without its IEA/ },
  // row 11: group envelope
  { name: 'ge02_mismatch', text: render({ ...valid835(), groups: [{ ...valid835().groups[0]!, ge02: '77' }] }), code: 'AK9-4', message: /GE02 77 does not match GS06 1/ },
  { name: 'ge01_wrong', text: render({ ...valid835(), groups: [{ ...valid835().groups[0]!, ge01: 3 }] }), code: 'AK9-5', message: /GE01 says 3 transaction sets but group GS06 1 has 1/ },
  { name: 'missing_ge', text: render({ ...valid835(), noGe: true }), code: 'TA1-024', message: /missing GE/ },
  { name: 'duplicate_gs06', text: render({ ...valid835(), groups: [valid835().groups[0]!, { ...valid835().groups[0]!, gs06: '1' }] }), code: 'AK9-6', message: /duplicate group control number: GS06 1/ },
  // row 12: set envelope
  { name: 'se02_mismatch', text: render({ groups: [{ gs01: 'HP', gs08: GUIDE_835, sets: [{ st01: '835', body: remit(), se02: '9999' }] }] }), code: 'IK5-3', message: /SE02 9999 does not match ST02 0001/ },
  { name: 'se01_wrong', text: render({ groups: [{ gs01: 'HP', gs08: GUIDE_835, sets: [{ st01: '835', body: remit(), se01: 40 }] }] }), code: 'IK5-4', message: new RegExp(`^SE01 says 40 segments but the set has ${remit().length + 2} \\(ST02 0001\\)$`) },
  { name: 'missing_se', text: render({ ...valid835(), noSe: true }), code: 'IK5-2', message: /missing SE: transaction set ST02 0001 is followed by GE/ },
  { name: 'duplicate_st02', text: render({ groups: [{ gs01: 'HP', gs08: GUIDE_835, sets: [{ st01: '835', body: remit() }, { st01: '835', st02: '0001', body: remit({ trn02: 'Q2' }) }] }] }), code: 'IK5-23', message: /duplicate transaction set control number: ST02 0001/ },
  // row 13
  { name: 'duplicate_isa13', text: render([valid835(), valid835()]), code: 'TA1-025', message: /duplicate interchange control number: ISA13 000000001/ },
  // row 14: segments
  { name: 'unknown_segment', text: render(file835(remit().map((s) => (s.startsWith('DTM*405') ? 'ZZZ*1' : s)))), code: 'IK3-1', message: /unrecognized segment ID ZZZ/, segOrdinal: 4 },
  { name: 'segment_in_wrong_loop', text: render(file835([...remit().slice(0, 3), 'SVC*HC:97110*100*80', ...remit().slice(3)])), code: 'IK3-2', message: /unexpected segment SVC in loop ST/, segOrdinal: 5 },
  // An 835 without the LX header number loop: the message says where CLP belongs.
  { name: 'clp_without_lx', text: render(file835(remit().filter((s) => !s.startsWith('LX*')))), code: 'IK3-2', message: /^unexpected segment CLP in loop 1000B \(Payee Identification\) \(CLP starts loop 2100, Claim Payment Information, which belongs inside loop 2000, Header Number\)$/ },
  // CLM in the 837 header: loop 2300 sits under the subscriber (2000B) or the patient (2000C) level; both are named.
  { name: 'clm_in_header', text: render(file837(bill837({ claims: [{ clm01: 'C1', charge: '100', lines: [{ sv1: 'HC:97110*100*UN*1' }] }] }).flatMap((x) => (x.startsWith('BHT*') ? [x, 'CLM*C0*100***11:B:1*Y*A*Y*Y'] : [x])))), code: 'IK3-2', message: /^unexpected segment CLM in loop ST .*\(CLM starts loop 2300, Claim Information, which belongs inside loop 2000B, [^,]+, or loop 2000C, [^)]+\)$/ },
  { name: 'segment_out_of_sequence', text: render(file835([remit()[1]!, remit()[0]!, ...remit().slice(2)])), code: 'IK3-7', message: /segment BPR is out of sequence|required segment BPR/ },
  { name: 'required_segment_missing', text: render(file835(remit().filter((s) => !s.startsWith('TRN')))), code: 'IK3-3', message: /required segment TRN \(Reassociation Trace Number\) is missing in loop ST/ },
  { name: 'required_loop_missing', text: render(file835(remit().filter((s) => !s.startsWith('N1*PE') && !s.startsWith('REF*TJ')))), code: 'IK3-3', message: /required loop 1000B \(Payee Identification, N1\*PE\) is missing/ },
  { name: 'loop_over_max', text: render(file835([...remit().slice(0, 9), 'N1*PE*SECOND PAYEE*XX*1234567893', ...remit().slice(9)])), code: 'IK3-4', message: /loop 1000B .* exceeds its maximum repeat \(1\)/ },
  // row 15: elements
  { name: 'amount_not_numeric', text: render(file835(remit().map((s) => (s.startsWith('CLP') ? 'CLP*PCN1*1*1OO*80**12*PAYER1' : s)))), code: 'IK4-6', message: /CLP03 \(Total Claim Charge Amount, element 3\) is not a valid decimal number in CLP \(loop 2100\)/ },
  { name: 'invalid_date_20250230', text: render(file835(remit().map((s) => (s.startsWith('DTM*472') ? 'DTM*472*20250230' : s)))), code: 'IK4-8', message: /DTM02 \(Date, element 2\) is not a valid CCYYMMDD date in DTM \(loop 2110\)/ },
  { name: 'pcn_too_long', text: render(file835(remit().map((s) => (s.startsWith('CLP') ? `CLP*${'P'.repeat(39)}*1*100*80**12*PAYER1` : s)))), code: 'IK4-5', message: /CLP01 \(Patient Control Number, element 1\) is longer than 38 characters/ },
  { name: 'invalid_clp02', text: render(file835(remit().map((s) => (s.startsWith('CLP') ? 'CLP*PCN1*9*100*80**12*PAYER1' : s)))), code: 'IK4-7', message: /CLP02 \(Claim Status Code, element 2\) is not a valid code value/ },
  { name: 'invalid_cas01', text: render(file835(remit().map((s) => (s.startsWith('CAS') ? 'CAS*XX*45*20' : s)))), code: 'IK4-7', message: /CAS01 \(Claim Adjustment Group Code, element 1\) is not a valid code value/ },
  { name: 'required_element_missing', text: render(file835(remit().map((s) => (s.startsWith('TRN') ? 'TRN*1**1512345678' : s)))), code: 'IK4-1', message: /required element TRN02 \(Check or EFT Trace Number, element 2\) is missing/ },
  { name: 'invalid_clm05_3', text: render(file837(bill837({ claims: [{ clm01: 'C1', charge: '100', freq: '9', lines: [{ sv1: 'HC:97110*100*UN*1' }] }] }))), code: 'IK4-7', message: /CLM05-3 \(Claim Frequency Type Code, element 5-3\) is not a valid code value/ },
  // A qualifier the guide does not list for the segment where it stands: interest (AMT*I) belongs to the claim (2100),
  // not to a service line, where its amount would otherwise be dropped unseen.
  { name: 'amt_i_in_service_line', text: render(file835(remit().flatMap((s) => (s.startsWith('DTM*472') ? [s, 'AMT*I*5'] : [s])))), code: 'IK4-7', message: /^AMT01 \(Amount Qualifier Code, element 1\) is not a valid code value here in AMT \(loop 2110\)$/ },
  { name: 'ref_qualifier_not_in_loop', text: render(file835(remit().map((s) => (s.startsWith('REF*TJ') ? 'REF*EV*123456789' : s)))), code: 'IK4-7', message: /REF01 \(Reference Identification Qualifier, element 1\) is not a valid code value here in REF \(loop 1000B\)/ },
  // Too many data elements (999 IK403 = 3): a value past the standard's last element of the segment.
  { name: 'clp_too_many_elements', text: render(file835(remit().map((s) => (s.startsWith('CLP') ? 'CLP*PCN1*1*100*80**12*PAYER1**1*****X*Y*Z**' : s)))), code: 'IK4-3', message: /^too many data elements: CLP15 \(element 15\) has a value but CLP has 14 data elements in the X12 standard, in CLP \(loop 2100\)$/ },
  { name: 'ref_too_many_elements', text: render(file835(remit().map((s) => (s.startsWith('REF*TJ') ? 'REF*TJ*123456789***X*Y' : s)))), code: 'IK4-3', message: /too many data elements: REF05 \(element 5\) has a value but REF has 4 data elements/ },
  { name: 'nm1_qc_too_many_elements', text: render(file835(remit().map((s) => (s.startsWith('NM1*QC') ? `${s}****X` : s)))), code: 'IK4-3', message: /too many data elements: NM113 \(element 13\) has a value but NM1 has 12 data elements in the X12 standard, in NM1 \(loop 2100\)/ },
  { name: 'sv1_too_many_elements', text: render(file837(bill837({ claims: [{ clm01: 'C1', charge: '100', lines: [{ sv1: 'HC:97110*100*UN*1' + '*'.repeat(18) + 'X' }] }] }))), code: 'IK4-3', message: /too many data elements: SV122 \(element 22\) has a value but SV1 has 21 data elements/ },
  { name: 'st_too_many_elements', text: render(file835(remit())).replace(/ST\*835\*(\w+)\*005010X221A1/, 'ST*835*$1*005010X221A1*X'), code: 'IK4-3', message: /^too many data elements: ST04 \(element 4\) has a value but ST has 3 data elements in the X12 standard$/ },
  { name: 'se_too_many_elements', text: render(file835(remit())).replace(/^SE\*(\d+)\*(\w+)/m, 'SE*$1*$2*X'), code: 'IK4-3', message: /too many data elements: SE03 \(element 3\)/ },
  // A birth date is checked like any date (and never stored, nor echoed in the message).
  { name: 'dmg_birth_date_invalid', text: render(file837(bill837({ claims: [{ clm01: 'C1', charge: '100', lines: [{ sv1: 'HC:97110*100*UN*1' }] }] }).map((s) => s.replace('DMG*D8*19700101*M', 'DMG*D8*19702230*M')))), code: 'IK4-8', message: /^DMG02 \(Date Time Period, element 2\) is not a valid CCYYMMDD date in DMG \(loop 2010BA\)$/ },
  { name: 'dtp_rd8_bad_range', text: render(file837(bill837({ claims: [{ clm01: 'C1', charge: '100', lines: [{ sv1: 'HC:97110*100*UN*1', date: 'RD8*20250210-2025021' }] }] }))), code: 'IK4-8', message: /DTP03 .* not a valid RD8 date range/ },
];

describe('X12 quarantine scenarios (checklist rows 1, 2, 4, 5, 10–15)', () => {
  let tw: TempWarehouse;
  beforeAll(async () => {
    tw = tempWarehouse();
    await tw.withRw(async () => undefined);
  });
  afterAll(() => tw.cleanup());

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const before = await dataCounts(tw);
    const r = await ingestText(tw, `${name}.edi`, c.text);
    expect(r.status, r.reason).toBe('quarantined');
    expect(r.code, r.reason).toBe(c.code);
    const [ledger] = await tw.query(`SELECT reason, error_code, seg_ordinal, byte_offset FROM raw.files WHERE sha256 = '${r.sha256}'`);
    const message = String(ledger!.reason).replace(/^[^:]+: /, '').replace(/ \((?:segment \d+, )?byte \d+\)$/, '');
    expect(message).toMatch(c.message);
    expect(String(ledger!.reason)).not.toMatch(/\n/);
    expect(ledger!.byte_offset).not.toBeNull();
    if (c.segOrdinal !== undefined) expect(ledger!.seg_ordinal).toBe(c.segOrdinal);
    expect(await dataCounts(tw)).toEqual(before);
  });

  it('quarantines an empty file (row 1)', async () => {
    const r = await ingestText(tw, 'empty.edi', '');
    expect(r.status).toBe('quarantined');
    expect(r.reason).toMatch(/no ISA at byte 0/);
    // An empty CSV export (in a warehouse of its own: the same empty bytes again would be a duplicate): no talk of ISA.
    const own = tempWarehouse();
    const c = await ingestText(own, 'payers_empty.csv', '').finally(() => own.cleanup());
    expect(c.status).toBe('quarantined');
    expect(c.reason).toMatch(/empty file \(0 bytes\): no header row/);
    expect(c.reason).not.toMatch(/ISA/);
  });
});
