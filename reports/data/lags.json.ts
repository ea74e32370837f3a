// Submission and posting lags as distributions: marts.submission_lag and marts.charge_lag (clinic × week/month),
// marts.posting_lag (week/month), and — internal profile — the distribution of days_to_submit from marts.claims
// counted by clinic, payer, month of submission and number of days (a histogram, not a list of claims).
import { memberGroups } from '../../src/site/suppress.ts';
import { grains, loader } from './lib/loader.ts';

loader('lags', async (ctx) => {
  const submission = await ctx.db
    .selectFrom('marts.submission_lag')
    .select(['period_grain', 'period_start', 'clinic_id', 'claims', 'median_days_to_submit', 'p90_days_to_submit',
      'mean_days_to_submit', 'max_days_to_submit', 'claims_within_1_day', 'pct_within_1_day'])
    .where('period_grain', 'in', grains('week', 'month', 'all'))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('clinic_id')
    .execute();
  const charge = await ctx.db
    .selectFrom('marts.charge_lag')
    .select((eb) => [
      'period_grain', 'period_start', 'clinic_id', 'visits', 'median_charge_lag_days', 'p90_charge_lag_days',
      eb.cast<number>(eb.fn('round', [eb('pct_within_1_day', '*', eb.ref('visits'))]), 'integer').as('visits_within_1_day'),
      'pct_within_1_day',
    ])
    .where('period_grain', 'in', grains('week', 'month', 'all'))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('clinic_id')
    .execute();
  const posting = await ctx.db
    .selectFrom('marts.posting_lag')
    .select(['period_grain', 'period_start', 'payments', 'amount', 'median_lag_days', 'p90_lag_days', 'payments_within_1_day',
      'pct_within_1_day'])
    .where('period_grain', 'in', grains('week', 'month', 'all'))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .execute();
  const histogram = ctx.benchmark
    ? []
    : await ctx.query(`
        SELECT clinic_id, payer_id, date_trunc('month', submitted_on)::DATE AS month, days_to_submit, count(*) AS claims
        FROM marts.claims
        WHERE NOT is_voided AND days_to_submit IS NOT NULL
        GROUP BY ALL ORDER BY ALL`);
  const quantiles = ['median_days_to_submit', 'p90_days_to_submit', 'mean_days_to_submit', 'max_days_to_submit'];
  const submissionRules = [
    { counts: ['claims'], derived: [...quantiles, 'claims_within_1_day', 'pct_within_1_day'] },
    { counts: ['claims_within_1_day'], complement: ['claims_within_1_day', 'claims'] as [string, string], derived: ['pct_within_1_day'] },
  ];
  const chargeRules = [
    { counts: ['visits'], derived: ['median_charge_lag_days', 'p90_charge_lag_days', 'visits_within_1_day', 'pct_within_1_day'] },
    { counts: ['visits_within_1_day'], complement: ['visits_within_1_day', 'visits'] as [string, string], derived: ['pct_within_1_day'] },
  ];
  // The clinics of a period add up to its '*' row: protect every count across clinics, not only the claims.
  const byPeriod = ['period_grain', 'period_start'];
  return {
    submission_lag: ctx.relabel(
      ctx.suppress(submission, submissionRules, memberGroups(submissionRules, 'clinic_id', byPeriod), ['clinic_id']),
    ),
    charge_lag: ctx.relabel(ctx.suppress(charge, chargeRules, memberGroups(chargeRules, 'clinic_id', byPeriod), ['clinic_id'])),
    posting_lag: ctx.suppress(posting, [
      { counts: ['payments'], derived: ['amount', 'median_lag_days', 'p90_lag_days', 'payments_within_1_day', 'pct_within_1_day'] },
      { counts: ['payments_within_1_day'], complement: ['payments_within_1_day', 'payments'], derived: ['pct_within_1_day'] },
    ], [], []),
    days_to_submit: ctx.relabel(histogram),
  };
});
