// Payer profitability: marts.payer_profitability (payer × month and all time, by first date of service) — what each
// contract earns and costs per visit. The contract model on the page starts from these rows.
import { grains, loader } from './lib/loader.ts';

loader('payers', async (ctx) => {
  const rows = await ctx.db
    .selectFrom('marts.payer_profitability')
    .select(['payer_id', 'period_grain', 'period_start', 'visits', 'claims', 'initially_denied_claims', 'billed', 'allowed',
      'expected_allowed', 'underpaid_amount', 'cost', 'margin', 'allowed_per_visit', 'cost_per_visit', 'margin_per_visit',
      'margin_pct', 'loses_money'])
    .where('period_grain', 'in', grains('month', 'all'))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('payer_id')
    .execute();
  const money = ['billed', 'allowed', 'expected_allowed', 'underpaid_amount', 'cost', 'margin', 'allowed_per_visit',
    'cost_per_visit', 'margin_per_visit', 'margin_pct', 'loses_money'];
  const costs = ['cost', 'margin', 'cost_per_visit', 'margin_per_visit', 'margin_pct', 'loses_money'];
  return {
    payer_profitability: ctx.suppress(
      rows,
      [
        { counts: ['visits', 'claims'], derived: ['visits', 'claims', 'initially_denied_claims', ...money] },
        // cost = visits × cost per visit + claims × admin cost + denials × rework cost: with the cost model on the
        // page, a published cost gives a hidden denial count back.
        { counts: ['initially_denied_claims'], complement: ['initially_denied_claims', 'claims'], derived: costs },
      ],
      [
        { by: ['period_grain', 'period_start'], member: 'payer_id', count: 'claims', derived: ['visits', ...money] },
        { by: ['period_grain', 'period_start'], member: 'payer_id', count: 'initially_denied_claims', derived: costs },
      ],
      ['payer_id'],
    ),
  };
});
