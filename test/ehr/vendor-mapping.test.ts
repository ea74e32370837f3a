/**
 * Vendor column mappings (config `csvMappings`): the shipped WebPT example over its fixture, and a second export that
 * exercises Y/N booleans, another delimiter, Latin-1 and file-name matching; structural errors after mapping; config
 * validation of mappings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { EXAMPLE_CONFIG, EXAMPLE_FIXTURE, ROOT } from '../../pipelines/ehr/formats-doc.ts';
import { tempWarehouse, writeFixture, type TempWarehouse } from '../helpers/warehouse.ts';
import { pk } from './cases.ts';
import { ehrRows, ledger, rejectList } from './helpers.ts';

const webptConfig = JSON.parse(fs.readFileSync(path.join(ROOT, EXAMPLE_CONFIG), 'utf8')) as Record<string, unknown>;
const webptFile = path.join(ROOT, EXAMPLE_FIXTURE);

let tw: TempWarehouse;
afterEach(() => tw?.cleanup());

describe('the WebPT-style visit report example (docs/examples/webpt-visits.config.json)', () => {
  it('loads the report onto visits: renamed columns, US dates and times, translated values, a constant clinic id', async () => {
    tw = tempWarehouse(webptConfig);
    const [r] = await tw.ingest([webptFile]);
    expect(r).toMatchObject({ status: 'loaded', kind: 'csv_visits', rows: 7 });
    expect(r!.reason).toBe('7 rows (7 new, 0 replaced); 1 rejected; ignored unknown columns: Patient Name, Rendering Provider; mapping webpt-visits');
    const v = (visit_id: string, patient: string, provider_npi: string, visit_date: string, visit_type: string, status: string, payer_id: string | null, claim_id: string | null, documented_at: string | null, charge_entered_at: string | null, minutes: number | null, line_number: number) => ({
      visit_id, clinic_id: 'RIV01', patient_key: pk(patient), provider_npi, visit_date, visit_type, status, payer_id, claim_id, documented_at, charge_entered_at, minutes, line_number,
    });
    expect(await ehrRows(tw, 'visits', 'visit_id')).toEqual([
      v('WV-1001', 'ACCT-77001', '1234567893', '2025-03-03', 'evaluation', 'completed', 'MCR', 'RIV-25-0001', '2025-03-03T16:35:00', '2025-03-03T17:10:00', 55, 2),
      v('WV-1002', 'ACCT-77002', '1234567893', '2025-03-03', 'treatment', 'completed', 'BCBS', 'RIV-25-0002', '2025-03-03T18:02:00', '2025-03-04T08:15:00', 40, 3),
      v('WV-1003', 'ACCT-77003', '1245319599', '2025-03-04', 'treatment', 'cancelled', 'AETNA', null, null, null, null, 4),
      v('WV-1004', 'ACCT-77001', '1234567893', '2025-03-05', 'treatment', 'no_show', 'MCR', null, null, null, null, 5),
      // "Self Pay" translates to an empty payer: a cash-pay visit.
      v('WV-1005', 'ACCT-77004', '1245319599', '2025-03-05', 'evaluation', 'completed', null, null, '2025-03-05T12:20:00', null, 60, 6),
      v('WV-1006', 'ACCT-77002', '1234567893', '2025-03-06', 're_evaluation', 'completed', 'BCBS', 'RIV-25-0003', '2025-03-06T17:45:00', '2025-03-06T18:00:00', 45, 7),
      v('WV-1008', 'ACCT-77003', '1245319599', '2025-03-07', 'discharge', 'cancelled', 'AETNA', null, null, null, null, 9),
    ]);
    expect(await rejectList(tw)).toEqual([[8, 'visit_date', 'BAD_DATE']]);
    expect(await tw.query('SELECT reason FROM raw.csv_rejects')).toEqual([{ reason: 'BAD_DATE: not a real date in MM/DD/YYYY form' }]);
  });

  it('is not applied without the config: the report is then an unknown format', async () => {
    tw = tempWarehouse();
    const [r] = await tw.ingest([webptFile]);
    expect(r).toMatchObject({ status: 'quarantined', code: 'UNKNOWN_FORMAT' });
  });

  it('leaves a canonical visits file alone', async () => {
    tw = tempWarehouse(webptConfig);
    const [r] = await tw.ingest([path.resolve(import.meta.dirname, '../fixtures/ehr/visits/visits.csv')]);
    expect(r).toMatchObject({ status: 'loaded', kind: 'csv_visits', rows: 4 });
    expect(r!.reason).not.toContain('mapping');
  });
});

const acme = {
  csvMappings: [
    {
      name: 'acme-payers',
      entity: 'payers',
      match: { fileNamePrefix: 'ACME_Insurance' },
      delimiter: ';',
      encoding: 'latin1',
      columns: { payer_id: 'Code', payer_name: 'Name', financial_class: 'Class', x12_payer_id: 'EDI ID', requires_auth: 'Auth Req', in_network: 'Par' },
      booleans: { true: ['Y', 'Yes'], false: ['N', 'No'] },
      values: { financial_class: { Commercial: 'commercial', Medicare: 'medicare', 'Work Comp': 'workers_comp' } },
    },
  ],
};

describe('a Latin-1, semicolon-separated payer list with Y/N flags, matched by file name', () => {
  it('loads it with booleans, translations and accented names intact', async () => {
    tw = tempWarehouse(acme);
    const text = ['Code;Name;Class;EDI ID;Auth Req;Par;Notes', 'MCR;Medicare Part B;Medicare;04412;N;Y;', 'SGS;Société Générale Santé;commercial;SGS01;yes;n;', 'WC1;"State WC; North";Work Comp;WC001;Y;;', 'ODD;Odd Payer;Commercial;ODD01;maybe;Y;'].join('\r\n');
    const file = writeFixture(tw.dir, 'in/ACME_Insurance_List.csv', Buffer.from(text, 'latin1'));
    const [r] = await tw.ingest([file]);
    expect(r).toMatchObject({ status: 'loaded', kind: 'csv_payers', rows: 3 });
    expect(r!.reason).toContain('mapping acme-payers');
    expect(await ehrRows(tw, 'payers', 'payer_id')).toEqual([
      { payer_id: 'MCR', payer_name: 'Medicare Part B', financial_class: 'medicare', x12_payer_id: '04412', requires_auth: false, auth_exempt_visits: 1, in_network: true, timely_filing_days: null, line_number: 2 },
      { payer_id: 'SGS', payer_name: 'Société Générale Santé', financial_class: 'commercial', x12_payer_id: 'SGS01', requires_auth: true, auth_exempt_visits: 1, in_network: false, timely_filing_days: null, line_number: 3 },
      { payer_id: 'WC1', payer_name: 'State WC; North', financial_class: 'workers_comp', x12_payer_id: 'WC001', requires_auth: true, auth_exempt_visits: 1, in_network: true, timely_filing_days: null, line_number: 4 },
    ]);
    expect(await rejectList(tw)).toEqual([[5, 'requires_auth', 'BAD_BOOLEAN']]);
  });

  it('quarantines a file that lacks a mapped required column, naming the vendor column', async () => {
    tw = tempWarehouse(acme);
    const file = writeFixture(tw.dir, 'in/ACME_Insurance_2.csv', 'Code;Name;Class;Auth Req\nMCR;Medicare;Medicare;N\n');
    const [r] = await tw.ingest([file]);
    expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_STRUCTURAL', kind: 'csv_payers' });
    expect(r!.reason).toBe('CSV_STRUCTURAL: missing required column of payers (mapping acme-payers): x12_payer_id (mapped from "EDI ID") (line 1)');
    expect(await ledger(tw, r!.sha256)).toMatchObject({ line_number: 1 });
  });

  it('fills a required column from a constant', async () => {
    const config = { csvMappings: [{ ...acme.csvMappings[0], columns: { ...acme.csvMappings[0]!.columns, x12_payer_id: undefined }, constants: { x12_payer_id: 'SAME01' } }] };
    tw = tempWarehouse(JSON.parse(JSON.stringify(config)) as Record<string, unknown>);
    const file = writeFixture(tw.dir, 'in/ACME_Insurance_3.csv', 'Code;Name;Class;Auth Req\nMCR;Medicare;Medicare;N\n');
    const [r] = await tw.ingest([file]);
    expect(r).toMatchObject({ status: 'loaded', rows: 1 });
    expect(await ehrRows(tw, 'payers', 'payer_id')).toMatchObject([{ payer_id: 'MCR', x12_payer_id: 'SAME01', financial_class: 'medicare' }]);
  });
});

describe('mapping config validation', () => {
  const mapping = { name: 'm', entity: 'visits', match: { fileNamePrefix: 'x' } };
  const error = (m: Record<string, unknown>) => {
    try {
      parseConfig({ csvMappings: [{ ...mapping, ...m }] });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('names an unknown entity, an unknown canonical column, and a column both mapped and constant', () => {
    expect(error({ entity: 'visit' })).toContain('unknown entity "visit"');
    expect(error({ columns: { visit_dt: 'Date' } })).toContain('"visit_dt" is not a column of visits');
    expect(error({ values: { statuss: {} } })).toContain('csvMappings.0.values.statuss');
    expect(error({ columns: { clinic_id: 'Location' }, constants: { clinic_id: 'RIV01' } })).toContain('"clinic_id" is both mapped and constant');
    expect(error({ match: {} })).toContain('match needs fileNamePrefix or headerIncludes');
    expect(error({ dateFormat: 'DD.MM.YYYY' })).toContain('dateFormat');
  });

  it('accepts the shipped example', () => {
    expect(parseConfig(webptConfig).csvMappings.map((m) => m.name)).toEqual(['webpt-visits']);
  });
});
