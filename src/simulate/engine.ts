// The day-by-day simulation. For each calendar day, in this order:
//   1. due events (patient payments, denial actions, voids, write-offs),
//   2. each clinic's visits (intake of new episodes, scheduled visits, claims, copays, cash payments),
//   3. each clinic's claim submission (837P + 999 + 277CA, front-end rejections and resubmissions),
//   4. each payer's payment run (835: adjudications, reversals/corrections, appeals, PLB interest and takebacks),
//   5. events added for the same day during 2–4.
// Nothing is kept for finished work: claims live in queues until their last scheduled event, so memory is bounded
// by the payment window. All randomness comes from seeded generators (per clinic, and per claim for adjudication).

import { decide, price, reverse, splitRemit } from './adjudicate.ts';
import type { Decision } from './adjudicate.ts';
import { nextRequest, useAuthorization } from './authorizations.ts';
import { buildClinics } from './clinics.ts';
import { codeVisit } from './coding.ts';
import type { CodedVisit } from './coding.ts';
import { d8, isBusinessDay, iso, localTimestamp, nextBusinessDay, nextWeekdayOf, weekday, year } from './dates.ts';
import { DENIAL_WORK } from './denial-work.ts';
import type { DenialAction } from './denial-work.ts';
import { newEpisode, newPatient, pickPayer, resetBenefits } from './episodes.ts';
import { pad } from './ids.ts';
import { KNOBS } from './knobs.ts';
import { fmtCents } from './money.ts';
import { CASH_RATE_EVAL, CASH_RATE_VISIT, CODE_BY_CPT, FeeSchedule, kxThreshold, PAYERS } from './payers.ts';
import { writeReferenceTables } from './reference-tables.ts';
import type { CodeDef, PayerDef } from './payers.ts';
import { Rng, seedOf } from './rng.ts';
import { CSV_HEADERS, CsvTable } from './sink.ts';
import type { Sink } from './sink.ts';
import type { Auth, AuthVisitStatus, Claim, Clinic, Episode, Line, Patient, Provider, RemitClaim, VisitType } from './types.ts';
import { write277ca } from './x12-277ca.ts';
import type { AckResult } from './x12-277ca.ts';
import { paymentTotal, write835 } from './x12-835.ts';
import type { Payment835, Plb } from './x12-835.ts';
import { write837p } from './x12-837p.ts';
import type { Submission } from './x12-837p.ts';
import { write999 } from './x12-999.ts';

export interface EngineConfig {
  startDay: number;
  endDay: number;
  lastDay: number;
  months: number;
  clinics: number;
  seed: number;
  visitsPerDay: number;
}

interface ClinicState {
  c: Clinic;
  rng: Rng;
  active: Episode[];
  subQueue: Map<number, Submission[]>;
  visitSeq: number;
  claimSeq: number;
  apptSeq: number;
  past: Patient[];
}

type RunKind = 'adjudicate' | 'replacement' | 'appeal' | 'reprocess' | 'correct';

interface RunItem {
  kind: RunKind;
  claim: Claim;
  correctLater?: boolean;
}

interface Takeback {
  amountC: number;
  ref: string;
  due: number;
}

interface PayerState {
  def: PayerDef;
  fees: FeeSchedule;
  ccnSeq: number;
  traceSeq: number;
  runs: Map<number, RunItem[]>;
  takebacks: Takeback[][];
}

type Ev =
  | { t: 'ptpay'; clinicIdx: number; patientId: string; claimId: string; amountC: number }
  | { t: 'action'; claim: Claim; action: DenialAction; overturn: boolean; note: string }
  | { t: 'void'; claim: Claim };

const REJECT_STC = ['A7:164:IL', 'A7:158:QC', 'A3:21', 'A7:562:82'];

export class Engine {
  private readonly clinics: ClinicState[];
  private readonly payers: PayerState[];
  private readonly events = new Map<number, Ev[]>();
  private readonly salt: number;
  private patientSerial = 0;
  private authSeq = 0;
  private paymentSeq = 0;
  private ctrlSeq = 0;
  private readonly tables: {
    visits: CsvTable;
    payments: CsvTable;
    denial_actions: CsvTable;
    authorizations: CsvTable;
    appointments: CsvTable;
  };
  claims = 0;
  claimLines = 0;
  visits = 0;

