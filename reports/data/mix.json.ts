// Cash versus insurance: marts.payer_mix (month and all time × financial class, with 'cash', 'insurance' and '*'
// totals) — visits, revenue, shares and the practice model they imply.
import { grains, loader, type PlainRow } from './lib/loader.ts';

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
  const derived = ['revenue', 'visit_share', 'revenue_share'];
  return {
    payer_mix: hideShareWithTotals(ctx.suppress(
      rows,
      [{ counts: ['visits'], derived }],
      // Insured classes add up to 'insurance'; 'cash' and 'insurance' add up to '*'.
      [
        { by: ['period_grain', 'period_start'], member: 'financial_class', total: '*', count: 'visits', derived,
          within: (r) => r.financial_class === '*' || r.financial_class === 'insurance' || r.financial_class === 'cash' },
        { by: ['period_grain', 'period_start'], member: 'financial_class', total: 'insurance', count: 'visits', derived,
          within: (r) => r.financial_class !== '*' && r.financial_class !== 'cash' },
      ],
      ['financial_class'],
    )),
  };
});

/**
 * The period's insurance revenue share (and the practice model it implies) is one value on every row of the period.
 * With the period's '*', 'insurance' or 'cash' revenue hidden it would give it back (share × total, or two periods'
 * shares with the sum of their totals), so it is hidden on every row of such a period. A hidden insured class alone
 * leaves it: the share is then computable from the published 'insurance' and '*' rows anyway.
 */
function hideShareWithTotals(rows: PlainRow[]): PlainRow[] {
  const key = (r: PlainRow) => `${r.period_grain}|${r.period_start}`;
  const totals = new Set(['*', 'insurance', 'cash']);
  const periods = new Set(
    rows.filter((r) => totals.has(String(r.financial_class)) && (r.suppressed as string[] | undefined)?.includes('revenue')).map(key),
  );
  return rows.map((r) => {
    if (!periods.has(key(r))) return r;
    const suppressed = [...new Set([...((r.suppressed as string[] | undefined) ?? []), 'insurance_revenue_share', 'practice_model'])].sort();
    return { ...r, insurance_revenue_share: null, practice_model: null, suppressed };
  });
}
