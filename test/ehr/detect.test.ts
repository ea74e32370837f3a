/**
 * Recognition of CSV exports: file-name prefix, header, vendor mapping, and their precedence.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { detectCsv, entityByHeader, headerFields } from '../../pipelines/ehr/detect.ts';

const none = parseConfig({});
const VISITS = 'visit_id,clinic_id,patient_id,provider_npi,visit_date,visit_type,status,payer_id,claim_id\nV1,…';

describe('by file-name prefix', () => {
  it('finds each entity, case-insensitively, with any suffix', () => {
    const cases: Array<[string, string]> = [
      ['payers.csv', 'payers'],
      ['payers_2025.csv', 'payers'],
      ['payments_2025-03.csv', 'payments'],
      ['PAYMENTS.CSV', 'payments'],
      ['fee_schedule.csv', 'fee_schedule'],
      ['fee_schedule-bcbs.csv', 'fee_schedule'],
      ['denial_actions_2025-02.csv', 'denial_actions'],
      ['visits.csv', 'visits'],
      ['credentialing.csv', 'credentialing'],
    ];
    for (const [name, entity] of cases) expect(detectCsv(name, '', none), name).toMatchObject({ entity, via: 'prefix' });
  });

  it('needs a .csv name, and no other prefix', () => {
    expect(detectCsv('visits.txt', 'a,b\n', none)).toBeUndefined();
    expect(detectCsv('my_visits.csv', 'a,b\n', none)).toBeUndefined();
  });

  it('keeps a broken prefixed file with its entity instead of guessing another one from the header', () => {
    // No patient_id: the header alone would look like credentialing (provider_npi, payer_id, status).
    expect(detectCsv('visits_bad.csv', 'visit_id,clinic_id,provider_npi,visit_date,status,payer_id\n', none)).toMatchObject({ entity: 'visits', via: 'prefix' });
  });
});

describe('by header', () => {
  it('picks the entity whose required columns are present and that knows most columns', () => {
    expect(detectCsv('export.csv', VISITS, none)).toMatchObject({ entity: 'visits', via: 'header' });
    expect(detectCsv('export.csv', '\ufeffProvider_NPI , Payer_ID,Status\r\n', none)).toMatchObject({ entity: 'credentialing', via: 'header' });
    expect(detectCsv('export.csv', 'claim_id,action,action_on,note\n', none)).toMatchObject({ entity: 'denial_actions' });
  });

  it('gives no answer for an unknown or ambiguous header', () => {
    expect(detectCsv('export.csv', 'foo,bar\n', none)).toBeUndefined();
    expect(detectCsv('export.csv', '', none)).toBeUndefined();
    // provider_npi + clinic_id + payer_id + status: providers (2 known) vs credentialing (3 known) → credentialing.
    expect(entityByHeader(['provider_npi', 'clinic_id', 'payer_id', 'status'])?.name).toBe('credentialing');
  });

  it('takes a header that mostly belongs to an entity missing a required column for that entity, not for another whose few required columns it holds', () => {
    // A visits export without status: providers' required columns (provider_npi, clinic_id) are there, but providers
    // knows 2 of the 7 columns and visits 7 → visits (loading then quarantines it naming status).
    const noStatus = ['visit_id', 'clinic_id', 'patient_id', 'provider_npi', 'visit_date', 'visit_type', 'payer_id'];
    expect(entityByHeader(noStatus)?.name).toBe('visits');
    // With provider columns that providers knows as well, providers knows 4 of 5: a providers file with one extra column.
    expect(entityByHeader(['provider_npi', 'clinic_id', 'discipline', 'display_name', 'payer_id'])?.name).toBe('providers');
    // Complete exports with many visit-context columns stay what they are: visits would miss two required columns.
    expect(entityByHeader(['claim_id', 'action', 'action_on', 'amount', 'note', 'visit_id', 'patient_id', 'payer_id', 'visit_date', 'provider_npi', 'clinic_id'])?.name).toBe('denial_actions');
    expect(entityByHeader(['appointment_id', 'patient_id', 'scheduled_date', 'payer_id', 'status', 'provider_npi', 'clinic_id', 'visit_type', 'room', 'duration', 'notes'])?.name).toBe('appointments');
  });

  it('reads quoted header names', () => {
    expect(headerFields('"visit_id","Clinic, ID",x\nrow')).toEqual(['visit_id', 'clinic, id', 'x']);
  });
});

describe('by vendor mapping', () => {
  const config = parseConfig({
    csvMappings: [
      { name: 'by-header', entity: 'visits', match: { headerIncludes: ['Patient Account #', 'Date of Service'] } },
      { name: 'by-name', entity: 'payers', match: { fileNamePrefix: 'acme' }, delimiter: ';' },
      { name: 'both', entity: 'payments', match: { fileNamePrefix: 'pm_', headerIncludes: ['Deposit'] }, delimiter: '\t' },
    ],
  });

  it('matches header columns, the file-name prefix, or both', () => {
    expect(detectCsv('VisitReport.csv', 'Visit ID,patient account #,Date of Service\n', config)).toEqual({ entity: 'visits', mappingName: 'by-header', via: 'mapping' });
    expect(detectCsv('ACME-list.txt', 'Code;Name\n', config)).toEqual({ entity: 'payers', mappingName: 'by-name', via: 'mapping' });
    expect(detectCsv('pm_2025.tsv', 'Id\tDeposit\n', config)).toEqual({ entity: 'payments', mappingName: 'both', via: 'mapping' });
    expect(detectCsv('pm_2025.tsv', 'Id\tAmount\n', config)).toBeUndefined();
  });

  it('comes after a canonical prefixed file, and before the prefix alone', () => {
    const c = parseConfig({ csvMappings: [{ name: 'vendor-visits', entity: 'visits', match: { fileNamePrefix: 'visits' } }] });
    expect(detectCsv('visits_2025.csv', VISITS, c)).toMatchObject({ via: 'prefix' });
    expect(detectCsv('visits_2025.csv', 'Visit,Patient,DOS\n', c)).toMatchObject({ via: 'mapping', mappingName: 'vendor-visits' });
  });
});
