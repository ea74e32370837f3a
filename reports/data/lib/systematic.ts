/**
 * marts.denial_systematic as the denials page and the scorecard publish it (the same rows and suppression on both,
 * so the two pages cannot disagree): systematic payers first, then by denial rate.
 */
import type { LoaderContext, PlainRow } from './loader.ts';

export async function systematicPayers(ctx: LoaderContext): Promise<PlainRow[]> {
  const rows = await ctx.db
    .selectFrom('marts.denial_systematic')
    .select(['payer_id', 'window_start', 'window_end', 'adjudicated_claims', 'denied_claims', 'denial_rate', 'top_category',
      'top_category_denials', 'top_category_share', 'systematic'])
    .orderBy('systematic', 'desc')
    .orderBy('denial_rate', 'desc')
    .orderBy('payer_id')
    .execute();
  return ctx.suppress(rows, [
    { counts: ['adjudicated_claims'], derived: ['denied_claims', 'denial_rate', 'top_category_denials', 'top_category_share'] },
    { counts: ['denied_claims'], complement: ['denied_claims', 'adjudicated_claims'], derived: ['denial_rate', 'top_category_share'] },
    { counts: ['top_category_denials'], complement: ['top_category_denials', 'denied_claims'], derived: ['top_category_share'] },
  ]);
}
