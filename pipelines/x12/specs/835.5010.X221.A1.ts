/**
 * 835 Health Care Claim Payment/Advice, 005010X221A1 — loops, segments (usage, max use) and the elements revcycle
 * uses, after `azoner/pyx12 pyx12/map/835.5010.X221.A1.xml`. Elements not listed are carried but not validated.
 */
import { amt, an, comp, dt, el, GT1, id, loop, nm1, qty, qual, R, S, seg } from '../spec/dsl.ts';
import type { ElementSpec, TransactionSpec } from '../spec/types.ts';

/** CAS01 group code; CR is a 4010 code that still turns up and is accepted (domain-reference §5.1). */
export const CAS_GROUP_CODES = ['CO', 'OA', 'PI', 'PR', 'CR'] as const;

/** CAS02–CAS19: six reason / amount / quantity triplets (the quantity is part of every triplet). */
function casElements(): ElementSpec[] {
  const els: ElementSpec[] = [id('CAS01', 'Claim Adjustment Group Code', 2, 2, R, CAS_GROUP_CODES)];
  for (let t = 0; t < 6; t++) {
    const n = 2 + t * 3;
    const p = (k: number) => String(n + k).padStart(2, '0');
    const usage = t === 0 ? R : S;
    els.push(
      id(`CAS${p(0)}`, 'Adjustment Reason Code', 1, 5, usage),
      amt(`CAS${p(1)}`, 'Adjustment Amount', usage),
      qty(`CAS${p(2)}`, 'Adjustment Quantity'),
    );
  }
  return els;
}

/** PLB03–PLB14: six adjustment identifier (composite reason:reference) / amount pairs. */
function plbElements(): ElementSpec[] {
  const els: ElementSpec[] = [an('PLB01', 'Provider Identifier', 1, 50, R), dt('PLB02', 'Fiscal Period Date', R)];
  for (let k = 0; k < 6; k++) {
    const n = 3 + k * 2;
    const idEl = `PLB${String(n).padStart(2, '0')}`;
    const usage = k === 0 ? R : S;
    els.push(
      comp(idEl, 'Provider Adjustment Identifier', usage, [
        id(`${idEl}-1`, 'Adjustment Reason Code', 2, 2, R),
        an(`${idEl}-2`, 'Provider Adjustment Identifier', 1, 50),
      ]),
      amt(`PLB${String(n + 1).padStart(2, '0')}`, 'Provider Adjustment Amount', usage),
    );
  }
  return els;
}

const dtm = (qualifiers: string[], name: string, usage: 'R' | 'S' = S, maxUse = 1) =>
  qual('DTM', name, usage, maxUse, qualifiers, [id('DTM01', 'Date Time Qualifier', 3, 3, R), dt('DTM02', 'Date', R)]);
const ref = (qualifiers: string[], name: string, maxUse: number, usage: 'R' | 'S' = S) =>
  qual('REF', name, usage, maxUse, qualifiers, [id('REF01', 'Reference Identification Qualifier', 2, 3, R), an('REF02', 'Reference Identification', 1, 50, R)]);
const amtSeg = (qualifiers: string[], name: string, maxUse: number) =>
  qual('AMT', name, S, maxUse, qualifiers, [id('AMT01', 'Amount Qualifier Code', 1, 3, R), amt('AMT02', 'Monetary Amount', R)]);

