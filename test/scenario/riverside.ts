/**
 * "Riverside PT": a small, hand-checked scenario clinic — 29 claims across four payers (Medicare, BCBS, Aetna,
 * workers' comp) plus cash-pay visits — written as real 837P / 835 / 277CA files and EHR CSV exports. Every
 * expected value in riverside.test.ts is computed by hand from the tables below (see the comments there).
 *
 * Story (all 2025, as-of 2025-03-31):
 * - Medicare: a reversal and correction (C02), a $0-to-deductible claim (C03), a medical-necessity denial appealed
 *   and overturned (C04), a void (C22), a replacement (C23), a 277CA rejection resubmitted (C24).
 * - BCBS (auth required): patient B1 runs over auth AU1 (C10 over_limit, denied CO-198, unworked), re-auth AU2 with
 *   one visit left and appointments booked; an underpaid line (C11); patient B2's auth expired (C29).
 * - Aetna (auth required): provider Bob is not credentialed → five CO-185 denials (systematic); patient A2 seen with
 *   no authorization (C26, denied CO-197).
 * - Workers' comp: submitted in a weekly batch, paid by check with interest (AMT*I + PLB L6), a split claim (C21) and
 *   a claim paid twice (C20: a credit balance).
 * - Cash-pay visits paid at $120; an unbilled Medicare visit; cancelled and no-show visits; a re-sent 835; one
 *   broken 837 (quarantined).
 */
import fs from 'node:fs';
import path from 'node:path';
import { csv, write835, write837, type ScClaim, type ScClp, type ScLine } from './x12-writer.ts';

export const CLINIC = { id: 'RIV', name: 'RIVERSIDE PT', npi: '1234567893', tin: '521234567' };
const ALICE = '1111111112';
const BOB = '1111111120';

export const PAYERS = [
  { payer_id: 'medicare', payer_name: 'Medicare Part B', financial_class: 'medicare', x12_payer_id: '04412', requires_auth: 'false', auth_exempt_visits: '1', in_network: 'true', timely_filing_days: '365' },
  { payer_id: 'bcbs', payer_name: 'Blue Cross', financial_class: 'commercial', x12_payer_id: 'BCBS1', requires_auth: 'true', auth_exempt_visits: '1', in_network: 'true', timely_filing_days: '180' },
  { payer_id: 'aetna', payer_name: 'Aetna', financial_class: 'commercial', x12_payer_id: '60054', requires_auth: 'true', auth_exempt_visits: '1', in_network: 'true', timely_filing_days: '120' },
  { payer_id: 'wc', payer_name: 'State WC Fund', financial_class: 'workers_comp', x12_payer_id: 'WC001', requires_auth: 'false', auth_exempt_visits: '1', in_network: 'true', timely_filing_days: '365' },
];
const X12: Record<string, string> = { medicare: '04412', bcbs: 'BCBS1', aetna: '60054', wc: 'WC001' };
const PAYER_NAMES = Object.fromEntries(PAYERS.map((p) => [p.x12_payer_id, p.payer_name.toUpperCase()]));

const FEES: Record<string, Record<string, number>> = {
  medicare: { '97110': 30, '97140': 28, '97161': 100 },
  bcbs: { '97110': 35, '97140': 32, '97161': 110 },
  aetna: { '97110': 33, '97140': 30, '97161': 105 },
  wc: { '97110': 45, '97140': 40, '97161': 140 },
};

interface Patient {
  key: string;
  mrn: string;
  member: string;
  last: string;
  first: string;
  payer: string | null;
}
const P: Record<string, Patient> = {
  M1: { key: 'M1', mrn: 'MRN0000001', member: 'ZCM000000001', last: 'CANARYPHI', first: 'ALMA', payer: 'medicare' },
  M2: { key: 'M2', mrn: 'MRN0000002', member: 'ZCM000000002', last: 'ISAAC', first: 'ISA', payer: 'medicare' },
  B1: { key: 'B1', mrn: 'MRN0000003', member: 'ZCM000000003', last: 'CANARYPHI', first: 'BEA', payer: 'bcbs' },
  B2: { key: 'B2', mrn: 'MRN0000004', member: 'ZCM000000004', last: 'STONE', first: 'BO', payer: 'bcbs' },
  A1: { key: 'A1', mrn: 'MRN0000005', member: 'ZCM000000005', last: 'CANARYPHI', first: 'ARI', payer: 'aetna' },
  A2: { key: 'A2', mrn: 'MRN0000006', member: 'ZCM000000006', last: 'VALE', first: 'AMY', payer: 'aetna' },
  W1: { key: 'W1', mrn: 'MRN0000007', member: 'ZCM000000007', last: 'CANARYPHI', first: 'WIL', payer: 'wc' },
  K1: { key: 'K1', mrn: 'MRN0000008', member: '', last: 'CASHMAN', first: 'KIM', payer: null },
};

