// Cash versus insurance: marts.payer_mix (month and all time × financial class, with 'cash', 'insurance' and '*'
// totals) — visits, revenue, shares and the practice model they imply.
import { grains, loader } from './lib/loader.ts';

loader('mix', async (ctx) => {
  const rows = await ctx.query(`
    SELECT period_grain, period_start, financial_class, visits, revenue, visit_share, revenue_share,
           insurance_revenue_share, practice_model
    FROM marts.payer_mix WHERE ${grains('month', 'all')}
    ORDER BY period_grain, period_start NULLS FIRST, financial_class`);
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
