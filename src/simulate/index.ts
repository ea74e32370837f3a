/**
 * revcycle clinic simulator (DESIGN.md §9): a deterministic synthetic clinic group — 837P, 835, 277CA and 999 files
 * plus the EHR CSV exports of DESIGN.md §5 — used by the demo and by every benchmark. Full notes: docs/simulator.md.
 *
 * Behaviours and their knobs (payer knobs in payers.ts, the rest in knobs.ts, denial work in denial-work.ts):
 *
 * - Payer mix (payers.ts `mix`, knobs `cashShare`): medicare 27%, bcbs 20%, uhc 13%, aetna 13%, cigna 9%,
 *   regional 8%, workcomp 5%, medicaid 5% of insured episodes; cash-pay episodes 7% (20% in odd-numbered clinics,
 *   a hybrid practice) paid by patient payments linked by visit_id at the cash rate (CASH_RATE_*).
 * - Episodes (knobs `episodeWeeks`, `threeTimesAWeek`, `reEvalShare`, `dropoutShare`, `returningPatientShare`):
 *   evaluation 97161–97163, then 2–3 visits a week for 4–10 weeks, re-evaluation 97164 sometimes, discharge;
 *   cancellations and no-shows (`cancelRate`, `noShowRate`) have no claim.
 * - Coding (coding.ts): timed codes 97110/97112/97116/97140/97530 + G0283; GP on every line; 59 on 97140 with 97530
 *   and 97530 on an evaluation day (`missing59Share` forgotten → CO-97); KX on Medicare once the patient's yearly
 *   allowed passes the KX threshold (`missingKxShare` forgotten → CO-119); Medicare and Medicaid units by the
 *   8-minute rule on total timed minutes, others per code (rule of eights).
 * - Billing discipline: `neverBilledShare` completed insurance visits never billed (documented-not-billed queue),
 *   `lateChargeShare` charged 20–150 days late (→ CO-29 timely filing where the payer's limit is passed),
 *   `duplicateClaimShare` claims entered twice (OA-18, then voided with frequency 8 + REF*F8).
 * - Submission lag: daily clinics submit on the day of charge entry (0–1 day, a few 2–3); clinics where
 *   `weeklyBatchClinic(i)` (i % 5 = 1, i.e. C02, C07, …) batch every Monday. 277CA rejections (`rejectShare`,
 *   A7/A3) are resubmitted 2–6 days later as a new original with the same CLM01.
 * - Payment lag and runs (payers.ts `lagDays`, `runWeekdays`, `biweekly`): medicare 14–17 days daily runs,
 *   commercial 18–36 days weekly, regional 14–24, workcomp 45–70 biweekly by check, medicaid 24–40.
 * - Fee schedules (payers.ts `rateFactor` × Medicare-like base rates; `rateChange`): bcbs raises rates from the
 *   first of the month halfway through; for `staleDays` it keeps paying old rates, then reverses (CLP02 = 22) and
 *   corrects those claims (same 835, or the correction in the next run). medicaid (`BELOW_COST_PAYER_ID`) pays about
 *   $45 a visit, below cost (62 + 6). uhc (`UNDERPAYING_PAYER_ID`, `underpayP`) prices one line at 85% of its
 *   schedule on some claims. Patient share: deductible PR-1 (incl. $0-paid claims that went wholly to the
 *   deductible), coinsurance PR-2, copay PR-3 (collected at the visit, `copayCollectedShare`); CO-45 for the rest.
 * - Denials (payers.ts `denials`, `authDenial`, `bundlingDenial`): a few % per payer by CARC category
 *   (eligibility 27/31 claim-level CLP02 = 4, coding 16/4, bundling 97, documentation 252, medical necessity 50,
 *   benefit limit 119, timely filing 29, duplicate 18, authorization 197/198). Systematic: in every clinic the
 *   newest therapist (hired `newHireDaysBeforeEnd` = 150 days before the end) is still in credentialing with aetna
 *   (`SYSTEMATIC_PAYER_ID`; credentialing.csv in_progress, effective after the data), the front desk books
 *   `uncredentialedBookingShare` of new aetna episodes with her, and aetna denies all her claims CO-185, so aetna's
 *   denial rate over the last 8 weeks is far above 10% (30–65% by seed), mostly credentialing.
 * - Prior authorisation (knobs `authPlanWeights`): requested at the evaluation, decided 1–5 days later, 8–10 visits
 *   approved (sometimes fewer than requested) for 60 days, re-auth chained by previous_auth_id; leakage stories:
 *   late re-auth (over_limit), 30-day window without re-auth (expired), never requested (no_auth), denied; leaked
 *   visits are denied CO-198/197 with the payer's `authDenial` probability (`leakFactor` scales the stories per
 *   payer). Pending = decided after the data ends.
 *   appointments.csv: future scheduled (and some cancelled) visits of open episodes.
 * - Remittance quirks: prompt-pay interest AMT*I + PLB L6 (uhc, cigna: > 30 days), overpayments recovered by a PLB
 *   WO takeback (`overpayP`), split claims (`splitP`), appeals and corrected claims partly overturned by a later
 *   paying 835 (reversing a partial payment first), denial actions by category (denial-work.ts) with routing
 *   delays (`routedFastShare` within 0–2 days) and unworked denials; patient payments (`patientPaysShare`);
 *   ERA postings (`postingLag`, slower in weekly-batching clinics: `postingLagSlow`).
 * - Calendar (dates.ts): clinics, submissions, postings and payer runs happen on business days (Mon–Fri except six
 *   US holidays, `isHoliday`); patients pay on any day.
 * - PHI canaries (canaries.ts): CANARYPHI surname, CANARYLANE street, CANARYVILLE city, member ids ZCM + 9
 *   digits, patient ids MRN + 7 digits.
 *
 * Deterministic: the same options give byte-identical files (seeded sfc32, no clock, stable order, LF endings).
 * Streaming: X12 files are written as they are produced, CSVs through buffered descriptors; memory is bounded by
 * the open payment window.
 */

