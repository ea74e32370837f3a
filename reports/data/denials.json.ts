// Denials: marts.denial_rate (payer × category; weekly rows only for the all-category total), marts.denial_systematic,
// marts.denial_resolution (routing within 48 h, overturns, recoveries) and marts.appeals counted by payer, category
// and resolution.
import { memberGroups, type CellRule } from '../../src/site/suppress.ts';
import { grains, loader } from './lib/loader.ts';
import { systematicPayers } from './lib/systematic.ts';

loader('denials', async (ctx) => {
  const rate = await ctx.db
    .selectFrom('marts.denial_rate')
    .select(['period_grain', 'period_start', 'payer_id', 'category', 'adjudicated_claims', 'denied_claims', 'denial_rate',
      'billed_amount', 'denied_amount', 'denial_rate_amount', 'fully_denied_claims', 'first_pass_claims', 'first_pass_rate',
      'systematic', 'category_order'])
    .where((eb) =>
      eb.or([
        eb.and([eb('period_grain', '=', 'week'), eb('category', '=', '*')]),
        eb.and([eb('period_grain', 'in', grains('month', 'all')), eb.or([eb('category', '=', '*'), eb('denied_claims', '>', 0)])]),
      ]))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('payer_id')
    .orderBy('category_order')
    .execute();
  const systematic = await systematicPayers(ctx);
  const resolution = await ctx.db
    .selectFrom('marts.denial_resolution')
    .select(['period_grain', 'period_start', 'payer_id', 'initial_denials', 'routed_within_sla', 'routed_within_sla_pct',
      'overturned', 'overturn_rate', 'recovered_amount', 'written_off_amount', 'open_denials', 'unworked_denials', 'appealed',
      'median_days_to_first_action'])
    .where((eb) =>
      eb.or([eb('period_grain', 'in', grains('month', 'all')), eb.and([eb('period_grain', '=', 'week'), eb('payer_id', '=', '*')])]))
    .orderBy('period_grain')
    .orderBy('period_start', (ob) => ob.asc().nullsFirst())
    .orderBy('payer_id')
    .execute();
  // GROUPING SETS: raw SQL (the builder has no form for it).
  // Internal profile: also per clinic (clinic_id '*' = all clinics), so the page's clinic filter applies; the
  // benchmark profile publishes the all-clinic rows only (a clinic × payer × category cell is too fine).
  const clinicSets = ctx.benchmark
    ? ''
    : ', (clinic_id, payer_id, category, resolution), (clinic_id, payer_id, resolution), (clinic_id, category, resolution), (clinic_id, resolution)';
  const appeals = await ctx.query(`
    SELECT ${ctx.benchmark ? "'*'" : "CASE WHEN grouping(clinic_id) = 1 THEN '*' ELSE clinic_id END"} AS clinic_id,
           CASE WHEN grouping(payer_id) = 1 THEN '*' ELSE payer_id END AS payer_id,
           CASE WHEN grouping(category) = 1 THEN '*' ELSE category END AS category,
           resolution,
           count(*) AS claims,
           count(*) FILTER (WHERE appeals > 0) AS appealed_claims,
           count(*) FILTER (WHERE corrections > 0) AS corrected_claims,
           sum(denied_amount)::DECIMAL(18,2) AS denied_amount,
           sum(recovered_amount)::DECIMAL(18,2) AS recovered_amount,
           sum(written_off_amount)::DECIMAL(18,2) AS written_off_amount,
           CASE WHEN grouping(category) = 0 THEN any_value(resolution_path) END AS resolution_path
    FROM marts.appeals
    GROUP BY GROUPING SETS ((payer_id, category, resolution), (payer_id, resolution), (category, resolution), (resolution)${clinicSets})
    ORDER BY clinic_id, payer_id, category, resolution`);

  const rateCols = ['denial_rate', 'denied_amount', 'denial_rate_amount'];
  const rateRules: CellRule[] = [
    {
      counts: ['adjudicated_claims'],
      derived: ['denied_claims', 'billed_amount', 'fully_denied_claims', 'first_pass_claims', 'first_pass_rate', ...rateCols],
    },
    { counts: ['denied_claims'], complement: ['denied_claims', 'adjudicated_claims'], derived: rateCols },
    { counts: ['fully_denied_claims'], complement: ['fully_denied_claims', 'adjudicated_claims'] },
    { counts: ['first_pass_claims'], complement: ['first_pass_claims', 'adjudicated_claims'], derived: ['first_pass_rate'] },
  ];
  // A payer's adjudicated claims, billed amount, full denials and first passes are the payer's (the same on each of
  // its category rows): they add up across payers on the '*' category rows, and a value hidden there is hidden on
  // every category row of that payer and period.
  const byPeriod = ['period_grain', 'period_start'];
  const payerLevel = ['adjudicated_claims', 'billed_amount', 'fully_denied_claims', 'first_pass_claims', 'first_pass_rate'];
  const resolutionRules: CellRule[] = [
    {
      counts: ['initial_denials'],
      derived: ['routed_within_sla', 'routed_within_sla_pct', 'overturned', 'overturn_rate', 'recovered_amount',
        'written_off_amount', 'open_denials', 'unworked_denials', 'appealed', 'median_days_to_first_action'],
    },
    { counts: ['routed_within_sla'], complement: ['routed_within_sla', 'initial_denials'], derived: ['routed_within_sla_pct'] },
    { counts: ['overturned'], complement: ['overturned', 'initial_denials'], derived: ['overturn_rate', 'recovered_amount'] },
    { counts: ['open_denials'], complement: ['open_denials', 'initial_denials'], derived: ['written_off_amount'] },
    // initial = overturned + written off + open: a few written-off claims (and their dollars) would follow from the
    // other three, so the open count goes with them (written_off_claims is computed here, not published).
    { counts: ['written_off_claims'], derived: ['written_off_amount', 'open_denials'] },
    { counts: ['unworked_denials', 'appealed'] },
  ];
  const appealRules: CellRule[] = [
    { counts: ['claims'], derived: ['appealed_claims', 'corrected_claims', 'denied_amount', 'recovered_amount', 'written_off_amount'] },
    { counts: ['appealed_claims', 'corrected_claims'] },
  ];
  return {
    denial_rate: ctx.suppress(
      rate,
      rateRules,
      [
        { by: [...byPeriod, 'payer_id'], member: 'category', count: 'denied_claims', derived: rateCols },
        { by: [...byPeriod, 'category'], member: 'payer_id', count: 'denied_claims', derived: rateCols },
        ...memberGroups(rateRules.filter((r) => r.counts[0] !== 'denied_claims'), 'payer_id', byPeriod, (r) => r.category === '*'),
      ],
      ['payer_id', 'category'],
      // a hidden adjudicated count would come back as denied claims / denial rate on a category row, a hidden billed
      // amount as denied amount / amount rate
      [{ by: [...byPeriod, 'payer_id'], columns: payerLevel, derived: { adjudicated_claims: ['denial_rate'], billed_amount: ['denial_rate_amount'] } }],
    ),
    denial_systematic: systematic,
    denial_resolution: ctx
      .suppress(
        resolution.map((r) => ({
          ...r,
          written_off_claims:
            r.initial_denials === null || r.overturned === null || r.open_denials === null
              ? null
              : Number(r.initial_denials) - Number(r.overturned) - Number(r.open_denials),
        })),
        resolutionRules,
        memberGroups(resolutionRules, 'payer_id', byPeriod),
        ['payer_id'],
      )
      .map(({ written_off_claims: _w, ...r }) =>
        Array.isArray(r.suppressed) ? { ...r, suppressed: r.suppressed.filter((c) => c !== 'written_off_claims') } : r,
      ),
    appeals: ctx.suppress(appeals, appealRules, [
      ...memberGroups(appealRules, 'category', ['clinic_id', 'payer_id', 'resolution']),
      ...memberGroups(appealRules, 'payer_id', ['clinic_id', 'category', 'resolution']),
    ]),
  };
});