  constructor(
    private readonly cfg: EngineConfig,
    private readonly sink: Sink,
  ) {
    this.salt = seedOf(cfg.seed, 99);
    const clinics = buildClinics(cfg.clinics, cfg.startDay, cfg.endDay);
    this.clinics = clinics.map((c) => ({
      c,
      rng: new Rng(seedOf(cfg.seed, 1000 + c.idx)),
      active: [],
      subQueue: new Map(),
      visitSeq: 0,
      claimSeq: 0,
      apptSeq: 0,
      past: [],
    }));
    this.payers = PAYERS.map((def) => ({
      def,
      fees: new FeeSchedule(def, cfg.startDay, cfg.months),
      ccnSeq: 0,
      traceSeq: 0,
      runs: new Map(),
      takebacks: clinics.map(() => []),
    }));
    this.tables = {
      visits: new CsvTable(sink, 'visits', CSV_HEADERS.visits, true),
      payments: new CsvTable(sink, 'payments', CSV_HEADERS.payments, true),
      denial_actions: new CsvTable(sink, 'denial_actions', CSV_HEADERS.denial_actions, true),
      authorizations: new CsvTable(sink, 'authorizations', CSV_HEADERS.authorizations, false),
      appointments: new CsvTable(sink, 'appointments', CSV_HEADERS.appointments, false),
    };
    writeReferenceTables(sink, clinics, this.payers.map((p) => p.fees), cfg.startDay, cfg.lastDay);
  }

  // ---------------------------------------------------------------- the day loop

  runDay(d: number): void {
    this.processEvents(d);
    if (isBusinessDay(d)) {
      for (const cs of this.clinics) this.clinicDay(cs, d);
      for (const cs of this.clinics) this.submit(cs, d);
      for (const ps of this.payers) if (this.isRunDay(ps.def, d)) this.payerRun(ps, d);
    }
    this.processEvents(d);
  }

  finish(): void {
    const last = this.cfg.lastDay;
    for (const cs of this.clinics) {
      for (const ep of cs.active) {
        let remaining = ep.planned - ep.completed;
        for (let day = last + 1; remaining > 0 && day <= last + 42; day++) {
          if (!ep.weekdays.includes(weekday(day)) || !isBusinessDay(day)) continue;
          const cancelled = cs.rng.chance(0.08);
          this.tables.appointments.row([`${cs.c.id}-A${pad(++cs.apptSeq, 7)}`, ep.patient.id, iso(day), ep.payer?.id ?? '', cancelled ? 'cancelled' : 'scheduled']);
          if (!cancelled) remaining--;
        }
      }
    }
    this.tables.appointments.ensure();
    this.tables.authorizations.ensure();
    this.tables.denial_actions.ensure(this.cfg.startDay);
    this.tables.payments.ensure(this.cfg.startDay);
    this.tables.visits.ensure(this.cfg.startDay);
    for (const t of Object.values(this.tables)) t.close();
  }

  private addEvent(day: number, ev: Ev): void {
    if (day > this.cfg.lastDay) return;
    let list = this.events.get(day);
    if (!list) this.events.set(day, (list = []));
    list.push(ev);
  }

  private processEvents(d: number): void {
    const list = this.events.get(d);
    if (!list) return;
    for (let i = 0; i < list.length; i++) this.handleEvent(list[i] as Ev, d);
    this.events.delete(d);
  }

  private nextCtrl(): number {
    return ++this.ctrlSeq;
  }

  /** Daily clinics submit on the next business day; weekly ones on the next Monday (or the day after, if a holiday). */
  private nextSubmitDay(c: Clinic, day: number): number {
    return nextBusinessDay(c.weeklyBatch ? nextWeekdayOf(day, 1) : day);
  }

  private isRunDay(p: PayerDef, day: number): boolean {
    if (!p.runWeekdays.includes(weekday(day)) || !isBusinessDay(day)) return false;
    return !p.biweekly || Math.floor((day + 3) / 7) % 2 === 0;
  }

  private runDayOnOrAfter(p: PayerDef, day: number): number {
    while (!this.isRunDay(p, day)) day++;
    return day;
  }

  private schedule(ps: PayerState, day: number, item: RunItem): void {
    const run = this.runDayOnOrAfter(ps.def, day);
    if (run > this.cfg.lastDay) return;
    let list = ps.runs.get(run);
    if (!list) ps.runs.set(run, (list = []));
    list.push(item);
  }

  private enqueueSubmission(cs: ClinicState, day: number, sub: Submission): void {
    const d = this.nextSubmitDay(cs.c, day);
    if (d > this.cfg.lastDay) return;
    let list = cs.subQueue.get(d);
    if (!list) cs.subQueue.set(d, (list = []));
    list.push(sub);
  }

  // ---------------------------------------------------------------- clinics: episodes and visits

  private activeProviders(cs: ClinicState, d: number): Provider[] {
    return cs.c.providers.filter((p) => p.startDay <= d && d < p.endDay);
  }

