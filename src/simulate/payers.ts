// The payer panel, the fee schedules and the clinic charge master. Amounts are integer cents.
// The behaviour knobs for each payer (lags, denial mix, patient share, quirks) live here, next to the payer.

import { addMonths, monthStart } from './dates.ts';

export type FinancialClass = 'medicare' | 'medicaid' | 'commercial' | 'regional' | 'workers_comp';

/** Random (not causally modelled) denial kinds and their per-claim probability at first adjudication. */
export interface RandomDenials {
  eligibility: number; // CO-27 / CO-31, whole claim, claim-level CAS
  coding: number; // CO-4 on one line, or CO-16 on the whole claim
  documentation: number; // CO-252, whole claim
  medical_necessity: number; // CO-50, whole claim or one line
  benefit_limit: number; // CO-119 visit cap reached, whole claim
  duplicate: number; // OA-18 on a genuine claim (payer thinks it is a resend)
}

export interface PayerDef {
  idx: number;
  id: string;
  name: string;
  financialClass: FinancialClass;
  /** 837 2010BB NM1*PR NM109, 835 N1*PR REF*2U and ISA/GS sender. */
  x12Id: string;
  /** SBR09 / CLP06 claim filing indicator. */
  filing: string;
  requiresAuth: boolean;
  timelyFilingDays: number;
  /** Fee schedule = Medicare base rate × factor. */
  rateFactor: number;
  /** A mid-period fee schedule change: new factor from the first of the month `atFraction` of the way through. */
  rateChange?: { factor: number; atFraction: number; staleDays: number };
  /** Days from receipt to the adjudication target (the payer's next payment run on or after it). */
  lagDays: readonly [number, number];
  /** Weekdays (1 = Monday) of payment runs; `biweekly` keeps every other week. */
  runWeekdays: readonly number[];
  biweekly: boolean;
  /** Share of insured episodes. */
  mix: number;
  /** Medicare-style total-minutes 8-minute rule (else the per-code CPT rule of eights). */
  eightMinuteRule: boolean;
  denials: RandomDenials;
  /** Scales the share of episodes whose authorisation goes wrong (knobs.authPlanWeights other than `good`). */
  leakFactor: number;
  /** Probability that a leaked visit (over the approved count / after expiry / no auth) is denied CO-198 / CO-197. */
  authDenial: { over_limit: number; expired: number; no_auth: number };
  /** Probability the payer denies CO-97 a line that needed modifier 59 but was sent without it. */
  bundlingDenial: number;
  ein: string;
  paysByCheck: boolean;
  /** Patient share: copay per visit, coinsurance, deductible remaining at episode start. */
  copayP: number;
  copayCents: readonly [number, number];
  coinsurance: readonly [number, number];
  deductibleP: number;
  deductibleCents: readonly [number, number];
  /** Probability a paid claim has one line priced at UNDERPAY_FACTOR of the fee schedule (underpayment). */
  underpayP: number;
  /** Probability a paid claim is overpaid on one line and recovered later with a PLB WO takeback. */
  overpayP: number;
  /** Probability a paid claim with 3+ lines comes back split into two CLP loops. */
  splitP: number;
  /** Prompt-pay interest (AMT*I + PLB L6) on claims adjudicated more than 30 days after receipt. */
  paysInterest: boolean;
  tracePrefix: string;
}

const base: RandomDenials = {
  eligibility: 0.005,
  coding: 0.003,
  documentation: 0.003,
  medical_necessity: 0.003,
  benefit_limit: 0.0015,
  duplicate: 0.0015,
};