type Kind = 'E' | 'T' | 'T+M'; // evaluation 97161; therapeutic exercise 97110 × 2; 97110 × 2 + manual therapy 97140
const linesFor = (kind: Kind, date: string, claim: string): ScLine[] => {
  const l: ScLine[] =
    kind === 'E'
      ? [{ cpt: '97161', units: 1, charge: 150, date, lcn: `${claim}-1` }]
      : [{ cpt: '97110', units: 2, charge: 100, date, lcn: `${claim}-1` }];
  if (kind === 'T+M') l.push({ cpt: '97140', units: 1, charge: 45, date, lcn: `${claim}-2` });
  return l;
};

interface ClaimDef {
  id: string;
  patient: string;
  provider: string;
  kind: Kind;
  dos: string;
  submitted: string;
}
// id, patient, provider, kind, date of service, submitted (BHT04)
const CLAIMS: ClaimDef[] = (
  [
    ['C01', 'M1', ALICE, 'E', '2025-01-06', '2025-01-07'],
    ['C02', 'M1', ALICE, 'T', '2025-01-08', '2025-01-08'],
    ['C03', 'M1', ALICE, 'T', '2025-01-10', '2025-01-13'],
    ['C04', 'M1', ALICE, 'T', '2025-01-13', '2025-01-14'],
    ['C05', 'M2', BOB, 'T', '2025-01-15', '2025-01-16'],
    ['C06', 'B1', ALICE, 'E', '2025-01-07', '2025-01-08'],
    ['C07', 'B1', ALICE, 'T', '2025-01-09', '2025-01-10'],
    ['C08', 'B1', ALICE, 'T', '2025-01-14', '2025-01-15'],
    ['C09', 'B1', ALICE, 'T', '2025-01-16', '2025-01-17'],
    ['C10', 'B1', ALICE, 'T', '2025-01-21', '2025-01-22'],
    ['C11', 'B1', ALICE, 'T', '2025-02-06', '2025-02-07'],
    ['C12', 'B1', ALICE, 'T', '2025-03-10', '2025-03-11'],
    ['C13', 'A1', BOB, 'E', '2025-01-07', '2025-01-08'],
    ['C14', 'A1', BOB, 'T', '2025-01-09', '2025-01-10'],
    ['C15', 'A1', BOB, 'T', '2025-01-14', '2025-01-15'],
    ['C16', 'A1', BOB, 'T', '2025-01-16', '2025-01-17'],
    ['C17', 'A1', BOB, 'T', '2025-01-21', '2025-01-22'],
    ['C18', 'A1', ALICE, 'T', '2025-01-23', '2025-01-24'],
    ['C19', 'W1', ALICE, 'E', '2025-01-08', '2025-01-20'],
    ['C20', 'W1', ALICE, 'T', '2025-01-13', '2025-01-20'],
    ['C21', 'W1', ALICE, 'T+M', '2025-01-15', '2025-01-20'],
    ['C22', 'M2', BOB, 'T', '2025-01-20', '2025-01-21'],
    ['C23', 'M1', ALICE, 'T', '2025-01-22', '2025-01-23'],
    ['C24', 'M1', ALICE, 'T', '2025-01-27', '2025-01-28'],
    ['C25', 'A2', ALICE, 'E', '2025-02-17', '2025-02-18'],
    ['C26', 'A2', ALICE, 'T', '2025-02-19', '2025-02-20'],
    ['C27', 'B2', ALICE, 'E', '2025-01-06', '2025-01-07'],
    ['C28', 'B2', ALICE, 'T', '2025-01-08', '2025-01-09'],
    ['C29', 'B2', ALICE, 'T', '2025-02-03', '2025-02-04'],
  ] as const
).map(([id, patient, provider, kind, dos, submitted]) => ({ id, patient, provider, kind, dos, submitted }));