  private leastLoaded(cs: ClinicState, d: number): Provider {
    let best: Provider | null = null;
    for (const p of this.activeProviders(cs, d)) if (!best || p.activeEpisodes < best.activeEpisodes) best = p;
    return best as Provider;
  }

  private clinicDay(cs: ClinicState, d: number): void {
    const rng = cs.rng;
    // A therapist who leaves hands her patients over.
    for (const p of cs.c.providers) {
      if (p.endDay !== d) continue;
      for (const ep of cs.active) {
        if (ep.provider !== p) continue;
        p.activeEpisodes--;
        ep.provider = this.leastLoaded(cs, d);
        ep.provider.activeEpisodes++;
      }
    }
    // Intake keeps the caseload near visitsPerDay × activeEpisodesPerDailyVisit.
    const target = Math.round(this.cfg.visitsPerDay * KNOBS.activeEpisodesPerDailyVisit);
    const maxIntake = Math.max(2, Math.ceil(target / 8));
    const n = Math.max(0, Math.min(maxIntake, target - cs.active.length + rng.range(-1, 1)));
    for (let i = 0; i < n; i++) this.startEpisode(cs, d);

    const wd = weekday(d);
    const keep: Episode[] = [];
    for (const ep of cs.active) {
      const first = ep.completed === 0 && ep.startDay === d;
      if (!first && (d <= ep.startDay || !ep.weekdays.includes(wd))) {
        keep.push(ep);
        continue;
      }
      const u = rng.next();
      const status = first ? 'completed' : u < KNOBS.cancelRate ? 'cancelled' : u < KNOBS.cancelRate + KNOBS.noShowRate ? 'no_show' : 'completed';
      const visitNo = ep.completed + 1;
      const type: VisitType = first
        ? 'evaluation'
        : visitNo === ep.planned && !ep.dropout
          ? 'discharge'
          : visitNo === ep.reEvalAt
            ? 're_evaluation'
            : 'treatment';
      this.visit(cs, ep, d, type, status);
      if (status === 'completed') ep.completed++;
      if (ep.completed >= ep.planned) {
        ep.provider.activeEpisodes--;
        cs.past.push(ep.patient);
        if (cs.past.length > 300) cs.past.shift();
      } else keep.push(ep);
    }
    cs.active = keep;
  }

  private startEpisode(cs: ClinicState, d: number): void {
    const rng = cs.rng;
    let patient: Patient;
    if (cs.past.length > 0 && rng.chance(KNOBS.returningPatientShare)) {
      const i = rng.int(cs.past.length);
      patient = cs.past[i] as Patient;
      cs.past.splice(i, 1);
      resetBenefits(rng, patient, d);
    } else {
      patient = newPatient(rng, ++this.patientSerial, this.salt, pickPayer(rng, cs.c.cashShare), d);
    }
    let provider = this.leastLoaded(cs, d);
    const payerId = patient.payer?.id;
    if (payerId && rng.chance(KNOBS.uncredentialedBookingShare)) {
      for (const p of this.activeProviders(cs, d)) if (p.pendingCredentialWith === payerId) provider = p;
    }
    provider.activeEpisodes++;
    cs.active.push(newEpisode(rng, patient, provider, d));
  }

