// 999 (005010X231A1) implementation acknowledgement of an 837 file: the group and the set were accepted.

import { interchange, SetWriter, stControl } from './x12-format.ts';
import { CLEARINGHOUSE } from './x12-format.ts';
import type { Clinic } from './types.ts';

export function write999(clinic: Clinic, day: number, minute: number, ctrl: number, ackedGroupCtrl: number): string {
  const st = new SetWriter('999', stControl(1), '005010X231A1');
  st.seg(`AK1*HC*${ackedGroupCtrl}*005010X222A1`);
  st.seg('AK2*837*0001*005010X222A1');
  st.seg('IK5*A');
  st.seg('AK9*A*1*1*1');
  return interchange(
    {
      isaSender: CLEARINGHOUSE.id, isaReceiver: `${clinic.id}SUB`, gs01: 'FA', gsSender: CLEARINGHOUSE.id,
      gsReceiver: `${clinic.id}SUB`, version: '005010X231A1', day, minute, ctrl,
    },
    [st.end()],
  );
}