function scClaim(c: ClaimDef, extra: Partial<ScClaim> = {}, kind: Kind = c.kind): ScClaim {
  const p = P[c.patient]!;
  return {
    id: c.id,
    payerX12: X12[p.payer!]!,
    memberId: p.member,
    patientLast: p.last,
    patientFirst: p.first,
    renderingNpi: c.provider,
    lines: linesFor(kind, c.dos, c.id),
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Remittances. c(claim, status, charge, paid, pr, cas…) — claim-level CAS unless lines are given.
const cas = (group: string, carc: string, amount: number) => ({ group, carc, amount });
function clp(claim: string, status: string, charge: number, paid: number, pr: number, adj: ReturnType<typeof cas>[], ccnSuffix = ''): ScClp {
  const p = P[CLAIMS.find((x) => x.id === claim)!.patient]!;
  return { claim, status, charge, paid, pr, ccn: `${claim}${ccnSuffix}-CCN`, memberId: p.member, patientLast: p.last, cas: adj };
}
/** A claim paid with its CAS on its single service line (line-level adjustments). */
function clpLine(claim: string, paid: number, pr: number, adj: ReturnType<typeof cas>[]): ScClp {
  const def = CLAIMS.find((x) => x.id === claim)!;
  const line = linesFor(def.kind, def.dos, claim)[0]!;
  const base = clp(claim, '1', line.charge, paid, pr, []);
  base.cas = undefined;
  base.svc = [{ cpt: line.cpt, units: line.units, charge: line.charge, paid, date: line.date, lcn: line.lcn, cas: adj }];
  return base;
}

export const AS_OF = '2025-03-31';

/** Write the scenario's files into `dir` (x12/ and ehr/ subfolders) and return the list of files. */
export function writeRiverside(dir: string): string[] {
  const files: string[] = [];
  const put = (rel: string, text: string) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    files.push(p);
  };
  let ctrl = 100;

  // 837P: one file per submission date. C22 is voided and C23 replaced later; C24 resubmitted after a rejection.
  const bySubmission = new Map<string, ScClaim[]>();
  for (const c of CLAIMS) bySubmission.set(c.submitted, [...(bySubmission.get(c.submitted) ?? []), scClaim(c)]);
  const later: Array<[string, ScClaim]> = [
    ['2025-01-27', scClaim(CLAIMS[21]!, { freq: '8', f8: 'C22-CCN' })],
    ['2025-01-29', scClaim(CLAIMS[22]!, { freq: '7', f8: 'C23-CCN' }, 'T+M')],
    ['2025-01-31', scClaim(CLAIMS[23]!)],
  ];
  for (const [d, c] of later) bySubmission.set(d, [...(bySubmission.get(d) ?? []), c]);
  for (const [date, claims] of [...bySubmission].sort(([a], [b]) => a.localeCompare(b))) {
    put(`x12/837p/riv_${date}.837`, write837({ submitted: date, ctrl: ctrl++, billingNpi: CLINIC.npi, clinicName: CLINIC.name, tin: CLINIC.tin, claims, payerNames: PAYER_NAMES }));
  }

  // 277CA: C24's first submission rejected (A7), its resubmission accepted; the 01-20 batch accepted.
  put('x12/277ca/riv_2025-01-29.277', write277(ctrl++, '2025-01-29', [['C24', 'A7:21', 100]]));
  put('x12/277ca/riv_2025-02-01.277', write277(ctrl++, '2025-02-01', [['C24', 'A2:20', 100]]));
  put('x12/277ca/riv_2025-01-21.277', write277(ctrl++, '2025-01-21', [['C19', 'A2:20', 150], ['C20', 'A2:20', 100], ['C21', 'A2:20', 145]]));

  const payee = { payeeNpi: CLINIC.npi, payeeName: CLINIC.name };
  const remit = (payer: string, received: string, payments: Parameters<typeof write835>[0]['payments']) =>
    write835({ payerX12: X12[payer]!, payerName: PAYER_NAMES[X12[payer]!]!, received, ctrl: ctrl++, payments });

  // Medicare (claim-level CAS).
  put('x12/835/mcr_2025-01-22.835', remit('medicare', '2025-01-22', [{ trace: 'MCR0001', paymentDate: '2025-01-21', ...payee, clps: [
    clp('C01', '1', 150, 80, 20, [cas('PR', '2', 20), cas('CO', '45', 50)]),
    clp('C02', '1', 100, 48, 12, [cas('PR', '2', 12), cas('CO', '45', 40)]),
    clp('C03', '1', 100, 0, 60, [cas('PR', '1', 60), cas('CO', '45', 40)]),
  ] }]));
  put('x12/835/mcr_2025-02-05.835', remit('medicare', '2025-02-05', [{ trace: 'MCR0002', paymentDate: '2025-02-04', ...payee, clps: [
    clp('C04', '4', 100, 0, 0, [cas('CO', '50', 100)]),
    clp('C05', '1', 100, 48, 12, [cas('PR', '2', 12), cas('CO', '45', 40)]),
    clp('C23', '1', 145, 70, 18, [cas('PR', '2', 18), cas('CO', '45', 57)]),
    clp('C24', '1', 100, 48, 12, [cas('PR', '2', 12), cas('CO', '45', 40)]),
  ] }]));
  put('x12/835/mcr_2025-03-05.835', remit('medicare', '2025-03-05', [{ trace: 'MCR0003', paymentDate: '2025-03-04', ...payee, clps: [
    clp('C02', '22', -100, -48, -12, [cas('PR', '2', -12), cas('CO', '45', -40)]),
    clp('C02', '1', 100, 54, 6, [cas('PR', '2', 6), cas('CO', '45', 40)], 'R'),
    clp('C04', '1', 100, 48, 12, [cas('PR', '2', 12), cas('CO', '45', 40)], 'A'),
  ] }]));

  // BCBS (line-level CAS on paid claims).
  put('x12/835/bcbs_2025-01-29.835', remit('bcbs', '2025-01-29', [{ trace: 'BC0001', paymentDate: '2025-01-28', ...payee, clps: [
    clpLine('C06', 90, 20, [cas('PR', '3', 20), cas('CO', '45', 40)]),
    clpLine('C07', 50, 20, [cas('PR', '3', 20), cas('CO', '45', 30)]),
    clpLine('C08', 50, 20, [cas('PR', '3', 20), cas('CO', '45', 30)]),
    clpLine('C09', 50, 20, [cas('PR', '3', 20), cas('CO', '45', 30)]),
  ] }]));
  const bcbs2 = (ctrlOverride?: number) =>
    write835({ payerX12: 'BCBS1', payerName: PAYER_NAMES['BCBS1']!, received: '2025-02-12', ctrl: ctrlOverride ?? ctrl++, payments: [{ trace: 'BC0002', paymentDate: '2025-02-11', ...payee, clps: [
      clp('C10', '4', 100, 0, 0, [cas('CO', '198', 100)]),
      clpLine('C11', 40, 20, [cas('PR', '3', 20), cas('CO', '45', 40)]),
      clpLine('C27', 90, 20, [cas('PR', '3', 20), cas('CO', '45', 40)]),
      clpLine('C28', 50, 20, [cas('PR', '3', 20), cas('CO', '45', 30)]),
    ] }] });
  put('x12/835/bcbs_2025-02-12.835', bcbs2());
  put('x12/835/bcbs_2025-02-12_resent.835', bcbs2(990)); // same payment, new interchange: a re-sent 835
  put('x12/835/bcbs_2025-02-26.835', remit('bcbs', '2025-02-26', [{ trace: 'BC0003', paymentDate: '2025-02-25', ...payee, clps: [
    clpLine('C29', 50, 20, [cas('PR', '3', 20), cas('CO', '45', 30)]),
  ] }]));

  // Aetna: credentialing denials (notification only, BPR01 H), then payments.
  put('x12/835/aetna_2025-02-11.835', remit('aetna', '2025-02-11', [{ trace: 'AE0001', paymentDate: '2025-02-10', ...payee, clps: [
    clp('C13', '4', 150, 0, 0, [cas('CO', '185', 150)]),
    clp('C14', '4', 100, 0, 0, [cas('CO', '185', 100)]),
    clp('C15', '4', 100, 0, 0, [cas('CO', '185', 100)]),
    clp('C16', '4', 100, 0, 0, [cas('CO', '185', 100)]),
  ] }]));
  put('x12/835/aetna_2025-02-18.835', remit('aetna', '2025-02-18', [{ trace: 'AE0002', paymentDate: '2025-02-17', ...payee, clps: [
    clp('C17', '4', 100, 0, 0, [cas('CO', '185', 100)]),
    clpLine('C18', 60, 6, [cas('PR', '3', 6), cas('CO', '45', 34)]),
  ] }]));
  put('x12/835/aetna_2025-03-12.835', remit('aetna', '2025-03-12', [{ trace: 'AE0003', paymentDate: '2025-03-11', ...payee, clps: [
    clpLine('C25', 95, 10, [cas('PR', '3', 10), cas('CO', '45', 45)]),
    clp('C26', '4', 100, 0, 0, [cas('CO', '197', 100)]),
  ] }]));

  // Workers' comp: check with prompt-pay interest (AMT*I + PLB L6), an overpayment (C20) and a split claim (C21).
  const c19 = clpLine('C19', 140, 0, [cas('CO', '45', 10)]);
  c19.interest = 2.5;
  const c21a: ScClp = { ...clp('C21', '1', 100, 90, 0, []), cas: undefined, svc: [{ cpt: '97110', units: 2, charge: 100, paid: 90, date: '2025-01-15', lcn: 'C21-1', cas: [cas('CO', '45', 10)] }] };
  const c21b: ScClp = { ...clp('C21', '1', 45, 40, 0, [], 'B'), cas: undefined, svc: [{ cpt: '97140', units: 1, charge: 45, paid: 40, date: '2025-01-15', lcn: 'C21-2', cas: [cas('CO', '45', 5)] }] };
  put('x12/835/wc_2025-03-06.835', remit('wc', '2025-03-06', [{ trace: 'WC0001', paymentDate: '2025-03-05', method: 'CHK', ...payee,
    clps: [c19, clpLine('C20', 90, 0, [cas('CO', '45', 10)]), c21a, c21b], plb: [{ code: 'L6', amount: -2.5 }] }]));
  // ... and pays C20 a second time two weeks later: a duplicate payment, i.e. a credit balance of 100.
  put('x12/835/wc_2025-03-21.835', remit('wc', '2025-03-21', [{ trace: 'WC0002', paymentDate: '2025-03-20', method: 'CHK', ...payee,
    clps: [clpLine('C20', 90, 0, [cas('CO', '45', 10)])] }]));

  // A broken 837: SE01 counts one segment too many (quarantined, nothing loaded).
  const broken = write837({ submitted: '2025-03-20', ctrl: 777, billingNpi: CLINIC.npi, clinicName: CLINIC.name, tin: CLINIC.tin, claims: [scClaim({ ...CLAIMS[0]!, id: 'BAD1' })], payerNames: PAYER_NAMES });
  put('x12/837p/riv_broken.837', broken.replace(/SE\*(\d+)\*0001/, (_, n) => `SE*${Number(n) + 1}*0001`));

  // ------------------------------------------------------------------------------------------------------------
  // EHR exports.
  put('ehr/clinics.csv', csv([{ clinic_id: CLINIC.id, clinic_name: 'Riverside PT', billing_npi: CLINIC.npi, tin: CLINIC.tin, timezone: 'America/New_York' }]));
  put('ehr/providers.csv', csv([
    { provider_npi: ALICE, clinic_id: CLINIC.id, discipline: 'PT', display_name: 'Alice (PT)' },
    { provider_npi: BOB, clinic_id: CLINIC.id, discipline: 'PT', display_name: 'Bob (PT)' },
  ]));
  put('ehr/payers.csv', csv(PAYERS));
  put('ehr/fee_schedule.csv', csv(Object.entries(FEES).flatMap(([payer, fees]) =>
    Object.entries(fees).map(([cpt, amt]) => ({ payer_id: payer, cpt, modifier: '', allowed_amount: amt.toFixed(2), effective_from: '2025-01-01', effective_to: '' })))));
  const cred = [ALICE, BOB].flatMap((npi) => Object.keys(FEES).map((payer) =>
    npi === BOB && payer === 'aetna'
      ? { provider_npi: npi, payer_id: payer, status: 'in_progress', applied_on: '2025-01-02', effective_on: '', terminated_on: '' }
      : { provider_npi: npi, payer_id: payer, status: 'active', applied_on: '2024-06-01', effective_on: '2024-09-01', terminated_on: '' }));
  put('ehr/credentialing.csv', csv(cred));

  const visit = (id: string, patient: string, provider: string, date: string, type: string, status: string, claim: string, charged = '') => ({
    visit_id: id, clinic_id: CLINIC.id, patient_id: P[patient]!.mrn, provider_npi: provider, visit_date: date, visit_type: type,
    status, payer_id: P[patient]!.payer ?? '', claim_id: claim, documented_at: '', charge_entered_at: charged, minutes: status === 'completed' ? 45 : '',
  });
  const charged: Record<string, string> = {
    C01: '2025-01-07T09:00:00-05:00', C02: '2025-01-08T17:30:00-05:00', C03: '2025-01-13T08:00:00', C04: '2025-01-14T03:30:00Z',
  };
  const visits = CLAIMS.map((c) => visit(`V${c.id.slice(1)}`, c.patient, c.provider, c.dos, c.kind === 'E' ? 'evaluation' : 'treatment',
    c.id === 'C22' ? 'cancelled' : 'completed', c.id, charged[c.id] ?? ''));
  visits.push(
    visit('V30', 'K1', ALICE, '2025-01-10', 'evaluation', 'completed', ''),
    visit('V31', 'K1', ALICE, '2025-01-17', 'treatment', 'completed', ''),
    visit('V32', 'B1', ALICE, '2025-01-28', 'treatment', 'cancelled', ''),
    visit('V33', 'M1', ALICE, '2025-01-30', 'treatment', 'no_show', ''),
    visit('V34', 'M1', ALICE, '2025-03-26', 'treatment', 'completed', ''),
    visit('V35', 'M1', ALICE, '2025-03-30', 'treatment', 'completed', ''),
  );
  put('ehr/visits_2025-q1.csv', csv(visits));

  const auth = (id: string, patient: string, status: string, requested: string, decided: string, start: string, end: string, approved: string, requestedVisits: string, previous = '') => ({
    auth_id: id, patient_id: P[patient]!.mrn, payer_id: P[patient]!.payer, status, requested_on: requested, decided_on: decided,
    start_date: start, end_date: end, approved_visits: approved, requested_visits: requestedVisits, previous_auth_id: previous,
  });
  put('ehr/authorizations.csv', csv([
    auth('AU1', 'B1', 'approved', '2025-01-06', '2025-01-08', '2025-01-08', '2025-02-28', '3', '4'),
    auth('AU2', 'B1', 'approved', '2025-02-03', '2025-02-05', '2025-02-05', '2025-04-15', '3', '3', 'AU1'),
    auth('AU3', 'A1', 'approved', '2025-01-06', '2025-01-07', '2025-01-07', '2025-03-31', '10', '12'),
    auth('AU4', 'B2', 'approved', '2025-01-05', '2025-01-06', '2025-01-06', '2025-01-31', '8', '8'),
    auth('AU5', 'A2', 'denied', '2025-02-18', '2025-02-21', '', '', '', '8'),
  ]));
  put('ehr/appointments.csv', csv([
    { appointment_id: 'AP1', patient_id: P.B1!.mrn, scheduled_date: '2025-04-02', payer_id: 'bcbs', status: 'scheduled' },
    { appointment_id: 'AP2', patient_id: P.B1!.mrn, scheduled_date: '2025-04-04', payer_id: 'bcbs', status: 'scheduled' },
    { appointment_id: 'AP3', patient_id: P.B1!.mrn, scheduled_date: '2025-04-09', payer_id: 'bcbs', status: 'cancelled' },
    { appointment_id: 'AP4', patient_id: P.M1!.mrn, scheduled_date: '2025-04-01', payer_id: 'medicare', status: 'scheduled' },
  ]));
  const era = (id: string, payer: string, amount: string, received: string, posted: string, trace: string, method = 'era') => ({
    payment_id: id, source: 'payer', amount, received_on: received, posted_on: posted, method, payer_id: payer, patient_id: '', claim_id: '', visit_id: '', trace_number: trace,
  });
  const pat = (id: string, patient: string, amount: string, date: string, method: string, claim: string, visitId: string) => ({
    payment_id: id, source: 'patient', amount, received_on: date, posted_on: date, method, payer_id: '', patient_id: P[patient]!.mrn, claim_id: claim, visit_id: visitId, trace_number: '',
  });
  put('ehr/payments_2025-q1.csv', csv([
    era('E1', 'medicare', '128.00', '2025-01-22', '2025-01-22', 'MCR0001'),
    era('E2', 'medicare', '166.00', '2025-02-05', '2025-02-07', 'MCR0002'),
    era('E3', 'medicare', '54.00', '2025-03-05', '2025-03-05', 'MCR0003'),
    era('E4', 'bcbs', '240.00', '2025-01-29', '2025-01-30', 'BC0001'),
    era('E5', 'bcbs', '180.00', '2025-02-12', '2025-02-12', 'BC0002'),
    era('E6', 'bcbs', '50.00', '2025-02-26', '2025-03-03', 'BC0003'),
    era('E7', 'aetna', '60.00', '2025-02-18', '2025-02-18', 'AE0002'),
    era('E8', 'aetna', '95.00', '2025-03-12', '2025-03-13', 'AE0003'),
    era('E9', 'wc', '362.50', '2025-03-06', '2025-03-10', 'WC0001', 'check'),
    era('E10', 'wc', '90.00', '2025-03-21', '2025-03-24', 'WC0002', 'check'),
    pat('PP1', 'B1', '20.00', '2025-01-07', 'card', 'C06', ''),
    pat('PP2', 'B1', '20.00', '2025-01-09', 'card', 'C07', ''),
    pat('PP3', 'M1', '20.00', '2025-02-10', 'card', 'C01', ''),
    pat('PP4', 'K1', '120.00', '2025-01-10', 'card', '', 'V30'),
    pat('PP5', 'K1', '120.00', '2025-01-17', 'cash', '', 'V31'),
  ]));
  put('ehr/denial_actions.csv', csv([
    { claim_id: 'C04', action: 'appeal', action_on: '2025-02-06', amount: '', note: 'medical necessity letter' },
    { claim_id: 'C13', action: 'write_off', action_on: '2025-02-20', amount: '150.00', note: 'provider not credentialed' },
    { claim_id: 'C14', action: 'appeal', action_on: '2025-02-12', amount: '', note: '' },
    { claim_id: 'C26', action: 'patient_outreach', action_on: '2025-03-20', amount: '', note: 'call patient about auth' },
  ]));
  return files;
}

/** A 277CA with one claim-level STC per entry: [claim id, category:code, charge]. */
function write277(ctrl: number, date: string, entries: Array<[string, string, number]>): string {
  const d8 = date.replaceAll('-', '');
  const s: string[] = ['277'];
  s.push(`BHT*0085*08*277${ctrl}*${d8}*1200*TH`);
  s.push('HL*1**20*1', 'NM1*AY*2*CLEARINGHOUSE*****46*CH01', `TRN*1*${ctrl}`, `DTP*050*D8*${d8}`, `DTP*009*D8*${d8}`);
  s.push('HL*2*1*21*1', `NM1*41*2*${CLINIC.name}*****46*RIVSUB`, `TRN*2*B${ctrl}`, `STC*A1:19:PR*${d8}*WQ*${entries.reduce((a, e) => a + e[2], 0)}`);
  s.push('HL*3*2*19*1', `NM1*85*2*${CLINIC.name}*****XX*${CLINIC.npi}`, `TRN*1*${ctrl}`, `STC*A1:19:PR*${d8}*WQ*${entries.reduce((a, e) => a + e[2], 0)}`);
  let hl = 3;
  for (const [claim, stc, charge] of entries) {
    hl++;
    s.push(`HL*${hl}*3*PT`, 'NM1*QC*1*CANARYPHI*PAT****MI*ZCM000000001', `TRN*2*${claim}`);
    s.push(`STC*${stc}:PR*${d8}*${stc.startsWith('A2') ? 'WQ' : 'U'}*${charge}`);
    if (stc.startsWith('A2')) s.push(`REF*1K*${claim}-CCN`);
  }
  const body = [`ST*277*0001*005010X214`, ...s.slice(1)];
  body.push(`SE*${body.length + 1}*0001`);
  const pad = (x: string, n: number) => (x + ' '.repeat(n)).slice(0, n);
  const isa = `ISA*00*${' '.repeat(10)}*00*${' '.repeat(10)}*ZZ*${pad('CH01', 15)}*ZZ*${pad('RIVSUB', 15)}*${d8.slice(2)}*1200*^*00501*${String(ctrl).padStart(9, '0')}*0*P*:`;
  return [isa, `GS*HN*CH01*RIVSUB*${d8}*1200*${ctrl}*X*005010X214`, ...body, `GE*1*${ctrl}`, `IEA*1*${String(ctrl).padStart(9, '0')}`].join('~\n') + '~\n';
}