  private visit(cs: ClinicState, ep: Episode, d: number, type: VisitType, status: 'completed' | 'cancelled' | 'no_show'): void {
    const rng = cs.rng;
    const c = cs.c;
    const last = this.cfg.lastDay;
    const visitId = `${c.id}-V${pad(++cs.visitSeq, 7)}`;
    const payer = ep.payer;
    this.visits++;
    if (status !== 'completed') {
      this.tables.visits.row([visitId, c.id, ep.patient.id, ep.provider.npi, iso(d), type, status, payer?.id ?? '', '', '', '', ''], d);
      return;
    }
    const coded = codeVisit(rng, type, ep.evalCode, payer?.eightMinuteRule ?? false, KNOBS.missing59Share);
    const dl = rng.next();
    const docDay = d + (dl < 0.85 ? 0 : dl < 0.95 ? 1 : rng.range(2, 5));
    const docMin = 960 + rng.int(240);
    const documentedAt = docDay <= last ? localTimestamp(docDay, docMin) : '';
    let claimId = '';
    let chargeAt = '';
    let neverBilled = false;
    if (!payer) {
      // Cash-pay: paid at the visit at the cash rate.
      const amount = type === 'evaluation' ? CASH_RATE_EVAL : CASH_RATE_VISIT;
      this.payment('patient', amount, d, d, rng.chance(0.7) ? 'card' : 'cash', '', ep.patient.id, '', visitId, '');
    } else {
      const auth = this.authForVisit(cs, ep, d);
      neverBilled = rng.chance(KNOBS.neverBilledShare);
      if (!neverBilled) {
        let chargeDay: number;
        let submitDay: number;
        let chargeMin: number;
        if (rng.chance(KNOBS.lateChargeShare)) {
          chargeDay = d + rng.range(KNOBS.lateChargeDays[0], KNOBS.lateChargeDays[1]);
          submitDay = this.nextSubmitDay(c, chargeDay);
          chargeMin = 540 + rng.int(480);
        } else if (c.weeklyBatch) {
          submitDay = this.nextSubmitDay(c, d + 1);
          chargeDay = submitDay;
          chargeMin = 480 + rng.int(120);
        } else {
          const cl = rng.next();
          chargeDay = Math.max(docDay, d + (cl < 0.82 ? 0 : cl < 0.97 ? 1 : rng.range(2, 3)));
          submitDay = this.nextSubmitDay(c, chargeDay);
          chargeMin = chargeDay === docDay ? Math.min(1435, docMin + rng.range(10, 120)) : 480 + rng.int(540);
        }
        if (chargeDay < docDay) {
          // Charges are entered after the note is signed; the claim waits for both.
          chargeDay = docDay;
          submitDay = Math.max(submitDay, this.nextSubmitDay(c, docDay));
        }
        if (chargeDay === docDay && chargeMin <= docMin) chargeMin = Math.min(1439, docMin + 5);
        if (chargeDay <= last) chargeAt = localTimestamp(chargeDay, chargeMin);
        const claim = this.makeClaim(cs, ep, d, visitId, coded, auth);
        if (submitDay <= last) {
          claimId = claim.id;
          this.enqueueSubmission(cs, submitDay, { claim, freq: '1' });
          if (rng.chance(KNOBS.duplicateClaimShare)) {
            const dup = this.makeClaim(cs, ep, d, visitId, coded, auth, claim);
            this.enqueueSubmission(cs, submitDay + rng.range(1, 4), { claim: dup, freq: '1' });
          }
        }
        if (ep.patient.copayC > 0 && rng.chance(KNOBS.copayCollectedShare)) {
          claim.collectedC = ep.patient.copayC;
          this.payment('patient', ep.patient.copayC, d, d, rng.chance(0.8) ? 'card' : 'cash', '', ep.patient.id, claimId, claimId ? '' : visitId, '');
        }
      }
    }
    // Never billed: half of those visits were never documented either (the documented-not-billed queue).
    const docOut = neverBilled && rng.chance(0.5) ? '' : documentedAt;
    this.tables.visits.row([visitId, c.id, ep.patient.id, ep.provider.npi, iso(d), type, 'completed', payer?.id ?? '', claimId, docOut, chargeAt, coded.minutes], d);
  }

  private makeClaim(cs: ClinicState, ep: Episode, d: number, visitId: string, coded: CodedVisit, auth: { status: AuthVisitStatus; authNo: string | null }, dupOf?: Claim): Claim {
    const payer = ep.payer as PayerDef;
    const ps = this.payers[payer.idx] as PayerState;
    const id = `${cs.c.id}-${pad(++cs.claimSeq, 7)}`;
    const lines: Line[] = coded.lines.map((l, i) => ({
      cpt: l.cpt,
      mods: [...l.mods],
      units: l.units,
      chargeC: (CODE_BY_CPT.get(l.cpt) as CodeDef).charge * l.units,
      lcn: `${id}-${i + 1}`,
      missing59: l.missing59,
      missingKx: false,
    }));
    if (dupOf) {
      dupOf.lines.forEach((l, i) => {
        const x = lines[i] as Line;
        x.mods = [...l.mods];
        x.missingKx = l.missingKx;
      });
    } else if (payer.financialClass === 'medicare') {
      // KX once the patient's yearly therapy spend passes the threshold.
      const p = ep.patient;
      const y = year(d);
      if (p.kxYear !== y) {
        p.kxYear = y;
        p.kxAllowedC = 0;
      }
      let expected = 0;
      for (const l of lines) expected += ps.fees.rate(l.cpt, d) * l.units;
      const needKx = p.kxAllowedC + expected > kxThreshold(y);
      p.kxAllowedC += expected;
      if (needKx) {
        const forgot = cs.rng.chance(KNOBS.missingKxShare);
        for (const l of lines) {
          if (forgot) l.missingKx = true;
          else l.mods.splice(1, 0, 'KX');
        }
      }
    }
    let chargeC = 0;
    for (const l of lines) chargeC += l.chargeC;
    return {
      id,
      clinic: cs.c,
      patient: ep.patient,
      payer,
      provider: ep.provider,
      dos: d,
      lines,
      chargeC,
      authNo: auth.authNo,
      authStatus: auth.status,
      seed: cs.rng.u32(),
      duplicateOf: dupOf ? dupOf.id : null,
      rejectFirst: !dupOf && cs.rng.chance(KNOBS.rejectShare),
      submitCount: 0,
      firstSubmitDay: -1,
      receivedDay: -1,
      payerCcn: '',
      standing: null,
      deniedCategory: null,
      deniedCarc: '',
      deniedGroup: 'CO',
      deniedAmountC: 0,
      dedUsedC: 0,
      split: false,
      freq: '1',
      collectedC: 0,
      pendingOverturn: false,
      actionKeys: null,
      visitId,
      dx: ep.dx,
      injuryDay: ep.injuryDay,
    };
  }

