// Behaviour knobs of the simulator that are not tied to one payer (payer-specific knobs are in payers.ts).
// Each knob is documented in docs/simulator.md and in the comment block at the top of index.ts.

export const KNOBS = {
  /** Active episodes per clinic ≈ this × visitsPerDay (patients come 2–3 times a week). */
  activeEpisodesPerDailyVisit: 2.15,
  initialProvidersPerClinic: 4,
  /** Clinics that batch claims weekly (submitted each Monday for the previous week). */
  weeklyBatchClinic: (i: number): boolean => i % 5 === 1,
  /** Share of episodes that are cash-pay (no payer). */
  cashShare: (i: number): number => (i % 2 === 1 ? 0.2 : 0.07),
  /** Clinics where one therapist leaves 40% of the way through (credentialing terminated_on). */
  providerLeaves: (i: number): boolean => i % 4 === 0,
  /** The newest hire starts this many days before the end (never before start + 14). */
  newHireDaysBeforeEnd: 150,
  /** Share of new episodes of the payer she is not credentialed with that the front desk books with her anyway
   *  (she has the most openings; nobody checks credentialing at scheduling). The rest go to the least-loaded PT. */
  uncredentialedBookingShare: 0.25,
  /** Visit attendance. */
  cancelRate: 0.07,
  noShowRate: 0.04,
  /** Episode shape. */
  threeTimesAWeek: 0.45,
  episodeWeeks: [4, 10] as const,
  reEvalShare: 0.35,
  dropoutShare: 0.1,
  returningPatientShare: 0.08,
  dependentShare: 0.22,
  canarySurnameShare: 0.3,
  canaryStreetShare: 0.25,
  canaryCityShare: 0.2,
  /** Billing discipline. */
  neverBilledShare: 0.015,
  lateChargeShare: 0.012,
  lateChargeDays: [20, 150] as const,
  duplicateClaimShare: 0.003,
  missing59Share: 0.06,
  missingKxShare: 0.1,
  /** 277CA front-end rejections of first submissions; resubmitted 2–6 days later. */
  rejectShare: 0.025,
  /** Authorisation plans for requires_auth payers: good, late re-auth, expired, no auth, denied. */
  authPlanWeights: [0.82, 0.06, 0.05, 0.025, 0.045] as const,
  /** Posting lag weights (days 0, 1, 2–3, 4–9) for daily posters and for the slow (weekly-batching) clinic. */
  postingLag: [0.6, 0.28, 0.09, 0.03] as const,
  postingLagSlow: [0.35, 0.3, 0.25, 0.1] as const,
  /** Denial routing: share worked within 0–2 days; the rest 3–16 days. */
  routedFastShare: 0.72,
  /** Patients pay their deductible / coinsurance bill. */
  patientPaysShare: 0.72,
  copayCollectedShare: 0.85,
} as const;
