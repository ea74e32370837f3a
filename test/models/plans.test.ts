/**
 * Query-plan guard: no model may make DuckDB fall back to a block-wise nested-loop join. That happens when a join
 * condition is not a conjunction of plain comparisons (an OR, an IS NULL test on one side, a function of both
 * sides): fine on a demo, but quadratic — minutes instead of seconds — on millions of claim lines (it once made
 * int_remit_records take 9 minutes at 1 M lines). Filters belong in WHERE / in a subquery, not in the ON clause.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { discoverModels, orderModels } from '../../src/models/runner.ts';
import { buildGiven, Given, type Built } from './given.ts';

let built: Built | undefined;
afterAll(() => built?.cleanup());

describe('model query plans', () => {
  it('use no block-wise nested-loop join', async () => {
    const g = new Given().ehr('payers', [{ payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: true }]);
    g.claims837([{ claim: 'A', submitted: '2025-03-03', lines: [{ cpt: '97110', charge: 100, date: '2025-03-01' }] }]);
    g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-20', claims: [{ claim: 'A', status: '1', charge: 100, paid: 80, adj: [{ group: 'CO', carc: '45', amount: 20 }] }] });
    built = await buildGiven(g, '2025-04-30', {}, { persistIntermediate: true });
    const offenders: string[] = [];
    await built.tw.withRw(async (wh) => {
      for (const m of orderModels(discoverModels())) {
        if (m.materialized === 'view') continue;
        const plan = (await wh.all<{ explain_value: string }>(`EXPLAIN ${m.sql.split('\n').filter((l) => !l.trimStart().startsWith('--')).join('\n')}`))
          .map((r) => r.explain_value)
          .join('\n');
        if (/BLOCKWISE_NL_JOIN/.test(plan)) offenders.push(`${m.schema}.${m.name}`);
      }
    });
    expect(offenders).toEqual([]);
  });
});