  // ---------------------------------------------------------------- authorisations (DESIGN §6.6 numbering)

  private authForVisit(cs: ClinicState, ep: Episode, d: number): { status: AuthVisitStatus; authNo: string | null } {
    const payer = ep.payer as PayerDef;
    if (!payer.requiresAuth) return { status: 'not_required', authNo: null };
    const p = ep.patient;
    if (ep.completed === 0 && ep.authPlan !== 'no_auth') this.requestAuth(cs, ep, d, null);
    const use = useAuthorization(p, payer, d);
    const renew = nextRequest(ep, use.status, d);
    if (renew !== undefined) this.requestAuth(cs, ep, d, renew);
    let authNo = use.auth ? use.auth.id : null;
    // Over the approved count, the clinic sends the used-up authorisation number half the time.
    if (use.status === 'over_limit' && cs.rng.chance(0.5)) {
      for (const a of p.auths) if (a.payer === payer && a.status === 'approved') authNo = a.id;
    }
    return { status: use.status, authNo };
  }

  private requestAuth(cs: ClinicState, ep: Episode, d: number, previous: Auth | null): void {
    const rng = cs.rng;
    const payer = ep.payer as PayerDef;
    const requested = previous ? rng.range(8, 12) : rng.chance(0.35) ? 12 : rng.range(8, 10);
    const approvedN = Math.min(requested, rng.range(8, 10));
    const denied = !previous && ep.authPlan === 'denied';
    const decided = d + rng.range(1, 5);
    const window = previous ? 60 : ep.authWindow;
    const a: Auth = {
      id: `AU${pad(++this.authSeq, 8)}`,
      payer,
      status: denied ? 'denied' : 'approved',
      requestedOn: d,
      decidedOn: decided,
      startDay: d,
      endDay: d + window - 1,
      approvedVisits: denied ? 0 : approvedN,
      requestedVisits: requested,
      previousId: previous ? previous.id : null,
      used: 0,
    };
    const p = ep.patient;
    p.auths = p.auths.filter((x) => x.endDay >= d - 400);
    p.auths.push(a);
    if (denied) ep.planned = Math.min(ep.planned, 1 + rng.range(2, 4));
    const pending = decided > this.cfg.lastDay;
    this.tables.authorizations.row([
      a.id, p.id, payer.id, pending ? 'pending' : a.status, iso(d), pending ? '' : iso(decided),
      pending || denied ? '' : iso(a.startDay), pending || denied ? '' : iso(a.endDay), pending || denied ? '' : a.approvedVisits,
      requested, a.previousId ?? '',
    ]);
  }

  // ---------------------------------------------------------------- submission: 837P, 999, 277CA

  private submit(cs: ClinicState, d: number): void {
    const subs = cs.subQueue.get(d);
    if (!subs) return;
    cs.subQueue.delete(d);
    const c = cs.c;
    const rng = cs.rng;
    const ctrl = this.nextCtrl();
    const minute = 18 * 60 + 30 + (c.idx % 25);
    this.sink.writeFile(`x12/837p/837p_${c.id}_${d8(d)}_${pad(ctrl, 9)}.837`, 'x12_837p', write837p(c, d, minute, ctrl, subs));
    const ackCtrl = this.nextCtrl();
    this.sink.writeFile(`x12/999/999_${c.id}_${d8(d)}_${pad(ackCtrl, 9)}.999`, 'x12_999', write999(c, d, minute + 20, ackCtrl, ctrl));
    const ackDay = rng.chance(0.8) ? d : nextBusinessDay(d + 1);
    const results: AckResult[] = [];
    for (const s of subs) {
      const cl = s.claim;
      const ps = this.payers[cl.payer.idx] as PayerState;
      if (s.freq === '1' && cl.submitCount === 0) {
        cl.firstSubmitDay = d;
        this.claims++;
        this.claimLines += cl.lines.length;
      }
      if (s.freq === '1' && cl.submitCount === 0 && cl.rejectFirst) {
        cl.submitCount++;
        results.push({ claim: cl, accepted: false, stc: rng.pick(REJECT_STC) });
        this.enqueueSubmission(cs, d + rng.range(2, 6), { claim: cl, freq: '1' });
        continue;
      }
      cl.submitCount++;
      cl.freq = s.freq;
      if (s.freq === '8') {
        results.push({ claim: cl, accepted: true, stc: 'A2:20' });
        continue;
      }
      cl.payerCcn = this.newCcn(ps, d);
      cl.receivedDay = d;
      results.push({ claim: cl, accepted: true, stc: 'A2:20' });
      const lag = rng.range(ps.def.lagDays[0], ps.def.lagDays[1]);
      if (s.freq === '1') this.schedule(ps, d + lag, { kind: 'adjudicate', claim: cl });
      else this.schedule(ps, d + lag, { kind: 'replacement', claim: cl });
    }
    if (ackDay <= this.cfg.lastDay) {
      const ctrl277 = this.nextCtrl();
      this.sink.writeFile(`x12/277ca/277ca_${c.id}_${d8(ackDay)}_${pad(ctrl277, 9)}.277`, 'x12_277ca', write277ca(c, ackDay, d, minute + 45, ctrl277, ctrl, results));
    }
  }

