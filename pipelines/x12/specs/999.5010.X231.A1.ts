/**
 * 999 Implementation Acknowledgment, 005010X231A1 — after `azoner/pyx12 pyx12/map/999.5010X231.A1.xml`. AK1 names
 * the acknowledged group; each AK2 loop one acknowledged set with its IK3 segment errors (each with IK4 element
 * errors) and the IK5 set response; AK9 the group response. IK404 (a copy of the bad value) is never stored.
 */
import { an, comp, el, GT1, id, loop, R, S, seg } from '../spec/dsl.ts';
import type { TransactionSpec } from '../spec/types.ts';

const n0 = (eid: string, name: string, max: number, usage: 'R' | 'S' = S) => el(eid, name, 'N0', 1, max, usage);

export const SPEC_999: TransactionSpec = {
  st01: '999',
  gs01: 'FA',
  guides: ['005010X231A1', '005010X231'],
  kind: 'x12_999',
  name: '999 Implementation Acknowledgment (005010X231A1)',
  root: loop('ST', 'Transaction Set', R, 1, [
    seg('AK1', 'Functional Group Response Header', R, 1, [
      id('AK101', 'Functional Identifier Code', 2, 2, R),
      n0('AK102', 'Group Control Number', 9, R),
      an('AK103', 'Version / Release / Industry Identifier Code', 1, 12),
    ]),
    loop('2000', 'Transaction Set Response Header', S, GT1, [
      seg('AK2', 'Transaction Set Response Header', R, 1, [
        id('AK201', 'Transaction Set Identifier Code', 3, 3, R),
        an('AK202', 'Transaction Set Control Number', 1, 9, R),
        an('AK203', 'Implementation Convention Reference', 1, 35),
      ]),
      loop('2100', 'Error Identification', S, GT1, [
        seg('IK3', 'Error Identification', R, 1, [
          id('IK301', 'Segment ID Code', 2, 3, R),
          n0('IK302', 'Segment Position in Transaction Set', 10, R),
          an('IK303', 'Loop Identifier Code', 1, 4),
          id('IK304', 'Implementation Segment Syntax Error Code', 1, 3, R),
        ]),
        seg('CTX', 'Context', S, 11),
        loop('2110', 'Implementation Data Element Note', S, 99, [
          seg('IK4', 'Implementation Data Element Note', R, 1, [
            comp('IK401', 'Position in Segment', R, [n0('IK401-1', 'Element Position in Segment', 2, R), n0('IK401-2', 'Component Data Element Position in Composite', 2), n0('IK401-3', 'Repeating Data Element Position', 4)]),
            n0('IK402', 'Data Element Reference Number', 4),
            id('IK403', 'Implementation Data Element Syntax Error Code', 1, 3, R),
          ]),
          seg('CTX', 'Element Context', S, 10),
        ]),
      ]),
      seg('IK5', 'Transaction Set Response Trailer', R, 1, [
        id('IK501', 'Transaction Set Acknowledgment Code', 1, 1, R, ['A', 'E', 'M', 'R', 'W', 'X']),
        id('IK502', 'Implementation Transaction Set Syntax Error Code', 1, 3),
        id('IK503', 'Implementation Transaction Set Syntax Error Code', 1, 3),
        id('IK504', 'Implementation Transaction Set Syntax Error Code', 1, 3),
        id('IK505', 'Implementation Transaction Set Syntax Error Code', 1, 3),
        id('IK506', 'Implementation Transaction Set Syntax Error Code', 1, 3),
      ]),
    ]),
    seg('AK9', 'Functional Group Response Trailer', R, 1, [
      id('AK901', 'Functional Group Acknowledge Code', 1, 1, R, ['A', 'E', 'M', 'P', 'R', 'W', 'X']),
      n0('AK902', 'Number of Transaction Sets Included', 6, R),
      n0('AK903', 'Number of Received Transaction Sets', 6, R),
      n0('AK904', 'Number of Accepted Transaction Sets', 6, R),
    ]),
  ]),
};
