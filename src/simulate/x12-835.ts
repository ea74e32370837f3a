// 835 (005010X221A1) writer: one file per payer per payment run, one transaction set per payee clinic (= one
// EFT/check with its own TRN02 and BPR02). Every set balances (domain-reference §2):
//   B-S  SVC02 − Σ line CAS = SVC03            B-C  CLP03 − Σ claim CAS − Σ line CAS = CLP04
//   B-T  Σ CLP04 − Σ PLB = BPR02               B-I  −Σ PLB(L6) = Σ AMT*I (L6 is negative: interest is paid out)
//   B-P  CLP05 = Σ PR adjustments               B-R  a CLP02 = 22 reversal negates every amount of the original

import { d8, year } from './dates.ts';
import { fmtCents } from './money.ts';
import { CLEARINGHOUSE, interchange, SetWriter, stControl } from './x12-format.ts';
import type { PayerDef } from './payers.ts';
import type { Cas, Clinic, RemitClaim } from './types.ts';

export interface Plb {
  code: 'L6' | 'WO';
  ref: string;
  /** Positive reduces the payment (takeback), negative increases it (interest). */
  amountC: number;
}

export interface Payment835 {
  clinic: Clinic;
  trace: string;
  remits: RemitClaim[];
  plb: Plb[];
  totalC: number;
}

/** BPR02 = Σ CLP04 − Σ PLB. */
export function paymentTotal(remits: readonly RemitClaim[], plb: readonly Plb[]): number {
  let t = 0;
  for (const r of remits) t += r.paidC;
  for (const p of plb) t -= p.amountC;
  return t;
}

function casSegments(list: readonly Cas[], out: (s: string) => void): void {
  if (list.length === 0) return;
  const groups: string[] = [];
  for (const c of list) if (!groups.includes(c.group)) groups.push(c.group);
  for (const g of groups) {
    const items = list.filter((c) => c.group === g);
    for (let i = 0; i < items.length; i += 6) {
      const part = items.slice(i, i + 6).map((c) => `${c.reason}*${fmtCents(c.amountC)}`);
      out(`CAS*${g}*${part.join('**')}`);
    }
  }
}

function bpr(payer: PayerDef, clinic: Clinic, totalC: number, day: number): string {
  const date = d8(day);
  if (totalC === 0) return ['BPR', 'H', '0.00', 'C', 'NON', '', '', '', '', '', '', '', '', '', '', '', date].join('*');
  if (payer.paysByCheck) return ['BPR', 'I', fmtCents(totalC), 'C', 'CHK', '', '', '', '', '', '', '', '', '', '', '', date].join('*');
  return [
    'BPR', 'I', fmtCents(totalC), 'C', 'ACH', 'CCP', '01', `0${payer.ein.slice(0, 8)}`, 'DA', `7${payer.ein}`,
    `1${payer.ein}`, '', '01', clinic.routing, 'DA', clinic.account, date,
  ].join('*');
}

export function write835(payer: PayerDef, day: number, minute: number, ctrl: number, sets: readonly Payment835[]): string {
  const out: string[] = [];
  sets.forEach((p, si) => {
    const st = new SetWriter('835', stControl(si + 1), '005010X221A1');
    const s = (x: string) => st.seg(x);
    s(bpr(payer, p.clinic, p.totalC, day));
    s(`TRN*1*${p.trace}*1${payer.ein}`);
    s(`DTM*405*${d8(day)}`);
    s(`N1*PR*${payer.name}`);
    s(`N3*PO BOX ${4000 + payer.idx * 111}`);
    s('N4*SPRINGFIELD*MA*01101');
    s(`REF*2U*${payer.x12Id}`);
    s(`PER*BL*PROVIDER SERVICES*TE*800555${String(1000 + payer.idx).slice(-4)}`);
    s(`N1*PE*${p.clinic.name}*XX*${p.clinic.billingNpi}`);
    s(`REF*TJ*${p.clinic.tin}`);
    if (p.remits.length) s('LX*1');
    for (const r of p.remits) {
      s(`CLP*${r.clp01}*${r.status}*${fmtCents(r.chargeC)}*${fmtCents(r.paidC)}*${fmtCents(r.prC)}*${r.filing}*${r.ccn}*11*${r.freq}`);
      casSegments(r.claimCas, s);
      s(`NM1*QC*1*${r.patient.person.last}*${r.patient.person.first}****MI*${r.patient.memberId}`);
      if (r.receivedDay !== null) s(`DTM*050*${d8(r.receivedDay)}`);
      if (r.interestC !== 0) s(`AMT*I*${fmtCents(r.interestC)}`);
      for (const l of r.lines) {
        s(`SVC*${l.proc}*${fmtCents(l.chargeC)}*${fmtCents(l.paidC)}**${l.units}`);
        s(`DTM*472*${d8(l.dos)}`);
        casSegments(l.cas, s);
        s(`REF*6R*${l.lcn}`);
        if (l.allowedC !== 0) s(`AMT*B6*${fmtCents(l.allowedC)}`);
      }
    }
    if (p.plb.length) {
      const parts = p.plb.map((x) => `${x.code}${x.ref ? `:${x.ref}` : ''}*${fmtCents(x.amountC)}`);
      for (let i = 0; i < parts.length; i += 6) s(`PLB*${p.clinic.billingNpi}*${year(day)}1231*${parts.slice(i, i + 6).join('*')}`);
    }
    out.push(st.end());
  });
  return interchange(
    {
      isaSender: payer.x12Id, isaReceiver: CLEARINGHOUSE.id, gs01: 'HP', gsSender: payer.x12Id,
      gsReceiver: CLEARINGHOUSE.id, version: '005010X221A1', day, minute, ctrl,
    },
    out,
  );
}