  private newCcn(ps: PayerState, d: number): string {
    return `${ps.def.tracePrefix}${d8(d).slice(2)}${pad(++ps.ccnSeq, 7)}`;
  }

  // ---------------------------------------------------------------- payer runs: 835

  private payerRun(ps: PayerState, d: number): void {
    const items = ps.runs.get(d);
    if (!items) return;
    ps.runs.delete(d);
    const byClinic: RunItem[][] = this.clinics.map(() => []);
    for (const it of items) (byClinic[it.claim.clinic.idx] as RunItem[]).push(it);
    const sets: Payment835[] = [];
    byClinic.forEach((list, ci) => {
      if (list.length === 0) return;
      const remits: RemitClaim[] = [];
      const deferred: RunItem[] = [];
      for (const it of list) this.processItem(ps, it, d, remits, deferred);
      for (const it of deferred) {
        const next = this.runDayOnOrAfter(ps.def, d + 1);
        if (paymentTotal(remits, []) < 0 || next > this.cfg.lastDay) this.correct(ps, it.claim, d, remits);
        else this.schedule(ps, next, it);
      }
      const plb: Plb[] = [];
      let interest = 0;
      for (const r of remits) interest += r.interestC;
      if (interest) plb.push({ code: 'L6', ref: '', amountC: -interest });
      let total = paymentTotal(remits, plb);
      const tbs = ps.takebacks[ci] as Takeback[];
      for (let i = 0; i < tbs.length; ) {
        const tb = tbs[i] as Takeback;
        if (tb.due <= d && total - tb.amountC >= 0) {
          plb.push({ code: 'WO', ref: tb.ref, amountC: tb.amountC });
          total -= tb.amountC;
          tbs.splice(i, 1);
        } else i++;
      }
      const trace = `${ps.def.tracePrefix}${pad(++ps.traceSeq, 10)}`;
      sets.push({ clinic: (this.clinics[ci] as ClinicState).c, trace, remits, plb, totalC: total });
    });
    if (sets.length === 0) return;
    const ctrl = this.nextCtrl();
    this.sink.writeFile(`x12/835/835_${ps.def.id}_${d8(d)}_${pad(ctrl, 9)}.835`, 'x12_835', write835(ps.def, d, 360 + ps.def.idx * 7, ctrl, sets));
    for (const s of sets) {
      if (s.totalC <= 0) continue;
      const cs = this.clinics[s.clinic.idx] as ClinicState;
      const post = this.postingDay(cs, d);
      if (post <= this.cfg.lastDay) this.payment('payer', s.totalC, d, post, 'era', ps.def.id, '', '', '', s.trace);
    }
  }

  private postingDay(cs: ClinicState, d: number): number {
    const w = cs.c.weeklyBatch ? KNOBS.postingLagSlow : KNOBS.postingLag;
    const k = cs.rng.weighted(w);
    const lag = k === 0 ? 0 : k === 1 ? 1 : k === 2 ? cs.rng.range(2, 3) : cs.rng.range(4, 9);
    return nextBusinessDay(d + lag);
  }

