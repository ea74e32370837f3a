/**
 * 999 acknowledgements linked to the 837 sets they answer (marts.claims.ack_999_outcome) and the data-quality
 * finding for a claim whose current version sits in a rejected set. Real X12 text through `revcycle ingest`,
 * `build` and `query`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliQuery, runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { bill837, file837, render } from '../x12/builder.ts';

const dir = makeTempDir('acks999');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'w.duckdb');
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, 'in', name), text);
fs.mkdirSync(path.join(dir, 'in'));

const claim = (clm01: string) => ({ clm01, charge: '100', lines: [{ sv1: 'HC:97110:GP*100*UN*1***1', date: 'D8*20250210' }] });
/** A 999 for group `gs06` from the clearinghouse back to the clinic, one AK2 per [st02, IK501]. */
const ack999 = (isa13: string, gs06: string, date: string, sets: [string, string][]) =>
  [
    `ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SUBMITTER      *250301*1200*^*00501*${isa13}*0*T*:~`,
    `GS*FA*RECEIVER*SENDER*${date}*1200*${isa13.replace(/^0+/, '')}*X*005010X231A1~`,
    'ST*999*0001*005010X231A1~',
    `AK1*HC*${gs06}*005010X222A1~`,
    ...sets.flatMap(([st02, status]) => [`AK2*837*${st02}*005010X222A1~`, ...(status === 'R' ? ['IK3*CLM*22*2300*8~'] : []), `IK5*${status}${status === 'R' ? '*5' : ''}~`]),
    `AK9*${sets.every(([, s]) => s === 'A') ? 'A' : 'P'}*${sets.length}*${sets.length}*${sets.filter(([, s]) => s !== 'R').length}~`,
    `SE*${4 + sets.length * 2 + sets.filter(([, s]) => s === 'R').length}*0001~`,
    `GE*1*${isa13.replace(/^0+/, '')}~`,
    `IEA*1*${isa13}~`,
  ].join('\n') + '\n';

