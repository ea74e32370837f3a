// 837P (005010X222A1) writer: one interchange / group / transaction per clinic per submission day.
// Loops: 1000A submitter, 1000B receiver, 2000A billing provider (NM1*85 XX + billing NPI), one 2000B subscriber
// per claim (SBR09 filing indicator, NM1*IL MI member id, N3/N4, DMG, 2010BB NM1*PR PI x12 payer id), 2000C patient
// when the patient is a dependent (PAT, NM1*QC, N3/N4, DMG), 2300 CLM (CLM05 11:B:freq, REF*F8 on 7/8, REF*G1 auth,
// HI, 2310B NM1*82 rendering NPI), 2400 LX / SV1 / DTP*472 / REF*6R.

import { d8, hhmm } from './dates.ts';
import { fmtCents } from './money.ts';
import { CLEARINGHOUSE, interchange, procComposite, seg, SetWriter, stControl } from './x12-format.ts';
import type { Claim, Clinic } from './types.ts';

export interface Submission {
  claim: Claim;
  freq: '1' | '7' | '8';
}

const PT_TAXONOMY = '225100000X';

export function write837p(clinic: Clinic, day: number, minute: number, ctrl: number, subs: readonly Submission[]): string {
  const st = new SetWriter('837', stControl(1), '005010X222A1');
  st.seg(`BHT*0019*00*${ctrl}*${d8(day)}*${hhmm(minute)}*CH`);
  st.seg(`NM1*41*2*${clinic.name}*****46*${clinic.id}SUB`);
  st.seg(`PER*IC*BILLING OFFICE*TE*6175550${String(100 + clinic.idx).slice(-3)}`);
  st.seg(`NM1*40*2*${CLEARINGHOUSE.name}*****46*${CLEARINGHOUSE.id}`);
  st.seg('HL*1**20*1');
  st.seg(`PRV*BI*PXC*${PT_TAXONOMY}`);
  st.seg(`NM1*85*2*${clinic.name}*****XX*${clinic.billingNpi}`);
  st.seg(`N3*${clinic.address.street}`);
  st.seg(`N4*${clinic.address.city}*MA*${clinic.address.zip}`);
  st.seg(`REF*EI*${clinic.tin}`);
  let hl = 1;
  for (const { claim: c, freq } of subs) {
    const p = c.patient;
    const dep = p.subscriber;
    const sub = dep ?? p.person;
    hl++;
    const subHl = hl;
    st.seg(`HL*${subHl}*1*22*${dep ? 1 : 0}`);
    const group = c.payer.financialClass === 'medicare' ? '' : `G${p.memberId.slice(-5)}`;
    st.seg(seg('SBR', 'P', dep ? '' : '18', group, '', '', '', '', '', c.payer.filing));
    st.seg(`NM1*IL*1*${sub.last}*${sub.first}****MI*${p.memberId}`);
    st.seg(`N3*${p.address.street}`);
    st.seg(`N4*${p.address.city}*MA*${p.address.zip}`);
    st.seg(`DMG*D8*${d8(sub.dob)}*${sub.sex}`);
    st.seg(`NM1*PR*2*${c.payer.name}*****PI*${c.payer.x12Id}`);
    if (dep) {
      hl++;
      st.seg(`HL*${hl}*${subHl}*23*0`);
      st.seg(`PAT*${dep.relationship}`);
      st.seg(`NM1*QC*1*${p.person.last}*${p.person.first}`);
      st.seg(`N3*${p.address.street}`);
      st.seg(`N4*${p.address.city}*MA*${p.address.zip}`);
      st.seg(`DMG*D8*${d8(p.person.dob)}*${p.person.sex}`);
    }
    const wc = c.injuryDay !== null;
    st.seg(`CLM*${c.id}*${fmtCents(c.chargeC)}***11:B:${freq}*Y*A*Y*Y${wc ? '**EM' : ''}`);
    if (wc) st.seg(`DTP*439*D8*${d8(c.injuryDay as number)}`);
    if (freq !== '1') st.seg(`REF*F8*${c.payerCcn}`);
    if (c.authNo) st.seg(`REF*G1*${c.authNo}`);
    st.seg(`HI*${c.dx.map((d, i) => `${i === 0 ? 'ABK' : 'ABF'}:${d}`).join('*')}`);
    st.seg(`NM1*82*1*${c.provider.last}*${c.provider.first}****XX*${c.provider.npi}`);
    st.seg(`PRV*PE*PXC*${PT_TAXONOMY}`);
    const dos = d8(c.dos);
    c.lines.forEach((l, i) => {
      st.seg(`LX*${i + 1}`);
      st.seg(`SV1*${procComposite(l.cpt, l.mods)}*${fmtCents(l.chargeC)}*UN*${l.units}***1`);
      st.seg(`DTP*472*D8*${dos}`);
      st.seg(`REF*6R*${l.lcn}`);
    });
  }
  return interchange(
    {
      isaSender: `${clinic.id}SUB`, isaReceiver: CLEARINGHOUSE.id, gs01: 'HC', gsSender: `${clinic.id}SUB`,
      gsReceiver: CLEARINGHOUSE.id, version: '005010X222A1', day, minute, ctrl,
    },
    [st.end()],
  );
}

