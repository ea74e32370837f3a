/**
 * Review 4 of DESIGN.md §6.6–6.11 (authorisations, credentialing, payer profitability): literal readings of the marts
 * contract, every expected value computed by hand from the contract text (see the comments). The last two (a voided
 * claim's revenue at risk, group-PR line allowed) were divergences, fixed in the models; the others pin rules no
 * earlier test covers (exempt counts other than 1, inclusive window and fee-schedule boundaries, alert thresholds and
 * their config, the month grain of payer_profitability).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));

const visit = (id: string, patient: string, date: string, extra: Record<string, unknown> = {}) => ({
  visit_id: id, clinic_id: 'C1', patient_key: patient, provider_npi: '2000000001', visit_date: date,
  visit_type: 'treatment', status: 'completed', payer_id: 'acme', claim_id: `CL-${id}`, ...extra,
});
const auth = (id: string, patient: string, payer: string, start: string, end: string, approved: number, extra: Record<string, unknown> = {}) => ({
  auth_id: id, patient_key: patient, payer_id: payer, status: 'approved', requested_on: '2025-01-02', decided_on: '2025-01-03',
  start_date: start, end_date: end, approved_visits: approved, ...extra,
});
const payer = (id: string, x12: string, extra: Record<string, unknown> = {}) => ({
  payer_id: id, payer_name: id, financial_class: 'commercial', x12_payer_id: x12, requires_auth: true, ...extra,
});

describe('review4 §6.6: exempt count per payer, numbering per patient × payer, inclusive windows', async () => {
  const g = new Given().ehr('payers', [
    payer('acme', 'P1', { auth_exempt_visits: 1 }),
    payer('two', 'P2', { auth_exempt_visits: 2 }),
    payer('zero', 'P3', { auth_exempt_visits: 0 }),
    payer('dflt', 'P4'), // auth_exempt_visits not given → default 1 (§5)
  ]);
  g.ehr('visits', [
    visit('ax', 'pA', '2025-03-01', { status: 'cancelled', claim_id: null }), // not numbered
    visit('ay', 'pA', '2025-03-02', { status: 'no_show', claim_id: null }), // not numbered
    visit('a1', 'pA', '2025-03-03'), // acme #1 ≤ 1 → exempt
    visit('a2', 'pA', '2025-03-10'), // #2, on AW's start date (window inclusive) → AW
    visit('a3', 'pA', '2025-03-20'), // #3, on AW's end date (inclusive) → AW (2 of 5)
    visit('a4', 'pA', '2025-03-21'), // #4, AW ended 03-20, before it → expired
    visit('a5', 'pA', '2025-03-25', { payer_id: 'two' }), // the patient's #1 with payer 'two' → exempt
    visit('b1', 'pB', '2025-03-03', { payer_id: 'two' }), // #1 ≤ 2 → exempt
    visit('b2', 'pB', '2025-03-04', { payer_id: 'two' }), // #2 ≤ 2 → exempt
    visit('b3', 'pB', '2025-03-05', { payer_id: 'two' }), // #3 > 2, no authorisation → no_auth
    visit('z1', 'pZ', '2025-03-03', { payer_id: 'zero' }), // #1 > 0 → needs auth, none → no_auth
    visit('d1', 'pD', '2025-03-03', { payer_id: 'dflt' }), // #1 ≤ 1 (default) → exempt
    visit('d2', 'pD', '2025-03-04', { payer_id: 'dflt' }), // #2 → no_auth
    visit('q1', 'pQ', '2025-03-03'), // exempt
    // #2: AQ (approved) starts later, so none covers and none ended before → no_auth; AD covers but is denied.
    visit('q2', 'pQ', '2025-03-05'),
  ]);
  g.ehr('authorizations', [
    auth('AW', 'pA', 'acme', '2025-03-10', '2025-03-20', 5),
    auth('AQ', 'pQ', 'acme', '2025-03-10', '2025-03-31', 5),
    auth('AD', 'pQ', 'acme', '2025-03-01', '2025-03-31', 5, { status: 'denied', approved_visits: null }),
  ]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('numbers completed visits per patient × payer and exempts auth_exempt_visits of them', async () => {
    const rows = await b.q(`select visit_id, visit_number, status, auth_id from marts.auth_visits order by visit_id`);
    expect(rows).toEqual([
      { visit_id: 'a1', visit_number: 1, status: 'exempt', auth_id: null },
      { visit_id: 'a2', visit_number: 2, status: 'authorized', auth_id: 'AW' },
      { visit_id: 'a3', visit_number: 3, status: 'authorized', auth_id: 'AW' },
      { visit_id: 'a4', visit_number: 4, status: 'expired', auth_id: null },
      { visit_id: 'a5', visit_number: 1, status: 'exempt', auth_id: null },
      { visit_id: 'b1', visit_number: 1, status: 'exempt', auth_id: null },
      { visit_id: 'b2', visit_number: 2, status: 'exempt', auth_id: null },
      { visit_id: 'b3', visit_number: 3, status: 'no_auth', auth_id: null },
      { visit_id: 'd1', visit_number: 1, status: 'exempt', auth_id: null },
      { visit_id: 'd2', visit_number: 2, status: 'no_auth', auth_id: null },
      { visit_id: 'q1', visit_number: 1, status: 'exempt', auth_id: null },
      { visit_id: 'q2', visit_number: 2, status: 'no_auth', auth_id: null },
      { visit_id: 'z1', visit_number: 1, status: 'no_auth', auth_id: null },
    ]);
  });
});

describe('review4 §6.6: expected_amount — fee schedule by effective date and modifier, else the line charge', async () => {
  const g = new Given().ehr('payers', [payer('acme', 'P1', { auth_exempt_visits: 0 })]);
  g.ehr('visits', [visit('f1', 'pF', '2025-06-30'), visit('f2', 'pF', '2025-07-01')]);
  g.ehr('fee_schedule', [
    { payer_id: 'acme', cpt: '97110', allowed_amount: 40, effective_from: '2025-01-01', effective_to: '2025-06-30' },
    { payer_id: 'acme', cpt: '97110', allowed_amount: 45, effective_from: '2025-07-01' },
    { payer_id: 'acme', cpt: '97110', modifier: 'GP', allowed_amount: 50, effective_from: '2025-01-01', effective_to: '2025-06-30' },
    { payer_id: 'acme', cpt: '97140', modifier: 'GP', allowed_amount: 33, effective_from: '2025-01-01' },
  ]);
  g.claims837([{ claim: 'CL-f1', submitted: '2025-07-02', lines: [
    { cpt: '97110', charge: 100, units: 2, date: '2025-06-30' }, // modifier-less row in force on 06-30 (to inclusive): 40 × 2 = 80
    { cpt: '97110', modifiers: ['GP'], charge: 100, units: 1, date: '2025-06-30' }, // the GP row: 50 × 1 = 50
    { cpt: '97110', modifiers: ['59'], charge: 100, units: 1, date: '2025-06-30' }, // no 59 row → modifier-less 40
    { cpt: '97140', charge: 70, units: 1, date: '2025-06-30' }, // only a GP row, line has no GP → charge 70
    { cpt: '97110', charge: 100, units: 3, date: '2025-07-01' }, // line date ≠ visit date → not f1's
  ] }, { claim: 'CL-f2', submitted: '2025-07-02', lines: [
    { cpt: '97110', modifiers: ['GP'], charge: 100, units: 1, date: '2025-07-01' }, // GP row ended 06-30 → 45 from 07-01
  ] }]);
  const b = await buildGiven(g, '2025-07-31');
  built.push(b);

  it('values each line at the fee in force on the line date × units, falling back to its charge', async () => {
    // f1 = 80 + 50 + 40 + 70 = 240; f2 = 45. Both no_auth (exempt count 0, no authorisation) → leaked.
    expect(await b.q(`select visit_id, status, expected_amount from marts.auth_visits order by visit_id`)).toEqual([
      { visit_id: 'f1', status: 'no_auth', expected_amount: 240 },
      { visit_id: 'f2', status: 'no_auth', expected_amount: 45 },
    ]);
    // leaked_amount per month: June 240, July 45; 'all' 285.
    expect(await b.q(`select period_grain, period_start, leaked_visits, leaked_amount from marts.auth_leakage
        where payer_id = 'acme' and period_grain <> 'week' order by period_grain, period_start`)).toEqual([
      { period_grain: 'all', period_start: null, leaked_visits: 2, leaked_amount: 285 },
      { period_grain: 'month', period_start: '2025-06-01', leaked_visits: 1, leaked_amount: 240 },
      { period_grain: 'month', period_start: '2025-07-01', leaked_visits: 1, leaked_amount: 45 },
    ]);
  });
});

describe('review4 §6.7: alert boundaries — active window, appointments, thresholds (≤), re-auth due on the as-of date', async () => {
  const g = new Given().ehr('payers', [
    payer('acme', 'P1', { auth_exempt_visits: 0 }),
    payer('oth', 'P2', { requires_auth: false }),
  ]);
  g.ehr('visits', [visit('l1', 'pL', '2025-06-02'), visit('l2', 'pL', '2025-06-03'), visit('m1', 'pM', '2025-06-02')]);
  g.ehr('authorizations', [
    auth('E7', 'pE', 'acme', '2025-06-01', '2025-06-27', 10), // ends in 7 days
    auth('E8', 'pF', 'acme', '2025-06-01', '2025-06-28', 10), // ends in 8 days
    auth('L3', 'pL', 'acme', '2025-06-01', '2025-12-31', 5), // 2 used → 3 remaining
    auth('L4', 'pM', 'acme', '2025-06-01', '2025-12-31', 5), // 1 used → 4 remaining
    auth('S0', 'pS', 'acme', '2025-06-20', '2025-06-20', 2), // starts and ends on the as-of date: active
    auth('FU', 'pU', 'acme', '2025-06-21', '2025-07-20', 2), // starts after as-of: not active, no row
    auth('PX', 'pP', 'acme', '2025-06-01', '2025-08-31', 2),
  ]);
  g.ehr('appointments', [
    { appointment_id: 'p0', patient_key: 'pP', scheduled_date: '2025-06-20', payer_id: 'acme', status: 'scheduled' }, // on as-of: not after it
    { appointment_id: 'p1', patient_key: 'pP', scheduled_date: '2025-06-23', payer_id: 'oth', status: 'scheduled' }, // another payer's
    { appointment_id: 'p2', patient_key: 'pP', scheduled_date: '2025-06-24', payer_id: 'acme', status: 'scheduled' }, // counts (1st)
    { appointment_id: 'p3', patient_key: 'pP', scheduled_date: '2025-06-27', status: 'scheduled' }, // no payer named: counts (2nd)
    { appointment_id: 'pc', patient_key: 'pP', scheduled_date: '2025-06-25', payer_id: 'acme', status: 'cancelled' }, // not scheduled
    { appointment_id: 'p4', patient_key: 'pP', scheduled_date: '2025-09-01', payer_id: 'acme', status: 'scheduled' }, // after the window
    { appointment_id: 'e1', patient_key: 'pE', scheduled_date: '2025-06-27', payer_id: 'acme', status: 'scheduled' }, // on end date: inside
    { appointment_id: 'e2', patient_key: 'pE', scheduled_date: '2025-06-28', payer_id: 'acme', status: 'scheduled' }, // after end
  ]);
  const cols = `auth_id, visits_used, visits_remaining, days_to_expiry, scheduled_visits, projected_exhaustion_date,
      reauth_due_on, low_visits, expiring, needs_reauth`;

  it('computes each active authorisation by hand (as of 2025-06-20, lead 7, low ≤ 3, expiring ≤ 7)', async () => {
    const b = await buildGiven(g, '2025-06-20');
    built.push(b);
    expect(await b.q(`select ${cols} from marts.auth_alerts order by auth_id`)).toEqual([
      // E7: 06-27 − 06-20 = 7 ≤ 7 → expiring; 1 appointment (06-27) < 10 remaining → no projection;
      // due = 06-27 − 7 = 06-20 ≤ as-of.
      { auth_id: 'E7', visits_used: 0, visits_remaining: 10, days_to_expiry: 7, scheduled_visits: 1, projected_exhaustion_date: null,
        reauth_due_on: '2025-06-20', low_visits: false, expiring: true, needs_reauth: true },
      // E8: 8 days → not expiring; due 06-21 > as-of → nothing needed yet.
      { auth_id: 'E8', visits_used: 0, visits_remaining: 10, days_to_expiry: 8, scheduled_visits: 0, projected_exhaustion_date: null,
        reauth_due_on: '2025-06-21', low_visits: false, expiring: false, needs_reauth: false },
      // L3: 5 − 2 = 3 ≤ 3 → low_visits → needs_reauth; due = 12-31 − 7 = 12-24; 12-31 − 06-20 = 194 days.
      { auth_id: 'L3', visits_used: 2, visits_remaining: 3, days_to_expiry: 194, scheduled_visits: 0, projected_exhaustion_date: null,
        reauth_due_on: '2025-12-24', low_visits: true, expiring: false, needs_reauth: true },
      // L4: 4 remaining > 3 → no flag.
      { auth_id: 'L4', visits_used: 1, visits_remaining: 4, days_to_expiry: 194, scheduled_visits: 0, projected_exhaustion_date: null,
        reauth_due_on: '2025-12-24', low_visits: false, expiring: false, needs_reauth: false },
      // PX: appointments after 06-20 in the window, payer acme or none: 06-24, 06-27 → 2; the 2nd uses the last of 2
      // remaining → 06-27; due = min(08-31, 06-27) − 7 = 06-20 ≤ as-of; 2 ≤ 3 → low.
      { auth_id: 'PX', visits_used: 0, visits_remaining: 2, days_to_expiry: 72, scheduled_visits: 2, projected_exhaustion_date: '2025-06-27',
        reauth_due_on: '2025-06-20', low_visits: true, expiring: false, needs_reauth: true },
      // S0: active on its only day; 0 days to expiry; due 06-13.
      { auth_id: 'S0', visits_used: 0, visits_remaining: 2, days_to_expiry: 0, scheduled_visits: 0, projected_exhaustion_date: null,
        reauth_due_on: '2025-06-13', low_visits: true, expiring: true, needs_reauth: true },
    ]);
  });

  it('takes the low-visit threshold and the re-auth lead from config (alerts.authLowVisits, alerts.reauthLeadDays)', async () => {
    const b = await buildGiven(g, '2025-06-20', { alerts: { authLowVisits: 2, reauthLeadDays: 10 } });
    built.push(b);
    expect(await b.q(`select auth_id, reauth_due_on, low_visits, expiring, needs_reauth from marts.auth_alerts
        where auth_id in ('E8', 'L3', 'PX') order by auth_id`)).toEqual([
      // E8: due = 06-28 − 10 = 06-18 ≤ 06-20 → needs_reauth; expiring stays "≤ 7 days" (8 → false).
      { auth_id: 'E8', reauth_due_on: '2025-06-18', low_visits: false, expiring: false, needs_reauth: true },
      // L3: 3 remaining > 2 → not low; due 12-21 → nothing.
      { auth_id: 'L3', reauth_due_on: '2025-12-21', low_visits: false, expiring: false, needs_reauth: false },
      // PX: 2 ≤ 2 → low; due = 06-27 − 10 = 06-17.
      { auth_id: 'PX', reauth_due_on: '2025-06-17', low_visits: true, expiring: false, needs_reauth: true },
    ]);
  });
});

describe('review 7 §6.7: the projection assigns bookings as §6.6 assigns visits when active authorisations overlap', async () => {
  // A re-authorisation (R2) approved while R1 still has a visit left: both are active on the as-of date 2025-06-11.
  // §6.6: a visit takes the earliest-starting covering authorisation with unused visits, so the next booking goes to
  // R1 and only the ones after it to R2. (Before, each authorisation counted every booking in its window, so the
  // 06-12 booking was projected against both and R2's projection came a booking early.)
  const g = new Given().ehr('payers', [payer('acme', 'P1', { auth_exempt_visits: 0 })]);
  g.ehr('visits', [visit('r1', 'pR', '2025-06-03'), visit('r2', 'pR', '2025-06-05')]); // both → R1 (2 of 3)
  g.ehr('authorizations', [
    auth('R1', 'pR', 'acme', '2025-06-02', '2025-06-20', 3),
    auth('R2', 'pR', 'acme', '2025-06-09', '2025-07-31', 4, { previous_auth_id: 'R1' }),
    auth('Q1', 'pQ', 'acme', '2025-06-01', '2025-06-13', 5), // ends early: takes only the bookings up to 06-13
    auth('Q2', 'pQ', 'acme', '2025-06-05', '2025-08-31', 2),
  ]);
  const appt = (id: string, patient: string, date: string, status = 'scheduled') =>
    ({ appointment_id: id, patient_key: patient, scheduled_date: date, payer_id: 'acme', status });
  g.ehr('appointments', [
    appt('b1', 'pR', '2025-06-12'), appt('b2', 'pR', '2025-06-13'), appt('b3', 'pR', '2025-06-16'),
    appt('bx', 'pR', '2025-06-17', 'cancelled'), appt('b4', 'pR', '2025-06-18'), appt('b5', 'pR', '2025-06-23'),
    appt('b6', 'pR', '2025-06-25'),
    appt('q1', 'pQ', '2025-06-12'), appt('q2', 'pQ', '2025-06-13'), appt('q3', 'pQ', '2025-06-16'), appt('q4', 'pQ', '2025-06-30'),
  ]);

  it('gives the later authorisation only the bookings the earlier one does not take', async () => {
    const b = await buildGiven(g, '2025-06-11');
    built.push(b);
    expect(await b.q(`select auth_id, visits_remaining, scheduled_visits, projected_exhaustion_date, reauth_due_on, needs_reauth
        from marts.auth_alerts order by auth_id`)).toEqual([
      // Q1 (5 left, ends 06-13) takes q1 and q2 (the bookings up to its end), not reaching its last visit → no projection;
      // due = 06-13 − 7 = 06-06 ≤ as-of → needs re-auth.
      { auth_id: 'Q1', visits_remaining: 5, scheduled_visits: 2, projected_exhaustion_date: null, reauth_due_on: '2025-06-06', needs_reauth: true },
      // Q2 (2 left) takes the next two: q3 06-16 and q4 06-30 → exhausted on 06-30; due 06-23; 2 ≤ 3 → low → needs.
      { auth_id: 'Q2', visits_remaining: 2, scheduled_visits: 4, projected_exhaustion_date: '2025-06-30', reauth_due_on: '2025-06-23', needs_reauth: true },
      // R1: 1 left, the first booking (06-12) uses it; R2 names it as previous → requested, no flag.
      { auth_id: 'R1', visits_remaining: 1, scheduled_visits: 4, projected_exhaustion_date: '2025-06-12', reauth_due_on: '2025-06-05', needs_reauth: false },
      // R2: 4 left, takes 06-13, 06-16, 06-18, 06-23 (06-17 is cancelled) → 06-23; due 06-16 > as-of; 4 > 3; 50 days →
      // nothing yet. Counting its own window alone would have projected the 4th booking from 06-12: 06-18, due 06-11.
      { auth_id: 'R2', visits_remaining: 4, scheduled_visits: 6, projected_exhaustion_date: '2025-06-23', reauth_due_on: '2025-06-16', needs_reauth: false },
    ]);
  });
});

describe('review4 §6.9: payer_profitability by month of first service date, over claims adjudicated by as-of', async () => {
  const g = new Given().ehr('payers', [payer('acme', 'P1', { requires_auth: false })]);
  g.ehr('fee_schedule', [{ payer_id: 'acme', cpt: '97110', allowed_amount: 40, effective_from: '2025-01-01' }]);
  g.ehr('visits', [
    visit('p1', 'pa', '2025-02-27'),
    visit('p2', 'pb', '2025-03-03'),
    visit('p3', 'pc', '2025-03-04'),
    visit('p4', 'pb', '2025-03-05', { claim_id: 'CL-p2' }), // second completed visit on CL-p2
    visit('p5', 'pb', '2025-03-06', { claim_id: 'CL-p2', status: 'cancelled' }), // not a completed visit
  ]);
  g.claims837([
    { claim: 'CL-p1', submitted: '2025-02-28', lines: [{ cpt: '97110', charge: 100, units: 2, date: '2025-02-27' }] },
    { claim: 'CL-p2', submitted: '2025-03-06', lines: [
      { cpt: '97110', charge: 100, units: 1, date: '2025-03-03' }, { cpt: '97110', charge: 100, units: 1, date: '2025-03-05' }] },
    { claim: 'CL-p3', submitted: '2025-03-05', lines: [{ cpt: '97110', charge: 100, units: 1, date: '2025-03-04' }] },
  ]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-10', claims: [
    { claim: 'CL-p1', status: '1', charge: 100, paid: 60, pr: 15, lines: [{ cpt: '97110', charge: 100, paid: 60, units: 2, date: '2025-02-27',
      adj: [{ group: 'CO', carc: '45', amount: 25 }, { group: 'PR', carc: '2', amount: 15 }] }] },
    { claim: 'CL-p2', status: '1', charge: 200, paid: 80, lines: [
      { cpt: '97110', charge: 100, paid: 40, date: '2025-03-03', adj: [{ group: 'CO', carc: '45', amount: 60 }] },
      { cpt: '97110', charge: 100, paid: 40, date: '2025-03-05', adj: [{ group: 'CO', carc: '45', amount: 60 }] }] },
  ] });
  g.remit835({ payer: 'P1', trace: 'T2', paymentDate: '2025-04-05', claims: [
    { claim: 'CL-p3', status: '1', charge: 100, paid: 40, lines: [{ cpt: '97110', charge: 100, paid: 40, date: '2025-03-04', adj: [{ group: 'CO', carc: '45', amount: 60 }] }] },
    { claim: 'CL-p1', status: '22', charge: -100, paid: -60, pr: -15, lines: [{ cpt: '97110', charge: -100, paid: -60, units: 2, date: '2025-02-27',
      adj: [{ group: 'CO', carc: '45', amount: -25 }, { group: 'PR', carc: '2', amount: -15 }] }] },
  ] });
  const cols = `period_grain, period_start, visits, claims, billed, allowed, expected_allowed, underpaid_amount, cost, margin, margin_pct, loses_money`;
  const sql = `select ${cols} from marts.payer_profitability where payer_id = 'acme' and period_grain <> 'week' order by period_grain, period_start`;

  it('as of 03-31: CL-p3 (first remit 04-05) is not adjudicated yet; the 04-05 reversal has not happened', async () => {
    const b = await buildGiven(g, '2025-03-31');
    built.push(b);
    expect(await b.q(sql)).toEqual([
      // all = Feb + Mar.
      { period_grain: 'all', period_start: null, visits: 3, claims: 2, billed: 300, allowed: 155, expected_allowed: 160, underpaid_amount: 5,
        cost: 198, margin: -43, margin_pct: -43 / 155, loses_money: true },
      // Feb (CL-p1 first served 02-27): allowed 60 + PR 15 = 75; expected 40 × 2 = 80; line allowed 60 + 15 = 75 →
      // underpaid 5; cost 1 visit × 62 + 1 claim × 6 (commercial → default) = 68; margin 7.
      { period_grain: 'month', period_start: '2025-02-01', visits: 1, claims: 1, billed: 100, allowed: 75, expected_allowed: 80, underpaid_amount: 5,
        cost: 68, margin: 7, margin_pct: 7 / 75, loses_money: false },
      // Mar (CL-p2 only): 2 completed visits (p5 cancelled); allowed 80 = expected 2 × 40 → 0 underpaid;
      // cost 2 × 62 + 6 = 130; margin −50.
      { period_grain: 'month', period_start: '2025-03-01', visits: 2, claims: 1, billed: 200, allowed: 80, expected_allowed: 80, underpaid_amount: 0,
        cost: 130, margin: -50, margin_pct: -50 / 80, loses_money: true },
    ]);
  });

  it('as of 04-30: the reversal nets CL-p1 to 0 (no longer a line paid above 0), CL-p3 joins March', async () => {
    const b = await buildGiven(g, '2025-04-30');
    built.push(b);
    expect(await b.q(sql)).toEqual([
      { period_grain: 'all', period_start: null, visits: 4, claims: 3, billed: 400, allowed: 120, expected_allowed: 200, underpaid_amount: 0,
        cost: 266, margin: -146, margin_pct: -146 / 120, loses_money: true },
      // Feb: allowed 75 − 75 = 0; line net payment 60 − 60 = 0, not above 0 → underpaid 0; margin_pct NULL (÷ 0).
      { period_grain: 'month', period_start: '2025-02-01', visits: 1, claims: 1, billed: 100, allowed: 0, expected_allowed: 80, underpaid_amount: 0,
        cost: 68, margin: -68, margin_pct: null, loses_money: true },
      // Mar: + CL-p3 (1 visit, billed 100, allowed 40 = expected 40); cost 3 × 62 + 2 × 6 = 198; margin 120 − 198 = −78.
      { period_grain: 'month', period_start: '2025-03-01', visits: 3, claims: 2, billed: 300, allowed: 120, expected_allowed: 120, underpaid_amount: 0,
        cost: 198, margin: -78, margin_pct: -78 / 120, loses_money: true },
    ]);
  });
});

describe('review4 §6.9: underpaid_amount — actual line allowed is SVC03 + that line\'s PR adjustments', async () => {
  const g = new Given().ehr('payers', [payer('acme', 'P1', { requires_auth: false })]);
  g.ehr('fee_schedule', [{ payer_id: 'acme', cpt: '97110', allowed_amount: 40, effective_from: '2025-01-01' }]);
  g.ehr('visits', [visit('u1', 'pu', '2025-03-03')]);
  g.claims837([{ claim: 'CL-u1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, units: 2, date: '2025-03-03' }] }]);
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-10', claims: [
    // The line: paid 60, CO-45 25, PR-96 15 (group PR: the patient owes it) — CLP05 = Σ PR = 15.
    { claim: 'CL-u1', status: '1', charge: 100, paid: 60, pr: 15, lines: [{ cpt: '97110', charge: 100, paid: 60, units: 2, date: '2025-03-03',
      adj: [{ group: 'CO', carc: '45', amount: 25 }, { group: 'PR', carc: '96', amount: 15 }] }] },
  ] });
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('counts every PR-group adjustment of the line, not only the deductible/coinsurance/copay ones', async () => {
    // §6.9 "actual line allowed … (SVC03 + that line's PR adjustments)": 60 + 15 (PR-96, group PR though its category
    // is non_covered) = 75; expected 40 × 2 = 80; net payment 60 > 0 → underpaid max(0, 80 − 75) = 5. (Counting only
    // the patient_responsibility category, as the model once did, gives 60 and 20.)
    const [r] = await b.q(`select underpaid_amount from marts.payer_profitability where period_grain = 'all' and payer_id = 'acme'`);
    expect(r).toEqual({ underpaid_amount: 5 });
  });
});

describe('review4 §6.8: revenue at risk of a visit whose claim was voided', async () => {
  const g = new Given().ehr('payers', [payer('acme', 'P1', { requires_auth: false })]);
  g.ehr('providers', [{ provider_npi: '2000000009', clinic_id: 'C1', discipline: 'PT' }]);
  g.ehr('credentialing', [{ provider_npi: '2000000009', payer_id: 'acme', status: 'in_progress', applied_on: '2025-02-01' }]);
  g.ehr('visits', [visit('c1', 'pC', '2025-03-03', { provider_npi: '2000000009' }), visit('c2', 'pC', '2025-03-05', { provider_npi: '2000000009' })]);
  g.claims837([
    { claim: 'CL-c1', submitted: '2025-03-04', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] },
    { claim: 'CL-c2', submitted: '2025-03-06', lines: [{ cpt: '97110', charge: 80, date: '2025-03-05' }] },
  ]);
  g.claims837([{ claim: 'CL-c1', submitted: '2025-03-10', freq: '8', lines: [{ cpt: '97110', charge: 100, date: '2025-03-03' }] }]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);

  it('a voided claim does not value the visit (as in auth_visits)', async () => {
    // §6.1 "A claim whose current version is a void is excluded from every metric". Both visits were seen before any
    // effective date → 2 visits at risk; c1's claim is voided → no lines (0, as auth_visits does), c2's line has no
    // fee → charge 80. revenue_at_risk = 0 + 80 = 80 (the model once also counted the void's 100: 180).
    const [r] = await b.q(`select visits_before_effective, revenue_at_risk from marts.credentialing`);
    expect(r).toEqual({ visits_before_effective: 2, revenue_at_risk: 80 });
  });
});
