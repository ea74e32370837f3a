/**
 * The default as-of (DESIGN.md §6: "the latest date present in the data (not the wall clock)"): the latest date of
 * something that happened, each date as the clinic's calendar date; nothing scheduled or in force in the future.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { defaultAsOf } from '../../src/models/runner.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';
import { Given } from './given.ts';

const made: TempWarehouse[] = [];
afterAll(() => made.forEach((t) => t.cleanup()));

async function asOfOf(g: Given, timezone = 'America/New_York'): Promise<string> {
  const tw = tempWarehouse({ timezone });
  made.push(tw);
  return tw.withRw(async (wh) => {
    await g.apply(wh);
    return defaultAsOf(wh, parseConfig({ timezone }).timezone);
  });
}

const PAYERS = [{ payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: true }];
const visit = (extra: Record<string, unknown>) => ({
  visit_id: 'v1', clinic_id: 'C1', patient_key: 'pA', provider_npi: '2000000001', visit_date: '2025-03-12',
  visit_type: 'treatment', status: 'completed', payer_id: 'acme', claim_id: null, ...extra,
});
// The latest of the other dates: an 835 paid on 03-20 (its group dated the same day).
const base = () => {
  const g = new Given().ehr('payers', PAYERS);
  g.claims837([{ claim: 'K1', submitted: '2025-03-13', lines: [{ cpt: '97110', charge: 100, date: '2025-03-12' }] }]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [{ claim: 'K1', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] }] });
  return g;
};

describe('default as-of', () => {
  it('is the latest event: here the 835 of 03-20; appointments, authorisation windows and effective dates ahead do not count', async () => {
    const g = base();
    g.ehr('visits', [visit({})]);
    g.ehr('appointments', [{ appointment_id: 'a1', patient_key: 'pA', scheduled_date: '2025-04-15', payer_id: 'acme', status: 'scheduled' }]);
    g.ehr('authorizations', [{ auth_id: 'A1', patient_key: 'pA', payer_id: 'acme', status: 'approved', requested_on: '2025-03-01',
      decided_on: '2025-03-03', start_date: '2025-03-01', end_date: '2025-06-30', approved_visits: 10 }]);
    g.ehr('credentialing', [{ provider_npi: '2000000001', payer_id: 'acme', status: 'in_progress', applied_on: '2025-02-01',
      effective_on: '2025-05-01', terminated_on: '2025-09-30' }]);
    expect(await asOfOf(g)).toBe('2025-03-20');
  });

  it('counts a charge entered or a note documented after every other date, and a credentialing application', async () => {
    // A visit of 03-12 documented 03-21 and its charge entered 03-22 10:00 (clinic time): the data reach 03-22.
    const g = base();
    g.ehr('visits', [visit({ documented_at: '2025-03-21T09:00:00', charge_entered_at: '2025-03-22T10:00:00' })]);
    expect(await asOfOf(g)).toBe('2025-03-22');
    // A credentialing application on 03-24 is an event too.
    g.ehr('credentialing', [{ provider_npi: '2000000001', payer_id: 'acme', status: 'in_progress', applied_on: '2025-03-24' }]);
    expect(await asOfOf(g)).toBe('2025-03-24');
  });

  it('takes a time with an offset as the clinic\'s calendar date', async () => {
    // 03-25 02:00 UTC is 03-24 22:00 in New York (the clinic's zone): 03-24.
    const g = base();
    g.ehr('visits', [visit({ charge_entered_at: '2025-03-25T02:00Z' })]);
    expect(await asOfOf(g)).toBe('2025-03-24');
    // A clinic with no time zone takes the configured one: Asia/Tokyo puts 03-25 02:00 UTC on 03-25.
    g.ehr('clinics', [{ clinic_id: 'C1', clinic_name: 'Clinic One', billing_npi: '1000000001', tin: '111111111', timezone: '' }]);
    expect(await asOfOf(g, 'Asia/Tokyo')).toBe('2025-03-25');
    expect(await asOfOf(g, 'America/Los_Angeles')).toBe('2025-03-24');
  });

  it('with no event at all (only cancelled and no-show visits) takes the latest date present, not the clock', async () => {
    const g = new Given().ehr('payers', PAYERS);
    g.ehr('visits', [visit({ status: 'cancelled', visit_date: '2025-03-03' }), visit({ visit_id: 'v2', status: 'no_show', visit_date: '2025-03-04' })]);
    expect(await asOfOf(g)).toBe('2025-03-04');
  });

  it('takes a date alone as that calendar day (its "-22" is not a UTC offset)', async () => {
    const g = base();
    g.ehr('visits', [visit({ charge_entered_at: '2025-03-22' })]);
    expect(await asOfOf(g)).toBe('2025-03-22');
    expect(await asOfOf(g, 'America/Los_Angeles')).toBe('2025-03-22');
  });
});
