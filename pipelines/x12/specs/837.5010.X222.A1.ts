/**
 * 837 Health Care Claim: Professional, 005010X222A1 — loops, segments (usage, max use) and the elements revcycle uses,
 * after `azoner/pyx12 pyx12/map/837.5010.X222.A1.xml`. Loop 2300 sits under 2000B when the subscriber is the
 * patient and under 2000C otherwise. Elements not listed are carried but not validated.
 */
import { amt, an, comp, dt, el, GT1, id, loop, nm1, qty, qual, R, S, seg } from '../spec/dsl.ts';
import type { LoopSpec, SegmentSpec, TransactionSpec } from '../spec/types.ts';

const hl = (code: string, name: string): SegmentSpec =>
  seg('HL', name, R, 1, [el('HL01', 'Hierarchical ID Number', 'AN', 1, 12, R), an('HL02', 'Hierarchical Parent ID Number', 1, 12), id('HL03', 'Hierarchical Level Code', 1, 2, R, [code])], {
    qualifiers: [code],
    qualifierElement: 3,
  });
const ref = (qualifiers: string[], name: string, maxUse: number, usage: 'R' | 'S' = S) =>
  qual('REF', name, usage, maxUse, qualifiers, [id('REF01', 'Reference Identification Qualifier', 2, 3, R), an('REF02', 'Reference Identification', 1, 50, R)]);
const n3 = (usage: 'R' | 'S' = S) => seg('N3', 'Address Information', usage, 1);
const n4 = (usage: 'R' | 'S' = S) => seg('N4', 'City, State, ZIP Code', usage, 1);
/** DMG: only checked, never stored (a birth date is PHI): a bad date is a bad element value like any other (IK4-8). */
const dmg = (name: string, usage: 'R' | 'S') =>
  seg('DMG', name, usage, 1, [
    id('DMG01', 'Date Time Period Format Qualifier', 2, 3, R, ['D8']),
    dt('DMG02', 'Date Time Period', R),
    id('DMG03', 'Gender Code', 1, 1, R, ['F', 'M', 'U']),
  ]);
const dtp = (name: string, usage: 'R' | 'S', maxUse: number, qualifiers: string[]) =>
  qual('DTP', name, usage, maxUse, qualifiers, [id('DTP01', 'Date Time Qualifier', 3, 3, R), id('DTP02', 'Date Time Period Format Qualifier', 2, 3, R, ['D8', 'RD8']), an('DTP03', 'Date Time Period', 1, 35, R)]);

/** A provider-name loop: NM1 with its qualifier, then optional N3/N4/REF/PER. */
const nameLoop = (idv: string, name: string, usage: 'R' | 'S', repeat: number, codes: string[], extra: SegmentSpec[] = []): LoopSpec =>
  loop(idv, name, usage, repeat, [nm1(codes, name, R), ...extra]);

const claimOtherSubscriber: LoopSpec = loop('2320', 'Other Subscriber Information', S, 10, [
  seg('SBR', 'Other Subscriber Information', R, 1),
  seg('CAS', 'Claim Level Adjustments', S, 5),
  seg('AMT', 'Coordination of Benefits Amounts', S, 3),
  seg('OI', 'Other Insurance Coverage Information', R, 1),
  seg('MOA', 'Outpatient Adjudication Information', S, 1),
  nameLoop('2330A', 'Other Subscriber Name', R, 1, ['IL'], [n3(), n4(), ref(['SY'], 'Other Subscriber Secondary Identification', 1)]),
  nameLoop('2330B', 'Other Payer Name', R, 1, ['PR'], [n3(), n4(), qual('DTP', 'Claim Check or Remittance Date', S, 1, ['573']), ref(['2U', 'EI', 'FY', 'NF', 'F8', 'G1', '9F', 'T4'], 'Other Payer Secondary Identifier', 6)]),
  nameLoop('2330C', 'Other Payer Referring Provider', S, 2, ['DN', 'P3'], [ref(['0B', '1G', 'G2'], 'Other Payer Referring Provider Secondary Identification', 3)]),
  nameLoop('2330D', 'Other Payer Rendering Provider', S, 1, ['82'], [ref(['0B', '1G', 'G2', 'LU'], 'Other Payer Rendering Provider Secondary Identification', 3)]),
  nameLoop('2330E', 'Other Payer Service Facility Location', S, 1, ['77'], [ref(['0B', 'G2', 'LU'], 'Other Payer Service Facility Location Secondary Identification', 3)]),
  nameLoop('2330F', 'Other Payer Supervising Provider', S, 1, ['DQ'], [ref(['0B', '1G', 'G2', 'LU'], 'Other Payer Supervising Provider Secondary Identification', 3)]),
  nameLoop('2330G', 'Other Payer Billing Provider', S, 1, ['85'], [ref(['G2', 'LU'], 'Other Payer Billing Provider Secondary Identification', 2)]),
]);

