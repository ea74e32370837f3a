// 277CA (005010X214) writer: one acknowledgement per 837 file. HL 20 information source (the clearinghouse),
// HL 21 information receiver (the clinic as submitter, TRN*2 = the 837's BHT03, counts and amounts), HL 19 billing
// provider, HL PT per claim: NM1*QC, TRN*2 = CLM01, STC (A2:20 accepted, or A7/A3 rejected), REF*1K when accepted,
// DTP*472 service date.

import { d8, hhmm } from './dates.ts';
import { fmtCents } from './money.ts';
import { CLEARINGHOUSE, interchange, SetWriter, stControl } from './x12-format.ts';
import type { Claim, Clinic } from './types.ts';

export interface AckResult {
  claim: Claim;
  accepted: boolean;
  /** STC01 composite, e.g. A2:20 or A7:164:IL. */
  stc: string;
}

export function write277ca(clinic: Clinic, ackDay: number, submitDay: number, minute: number, ctrl: number, bhtRef837: number, results: readonly AckResult[]): string {
  const st = new SetWriter('277', stControl(1), '005010X214');
  const date = d8(ackDay);
  st.seg(`BHT*0085*08*${ctrl}*${date}*${hhmm(minute)}*TH`);
  st.seg('HL*1**20*1');
  st.seg(`NM1*AY*2*${CLEARINGHOUSE.name}*****46*${CLEARINGHOUSE.id}`);
  st.seg(`TRN*1*${ctrl}`);
  st.seg(`DTP*050*D8*${d8(submitDay)}`);
  st.seg(`DTP*009*D8*${date}`);
  st.seg('HL*2*1*21*1');
  st.seg(`NM1*41*2*${clinic.name}*****46*${clinic.id}SUB`);
  st.seg(`TRN*2*${bhtRef837}`);
  let accN = 0;
  let rejN = 0;
  let accC = 0;
  let rejC = 0;
  for (const r of results) {
    if (r.accepted) {
      accN++;
      accC += r.claim.chargeC;
    } else {
      rejN++;
      rejC += r.claim.chargeC;
    }
  }
  st.seg(`STC*A1:19*${date}*WQ*${fmtCents(accC + rejC)}`);
  if (accN) st.seg(`QTY*90*${accN}`);
  if (rejN) st.seg(`QTY*AA*${rejN}`);
  if (accN) st.seg(`AMT*YU*${fmtCents(accC)}`);
  if (rejN) st.seg(`AMT*YY*${fmtCents(rejC)}`);
  st.seg('HL*3*2*19*1');
  st.seg(`NM1*85*2*${clinic.name}*****XX*${clinic.billingNpi}`);
  st.seg(`TRN*1*${clinic.id}${ctrl}`);
  if (accN) st.seg(`QTY*QA*${accN}`);
  if (rejN) st.seg(`QTY*QC*${rejN}`);
  let hl = 3;
  for (const r of results) {
    const c = r.claim;
    hl++;
    st.seg(`HL*${hl}*3*PT`);
    st.seg(`NM1*QC*1*${c.patient.person.last}*${c.patient.person.first}****MI*${c.patient.memberId}`);
    st.seg(`TRN*2*${c.id}`);
    st.seg(`STC*${r.stc}*${date}*${r.accepted ? 'WQ' : 'U'}*${fmtCents(c.chargeC)}`);
    if (r.accepted) st.seg(`REF*1K*${c.payerCcn}`);
    st.seg(`DTP*472*D8*${d8(c.dos)}`);
  }
  return interchange(
    {
      isaSender: CLEARINGHOUSE.id, isaReceiver: `${clinic.id}SUB`, gs01: 'HN', gsSender: CLEARINGHOUSE.id,
      gsReceiver: `${clinic.id}SUB`, version: '005010X214', day: ackDay, minute, ctrl,
    },
    [st.end()],
  );
}
