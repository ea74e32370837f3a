// Clinic benchmarks: marts.clinic_benchmarks (clinic × month and all time, plus the group '*') — the headline KPIs
// side by side; the targets and their sources come from marts.kpi_targets (site.json).
import { memberGroups, type CellRule } from '../../src/site/suppress.ts';
import { grains, loader } from './lib/loader.ts';

loader('benchmarks', async (ctx) => {
  const rows = await ctx.db
    .selectFrom('marts.clinic_benchmarks')
    .select((eb) => [
      'period_grain', 'period_start', 'clinic_id', 'completed_visits', 'adjudicated_claims', 'denied_claims', 'denial_rate',
      'first_pass_rate', 'net_collection_rate', 'submitted_claims', 'median_days_to_submit', 'pct_submitted_within_1_day',
      eb.cast<number>(eb.fn('round', [eb('pct_submitted_within_1_day', '*', eb.ref('submitted_claims'))]), 'integer').as('submitted_within_1_day'),
      'visits_requiring_auth', 'leaked_visits', 'auth_leakage_rate', 'auth_leaked_amount', 'ar_balance', 'ar_over_90_pct', 'days_in_ar',
    ])
    .where('period_grain', 'in', grains('month', 'all'))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('clinic_id')
    .execute();
  // The claims behind the A/R figures of the 'all' rows (as the A/R page counts them per payer): open claims, those
  // over 90 days, and those first served in the last 90 days (the days-in-A/R base).
  const arCounts = new Map(
    (await ctx.query(`
      SELECT coalesce(c.clinic_id, '*') AS clinic_id,
             count(*) FILTER (WHERE c.insurance_balance > 0) AS ar_open_claims,
             count(*) FILTER (WHERE c.insurance_balance > 0 AND p.as_of - c.first_service_date > 90) AS ar_claims_over_90,
             count(*) FILTER (WHERE c.first_service_date > p.as_of - 90 AND c.first_service_date <= p.as_of) AS ar_claims_last_90_days
      FROM marts.claims c, config.params p
      WHERE NOT c.is_voided
      GROUP BY GROUPING SETS ((c.clinic_id), ())`)).map((r) => [String(r.clinic_id), r]),
  );
  const zero = { ar_open_claims: 0, ar_claims_over_90: 0, ar_claims_last_90_days: 0 };
  const withCounts = rows.map((r) =>
    r.period_grain === 'all' ? { ...r, ...zero, ...arCounts.get(String(r.clinic_id)), clinic_id: r.clinic_id } : r,
  );
  const rules: CellRule[] = [
    { counts: ['completed_visits'] },
    {
      counts: ['adjudicated_claims'],
      derived: ['denied_claims', 'denial_rate', 'first_pass_rate', 'net_collection_rate', 'ar_balance', 'ar_over_90_pct', 'days_in_ar'],
    },
    { counts: ['denied_claims'], complement: ['denied_claims', 'adjudicated_claims'], derived: ['denial_rate', 'first_pass_rate'] },
    { counts: ['submitted_claims'], derived: ['median_days_to_submit', 'pct_submitted_within_1_day', 'submitted_within_1_day'] },
    { counts: ['submitted_within_1_day'], complement: ['submitted_within_1_day', 'submitted_claims'], derived: ['pct_submitted_within_1_day'] },
    { counts: ['visits_requiring_auth'], derived: ['leaked_visits', 'auth_leakage_rate', 'auth_leaked_amount'] },
    { counts: ['leaked_visits'], complement: ['leaked_visits', 'visits_requiring_auth'], derived: ['auth_leakage_rate', 'auth_leaked_amount'] },
    { counts: ['ar_open_claims'], derived: ['ar_balance', 'ar_over_90_pct', 'days_in_ar'] },
    { counts: ['ar_claims_over_90'], complement: ['ar_claims_over_90', 'ar_open_claims'], derived: ['ar_over_90_pct'] },
    { counts: ['ar_claims_last_90_days'], derived: ['days_in_ar'] },
  ];
  return {
    clinic_benchmarks: ctx.relabel(
      ctx
        .suppress(
          withCounts,
          rules,
          // the clinics of a period add up to its '*' row: every count is protected across clinics
          memberGroups(rules, 'clinic_id', ['period_grain', 'period_start']),
          ['clinic_id'],
        )
        // the A/R claim counts only decide the suppression
        .map(({ ar_open_claims: _o, ar_claims_over_90: _n, ar_claims_last_90_days: _l, ...r }) =>
          Array.isArray(r.suppressed) ? { ...r, suppressed: r.suppressed.filter((c) => !String(c).startsWith('ar_claims_') && c !== 'ar_open_claims') } : r,
        ),
    ),
  };
});
