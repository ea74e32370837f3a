// Patients and PT episodes of care: evaluation, then 2–3 visits a week for 4–10 weeks, sometimes a re-evaluation,
// then discharge (or a drop-out). Also the patient's coverage (member id, copay / coinsurance / deductible) and
// the authorisation plan the clinic will follow for payers that require prior authorisation.

import { PHI_CANARY_CITY, PHI_CANARY_STREET, PHI_CANARY_SURNAME } from './canaries.ts';
import { year } from './dates.ts';
import { memberId, mrn } from './ids.ts';
import { KNOBS } from './knobs.ts';
import { CITIES, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES } from './names.ts';
import { PAYERS } from './payers.ts';
import type { PayerDef } from './payers.ts';
import type { Rng } from './rng.ts';
import type { Address, AuthPlan, Episode, Patient, Person, Provider } from './types.ts';

const WEEKDAY_PATTERNS_2: ReadonlyArray<readonly number[]> = [[1, 3], [2, 4], [1, 4], [2, 5], [3, 5]];
const WEEKDAY_PATTERNS_3: ReadonlyArray<readonly number[]> = [[1, 3, 5], [1, 2, 4], [2, 4, 5]];
const DX_GENERAL = ['M5450', 'M542', 'M25561', 'M25562', 'M25511', 'M75101', 'M1711', 'Z96651', 'M7662', 'M6281'];
const DX_INJURY = ['S39012A', 'S46011A', 'S83511A', 'S161XXA', 'S93401A'];
const DX_SECONDARY = ['M6281', 'R2689', 'M25661'];

function person(rng: Rng, minAge: number, maxAge: number, today: number, last?: string): Person {
  const sex = rng.chance(0.52) ? 'F' : 'M';
  const first = rng.pick(sex === 'F' ? FIRST_NAMES_F : FIRST_NAMES_M);
  const age = rng.range(minAge, maxAge);
  const dob = today - age * 365 - rng.int(365);
  return { first, last: last ?? (rng.chance(KNOBS.canarySurnameShare) ? PHI_CANARY_SURNAME : rng.pick(LAST_NAMES)), sex, dob };
}

function address(rng: Rng): Address {
  const street = rng.chance(KNOBS.canaryStreetShare) ? PHI_CANARY_STREET : rng.pick(STREET_NAMES);
  const [city, zip] = rng.chance(KNOBS.canaryCityShare) ? [PHI_CANARY_CITY, '01999'] : rng.pick(CITIES);
  return { street: `${rng.range(2, 998)} ${street} ${rng.pick(STREET_SUFFIXES)}`, city, zip };
}

function ageRange(payer: PayerDef | null): readonly [number, number] {
  if (!payer) return [22, 70];
  switch (payer.financialClass) {
    case 'medicare':
      return [65, 91];
    case 'workers_comp':
      return [22, 62];
    default:
      return [18, 64];
  }
}

export function pickPayer(rng: Rng, cashShare: number): PayerDef | null {
  if (rng.chance(cashShare)) return null;
  return PAYERS[rng.weighted(PAYERS.map((p) => p.mix))] as PayerDef;
}

export function newPatient(rng: Rng, serial: number, salt: number, payer: PayerDef | null, today: number): Patient {
  if (serial >= 10_000_000) throw new Error('simulate: more than 10 million patients do not fit the MRN format; use fewer clinics, months or visits per day');
  const [lo, hi] = ageRange(payer);
  const p = person(rng, lo, hi, today);
  let subscriber: Patient['subscriber'] = null;
  const canBeDependent = payer !== null && (payer.financialClass === 'commercial' || payer.financialClass === 'regional');
  if (canBeDependent && rng.chance(KNOBS.dependentShare)) {
    const child = rng.chance(0.4);
    if (child) {
      p.dob = today - rng.range(8, 17) * 365 - rng.int(365);
      subscriber = { ...person(rng, 38, 60, today, p.last), relationship: '19' };
    } else {
      subscriber = { ...person(rng, 25, 64, today, p.last), relationship: '01' };
    }
  }
  const patient: Patient = {
    serial,
    id: mrn(serial, salt),
    person: p,
    address: address(rng),
    subscriber,
    memberId: memberId(serial, salt * 31 + 7),
    payer,
    copayC: 0,
    coinsPct: 0,
    dedYear: year(today),
    dedRemainingC: 0,
    kxYear: year(today),
    kxAllowedC: 0,
    visitsByPayer: new Map(),
    auths: [],
  };
  resetBenefits(rng, patient, today);
  return patient;
}

