// The owner's weekly scorecard: marts.kpi_weekly (one row per week and KPI), and this week's action counts from the
// worklist marts (re-auths due, denials waiting past 48 h, claims not sent, systematic payers).
import type { CellRule } from '../../src/site/suppress.ts';
import { loader, type PlainRow } from './lib/loader.ts';

/**
 * Benchmark profile: the counts behind each KPI. Ratios of claim/visit counts are suppressed when the numerator, the
 * denominator or their difference is small; money KPIs follow the count of the cohort they are measured over.
 */
const KPI_BASIS: Record<string, 'ratio' | 'count' | 'denominator' | { like: string; parts: Array<'numerator' | 'denominator'> }> = {
  denial_rate: 'ratio',
  first_pass_rate: 'ratio',
  overturn_rate: 'ratio',
  denials_routed_within_sla_pct: 'ratio',
  submitted_within_1_day_pct: 'ratio',
  posted_within_1_day_pct: 'ratio',
  auth_leakage_rate: 'ratio',
  unbilled_visits: 'count',
  median_days_to_submit: 'denominator',
  // Denied dollars of few denied claims, or over few adjudicated claims.
  denial_rate_amount: { like: 'denial_rate', parts: ['numerator', 'denominator'] },
  net_collection_rate: { like: 'denial_rate', parts: ['denominator'] },
  auth_leaked_amount: { like: 'auth_leakage_rate', parts: ['numerator'] },
};

function suppressKpis(rows: PlainRow[], smallCell: number, suppress: (r: PlainRow[], rules: CellRule[]) => PlainRow[]): PlainRow[] {
  const byKey = new Map(rows.map((r) => [`${r.week_start}|${r.kpi}`, r]));
  const values = ['value', 'previous_value', 'change', 'status'];
  const out = rows.map((r) => {
    const basis = KPI_BASIS[String(r.kpi)];
    if (!basis) return r;
    if (basis === 'ratio') {
      return suppress([r], [{ counts: ['numerator', 'denominator'], complement: ['numerator', 'denominator'], derived: values }])[0]!;
    }
    if (basis === 'count') return suppress([r], [{ counts: ['value', 'numerator'], derived: values }])[0]!;
    if (basis === 'denominator') return suppress([r], [{ counts: ['denominator'], derived: values }])[0]!;
    const other = byKey.get(`${r.week_start}|${basis.like}`);
    const fired = basis.parts.some((part) => {
      const n = other?.[part];
      return typeof n === 'number' && n >= 1 && n < smallCell;
    });
    if (!fired) return r;
    const [hidden] = suppress([{ ...r, basis_count: 1 }], [{ counts: ['basis_count'], derived: [...values, 'numerator', 'denominator'] }]);
    const { basis_count: _, ...x } = hidden!;
    return { ...x, suppressed: (x.suppressed as string[]).filter((c) => c !== 'basis_count') };
  });
  // A week-over-week change from a hidden week would give the hidden value away.
  const hidden = new Set(out.filter((r) => r.value === null && Array.isArray(r.suppressed)).map((r) => `${r.week_start}|${r.kpi}`));
  const weeks = [...new Set(out.map((r) => String(r.week_start)))].sort();
  const prevWeek = new Map(weeks.map((w, i) => [w, weeks[i - 1]]));
  return out.map((r) => {
    const prev = prevWeek.get(String(r.week_start));
    if (prev && hidden.has(`${prev}|${r.kpi}`) && r.previous_value !== null) {
      return { ...r, previous_value: null, change: null, suppressed: [...new Set([...((r.suppressed as string[]) ?? []), 'previous_value', 'change'])].sort() };
    }
    return r;
  });
}

loader('scorecard', async (ctx) => {
  const weekly = await ctx.query(`
    SELECT week_start, week_end, kpi, value, numerator, denominator, status, previous_value, change
    FROM marts.kpi_weekly ORDER BY week_start, kpi`);
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
  const systematic = await ctx.query(`
    SELECT payer_id, window_start, window_end, adjudicated_claims, denied_claims, denial_rate, top_category,
           top_category_denials, top_category_share, systematic
    FROM marts.denial_systematic ORDER BY systematic DESC, denial_rate DESC, payer_id`);
  return {
    kpi_weekly: ctx.benchmark ? suppressKpis(weekly, ctx.smallCell, ctx.suppress) : weekly,
    // Counts of the claims, visits and authorisations on each action list; the systematic payers are denial_systematic.
    action_counts: ctx.suppress(actions, [{ counts: ['items'], derived: ['amount'] }]),
    denial_systematic: ctx.suppress(systematic, [
      { counts: ['adjudicated_claims'], derived: ['denied_claims', 'denial_rate', 'top_category_denials', 'top_category_share'] },
      { counts: ['denied_claims'], complement: ['denied_claims', 'adjudicated_claims'], derived: ['denial_rate', 'top_category_share'] },
      { counts: ['top_category_denials'], complement: ['top_category_denials', 'denied_claims'], derived: ['top_category_share'] },
    ]),
  };
});
