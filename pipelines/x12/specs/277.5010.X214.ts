/**
 * 277CA Health Care Claim Acknowledgment, 005010X214 — loops, segments (usage, max use) and the elements revcycle
 * uses, after `azoner/pyx12 pyx12/map/277.5010.X214.xml`. Information source (2000A) → receiver (2000B) → billing
 * provider (2000C) → patient / claim (2000D, 2200D) → service line (2220D).
 */
import { amt, an, comp, dt, el, GT1, id, loop, nm1, qual, R, S, seg } from '../spec/dsl.ts';
import type { SegmentSpec, TransactionSpec } from '../spec/types.ts';

const hl = (code: string, name: string): SegmentSpec =>
  seg('HL', name, R, 1, [el('HL01', 'Hierarchical ID Number', 'AN', 1, 12, R), an('HL02', 'Hierarchical Parent ID Number', 1, 12), id('HL03', 'Hierarchical Level Code', 1, 2, R, [code])], {
    qualifiers: [code],
    qualifierElement: 3,
  });
const trn = (name: string) => seg('TRN', name, R, 1, [id('TRN01', 'Trace Type Code', 1, 2, R, ['1', '2']), an('TRN02', 'Reference Identification', 1, 50, R)]);
/** STC; STC02 (the status date) is required except at 2200C, where the guide does not use it. */
const stc = (name: string, usage: 'R' | 'S', dateUsage: 'R' | 'S' = R) =>
  seg('STC', name, usage, GT1, [
    comp('STC01', 'Health Care Claim Status', R, [
      id('STC01-1', 'Health Care Claim Status Category Code', 1, 30, R),
      an('STC01-2', 'Health Care Claim Status Code', 1, 30, R),
      an('STC01-3', 'Entity Identifier Code', 2, 3),
    ]),
    dt('STC02', 'Status Information Effective Date', dateUsage),
    id('STC03', 'Action Code', 1, 2),
    amt('STC04', 'Total Claim Charge Amount'),
  ]);
const ref = (qualifiers: string[], name: string) =>
  qual('REF', name, S, 1, qualifiers, [id('REF01', 'Reference Identification Qualifier', 2, 3, R), an('REF02', 'Reference Identification', 1, 50, R)]);
const dtp = (qualifiers: string[], name: string, usage: 'R' | 'S' = S) =>
  qual('DTP', name, usage, 1, qualifiers, [id('DTP01', 'Date Time Qualifier', 3, 3, R), id('DTP02', 'Date Time Period Format Qualifier', 2, 3, R, ['D8', 'RD8']), an('DTP03', 'Date Time Period', 1, 35, R)]);
const totals = [seg('QTY', 'Total Accepted / Rejected Quantity', S, 2), seg('AMT', 'Total Accepted / Rejected Amount', S, 2)];

export const SPEC_277CA: TransactionSpec = {
  st01: '277',
  gs01: 'HN',
  guides: ['005010X214'],
  kind: 'x12_277ca',
  name: '277CA Health Care Claim Acknowledgment (005010X214)',
  root: loop('ST', 'Transaction Set', R, 1, [
    seg('BHT', 'Beginning of Hierarchical Transaction', R, 1, [
      id('BHT01', 'Hierarchical Structure Code', 4, 4, R, ['0085']),
      id('BHT02', 'Transaction Set Purpose Code', 2, 2, R),
      an('BHT03', 'Originator Application Transaction Identifier', 1, 50, R),
      dt('BHT04', 'Transaction Set Creation Date', R),
    ]),
    loop('2000A', 'Information Source Level', R, GT1, [
      hl('20', 'Information Source Level'),
      loop('2100A', 'Information Source Name', R, 1, [nm1(['PR', 'AY'], 'Information Source Name', R)]),
      loop('2200A', 'Transmission Receipt Control Identifier', R, 1, [trn('Transmission Receipt Control Identifier'), dtp(['050'], 'Information Source Receipt Date'), dtp(['009'], 'Information Source Process Date')]),
      loop('2000B', 'Information Receiver Level', R, GT1, [
        hl('21', 'Information Receiver Level'),
        loop('2100B', 'Information Receiver Name', R, 1, [nm1(['41'], 'Information Receiver Name', R)]),
        loop('2200B', 'Information Receiver Application Trace Identifier', S, 1, [trn('Information Receiver Application Trace Identifier'), stc('Information Receiver Status Information', S), ...totals]),
        loop('2000C', 'Billing Provider of Service Level', S, GT1, [
          hl('19', 'Billing Provider of Service Level'),
          loop('2100C', 'Billing Provider Name', R, 1, [nm1(['85'], 'Billing Provider Name', R)]),
          loop('2200C', 'Provider of Service Information Trace Identifier', S, 1, [trn('Provider of Service Information Trace Identifier'), stc('Billing Provider Status Information', S, S), qual('REF', 'Provider Secondary Identifier', S, 3, ['0B', 'TJ', 'SY', '1G', 'G2', 'LU', 'D3', 'PXC']), ...totals]),
          loop('2000D', 'Patient Level', S, GT1, [
            hl('PT', 'Patient Level'),
            loop('2100D', 'Patient Name', R, 1, [nm1(['QC'], 'Patient Name', R)]),
            loop('2200D', 'Claim Status Tracking Number', R, GT1, [
              trn('Claim Status Tracking Number'),
              stc('Claim Level Status Information', R),
              ref(['1K'], 'Payer Claim Control Number'),
              ref(['BLT'], 'Institutional Bill Type Identification'),
              ref(['EA'], 'Patient Control Number / Medical Record Identification'),
              qual('REF', 'Other Claim Identifiers', S, 3, ['D9', 'LU', 'XZ', 'VV']),
              dtp(['472'], 'Claim Level Service Date'),
              loop('2220D', 'Service Line Information', S, GT1, [
                seg('SVC', 'Service Line Information', R, 1, [
                  comp('SVC01', 'Composite Medical Procedure Identifier', R, [id('SVC01-1', 'Product or Service ID Qualifier', 2, 2, R), an('SVC01-2', 'Procedure Code', 1, 48, R)]),
                  amt('SVC02', 'Line Item Charge Amount', R),
                ]),
                stc('Service Line Level Status Information', R),
                ref(['FJ'], 'Service Line Item Identification'),
                dtp(['472'], 'Service Line Date'),
              ]),
            ]),
          ]),
        ]),
      ]),
    ]),
  ]),
};
