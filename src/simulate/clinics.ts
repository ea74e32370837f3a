// The clinic group: clinics, their therapists and each therapist's credentialing with each payer.
// Identifiers depend only on the clinic/provider index (not on the seed), so they are stable and documentable.

import { CITIES, CLINIC_STEMS, PROVIDER_FIRST, PROVIDER_LAST } from './names.ts';
import { npi, pad } from './ids.ts';
import { KNOBS } from './knobs.ts';
import { PAYERS, SYSTEMATIC_PAYER_ID } from './payers.ts';
import type { Clinic, Provider } from './types.ts';

export interface CredentialingRow {
  provider: Provider;
  payerId: string;
  status: 'active' | 'in_progress' | 'terminated';
  appliedOn: number;
  effectiveOn: number;
  terminatedOn: number | null;
}

export function clinicId(i: number): string {
  return `C${pad(i + 1, 2)}`;
}

export function buildClinics(count: number, startDay: number, endDay: number): Clinic[] {
  const clinics: Clinic[] = [];
  const span = endDay - startDay;
  for (let i = 0; i < count; i++) {
    const stem = CLINIC_STEMS[i % CLINIC_STEMS.length] as string;
    const round = Math.floor(i / CLINIC_STEMS.length);
    const city = CITIES[(i * 3) % CITIES.length] as readonly [string, string];
    const clinic: Clinic = {
      idx: i,
      id: clinicId(i),
      name: `${stem} PHYSICAL THERAPY${round ? ` ${round + 1}` : ''}`,
      billingNpi: npi(150_000_000 + i * 1013),
      tin: `84${pad(1_000_000 + i * 37, 7)}`,
      address: { street: `${100 + i * 7} MAIN ST SUITE ${200 + i}`, city: city[0], zip: city[1] },
      weeklyBatch: KNOBS.weeklyBatchClinic(i),
      cashShare: KNOBS.cashShare(i),
      providers: [],
      routing: `0${pad(21_000_000 + i * 17, 8)}`,
      account: `5${pad(300_000 + i * 101, 9)}`,
    };
    let n = 0;
    const person = () => {
      const k = i * 7 + n;
      n++;
      return {
        first: PROVIDER_FIRST[k % PROVIDER_FIRST.length] as string,
        last: PROVIDER_LAST[(k * 3 + i) % PROVIDER_LAST.length] as string,
      };
    };
    for (let j = 0; j < KNOBS.initialProvidersPerClinic; j++) {
      const leaves = KNOBS.providerLeaves(i) && j === KNOBS.initialProvidersPerClinic - 1;
      clinic.providers.push({
        npi: npi(160_000_000 + i * 100 + j),
        clinicIdx: i,
        ...person(),
        discipline: 'PT',
        startDay: startDay - 400 - j * 90,
        endDay: leaves ? startDay + Math.floor(span * 0.4) : Number.POSITIVE_INFINITY,
        pendingCredentialWith: null,
        activeEpisodes: 0,
      });
    }
    // The newest hire: still in credentialing with the systematic payer (DESIGN §9 "systematic denials").
    const hire = Math.max(startDay + 14, endDay - KNOBS.newHireDaysBeforeEnd);
    clinic.providers.push({
      npi: npi(160_000_000 + i * 100 + 50),
      clinicIdx: i,
      ...person(),
      discipline: 'PT',
      startDay: hire,
      endDay: Number.POSITIVE_INFINITY,
      pendingCredentialWith: SYSTEMATIC_PAYER_ID,
      activeEpisodes: 0,
    });
    clinics.push(clinic);
  }
  return clinics;
}

export function credentialingRows(clinics: readonly Clinic[], lastDay: number): CredentialingRow[] {
  const rows: CredentialingRow[] = [];
  for (const c of clinics) {
    for (const p of c.providers) {
      PAYERS.forEach((payer, k) => {
        if (p.pendingCredentialWith === payer.id) {
          rows.push({ provider: p, payerId: payer.id, status: 'in_progress', appliedOn: p.startDay - 35, effectiveOn: lastDay + 45, terminatedOn: null });
          return;
        }
        const applied = p.startDay - 110 - ((k * 13 + c.idx) % 30);
        const effective = p.startDay - 5 - ((k * 7) % 10);
        const terminated = Number.isFinite(p.endDay) && p.endDay <= lastDay ? p.endDay : null;
        rows.push({ provider: p, payerId: payer.id, status: terminated === null ? 'active' : 'terminated', appliedOn: applied, effectiveOn: effective, terminatedOn: terminated });
      });
    }
  }
  return rows;
}
