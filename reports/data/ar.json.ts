// A/R: marts.ar_aging (payer × age bucket, as of the as-of date) and marts.ar_summary (total, over 90 days, days in
// A/R, credit balances, patient A/R per payer). The weekly trend comes from the scorecard (kpi_weekly).
import { loader } from './lib/loader.ts';

loader('ar', async (ctx) => {
  const aging = await ctx.query(`
    SELECT as_of, payer_id, bucket, bucket_order, claims, balance
    FROM marts.ar_aging ORDER BY payer_id, bucket_order`);
  const summary = await ctx.query(`
    SELECT as_of, payer_id, open_claims, total_balance, balance_over_90, ar_over_90_pct, billed_last_90_days, days_in_ar,
           credit_balance_claims, credit_balance, patient_responsibility, patient_payments, patient_balance
    FROM marts.ar_summary ORDER BY payer_id`);
  return {
    ar_aging: ctx.suppress(
      aging,
      [{ counts: ['claims'], derived: ['balance'] }],
      [
        { by: ['payer_id'], member: 'bucket', count: 'claims', derived: ['balance'] },
        { by: ['bucket'], member: 'payer_id', count: 'claims', derived: ['balance'] },
      ],
    ),
    ar_summary: ctx.suppress(summary, [
      { counts: ['open_claims'], derived: ['total_balance', 'balance_over_90', 'ar_over_90_pct', 'days_in_ar'] },
      { counts: ['credit_balance_claims'], derived: ['credit_balance'] },
    ]),
  };
});