const serviceLine: LoopSpec = loop('2400', 'Service Line Number', R, 50, [
  seg('LX', 'Service Line Number', R, 1, [el('LX01', 'Assigned Number', 'N0', 1, 6, R)]),
  seg('SV1', 'Professional Service', R, 1, [
    comp('SV101', 'Composite Medical Procedure Identifier', R, [
      id('SV101-1', 'Product or Service ID Qualifier', 2, 2, R, ['ER', 'HC', 'IV', 'WK']),
      an('SV101-2', 'Procedure Code', 1, 48, R),
      an('SV101-3', 'Procedure Modifier', 2, 2),
      an('SV101-4', 'Procedure Modifier', 2, 2),
      an('SV101-5', 'Procedure Modifier', 2, 2),
      an('SV101-6', 'Procedure Modifier', 2, 2),
      an('SV101-7', 'Description', 1, 80),
    ]),
    amt('SV102', 'Line Item Charge Amount', R),
    id('SV103', 'Unit or Basis for Measurement Code', 2, 2, R, ['MJ', 'UN']),
    qty('SV104', 'Service Unit Count', R),
    an('SV105', 'Place of Service Code', 1, 2),
  ]),
  seg('SV5', 'Durable Medical Equipment Service', S, 1),
  seg('PWK', 'Line Supplemental Information', S, 11),
  seg('CR1', 'Ambulance Transport Information', S, 1),
  seg('CR3', 'Durable Medical Equipment Certification', S, 1),
  seg('CRC', 'Condition Indicator', S, 3),
  dtp('Date - Service Date', R, 12, ['472', '471', '607', '463', '461', '304', '738', '739', '011', '455', '454']),
  seg('QTY', 'Ambulance Patient Count / Obstetric Anesthesia Additional Units', S, 2),
  seg('MEA', 'Test Result', S, 5),
  seg('CN1', 'Contract Information', S, 1),
  ref(['9B', '9D', 'G1', '9F', '6R', 'EW', 'X4', 'F4', 'BT', '1S', 'TP', 'OZ', 'VP'], 'Line Reference Identification', 20),
  seg('AMT', 'Line Amount', S, 2),
  seg('K3', 'File Information', S, 10),
  seg('NTE', 'Line Note', S, 2),
  seg('PS1', 'Purchased Service Information', S, 1),
  seg('HCP', 'Line Pricing/Repricing Information', S, 1),
  loop('2410', 'Drug Identification', S, 1, [seg('LIN', 'Drug Identification', R, 1), seg('CTP', 'Drug Quantity', R, 1), ref(['VY', 'XZ'], 'Prescription or Compound Drug Association Number', 1)]),
  nameLoop('2420A', 'Rendering Provider Name', S, 1, ['82'], [seg('PRV', 'Rendering Provider Specialty Information', S, 1), ref(['0B', '1G', 'G2', 'LU'], 'Rendering Provider Secondary Identification', 20)]),
  nameLoop('2420B', 'Purchased Service Provider Name', S, 1, ['QB'], [ref(['0B', '1G', 'G2'], 'Purchased Service Provider Secondary Identification', 20)]),
  nameLoop('2420C', 'Service Facility Location Name', S, 1, ['77'], [n3(R), n4(R), ref(['0B', 'G2', 'LU'], 'Service Facility Location Secondary Identification', 3)]),
  nameLoop('2420D', 'Supervising Provider Name', S, 1, ['DQ'], [ref(['0B', '1G', 'G2', 'LU'], 'Supervising Provider Secondary Identification', 20)]),
  nameLoop('2420E', 'Ordering Provider Name', S, 1, ['DK'], [n3(), n4(), ref(['0B', '1G', 'G2'], 'Ordering Provider Secondary Identification', 20), seg('PER', 'Ordering Provider Contact Information', S, 1)]),
  nameLoop('2420F', 'Referring Provider Name', S, 2, ['DN', 'P3'], [ref(['0B', '1G', 'G2'], 'Referring Provider Secondary Identification', 20)]),
  nameLoop('2420G', 'Ambulance Pick-up Location', S, 1, ['PW'], [n3(R), n4(R)]),
  nameLoop('2420H', 'Ambulance Drop-off Location', S, 1, ['45'], [n3(R), n4(R)]),
  loop('2430', 'Line Adjudication Information', S, 15, [
    seg('SVD', 'Line Adjudication Information', R, 1),
    seg('CAS', 'Line Adjustment', S, 5),
    qual('DTP', 'Line Check or Remittance Date', R, 1, ['573']),
    seg('AMT', 'Remaining Patient Liability', S, 1),
  ]),
  loop('2440', 'Form Identification Code', S, GT1, [seg('LQ', 'Form Identification Code', R, 1), seg('FRM', 'Supporting Documentation', R, 99)]),
]);