import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addMonths, parseIsoDate } from './dates.ts';
import { Engine } from './engine.ts';
import { Sink } from './sink.ts';

export { PHI_CANARY_PATTERNS, PHI_CANARY_STRINGS } from './canaries.ts';
export { BELOW_COST_PAYER_ID, RATE_CHANGE_PAYER_ID, SYSTEMATIC_PAYER_ID, UNDERPAYING_PAYER_ID } from './payers.ts';

export interface SimulateOptions {
  /** Output directory; its `x12/` and `ehr/` subfolders are replaced. */
  out: string;
  /** Number of clinics (default 2). */
  clinics?: number;
  /** Months of visits (default 12). */
  months?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** First day of visits, YYYY-MM-DD (default 2025-01-01). */
  start?: string;
  /** Target completed visits per clinic per weekday (default 24). */
  visitsPerDay?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface SimulateSummary {
  files: number;
  bytes: number;
  /** Distinct claims (CLM01) submitted at least once. */
  claims: number;
  /** Service lines of those claims. */
  claimLines: number;
  /** Visit rows (completed, cancelled, no-show). */
  visits: number;
  byKind: Record<string, { files: number; bytes: number }>;
  outDir: string;
}

function positiveInt(name: string, v: number | undefined, dflt: number, max: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`${name} must be an integer from 1 to ${max}, got ${v}`);
  return v;
}

export async function simulate(opts: SimulateOptions): Promise<SimulateSummary> {
  if (!opts.out) throw new Error('simulate: `out` (output directory) is required');
  const clinics = positiveInt('clinics', opts.clinics, 2, 999);
  const months = positiveInt('months', opts.months, 12, 120);
  const visitsPerDay = positiveInt('visitsPerDay', opts.visitsPerDay, 24, 2000);
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const startDay = parseIsoDate(opts.start ?? '2025-01-01');
  const endDay = addMonths(startDay, months);
  const outDir = resolve(opts.out);
  for (const sub of ['x12', 'ehr']) {
    const p = join(outDir, sub);
    if (existsSync(p)) rmSync(p, { recursive: true, force: true });
  }
  const sink = new Sink(outDir);
  const engine = new Engine({ startDay, endDay, lastDay: endDay - 1, months, clinics, seed, visitsPerDay }, sink);
  const total = endDay - startDay;
  const progress = opts.onProgress;
  for (let d = startDay; d < endDay; d++) {
    engine.runDay(d);
    if (sink.busy) await sink.settle();
    const done = d - startDay + 1;
    if (done % 7 === 0 || d === endDay - 1) {
      progress?.({ phase: 'simulate', done, total });
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  engine.finish();
  await sink.settle();
  progress?.({ phase: 'done', done: total, total });
  return {
    files: sink.files,
    bytes: sink.bytes,
    claims: engine.claims,
    claimLines: engine.claimLines,
    visits: engine.visits,
    byKind: sink.byKind,
    outDir,
  };
}