/** Copay / coinsurance / deductible remaining (and prior therapy spend for the KX threshold) at episode start. */
export function resetBenefits(rng: Rng, p: Patient, today: number): void {
  const payer = p.payer;
  p.dedYear = year(today);
  p.kxYear = year(today);
  if (!payer) return;
  const copay = rng.chance(payer.copayP);
  p.copayC = copay ? Math.round(rng.range(payer.copayCents[0], payer.copayCents[1]) / 500) * 500 : 0;
  if (payer.copayCents[0] === payer.copayCents[1]) p.copayC = copay ? payer.copayCents[0] : 0;
  p.coinsPct = copay ? 0 : Math.round((payer.coinsurance[0] + rng.next() * (payer.coinsurance[1] - payer.coinsurance[0])) * 20) / 20;
  p.dedRemainingC = rng.chance(payer.deductibleP) ? Math.round(rng.range(payer.deductibleCents[0], payer.deductibleCents[1]) / 100) * 100 : 0;
  // Outpatient therapy already received this year elsewhere counts toward the Medicare KX threshold.
  p.kxAllowedC = payer.financialClass === 'medicare' && rng.chance(0.35) ? rng.range(20_000, 170_000) : 0;
}

export function newEpisode(rng: Rng, patient: Patient, provider: Provider, day: number): Episode {
  const payer = patient.payer;
  const three = rng.chance(KNOBS.threeTimesAWeek);
  const weekdays = rng.pick(three ? WEEKDAY_PATTERNS_3 : WEEKDAY_PATTERNS_2);
  const weeks = rng.range(KNOBS.episodeWeeks[0], KNOBS.episodeWeeks[1]);
  let planned = Math.max(4, Math.round(weekdays.length * weeks * (0.85 + rng.next() * 0.15)));
  const dropout = rng.chance(KNOBS.dropoutShare);
  if (dropout) planned = Math.max(3, Math.floor(planned * 0.6));
  const reEvalAt = planned >= 12 && rng.chance(KNOBS.reEvalShare) ? rng.range(8, Math.min(14, planned - 2)) : 0;
  const evalCode = ['97161', '97162', '97163'][rng.weighted([0.4, 0.45, 0.15])] as string;
  let authPlan: AuthPlan = 'good';
  if (payer?.requiresAuth) {
    const w = KNOBS.authPlanWeights.map((x, i) => (i === 0 ? x : x * payer.leakFactor));
    authPlan = (['good', 'late_reauth', 'expired', 'no_auth', 'denied'] as const)[rng.weighted(w)] as AuthPlan;
  }
  if (authPlan === 'expired' && planned < 12) planned = 12 + rng.int(8);
  return {
    patient,
    payer,
    provider,
    startDay: day,
    weekdays,
    planned,
    completed: 0,
    reEvalAt,
    dropout,
    evalCode,
    authPlan,
    authWindow: authPlan === 'expired' ? 30 : 60,
    reauthRequested: false,
    lateBy: rng.range(1, 3),
    dx: diagnoses(rng, payer),
    injuryDay: payer?.financialClass === 'workers_comp' ? day - rng.range(3, 40) : null,
    overLimitVisits: 0,
  };
}

export function diagnoses(rng: Rng, payer: PayerDef | null): string[] {
  const primary = payer?.financialClass === 'workers_comp' ? rng.pick(DX_INJURY) : rng.pick(DX_GENERAL);
  const dx = [primary];
  if (rng.chance(0.5)) {
    const s = rng.pick(DX_SECONDARY);
    if (s !== primary) dx.push(s);
  }
  return dx;
}