  private processItem(ps: PayerState, it: RunItem, d: number, remits: RemitClaim[], deferred: RunItem[]): void {
    const cl = it.claim;
    const payer = ps.def;
    const rng = new Rng(seedOf(cl.seed, 11, d));
    switch (it.kind) {
      case 'adjudicate': {
        const dec = decide(cl, rng);
        const change = ps.fees.changeDay;
        const stale = change !== undefined && payer.rateChange !== undefined && cl.dos >= change && d < change + payer.rateChange.staleDays && dec.scope === 'none';
        const clean = dec.scope === 'none';
        const priced = price(cl, {
          decision: dec, fees: ps.fees, stale, underpay: clean && !stale && rng.chance(payer.underpayP),
          overpay: clean && !stale && rng.chance(payer.overpayP), ccn: cl.payerCcn, freq: '1', receivedDay: cl.receivedDay,
        }, rng);
        const r = priced.remit;
        if (payer.paysInterest && r.paidC > 0 && d - cl.receivedDay > 30) {
          r.interestC = Math.max(1, Math.round((r.paidC * 0.12 * (d - cl.receivedDay - 30)) / 365));
        }
        if (clean && !stale && payer.splitP > 0 && cl.lines.length >= 3 && rng.chance(payer.splitP)) {
          remits.push(...splitRemit(r, `${cl.payerCcn}S`));
          cl.split = true;
        } else remits.push(r);
        cl.standing = r;
        cl.dedUsedC = priced.dedUsedC;
        if (dec.category) {
          cl.deniedCategory = dec.category;
          cl.deniedCarc = dec.carc;
          cl.deniedGroup = dec.group;
          cl.deniedAmountC = priced.deniedC;
          this.scheduleDenialWork(cl, d, rng);
        }
        this.billPatient(cl, r.prC, d, rng);
        if (priced.overpaidC > 0) (ps.takebacks[cl.clinic.idx] as Takeback[]).push({ amountC: priced.overpaidC, ref: cl.payerCcn, due: d + rng.range(30, 75) });
        if (stale && payer.rateChange && change !== undefined) {
          this.schedule(ps, Math.max(d + 14, change + payer.rateChange.staleDays + rng.range(14, 35)), { kind: 'reprocess', claim: cl, correctLater: rng.chance(0.2) });
        }
        return;
      }
      case 'reprocess': {
        if (!cl.standing || cl.split) return;
        remits.push(reverse(cl.standing));
        cl.patient.dedRemainingC += cl.dedUsedC;
        cl.standing = null;
        if (it.correctLater) deferred.push({ kind: 'correct', claim: cl });
        else this.correct(ps, cl, d, remits);
        return;
      }
      case 'correct':
        this.correct(ps, cl, d, remits);
        return;
      case 'replacement':
      case 'appeal': {
        if (cl.pendingOverturn) {
          cl.pendingOverturn = false;
          if (cl.standing && cl.standing.paidC !== 0) {
            remits.push(reverse(cl.standing));
            cl.patient.dedRemainingC += cl.dedUsedC;
          }
          for (const l of cl.lines) {
            if (l.missing59) {
              l.missing59 = false;
              l.mods.push('59');
            }
            if (l.missingKx) {
              l.missingKx = false;
              l.mods.splice(1, 0, 'KX');
            }
          }
          const ccn = it.kind === 'replacement' ? cl.payerCcn : this.newCcn(ps, d);
          const priced = price(cl, { decision: PAID_DECISION, fees: ps.fees, stale: false, underpay: false, overpay: false, ccn, freq: it.kind === 'replacement' ? '7' : '1', receivedDay: cl.receivedDay }, rng);
          remits.push(priced.remit);
          cl.standing = priced.remit;
          cl.dedUsedC = priced.dedUsedC;
          this.billPatient(cl, priced.remit.prC, d, rng);
        } else if (it.kind === 'replacement' && cl.deniedCategory) {
          // Corrected claim denied again for the same reason.
          const dec: Decision = { category: cl.deniedCategory, group: cl.deniedGroup, carc: cl.deniedCarc, scope: 'all_lines', lines: [] };
          const priced = price(cl, { decision: dec, fees: ps.fees, stale: false, underpay: false, overpay: false, ccn: cl.payerCcn, freq: '7', receivedDay: cl.receivedDay }, rng);
          remits.push(priced.remit);
          if (rng.chance(0.5)) this.addEvent(d + rng.range(10, 30), { t: 'action', claim: cl, action: 'write_off', overturn: false, note: 'corrected claim denied again' });
        }
        return;
      }
    }
  }

  private correct(ps: PayerState, cl: Claim, d: number, remits: RemitClaim[]): void {
    const rng = new Rng(seedOf(cl.seed, 12, d));
    const priced = price(cl, { decision: PAID_DECISION, fees: ps.fees, stale: false, underpay: false, overpay: false, ccn: this.newCcn(ps, d), freq: cl.freq, receivedDay: cl.receivedDay }, rng);
    remits.push(priced.remit);
    cl.standing = priced.remit;
    cl.dedUsedC = priced.dedUsedC;
  }