const claim: LoopSpec = loop('2300', 'Claim Information', S, 100, [
  seg('CLM', 'Claim Information', R, 1, [
    an('CLM01', 'Patient Control Number', 1, 38, R),
    amt('CLM02', 'Total Claim Charge Amount', R),
    comp('CLM05', 'Health Care Service Location Information', R, [
      an('CLM05-1', 'Place of Service Code', 1, 2, R),
      id('CLM05-2', 'Facility Code Qualifier', 1, 2, R, ['B']),
      id('CLM05-3', 'Claim Frequency Type Code', 1, 1, R, ['1', '6', '7', '8']),
    ]),
    id('CLM20', 'Delay Reason Code', 1, 2),
  ]),
  dtp('Claim Dates', S, 30, ['431', '454', '304', '453', '439', '484', '455', '471', '314', '360', '361', '297', '296', '435', '096', '090', '091', '444', '050', '938']),
  seg('PWK', 'Claim Supplemental Information', S, 10),
  seg('CN1', 'Contract Information', S, 1),
  seg('AMT', 'Patient Amount Paid', S, 1),
  ref(['4N', 'F5', 'EW', '9F', 'G1', 'F8', 'X4', '9A', '9C', 'LX', 'D9', 'EA', 'P4', '1J', 'G4', 'LU', 'T4'], 'Claim Reference Identification', 20),
  seg('K3', 'File Information', S, 10),
  seg('NTE', 'Claim Note', S, 1),
  seg('CR1', 'Ambulance Transport Information', S, 1),
  seg('CR2', 'Spinal Manipulation Service Information', S, 1),
  seg('CRC', 'Condition Information', S, 8),
  seg('HI', 'Health Care Diagnosis Code', R, 4),
  seg('HCP', 'Claim Pricing/Repricing Information', S, 1),
  nameLoop('2310A', 'Referring Provider Name', S, 2, ['DN', 'P3'], [ref(['0B', '1G', 'G2'], 'Referring Provider Secondary Identification', 3)]),
  nameLoop('2310B', 'Rendering Provider Name', S, 1, ['82'], [seg('PRV', 'Rendering Provider Specialty Information', S, 1), ref(['0B', '1G', 'G2', 'LU'], 'Rendering Provider Secondary Identification', 4)]),
  nameLoop('2310C', 'Service Facility Location Name', S, 1, ['77'], [n3(R), n4(R), ref(['0B', 'G2', 'LU'], 'Service Facility Location Secondary Identification', 3), seg('PER', 'Service Facility Contact Information', S, 1)]),
  nameLoop('2310D', 'Supervising Provider Name', S, 1, ['DQ'], [ref(['0B', '1G', 'G2', 'LU'], 'Supervising Provider Secondary Identification', 4)]),
  nameLoop('2310E', 'Ambulance Pick-up Location', S, 1, ['PW'], [n3(R), n4(R)]),
  nameLoop('2310F', 'Ambulance Drop-off Location', S, 1, ['45'], [n3(R), n4(R)]),
  claimOtherSubscriber,
  serviceLine,
]);

