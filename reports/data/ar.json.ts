// A/R: marts.ar_aging (payer × age bucket, as of the as-of date) and marts.ar_summary (total, over 90 days, days in
// A/R, credit balances, patient A/R per payer). The weekly trend comes from the scorecard (kpi_weekly). Also the
// payers' takebacks: marts.recoupments (month and all time × payer) and, internal profile, the 835 provider-level
// adjustments behind them (marts.provider_adjustments).
import { memberGroups, type CellRule } from '../../src/site/suppress.ts';
import { grains, loader } from './lib/loader.ts';

loader('ar', async (ctx) => {
  const aging = await ctx.db
    .selectFrom('marts.ar_aging')
    .select(['as_of', 'payer_id', 'bucket', 'bucket_order', 'claims', 'balance'])
    .orderBy('payer_id')
    .orderBy('bucket_order')
    .execute();
  // With the summary, the claims behind its over-90 balance, its 90-day billing and its patient A/R (benchmark
  // profile: a few claims' balance must not be published as a balance or as a share of the published total).
  const summary = await ctx.query(`
    SELECT s.as_of, s.payer_id, s.open_claims, s.total_balance, s.balance_over_90, s.ar_over_90_pct, s.billed_last_90_days,
           s.days_in_ar, s.credit_balance_claims, s.credit_balance, s.patient_responsibility, s.patient_payments,
           s.patient_balance, coalesce(o.claims_over_90, 0)::INTEGER AS claims_over_90,
           coalesce(b.claims_last_90_days, 0)::INTEGER AS claims_last_90_days,
           coalesce(b.patient_claims, 0)::INTEGER AS patient_claims
    FROM marts.ar_summary s
    LEFT JOIN (SELECT payer_id, sum(claims) AS claims_over_90 FROM marts.ar_aging
               WHERE bucket IN ('91-120', '121+') GROUP BY payer_id) o USING (payer_id)
    LEFT JOIN (SELECT coalesce(c.payer_id, '*') AS payer_id,
                      count(*) FILTER (WHERE c.first_service_date > p.as_of - 90 AND c.first_service_date <= p.as_of) AS claims_last_90_days,
                      count(*) FILTER (WHERE c.patient_responsibility <> 0) AS patient_claims
               FROM marts.claims c, (SELECT max(as_of) AS as_of FROM marts.ar_summary) p
               WHERE NOT c.is_voided
               GROUP BY GROUPING SETS ((c.payer_id), ())) b USING (payer_id)
    ORDER BY s.payer_id`);
  const recoupments = await ctx.db
    .selectFrom('marts.recoupments')
    .select(['period_grain', 'period_start', 'payer_id', 'reversals', 'reversed_amount', 'corrected_amount', 'takebacks',
      'takeback_amount', 'recouped_amount', 'net_recouped_amount', 'forward_balance_amount', 'interest_paid', 'other_plb_amount'])
    .where('period_grain', 'in', grains('month', 'all'))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('payer_id')
    .execute();
  const adjustments = ctx.benchmark
    ? []
    : await ctx.db
        .selectFrom('marts.provider_adjustments')
        .select(['remit_date', 'received_on', 'payer_id', 'clinic_id', 'trace_number', 'reason_code', 'reason_type', 'reference_id',
          'amount', 'payment_effect'])
        .orderBy('remit_date', 'desc')
        .orderBy('trace_number')
        .orderBy('reason_code')
        .execute();
  // A reversal or a takeback is one claim's money: the amounts go with their counts (and across payers and months).
  const recoupRules: CellRule[] = [
    { counts: ['reversals'], derived: ['reversed_amount', 'corrected_amount', 'recouped_amount', 'net_recouped_amount'] },
    { counts: ['takebacks'], derived: ['takeback_amount', 'recouped_amount', 'net_recouped_amount'] },
  ];
  return {
    // Benchmark profile: forward balances, interest and other PLB amounts have no claim count behind them to protect
    // them with: not published.
    recoupments: ctx
      .suppress(recoupments, recoupRules, memberGroups(recoupRules, 'payer_id', ['period_grain', 'period_start']), ['payer_id'])
      .map((r) => (ctx.benchmark ? { ...r, forward_balance_amount: null, interest_paid: null, other_plb_amount: null } : r)),
    provider_adjustments: adjustments,
    ar_aging: ctx.suppress(
      aging,
      [{ counts: ['claims'], derived: ['balance'] }],
      [
        { by: ['payer_id'], member: 'bucket', count: 'claims', derived: ['balance'] },
        { by: ['bucket'], member: 'payer_id', count: 'claims', derived: ['balance'] },
      ],
    ),
    ar_summary: ctx.suppress(
      summary,
      [
        { counts: ['open_claims'], derived: ['total_balance', 'balance_over_90', 'ar_over_90_pct', 'days_in_ar'] },
        // the balance under 90 days (total − over 90) is a cell too
        { counts: ['claims_over_90'], complement: ['claims_over_90', 'open_claims'], derived: ['balance_over_90', 'ar_over_90_pct'] },
        { counts: ['claims_last_90_days'], derived: ['billed_last_90_days', 'days_in_ar'] },
        { counts: ['credit_balance_claims'], derived: ['credit_balance'] },
        { counts: ['patient_claims'], derived: ['patient_responsibility', 'patient_payments', 'patient_balance'] },
      ],
      [
        { by: ['as_of'], member: 'payer_id', count: 'open_claims', derived: ['total_balance', 'balance_over_90', 'ar_over_90_pct', 'days_in_ar'] },
        { by: ['as_of'], member: 'payer_id', count: 'claims_over_90', derived: ['balance_over_90', 'ar_over_90_pct'] },
        { by: ['as_of'], member: 'payer_id', count: 'claims_last_90_days', derived: ['billed_last_90_days', 'days_in_ar'] },
        { by: ['as_of'], member: 'payer_id', count: 'credit_balance_claims', derived: ['credit_balance'] },
        { by: ['as_of'], member: 'payer_id', count: 'patient_claims', derived: ['patient_responsibility', 'patient_payments', 'patient_balance'] },
      ],
    ),
  };
});
