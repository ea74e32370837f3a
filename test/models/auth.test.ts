/**
 * Authorisation leakage and alerts (DESIGN.md §6.6–6.7). Hand-computed expectations.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: true, auth_exempt_visits: 1 },
  { payer_id: 'mcr', payer_name: 'Medicare', financial_class: 'medicare', x12_payer_id: 'MCR', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));

const visit = (id: string, patient: string, date: string, extra: Record<string, unknown> = {}) => ({
  visit_id: id, clinic_id: 'C1', patient_key: patient, provider_npi: '2000000001', visit_date: date,
  visit_type: 'treatment', status: 'completed', payer_id: 'acme', claim_id: `CL-${id}`, ...extra,
});

describe('auth leakage: exempt, authorized, over_limit, expired, no_auth, re-auth chain', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('visits', [
    // Patient A: auth A1 (03-01..03-31, 2 visits), re-auth A2 (04-01..04-30, 1 visit, previous A1).
    visit('a1', 'pA', '2025-03-03', { visit_type: 'evaluation' }), // #1 exempt (first visit)
    visit('a2', 'pA', '2025-03-05'), // → A1 (1/2)
    visit('ax', 'pA', '2025-03-06', { status: 'cancelled', claim_id: null }), // cancelled: not numbered, no status
    visit('a3', 'pA', '2025-03-07'), // → A1 (2/2)
    visit('a4', 'pA', '2025-03-10'), // A1 covers the date but is used up → over_limit
    visit('a5', 'pA', '2025-04-02'), // → A2 (1/1)
    visit('a6', 'pA', '2025-05-05'), // no auth covers; A1 and A2 ended before → expired
    // Patient B: no authorisation at all.
    visit('b1', 'pB', '2025-03-03'), // exempt
    visit('b2', 'pB', '2025-03-04'), // no_auth
    // Patient C on a payer without auth requirement.
    visit('c1', 'pC', '2025-03-04', { payer_id: 'mcr' }), // not_required
    // Cash visit: not in auth_visits.
    visit('d1', 'pD', '2025-03-04', { payer_id: null, claim_id: null }),
  ]);
  g.ehr('authorizations', [
    { auth_id: 'A1', patient_key: 'pA', payer_id: 'acme', status: 'approved', requested_on: '2025-02-25', decided_on: '2025-02-27', start_date: '2025-03-01', end_date: '2025-03-31', approved_visits: 2, requested_visits: 4 },
    { auth_id: 'A2', patient_key: 'pA', payer_id: 'acme', status: 'approved', requested_on: '2025-03-25', decided_on: '2025-03-28', start_date: '2025-04-01', end_date: '2025-04-30', approved_visits: 1, requested_visits: 2, previous_auth_id: 'A1' },
    { auth_id: 'X', patient_key: 'pB', payer_id: 'acme', status: 'denied', requested_on: '2025-03-01', decided_on: '2025-03-02', requested_visits: 3 },
  ]);
  // Claims for a4 (over limit): 2 lines on the visit date, one with a fee schedule, one falling back to the charge.
  g.ehr('fee_schedule', [{ payer_id: 'acme', cpt: '97110', allowed_amount: 30, effective_from: '2025-01-01' }]);
  g.claims837([{ claim: 'CL-a4', submitted: '2025-03-11', lines: [
    { cpt: '97110', charge: 80, units: 2, date: '2025-03-10' }, // 30 × 2 = 60 expected
    { cpt: '97140', charge: 45, units: 1, date: '2025-03-10' }, // no fee → charge 45
  ] }]);
  // The payer denied a4 for authorization → confirmed by denial.
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-30', claims: [
    { claim: 'CL-a4', status: '4', charge: 125, paid: 0, adj: [{ group: 'CO', carc: '198', amount: 125 }] },
  ] });
  const b = await buildGiven(g, '2025-05-31');
  built.push(b);

  it('classifies every visit in date order against the covering authorisations', async () => {
    const rows = await b.q(`select visit_id, visit_number, status, auth_id, leaked from marts.auth_visits order by visit_id`);
    expect(rows).toEqual([
      { visit_id: 'a1', visit_number: 1, status: 'exempt', auth_id: null, leaked: false },
      { visit_id: 'a2', visit_number: 2, status: 'authorized', auth_id: 'A1', leaked: false },
      { visit_id: 'a3', visit_number: 3, status: 'authorized', auth_id: 'A1', leaked: false },
      { visit_id: 'a4', visit_number: 4, status: 'over_limit', auth_id: null, leaked: true },
      { visit_id: 'a5', visit_number: 5, status: 'authorized', auth_id: 'A2', leaked: false },
      { visit_id: 'a6', visit_number: 6, status: 'expired', auth_id: null, leaked: true },
      { visit_id: 'b1', visit_number: 1, status: 'exempt', auth_id: null, leaked: false },
      { visit_id: 'b2', visit_number: 2, status: 'no_auth', auth_id: null, leaked: true },
      { visit_id: 'c1', visit_number: null, status: 'not_required', auth_id: null, leaked: false },
    ]);
  });

  it('values leaked visits at fee schedule × units, falling back to the line charge, and marks denial confirmation', async () => {
    const [a4] = await b.q(`select expected_amount, confirmed_by_denial from marts.auth_visits where visit_id = 'a4'`);
    expect(a4).toEqual({ expected_amount: 105, confirmed_by_denial: true }); // 60 + 45
    const [all] = await b.q(`select * from marts.auth_leakage where period_grain = 'all' and payer_id = 'acme'`);
    // Requiring auth (not exempt): a2..a6 + b2 = 6; leaked a4, a6, b2 = 3 → 0.5; leaked amount 105 (+0 unbilled).
    expect(all).toMatchObject({
      visits_requiring_auth: 6, leaked_visits: 3, leakage_rate: 0.5, leaked_amount: 105,
      authorized_visits: 3, over_limit_visits: 1, expired_visits: 1, no_auth_visits: 1, exempt_visits: 2, confirmed_by_denial: 1,
    });
    // The '*' rollup covers auth-requiring payers only (Medicare's visit is not_required).
    const [star] = await b.q(`select visits_requiring_auth from marts.auth_leakage where period_grain = 'all' and payer_id = '*'`);
    expect(star!.visits_requiring_auth).toBe(6);
    const [march] = await b.q(`select visits_requiring_auth, leaked_visits from marts.auth_leakage where period_grain = 'month' and period_start = '2025-03-01' and payer_id = 'acme'`);
    expect(march).toEqual({ visits_requiring_auth: 4, leaked_visits: 2 }); // a2, a3, a4, b2; leaked a4, b2
  });

  it('reports requested vs approved visits and turnaround per payer', async () => {
    const [r] = await b.q(`select * from marts.auth_requests where period_grain = 'all' and payer_id = 'acme'`);
    // 3 requests: 2 approved (4 → 2, 2 → 1 requested → approved), 1 denied (3 requested → 0 approved: a denial
    // is the deepest cut); requested 4 + 2 + 3 = 9, approved 2 + 1 + 0 = 3 → 3 / 9; turnaround 2, 3, 1 → median 2, mean 6 / 3 = 2.
    expect(r).toMatchObject({ requests: 3, approved: 2, denied: 1, reauthorizations: 1, requested_visits: 9, approved_visits: 3, approval_rate_visits: 1 / 3, median_turnaround_days: 2, avg_turnaround_days: 2 });
  });
});

describe('auth alerts: remaining visits, projected exhaustion from appointments, re-auth flags', async () => {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('visits', [
    visit('v1', 'pA', '2025-06-02', { visit_type: 'evaluation' }), // exempt
    visit('v2', 'pA', '2025-06-04'), visit('v3', 'pA', '2025-06-06'), visit('v4', 'pA', '2025-06-09'),
    visit('v5', 'pA', '2025-06-11'), visit('v6', 'pA', '2025-06-13'), visit('v7', 'pA', '2025-06-16'),
    visit('w1', 'pB', '2025-06-02'), // exempt
    visit('w2', 'pB', '2025-06-04'),
    visit('e1', 'pE', '2025-06-02'), // exempt
    visit('e2', 'pE', '2025-06-03'), visit('e3', 'pE', '2025-06-05'), visit('e4', 'pE', '2025-06-10'),
  ]);
  g.ehr('authorizations', [
    // K1: 10 visits, 06-01..07-31; 6 used (v2..v7) → 4 remaining as of 06-17. Appointments 06-18, 06-20, 06-23,
    // 06-25, 06-27 → the 4th (06-25) uses the last visit: projected exhaustion 06-25; re-auth due 06-25 − 7 = 06-18.
    { auth_id: 'K1', patient_key: 'pA', payer_id: 'acme', status: 'approved', requested_on: '2025-05-30', decided_on: '2025-05-31', start_date: '2025-06-01', end_date: '2025-07-31', approved_visits: 10 },
    // K2: 8 visits, 06-01..06-20; 1 used → 7 remaining; expires in 3 days → expiring; a re-auth K3 names it → no flag.
    { auth_id: 'K2', patient_key: 'pB', payer_id: 'acme', status: 'approved', requested_on: '2025-05-30', decided_on: '2025-05-31', start_date: '2025-06-01', end_date: '2025-06-20', approved_visits: 8 },
    { auth_id: 'K3', patient_key: 'pB', payer_id: 'acme', status: 'pending', requested_on: '2025-06-16', previous_auth_id: 'K2' },
    // K4: 5 visits, 3 used → 2 remaining ≤ 3: low_visits, not requested → needs_reauth.
    { auth_id: 'K4', patient_key: 'pE', payer_id: 'acme', status: 'approved', requested_on: '2025-05-30', decided_on: '2025-05-31', start_date: '2025-06-01', end_date: '2025-08-31', approved_visits: 5 },
  ]);
  g.ehr('appointments', ['2025-06-18', '2025-06-20', '2025-06-23', '2025-06-25', '2025-06-27'].map((d, i) => ({
    appointment_id: `ap${i}`, patient_key: 'pA', scheduled_date: d, payer_id: 'acme', status: 'scheduled' })).concat([
    { appointment_id: 'apx', patient_key: 'pA', scheduled_date: '2025-06-19', payer_id: 'acme', status: 'cancelled' },
  ]));
  const b = await buildGiven(g, '2025-06-17');
  built.push(b);

  it('computes the alert row of each active approved authorisation', async () => {
    const rows = await b.q(`select auth_id, visits_used, visits_remaining, days_to_expiry, scheduled_visits, projected_exhaustion_date,
        reauth_requested, reauth_due_on, low_visits, expiring, needs_reauth, patient_message from marts.auth_alerts order by auth_id`);
    expect(rows).toEqual([
      {
        auth_id: 'K1', visits_used: 6, visits_remaining: 4, days_to_expiry: 44, scheduled_visits: 5,
        projected_exhaustion_date: '2025-06-25', reauth_requested: false, reauth_due_on: '2025-06-18',
        low_visits: false, expiring: false, needs_reauth: false, // due tomorrow, not yet
        patient_message: "You have 4 visits remaining on your current authorization; we'll request re-authorization for additional care.",
      },
      {
        auth_id: 'K2', visits_used: 1, visits_remaining: 7, days_to_expiry: 3, scheduled_visits: 0,
        projected_exhaustion_date: null, reauth_requested: true, reauth_due_on: '2025-06-13',
        low_visits: false, expiring: true, needs_reauth: false, // K3 was requested
        patient_message: "You have 7 visits remaining on your current authorization; we'll request re-authorization for additional care.",
      },
      {
        auth_id: 'K4', visits_used: 3, visits_remaining: 2, days_to_expiry: 75, scheduled_visits: 0,
        projected_exhaustion_date: null, reauth_requested: false, reauth_due_on: '2025-08-24',
        low_visits: true, expiring: false, needs_reauth: true,
        patient_message: "You have 2 visits remaining on your current authorization; we'll request re-authorization for additional care.",
      },
    ]);
    // One day later the 06-18 appointment is on the as-of date, not after it: the 4 remaining visits now end with
    // the 06-27 appointment, so the re-auth is due 06-20.
    const later = await buildGiven(g, '2025-06-18');
    built.push(later);
    const [k1] = await later.q(`select scheduled_visits, projected_exhaustion_date, reauth_due_on, needs_reauth from marts.auth_alerts where auth_id = 'K1'`);
    expect(k1).toEqual({ scheduled_visits: 4, projected_exhaustion_date: '2025-06-27', reauth_due_on: '2025-06-20', needs_reauth: false });
    // As of 06-21 only 3 appointments remain for 4 visits: no projected exhaustion; due = end − 7 = 07-24.
    const after = await buildGiven(g, '2025-06-21');
    built.push(after);
    const [k1b] = await after.q(`select projected_exhaustion_date, reauth_due_on from marts.auth_alerts where auth_id = 'K1'`);
    expect(k1b).toEqual({ projected_exhaustion_date: null, reauth_due_on: '2025-07-24' });
  });
});