export const SPEC_837P: TransactionSpec = {
  st01: '837',
  gs01: 'HC',
  guides: ['005010X222A1', '005010X222', '005010X222A2'],
  kind: 'x12_837p',
  name: '837 Health Care Claim: Professional (005010X222A1)',
  root: loop('ST', 'Transaction Set', R, 1, [
    seg('BHT', 'Beginning of Hierarchical Transaction', R, 1, [
      id('BHT01', 'Hierarchical Structure Code', 4, 4, R, ['0019']),
      id('BHT02', 'Transaction Set Purpose Code', 2, 2, R, ['00', '18']),
      an('BHT03', 'Originator Application Transaction Identifier', 1, 50, R),
      // Required by the guide, but DESIGN §6.1 names the fallback (submitted_on = BHT04, else GS04): a set without it
      // loads, with a warning (mappers/837p.ts), instead of quarantining its claims.
      dt('BHT04', 'Transaction Set Creation Date', S),
      el('BHT05', 'Transaction Set Creation Time', 'TM', 4, 8, R),
      id('BHT06', 'Claim or Encounter Identifier', 2, 2, R, ['31', 'CH', 'RP']),
    ]),
    nameLoop('1000A', 'Submitter Name', R, 1, ['41'], [seg('PER', 'Submitter EDI Contact Information', S, 2)]),
    nameLoop('1000B', 'Receiver Name', R, 1, ['40']),
    loop('2000A', 'Billing Provider Hierarchical Level', R, GT1, [
      hl('20', 'Billing Provider Hierarchical Level'),
      seg('PRV', 'Billing Provider Specialty Information', S, 1),
      seg('CUR', 'Foreign Currency Information', S, 1),
      nameLoop('2010AA', 'Billing Provider Name', R, 1, ['85'], [
        n3(R),
        n4(R),
        ref(['EI', 'SY'], 'Billing Provider Tax Identification', 1, R),
        ref(['0B', '1G'], 'Billing Provider UPIN/License Information', 2),
        seg('PER', 'Billing Provider Contact Information', S, 2),
      ]),
      nameLoop('2010AB', 'Pay-to Address Name', S, 1, ['87'], [n3(R), n4(R)]),
      nameLoop('2010AC', 'Pay-to Plan Name', S, 1, ['PE'], [n3(R), n4(R), ref(['2U', 'FY', 'NF'], 'Pay-to Plan Secondary Identification', 1), ref(['EI'], 'Pay-to Plan Tax Identification Number', 1)]),
      loop('2000B', 'Subscriber Hierarchical Level', R, GT1, [
        hl('22', 'Subscriber Hierarchical Level'),
        seg('SBR', 'Subscriber Information', R, 1, [
          id('SBR01', 'Payer Responsibility Sequence Number Code', 1, 1, R, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P', 'S', 'T', 'U']),
          id('SBR09', 'Claim Filing Indicator Code', 1, 2),
        ]),
        seg('PAT', 'Patient Information', S, 1),
        nameLoop('2010BA', 'Subscriber Name', R, 1, ['IL'], [n3(), n4(), dmg('Subscriber Demographic Information', S), ref(['SY'], 'Subscriber Secondary Identification', 1), ref(['Y4'], 'Property and Casualty Claim Number', 1), seg('PER', 'Property and Casualty Subscriber Contact Information', S, 1)]),
        nameLoop('2010BB', 'Payer Name', R, 1, ['PR'], [n3(), n4(), ref(['2U', 'EI', 'FY', 'NF'], 'Payer Secondary Identification', 3), ref(['G2', 'LU'], 'Billing Provider Secondary Identification', 2)]),
        claim,
        loop('2000C', 'Patient Hierarchical Level', S, GT1, [
          hl('23', 'Patient Hierarchical Level'),
          seg('PAT', 'Patient Information', R, 1),
          nameLoop('2010CA', 'Patient Name', R, 1, ['QC'], [n3(R), n4(R), dmg('Patient Demographic Information', R), ref(['Y4'], 'Property and Casualty Claim Number', 1), ref(['1W', 'SY'], 'Property and Casualty Patient Identifier', 1), seg('PER', 'Property and Casualty Patient Contact Information', S, 1)]),
          claim,
        ]),
      ]),
    ]),
  ]),
};