export const PAYERS: readonly PayerDef[] = [
  {
    idx: 0, id: 'medicare', name: 'MEDICARE PART B', financialClass: 'medicare', x12Id: '99MCR', filing: 'MB',
    requiresAuth: false, timelyFilingDays: 365, rateFactor: 1.0, lagDays: [14, 17], runWeekdays: [1, 2, 3, 4, 5],
    biweekly: false, mix: 0.27, eightMinuteRule: true,
    denials: { ...base, eligibility: 0.004, benefit_limit: 0, medical_necessity: 0.005 },
    leakFactor: 1, authDenial: { over_limit: 0, expired: 0, no_auth: 0 }, bundlingDenial: 0.8, ein: '990000101', paysByCheck: false,
    copayP: 0, copayCents: [0, 0], coinsurance: [0.2, 0.2], deductibleP: 0.35, deductibleCents: [8000, 25700],
    underpayP: 0, overpayP: 0, splitP: 0, paysInterest: false, tracePrefix: '11',
  },
  {
    idx: 1, id: 'bcbs', name: 'BLUE CROSS BLUE SHIELD', financialClass: 'commercial', x12Id: '99BCB', filing: 'BL',
    requiresAuth: true, timelyFilingDays: 180, rateFactor: 1.1, rateChange: { factor: 1.18, atFraction: 0.5, staleDays: 28 },
    lagDays: [18, 28], runWeekdays: [2], biweekly: false, mix: 0.2, eightMinuteRule: false, denials: base,
    leakFactor: 1, authDenial: { over_limit: 0.55, expired: 0.6, no_auth: 0.7 }, bundlingDenial: 0.6, ein: '990000202', paysByCheck: false,
    copayP: 0.55, copayCents: [2000, 4500], coinsurance: [0.1, 0.3], deductibleP: 0.35, deductibleCents: [10000, 150000],
    underpayP: 0, overpayP: 0.002, splitP: 0, paysInterest: false, tracePrefix: '22',
  },
  {
    idx: 2, id: 'uhc', name: 'UNITEDHEALTHCARE', financialClass: 'commercial', x12Id: '99UHC', filing: 'CI',
    requiresAuth: true, timelyFilingDays: 90, rateFactor: 1.05, lagDays: [20, 34], runWeekdays: [3], biweekly: false,
    mix: 0.13, eightMinuteRule: false, denials: { ...base, coding: 0.006 },
    leakFactor: 1, authDenial: { over_limit: 0.6, expired: 0.6, no_auth: 0.75 }, bundlingDenial: 0.7, ein: '990000303', paysByCheck: false,
    copayP: 0.6, copayCents: [2500, 5000], coinsurance: [0.1, 0.3], deductibleP: 0.35, deductibleCents: [10000, 200000],
    underpayP: 0.08, overpayP: 0.002, splitP: 0.004, paysInterest: true, tracePrefix: '33',
  },
  {
    idx: 3, id: 'aetna', name: 'AETNA', financialClass: 'commercial', x12Id: '99AET', filing: 'CI',
    requiresAuth: true, timelyFilingDays: 120, rateFactor: 1.15, lagDays: [20, 33], runWeekdays: [4], biweekly: false,
    mix: 0.13, eightMinuteRule: false, denials: base,
    leakFactor: 1, authDenial: { over_limit: 0.5, expired: 0.55, no_auth: 0.7 }, bundlingDenial: 0.5, ein: '990000404', paysByCheck: false,
    copayP: 0.55, copayCents: [2000, 4000], coinsurance: [0.1, 0.3], deductibleP: 0.3, deductibleCents: [10000, 150000],
    underpayP: 0, overpayP: 0.002, splitP: 0, paysInterest: false, tracePrefix: '44',
  },
  {
    idx: 4, id: 'cigna', name: 'CIGNA', financialClass: 'commercial', x12Id: '99CIG', filing: 'CI',
    requiresAuth: true, timelyFilingDays: 90, rateFactor: 1.08, lagDays: [22, 35], runWeekdays: [5], biweekly: false,
    mix: 0.09, eightMinuteRule: false, denials: { ...base, documentation: 0.006 },
    leakFactor: 1, authDenial: { over_limit: 0.6, expired: 0.6, no_auth: 0.7 }, bundlingDenial: 0.6, ein: '990000505', paysByCheck: false,
    copayP: 0.5, copayCents: [2500, 5000], coinsurance: [0.1, 0.3], deductibleP: 0.35, deductibleCents: [10000, 200000],
    underpayP: 0, overpayP: 0.002, splitP: 0.004, paysInterest: true, tracePrefix: '55',
  },
  {
    idx: 5, id: 'regional', name: 'HARBOR REGIONAL HEALTH PLAN', financialClass: 'regional', x12Id: '99RHP', filing: 'HM',
    requiresAuth: true, timelyFilingDays: 90, rateFactor: 1.3, lagDays: [14, 24], runWeekdays: [1], biweekly: false,
    mix: 0.08, eightMinuteRule: false, denials: { ...base, eligibility: 0.004 },
    leakFactor: 1, authDenial: { over_limit: 0.5, expired: 0.5, no_auth: 0.7 }, bundlingDenial: 0.5, ein: '990000606', paysByCheck: false,
    copayP: 0.8, copayCents: [2000, 3500], coinsurance: [0.1, 0.2], deductibleP: 0.2, deductibleCents: [10000, 100000],
    underpayP: 0, overpayP: 0.002, splitP: 0, paysInterest: false, tracePrefix: '66',
  },
  {
    idx: 6, id: 'workcomp', name: 'STATE WORKERS COMPENSATION FUND', financialClass: 'workers_comp', x12Id: '99WCF',
    filing: 'WC', requiresAuth: true, timelyFilingDays: 365, rateFactor: 1.65, lagDays: [45, 70], runWeekdays: [3],
    biweekly: true, mix: 0.05, eightMinuteRule: false,
    denials: { ...base, documentation: 0.008, benefit_limit: 0 },
    leakFactor: 0.4, authDenial: { over_limit: 0.5, expired: 0.5, no_auth: 0.6 }, bundlingDenial: 0.5, ein: '990000707', paysByCheck: true,
    copayP: 0, copayCents: [0, 0], coinsurance: [0, 0], deductibleP: 0, deductibleCents: [0, 0],
    underpayP: 0, overpayP: 0, splitP: 0, paysInterest: false, tracePrefix: '77',
  },
  {
    idx: 7, id: 'medicaid', name: 'COMMONWEALTH MEDICAID CARE PLAN', financialClass: 'medicaid', x12Id: '99MCD',
    filing: 'MC', requiresAuth: true, timelyFilingDays: 90, rateFactor: 0.46, lagDays: [24, 40], runWeekdays: [4],
    biweekly: false, mix: 0.05, eightMinuteRule: true,
    denials: { ...base, eligibility: 0.012, documentation: 0.006, medical_necessity: 0.006 },
    leakFactor: 0.5, authDenial: { over_limit: 0.6, expired: 0.6, no_auth: 0.7 }, bundlingDenial: 0.8, ein: '990000808', paysByCheck: false,
    copayP: 0.3, copayCents: [300, 300], coinsurance: [0, 0], deductibleP: 0, deductibleCents: [0, 0],
    underpayP: 0, overpayP: 0, splitP: 0, paysInterest: false, tracePrefix: '88',
  },
];

