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
  ];
  return {
    clinic_benchmarks: ctx.relabel(
      ctx.suppress(
        rows,
        rules,
        // the clinics of a period add up to its '*' row: every count is protected across clinics
        memberGroups(rules, 'clinic_id', ['period_grain', 'period_start']),
        ['clinic_id'],
      ),
    ),
  };
});