describe('999 acknowledgements of 837 sets', () => {
  // Group 0017 (GS06 written with leading zeros), two sets: 0001 (claims A1, A2) accepted, 0002 (B1) rejected.
  write('batch17.837', render({ isa13: '17', groups: [{ gs01: 'HC', gs06: '0017', gs04: '20250211', gs08: '005010X222A1', sets: [
    { st01: '837', st02: '0001', guide: '005010X222A1', body: bill837({ bht04: '20250211', claims: [claim('A1'), claim('A2')] }) },
    { st01: '837', st02: '0002', guide: '005010X222A1', body: bill837({ bht04: '20250211', claims: [claim('B1')] }) },
  ] }] }));
  // C1 in group 18, acknowledged by no 999 yet; B1 resubmitted (replacement) in group 19, accepted.
  write('batch18.837', render(file837(bill837({ bht04: '20250212', claims: [claim('C1')] }), { isa13: '18' })));
  write('batch19.837', render({ isa13: '19', groups: [{ gs01: 'HC', gs06: '19', gs04: '20250214', gs08: '005010X222A1', sets: [
    { st01: '837', st02: '0001', guide: '005010X222A1', body: bill837({ bht04: '20250214', claims: [{ ...claim('B1'), freq: '7', refs: ['REF*F8*PAYERB1'] }] }) },
  ] }] }));
  write('ack17.999', ack999('000000901', '17', '20250212', [['1', 'A'], ['2', 'R']]));

  it('links each 999 response to its set: accepted, rejected, none', () => {
    const ingest = runCli(['ingest', path.join(dir, 'in'), '--db', db]);
    expect(ingest.code, ingest.stdout + ingest.stderr).toBe(0);
    const build = runCli(['build', '--as-of', '2025-02-13', '--db', db]);
    expect(build.code, build.stderr).toBe(0);
    // As of 02-13: B1's current version is the rejected original (the replacement comes 02-14).
    expect(cliQuery(db, 'select claim_id, ack_999_outcome, ack_999_date from marts.claims order by 1')).toEqual([
      { claim_id: 'A1', ack_999_outcome: 'accepted', ack_999_date: '2025-02-12' },
      { claim_id: 'A2', ack_999_outcome: 'accepted', ack_999_date: '2025-02-12' },
      { claim_id: 'B1', ack_999_outcome: 'rejected', ack_999_date: '2025-02-12' },
      { claim_id: 'C1', ack_999_outcome: null, ack_999_date: null },
    ]);
    expect(cliQuery(db, `select severity, key from marts.data_quality where check_name = 'claims_in_rejected_837_sets'`)).toEqual([
      { severity: 'warn', key: expect.stringMatching(/\/B1$/) },
    ]);
  });

  it('a claim resubmitted in a set the 999 did not reject leaves the worklist of rejected sets', () => {
    write('ack19.999', ack999('000000902', '19', '20250215', [['0001', 'A']]));
    expect(runCli(['ingest', path.join(dir, 'in'), '--db', db]).code).toBe(0);
    expect(runCli(['build', '--as-of', '2025-02-28', '--db', db]).code).toBe(0);
    expect(cliQuery(db, `select claim_id, ack_999_outcome from marts.claims where claim_id = 'B1'`)).toEqual([{ claim_id: 'B1', ack_999_outcome: 'accepted' }]);
    expect(cliQuery(db, `select count(*) as n from marts.data_quality where check_name = 'claims_in_rejected_837_sets'`)).toEqual([{ n: 0 }]);
  });

  it('a group rejected as a whole rejects every set in it: with no AK2 loop, or over an IK5 A', () => {
    // Group 20 (sets 0001: D1, 0002: D2) answered only by AK1 + AK9 R (an envelope rejection, no AK2 loop);
    // group 21 (set 0001: E1) answered with AK2 … IK5 A but AK9 R and 0 sets accepted: the group is rejected.
    write('batch20.837', render({ isa13: '20', groups: [{ gs01: 'HC', gs06: '20', gs04: '20250216', gs08: '005010X222A1', sets: [
      { st01: '837', st02: '0001', guide: '005010X222A1', body: bill837({ bht04: '20250216', claims: [claim('D1')] }) },
      { st01: '837', st02: '0002', guide: '005010X222A1', body: bill837({ bht04: '20250216', claims: [claim('D2')] }) },
    ] }] }));
    write('batch21.837', render({ isa13: '21', groups: [{ gs01: 'HC', gs06: '21', gs04: '20250216', gs08: '005010X222A1', sets: [
      { st01: '837', st02: '0001', guide: '005010X222A1', body: bill837({ bht04: '20250216', claims: [claim('E1')] }) },
    ] }] }));
    const envelope = (isa13: string, body: string[]) => [
      `ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SUBMITTER      *250301*1200*^*00501*${isa13}*0*T*:~`,
      `GS*FA*RECEIVER*SENDER*20250217*1200*${isa13.replace(/^0+/, '')}*X*005010X231A1~`,
      'ST*999*0001*005010X231A1~', ...body.map((b) => `${b}~`), `SE*${body.length + 2}*0001~`,
      `GE*1*${isa13.replace(/^0+/, '')}~`, `IEA*1*${isa13}~`,
    ].join('\n') + '\n';
    write('ack20.999', envelope('000000903', ['AK1*HC*20*005010X222A1', 'AK9*R*2*2*0*2']));
    write('ack21.999', envelope('000000904', ['AK1*HC*21*005010X222A1', 'AK2*837*0001*005010X222A1', 'IK5*A', 'AK9*R*1*1*0']));
    // a whole-group rejection of a group of claim status requests (AK101 HR) that happens to be numbered 19: not
    // about the 837 group 19, whose B1 stays accepted
    write('ack19hr.999', envelope('000000905', ['AK1*HR*19*005010X212', 'AK9*R*1*1*0*2']));
    const ingest = runCli(['ingest', path.join(dir, 'in'), '--db', db]);
    expect(ingest.code, ingest.stdout + ingest.stderr).toBe(0);
    expect(runCli(['build', '--as-of', '2025-02-28', '--db', db]).code).toBe(0);
    expect(cliQuery(db, `select claim_id, ack_999_outcome, ack_999_date from marts.claims where claim_id in ('B1', 'D1', 'D2', 'E1') order by 1`)).toEqual([
      { claim_id: 'B1', ack_999_outcome: 'accepted', ack_999_date: '2025-02-15' },
      { claim_id: 'D1', ack_999_outcome: 'rejected', ack_999_date: '2025-02-17' },
      { claim_id: 'D2', ack_999_outcome: 'rejected', ack_999_date: '2025-02-17' },
      { claim_id: 'E1', ack_999_outcome: 'rejected', ack_999_date: '2025-02-17' },
    ]);
    expect(cliQuery(db, `select key, message from marts.data_quality where check_name = 'claims_in_rejected_837_sets' order by key`)).toEqual(
      ['D1', 'D2', 'E1'].map((c) => ({
        key: expect.stringMatching(new RegExp(`/${c}$`)),
        message: "the 837 set carrying the claim's current version was rejected by a 999 (AK901 R): resubmit it",
      })),
    );
  });

  it('a void in a rejected set: the claim counts as voided (the latest version sent) and the finding says the payer never got the void', () => {
    // F1: original in group 22 (02-18, no 999), its void in group 23 (02-20), set 0001 rejected by the 999 of 02-21.
    write('batch22.837', render(file837(bill837({ bht04: '20250218', claims: [claim('F1')] }), { isa13: '22' })));
    write('batch23.837', render({ isa13: '23', groups: [{ gs01: 'HC', gs06: '23', gs04: '20250220', gs08: '005010X222A1', sets: [
      { st01: '837', st02: '0001', guide: '005010X222A1', body: bill837({ bht04: '20250220', claims: [{ ...claim('F1'), freq: '8', refs: ['REF*F8*PAYERF1'] }] }) },
    ] }] }));
    write('ack23.999', ack999('000000906', '23', '20250221', [['0001', 'R']]));
    expect(runCli(['ingest', path.join(dir, 'in'), '--db', db]).code).toBe(0);
    expect(runCli(['build', '--as-of', '2025-02-28', '--db', db]).code).toBe(0);
    expect(cliQuery(db, `select is_voided, ack_999_outcome from marts.claims where claim_id = 'F1'`)).toEqual([{ is_voided: true, ack_999_outcome: 'rejected' }]);
    expect(cliQuery(db, `select message from marts.data_quality where check_name = 'claims_in_rejected_837_sets' and key like '%/F1'`)).toEqual([
      { message: "the 837 set carrying the claim's current version (a void) was rejected by a 999 (IK501 R): the payer never received the void; resubmit it" },
    ]);
  });
});