/** Share of the scheduled allowed that an underpaid line gets. */
export const UNDERPAY_FACTOR = 0.85;

export const PAYER_BY_ID = new Map(PAYERS.map((p) => [p.id, p]));

/** The payer whose denials are systematic (a provider in every clinic is not yet credentialed with it). */
export const SYSTEMATIC_PAYER_ID = 'aetna';
/** The payer whose fee schedule is below the cost of a visit ("a plan to avoid"). */
export const BELOW_COST_PAYER_ID = 'medicaid';
/** The payer that sometimes pays a line below its own fee schedule. */
export const UNDERPAYING_PAYER_ID = 'uhc';
/** The payer that changes its rates mid-period (and reprocesses claims it priced at the stale rate). */
export const RATE_CHANGE_PAYER_ID = 'bcbs';

/** CPT/HCPCS codes and their Medicare-like base allowed amount per unit, and the clinic's charge per unit. */
export interface CodeDef {
  code: string;
  timed: boolean;
  baseAllowed: number;
  charge: number;
}

export const CODES: readonly CodeDef[] = [
  { code: '97161', timed: false, baseAllowed: 10050, charge: 19500 }, // PT evaluation, low complexity
  { code: '97162', timed: false, baseAllowed: 10050, charge: 22500 }, // moderate complexity
  { code: '97163', timed: false, baseAllowed: 10050, charge: 25500 }, // high complexity
  { code: '97164', timed: false, baseAllowed: 6870, charge: 13500 }, // re-evaluation
  { code: '97110', timed: true, baseAllowed: 2900, charge: 6500 }, // therapeutic exercise
  { code: '97112', timed: true, baseAllowed: 3340, charge: 7000 }, // neuromuscular re-education
  { code: '97116', timed: true, baseAllowed: 2910, charge: 6500 }, // gait training
  { code: '97140', timed: true, baseAllowed: 2700, charge: 6000 }, // manual therapy
  { code: '97530', timed: true, baseAllowed: 3500, charge: 7200 }, // therapeutic activities
  { code: 'G0283', timed: false, baseAllowed: 1100, charge: 3000 }, // unattended electrical stimulation
];

export const CODE_BY_CPT = new Map(CODES.map((c) => [c.code, c]));

/** Cash-pay rates per visit. */
export const CASH_RATE_EVAL = 16500;
export const CASH_RATE_VISIT = 11500;

/** Medicare therapy (KX) threshold by year, PT+SLP combined (domain-reference §7.2); later years reuse the last. */
const KX_THRESHOLDS: Record<number, number> = { 2021: 211000, 2022: 215000, 2023: 223000, 2024: 233000, 2025: 241000 };
export function kxThreshold(y: number): number {
  const years = Object.keys(KX_THRESHOLDS).map(Number).sort((a, b) => a - b);
  let v = KX_THRESHOLDS[years[0] as number] as number;
  for (const k of years) if (k <= y) v = KX_THRESHOLDS[k] as number;
  return v;
}

/** Fee schedule of one payer: allowed per unit by code, with the optional mid-period change. */
export class FeeSchedule {
  /** Day from which the changed rates apply (undefined = no change). */
  readonly changeDay: number | undefined;
  private readonly oldRates = new Map<string, number>();
  private readonly newRates = new Map<string, number>();

  constructor(readonly payer: PayerDef, startDay: number, months: number) {
    for (const c of CODES) {
      this.oldRates.set(c.code, Math.round(c.baseAllowed * payer.rateFactor));
      if (payer.rateChange) this.newRates.set(c.code, Math.round(c.baseAllowed * payer.rateChange.factor));
    }
    if (payer.rateChange) {
      const m = Math.max(1, Math.floor(months * payer.rateChange.atFraction));
      this.changeDay = monthStart(addMonths(startDay, m));
    }
  }

  /** Allowed per unit for a service date. */
  rate(code: string, serviceDay: number): number {
    if (this.changeDay !== undefined && serviceDay >= this.changeDay) return this.newRates.get(code) as number;
    return this.oldRates.get(code) as number;
  }

  /** The rate the payer's system used before it was updated (stale pricing). */
  oldRate(code: string): number {
    return this.oldRates.get(code) as number;
  }
}