  private billPatient(cl: Claim, prC: number, d: number, rng: Rng): void {
    const owed = prC - cl.collectedC;
    cl.collectedC = Math.max(0, cl.collectedC - prC);
    if (owed <= 0 || !rng.chance(KNOBS.patientPaysShare)) return;
    const amount = rng.chance(0.12) ? Math.max(100, Math.round(owed / 200) * 100) : owed;
    // Only ids are kept, so the claim itself can be collected once the payer is done with it.
    this.addEvent(d + rng.range(10, 50), { t: 'ptpay', clinicIdx: cl.clinic.idx, patientId: cl.patient.id, claimId: cl.id, amountC: Math.min(amount, owed) });
  }

  // ---------------------------------------------------------------- denial work

  private scheduleDenialWork(cl: Claim, d: number, rng: Rng): void {
    if (cl.duplicateOf) {
      this.addEvent(d + rng.range(2, 10), { t: 'void', claim: cl });
      return;
    }
    const cat = cl.deniedCategory;
    if (!cat) return;
    const policy = DENIAL_WORK[cat];
    if (rng.chance(policy.unworked)) return;
    const hasKxFix = cl.lines.some((l) => l.missingKx);
    const options = policy.options.filter((o) => !(cat === 'benefit_limit' && o.action === 'corrected_claim' && !hasKxFix));
    const opt = options[rng.weighted(options.map((o) => o.weight))];
    if (!opt) return;
    const delay = rng.chance(KNOBS.routedFastShare) ? rng.range(0, 2) : rng.range(3, 16);
    this.addEvent(d + delay, { t: 'action', claim: cl, action: opt.action, overturn: rng.chance(opt.overturn), note: opt.note });
  }

  private handleEvent(ev: Ev, d: number): void {
    if (ev.t === 'ptpay') {
      const k = (this.clinics[ev.clinicIdx] as ClinicState).rng.next();
      this.payment('patient', ev.amountC, d, nextBusinessDay(d), k < 0.75 ? 'card' : k < 0.9 ? 'check' : 'cash', '', ev.patientId, ev.claimId, '', '');
      return;
    }
    const cl = ev.claim;
    const cs = this.clinics[cl.clinic.idx] as ClinicState;
    const rng = cs.rng;
    switch (ev.t) {
      case 'void':
        this.enqueueSubmission(cs, d, { claim: cl, freq: '8' });
        return;
      case 'action': {
        const key = `${ev.action}@${d}`;
        if (cl.actionKeys?.includes(key)) return;
        (cl.actionKeys ??= []).push(key);
        this.tables.denial_actions.row([cl.id, ev.action, iso(d), ev.action === 'write_off' ? fmtCents(cl.deniedAmountC) : '', ev.note], d);
        const ps = this.payers[cl.payer.idx] as PayerState;
        switch (ev.action) {
          case 'appeal':
            if (ev.overturn) {
              cl.pendingOverturn = true;
              this.schedule(ps, d + rng.range(18, 40), { kind: 'appeal', claim: cl });
            } else if (rng.chance(0.5)) {
              this.addEvent(d + rng.range(20, 60), { t: 'action', claim: cl, action: 'write_off', overturn: false, note: 'appeal upheld' });
            }
            return;
          case 'corrected_claim':
          case 'resubmit':
            cl.pendingOverturn = ev.overturn;
            if (ev.action === 'corrected_claim') {
              for (const l of cl.lines) {
                if (l.missing59) {
                  l.missing59 = false;
                  l.mods.push('59');
                }
                if (l.missingKx) {
                  l.missingKx = false;
                  l.mods.splice(1, 0, 'KX');
                }
              }
            }
            this.enqueueSubmission(cs, d + 1, { claim: cl, freq: '7' });
            return;
          case 'patient_outreach':
            if (cl.deniedCategory === 'eligibility' && rng.chance(0.75)) {
              this.addEvent(d + rng.range(2, 8), { t: 'action', claim: cl, action: 'resubmit', overturn: ev.overturn, note: 'resubmitted with corrected subscriber information' });
            }
            return;
          case 'write_off':
            return;
        }
      }
    }
  }

  private payment(source: 'payer' | 'patient', amountC: number, received: number, posted: number, method: string, payerId: string, patientId: string, claimId: string, visitId: string, trace: string): void {
    if (posted > this.cfg.lastDay || amountC <= 0) return;
    this.tables.payments.row([`PMT${pad(++this.paymentSeq, 9)}`, source, fmtCents(amountC), iso(received), iso(posted), method, payerId, patientId, claimId, visitId, trace], received);
  }
}

const PAID_DECISION: Decision = { category: null, group: 'CO', carc: '', scope: 'none', lines: [] };
