// Authorisations: marts.auth_leakage (visits delivered without a valid authorisation, in visits and dollars, per
// payer), marts.auth_visits counted by clinic, payer, month and status (so the page can filter by clinic), and
// marts.auth_requests (requested vs approved visits, decision turnaround per payer).
import { memberGroups, type CellRule } from '../../src/site/suppress.ts';
import { grains, loader } from './lib/loader.ts';

loader('auth', async (ctx) => {
  const leakage = await ctx.db
    .selectFrom('marts.auth_leakage')
    .select(['period_grain', 'period_start', 'payer_id', 'visits_requiring_auth', 'leaked_visits', 'leakage_rate',
      'leaked_amount', 'authorized_visits', 'over_limit_visits', 'expired_visits', 'no_auth_visits', 'exempt_visits',
      'confirmed_by_denial'])
    .where((eb) =>
      eb.or([eb('period_grain', 'in', grains('month', 'all')), eb.and([eb('period_grain', '=', 'week'), eb('payer_id', '=', '*')])]))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('payer_id')
    .execute();
  const visits = await ctx.query(`
    SELECT clinic_id, payer_id, date_trunc('month', visit_date)::DATE AS month, status,
           count(*) AS visits,
           count(*) FILTER (WHERE confirmed_by_denial) AS confirmed_by_denial,
           sum(expected_amount)::DECIMAL(18,2) AS expected_amount
    FROM marts.auth_visits
    WHERE status <> 'not_required'
    GROUP BY ALL ORDER BY ALL`);
  const requests = await ctx.db
    .selectFrom('marts.auth_requests')
    .select(['period_grain', 'period_start', 'payer_id', 'requests', 'approved', 'denied', 'pending', 'reauthorizations',
      'requested_visits', 'approved_visits', 'approval_rate_visits', 'median_turnaround_days', 'p90_turnaround_days'])
    .where('period_grain', 'in', grains('month', 'all'))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('payer_id')
    .execute();
  // The status counts add up to the visits: hiding one small status alone would let it be recovered by subtraction.
  const statusCounts = ['authorized_visits', 'over_limit_visits', 'expired_visits', 'no_auth_visits', 'exempt_visits'];
  const leakageRules: CellRule[] = [
    {
      counts: ['visits_requiring_auth'],
      derived: ['leaked_visits', 'leakage_rate', 'leaked_amount', 'confirmed_by_denial', ...statusCounts],
    },
    { counts: ['leaked_visits'], complement: ['leaked_visits', 'visits_requiring_auth'], derived: ['leakage_rate', 'leaked_amount'] },
    { counts: statusCounts, derived: statusCounts },
    { counts: ['confirmed_by_denial'] },
  ];
  const requestRules: CellRule[] = [
    {
      counts: ['requests'],
      derived: ['approved', 'denied', 'pending', 'reauthorizations', 'requested_visits', 'approved_visits', 'approval_rate_visits',
        'median_turnaround_days', 'p90_turnaround_days'],
    },
    { counts: ['approved', 'denied', 'pending'], derived: ['approved', 'denied', 'pending'] },
    { counts: ['reauthorizations'] },
    { counts: ['approved_visits'], complement: ['approved_visits', 'requested_visits'], derived: ['approval_rate_visits'] },
  ];
  // The payers of a period add up to its '*' row: every count is protected across payers.
  const byPeriod = ['period_grain', 'period_start'];
  return {
    auth_leakage: ctx.suppress(leakage, leakageRules, memberGroups(leakageRules, 'payer_id', byPeriod), ['payer_id']),
    // Benchmark profile: one visit's status by clinic, payer and month is too fine a cell to survive suppression, so
    // this detail is published in the internal profile only.
    auth_visits: ctx.benchmark ? [] : visits,
    auth_requests: ctx.suppress(requests, requestRules, memberGroups(requestRules, 'payer_id', byPeriod), ['payer_id']),
  };
});
