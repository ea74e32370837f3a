// Cash versus insurance: marts.payer_mix (month and all time × financial class, with 'cash', 'insurance' and '*'
// totals) — visits, revenue, shares and the practice model they imply.
import { grains, loader } from './lib/loader.ts';

loader('mix', async (ctx) => {
  const rows = await ctx.db
    .selectFrom('marts.payer_mix')
    .select(['period_grain', 'period_start', 'financial_class', 'visits', 'revenue', 'visit_share', 'revenue_share',
      'insurance_revenue_share', 'practice_model'])
    .where('period_grain', 'in', grains('month', 'all'))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('financial_class')
    .execute();
  return {
    payer_mix: ctx.suppress(
      rows,
      [{ counts: ['visits'], derived: ['revenue', 'visit_share', 'revenue_share'] }],
      // Insured classes add up to 'insurance'; 'cash' and 'insurance' add up to '*'.
      [
        { by: ['period_grain', 'period_start'], member: 'financial_class', total: '*', count: 'visits', derived: ['revenue', 'visit_share', 'revenue_share'],
          within: (r) => r.financial_class === '*' || r.financial_class === 'insurance' || r.financial_class === 'cash' },
        { by: ['period_grain', 'period_start'], member: 'financial_class', total: 'insurance', count: 'visits', derived: ['revenue', 'visit_share', 'revenue_share'],
          within: (r) => r.financial_class !== '*' && r.financial_class !== 'cash' },
      ],
      ['financial_class'],
    ),
  };
});