export const SPEC_835: TransactionSpec = {
  st01: '835',
  gs01: 'HP',
  guides: ['005010X221A1', '005010X221'],
  kind: 'x12_835',
  name: '835 Health Care Claim Payment/Advice (005010X221A1)',
  root: loop('ST', 'Transaction Set', R, 1, [
    seg('BPR', 'Financial Information', R, 1, [
      id('BPR01', 'Transaction Handling Code', 1, 2, R, ['C', 'D', 'H', 'I', 'P', 'U', 'X']),
      amt('BPR02', 'Total Actual Provider Payment Amount', R),
      id('BPR03', 'Credit or Debit Flag Code', 1, 1, R, ['C', 'D']),
      id('BPR04', 'Payment Method Code', 3, 3, R, ['ACH', 'BOP', 'CHK', 'FWT', 'NON']),
      dt('BPR16', 'Check Issue or EFT Effective Date', R),
    ]),
    seg('TRN', 'Reassociation Trace Number', R, 1, [
      id('TRN01', 'Trace Type Code', 1, 2, R, ['1']),
      an('TRN02', 'Check or EFT Trace Number', 1, 50, R),
      an('TRN03', 'Payer Identifier', 1, 50),
    ]),
    seg('CUR', 'Foreign Currency Information', S, 1),
    ref(['EV'], 'Receiver Identification', 1),
    ref(['F2'], 'Version Identification', 1),
    dtm(['405'], 'Production Date'),
    loop('1000A', 'Payer Identification', R, 1, [
      seg('N1', 'Payer Identification', R, 1, [
        id('N101', 'Entity Identifier Code', 2, 3, R, ['PR']),
        an('N102', 'Payer Name', 1, 60, R),
        id('N103', 'Identification Code Qualifier', 1, 2),
        an('N104', 'Payer Identifier', 2, 80),
      ], { qualifiers: ['PR'] }),
      seg('N3', 'Payer Address', S, 1),
      seg('N4', 'Payer City, State, ZIP Code', S, 1),
      ref(['2U', 'EO', 'HI', 'NF'], 'Additional Payer Identification', 4),
      // PER*CX (1), PER*BL technical contact (>1), PER*IC web site (1)
      seg('PER', 'Payer Contact Information', S, GT1),
    ]),
    loop('1000B', 'Payee Identification', R, 1, [
      seg('N1', 'Payee Identification', R, 1, [
        id('N101', 'Entity Identifier Code', 2, 3, R, ['PE']),
        an('N102', 'Payee Name', 1, 60),
        id('N103', 'Identification Code Qualifier', 1, 2, S, ['FI', 'XV', 'XX']),
        an('N104', 'Payee Identification Code', 2, 80),
      ], { qualifiers: ['PE'] }),
      seg('N3', 'Payee Address', S, 1),
      seg('N4', 'Payee City, State, ZIP Code', S, 1),
      ref(['0B', 'D3', 'PQ', 'TJ', 'HPI'], 'Payee Additional Identification', GT1),
      seg('RDM', 'Remittance Delivery Method', S, 1),
    ]),
    loop('2000', 'Header Number', S, GT1, [
      seg('LX', 'Header Number', R, 1, [el('LX01', 'Assigned Number', 'N0', 1, 6, R)]),
      seg('TS3', 'Provider Summary Information', S, 1),
      seg('TS2', 'Provider Supplemental Summary Information', S, 1),
      loop('2100', 'Claim Payment Information', R, GT1, [
        seg('CLP', 'Claim Payment Information', R, 1, [
          an('CLP01', 'Patient Control Number', 1, 38, R),
          id('CLP02', 'Claim Status Code', 1, 2, R, ['1', '2', '3', '4', '19', '20', '21', '22', '23', '25']),
          amt('CLP03', 'Total Claim Charge Amount', R),
          amt('CLP04', 'Claim Payment Amount', R),
          amt('CLP05', 'Patient Responsibility Amount'),
          id('CLP06', 'Claim Filing Indicator Code', 1, 2, R),
          an('CLP07', 'Payer Claim Control Number', 1, 50),
          an('CLP08', 'Facility Type Code', 1, 2),
          id('CLP09', 'Claim Frequency Type Code', 1, 1),
        ]),
        seg('CAS', 'Claim Adjustment', S, 99, casElements()),
        nm1(['QC'], 'Patient Name', R),
        nm1(['IL'], 'Insured Name', S),
        nm1(['74'], 'Corrected Patient/Insured Name', S),
        nm1(['82'], 'Service Provider Name', S),
        nm1(['TT'], 'Crossover Carrier Name', S),
        nm1(['PR'], 'Corrected Priority Payer Name', S),
        nm1(['GB'], 'Other Subscriber Name', S),
        seg('MIA', 'Inpatient Adjudication Information', S, 1),
        seg('MOA', 'Outpatient Adjudication Information', S, 1),
        ref(['1L', '1W', '28', '6P', '9A', '9C', 'BB', 'CE', 'EA', 'F8', 'G1', 'G3', 'IG', 'SY'], 'Other Claim Related Identification', 5),
        ref(['0B', '1A', '1B', '1C', '1D', '1G', '1H', '1J', 'D3', 'G2', 'LU'], 'Rendering Provider Identification', 10),
        dtm(['232', '233'], 'Statement From or To Date', S, 2),
        dtm(['036'], 'Coverage Expiration Date'),
        dtm(['050'], 'Claim Received Date'),
        seg('PER', 'Claim Contact Information', S, 2),
        amtSeg(['AU', 'D8', 'DY', 'F5', 'I', 'NL', 'T', 'T2', 'ZK', 'ZL', 'ZM', 'ZN', 'ZO'], 'Claim Supplemental Information', 13),
        seg('QTY', 'Claim Supplemental Information Quantity', S, 14),
        loop('2110', 'Service Payment Information', S, 999, [
          seg('SVC', 'Service Payment Information', R, 1, [
            comp('SVC01', 'Composite Medical Procedure Identifier', R, [
              id('SVC01-1', 'Product or Service ID Qualifier', 2, 2, R, ['AD', 'ER', 'HC', 'HP', 'IV', 'N4', 'N6', 'NU', 'UI', 'WK']),
              an('SVC01-2', 'Adjudicated Procedure Code', 1, 48, R),
              an('SVC01-3', 'Procedure Modifier', 2, 2),
              an('SVC01-4', 'Procedure Modifier', 2, 2),
              an('SVC01-5', 'Procedure Modifier', 2, 2),
              an('SVC01-6', 'Procedure Modifier', 2, 2),
              an('SVC01-7', 'Description', 1, 80),
            ]),
            amt('SVC02', 'Line Item Charge Amount', R),
            amt('SVC03', 'Line Item Provider Payment Amount', R),
            an('SVC04', 'National Uniform Billing Committee Revenue Code', 1, 48),
            qty('SVC05', 'Units of Service Paid Count'),
            comp('SVC06', 'Composite Medical Procedure Identifier', S, [
              id('SVC06-1', 'Product or Service ID Qualifier', 2, 2, R),
              an('SVC06-2', 'Procedure Code', 1, 48, R),
              an('SVC06-3', 'Procedure Modifier', 2, 2),
              an('SVC06-4', 'Procedure Modifier', 2, 2),
              an('SVC06-5', 'Procedure Modifier', 2, 2),
              an('SVC06-6', 'Procedure Modifier', 2, 2),
              an('SVC06-7', 'Description', 1, 80),
            ]),
            qty('SVC07', 'Original Units of Service Count'),
          ]),
          dtm(['150', '151', '472'], 'Service Date', S, 2),
          seg('CAS', 'Service Adjustment', S, 99, casElements()),
          ref(['1S', 'APC', 'BB', 'E9', 'G1', 'G3', 'LU', 'RB', '6R', '0K'], 'Service Identification', 8),
          ref(['0B', '1A', '1B', '1C', '1D', '1G', '1H', '1J', 'D3', 'G2', 'HPI', 'SY', 'TJ'], 'Rendering Provider Information', 10),
          amtSeg(['B6', 'KH', 'T', 'T2', 'ZK', 'ZL', 'ZM', 'ZN', 'ZO'], 'Service Supplemental Amount', 9),
          seg('QTY', 'Service Supplemental Quantity', S, 6),
          seg('LQ', 'Health Care Remark Codes', S, 99, [id('LQ01', 'Code List Qualifier Code', 1, 3, R), an('LQ02', 'Remark Code', 1, 30, R)], {
            qualifierElement: 1,
          }),
        ]),
      ]),
    ]),
    seg('PLB', 'Provider Adjustment', S, GT1, plbElements()),
  ]),
};
