// The owner's weekly scorecard: marts.kpi_weekly (one row per week and KPI), this week's action counts from the
// worklist marts (re-auths due, denials waiting past 48 h, claims not sent, credit balances) and
// marts.denial_systematic. Benchmark profile: each KPI suppressed by what it counts (src/site/suppress.ts KPI_BASIS)
// and by its basis_count.
import { suppressKpiRows } from '../../src/site/suppress.ts';
import { loader } from './lib/loader.ts';
import { systematicPayers } from './lib/systematic.ts';

loader('scorecard', async (ctx) => {
  const weekly = await ctx.db
    .selectFrom('marts.kpi_weekly')
    .select(['week_start', 'week_end', 'kpi', 'value', 'numerator', 'denominator', 'status', 'previous_value', 'change',
      'basis_count'])
    .orderBy('week_start')
    .orderBy('kpi')
    .execute();
  // UNION of four counts: raw SQL.
  const actions = await ctx.query(`
    SELECT 'reauth_due' AS action, count(*) AS items, NULL::DECIMAL(18,2) AS amount
      FROM marts.auth_alerts WHERE needs_reauth
    UNION ALL
    SELECT 'denials_past_sla', count(*), coalesce(sum(amount_at_stake), 0) FROM marts.denial_worklist WHERE past_sla
    UNION ALL
    SELECT 'unbilled_visits', count(*), NULL FROM marts.unbilled_visits
    UNION ALL
    SELECT 'credit_balances', count(*), coalesce(-sum(credit_balance), 0) FROM marts.credit_balances`);
  const order = ['reauth_due', 'denials_past_sla', 'unbilled_visits', 'credit_balances'];
  actions.sort((a, b) => order.indexOf(String(a.action)) - order.indexOf(String(b.action)));
  const systematic = await systematicPayers(ctx);
  return {
    // basis_count only decides the suppression (suppressKpiRows drops it).
    kpi_weekly: ctx.benchmark ? suppressKpiRows(weekly, ctx.smallCell) : weekly.map(({ basis_count: _b, ...r }) => r),
    // Counts of the claims, visits and authorisations on each action list; the systematic payers are denial_systematic.
    action_counts: ctx.suppress(actions, [{ counts: ['items'], derived: ['amount'] }]),
    denial_systematic: systematic,
  };
});
