// The EHR reference exports written once at the start: clinics, providers, payers, fee_schedule, credentialing.

import { credentialingRows } from './clinics.ts';
import { iso, year } from './dates.ts';
import { fmtCents } from './money.ts';
import { CODE_BY_CPT, PAYERS } from './payers.ts';
import type { FeeSchedule } from './payers.ts';
import { CSV_HEADERS, CsvTable } from './sink.ts';
import type { Sink } from './sink.ts';
import type { Clinic } from './types.ts';

function cap(s: string): string {
  return s.charAt(0) + s.slice(1).toLowerCase();
}

export function writeReferenceTables(sink: Sink, clinics: readonly Clinic[], fees: readonly FeeSchedule[], startDay: number, lastDay: number): void {
  const t = (entity: keyof typeof CSV_HEADERS) => new CsvTable(sink, entity, CSV_HEADERS[entity], false);
  const ct = t('clinics');
  for (const c of clinics) ct.row([c.id, c.name, c.billingNpi, c.tin, 'America/New_York']);
  ct.close();
  const pt = t('providers');
  for (const c of clinics) for (const p of c.providers) pt.row([p.npi, c.id, p.discipline, `${cap(p.first)} ${cap(p.last)}, PT`]);
  pt.close();
  const py = t('payers');
  for (const p of PAYERS) py.row([p.id, p.name, p.financialClass, p.x12Id, p.requiresAuth, 1, true, p.timelyFilingDays]);
  py.close();
  // Fee schedules: allowed per unit, any modifier; the rate change closes the old row the day before.
  const fs = t('fee_schedule');
  const from = iso(Math.round(Date.UTC(year(startDay) - 1, 0, 1) / 86_400_000));
  for (const f of fees) {
    for (const [code] of CODE_BY_CPT) {
      const change = f.changeDay;
      fs.row([f.payer.id, code, '', fmtCents(f.oldRate(code)), from, change === undefined ? '' : iso(change - 1)]);
      if (change !== undefined) fs.row([f.payer.id, code, '', fmtCents(f.rate(code, change)), iso(change), '']);
    }
  }
  fs.close();
  const cr = t('credentialing');
  for (const r of credentialingRows(clinics, lastDay)) {
    cr.row([r.provider.npi, r.payerId, r.status, iso(r.appliedOn), iso(r.effectiveOn), r.terminatedOn === null ? '' : iso(r.terminatedOn)]);
  }
  cr.close();
}
