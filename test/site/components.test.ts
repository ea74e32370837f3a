// The pure page components: the contract model, re-aggregation of mart rows, number formats, mart definitions.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module of the site (no types)
import { modelContracts, payerTotals } from '../../reports/components/contract-model.js';
// @ts-expect-error plain JS module of the site (no types)
import { ratio, rollup, sumRows } from '../../reports/components/aggregate.js';
// @ts-expect-error plain JS module of the site (no types)
import { byUnit, change, month, pct } from '../../reports/components/format.js';
import { parseMartHeader, readMartDocs } from '../../src/site/mart-docs.ts';
import { PROJECT_ROOT } from '../../src/site/build.ts';

const base = [
  { payer_id: 'good', visits: 100, allowed: 10_000, cost: 7_000 },
  { payer_id: 'poor', visits: 50, allowed: 2_500, cost: 3_500 },
];

describe('contract model', () => {
  it('sums payer_profitability rows per payer, ignoring the * rollup', () => {
    const rows = [
      { payer_id: 'a', visits: 10, claims: 10, allowed: 1000, cost: 600, billed: 1500, underpaid_amount: 0 },
      { payer_id: 'a', visits: 5, claims: 5, allowed: 500, cost: 300, billed: 700, underpaid_amount: 10 },
      { payer_id: '*', visits: 15, claims: 15, allowed: 1500, cost: 900, billed: 2200, underpaid_amount: 10 },
    ];
    expect(payerTotals(rows)).toEqual([
      { payer_id: 'a', visits: 15, claims: 15, allowed: 1500, cost: 900, billed: 2200, underpaid_amount: 10, margin: 600 },
    ]);
  });

  it('with no change reproduces the baseline', () => {
    const r = modelContracts(base, { cashRatePerVisit: 120, costPerVisit: 62 });
    expect(r.totals.baseline).toEqual({ visits: 150, allowed: 12_500, cost: 10_500, margin: 2_000 });
    expect(r.totals.delta.margin).toBeCloseTo(0);
  });

  it('a rate change moves the payer allowed by that percentage and nothing else', () => {
    const r = modelContracts(base, { rateChanges: { poor: 0.1 }, cashRatePerVisit: 120, costPerVisit: 62 });
    expect(r.totals.delta.margin).toBeCloseTo(250);
    expect(r.rows.find((x: { payer_id: string }) => x.payer_id === 'good').margin_change).toBeCloseTo(0);
  });

  it('moving volume carries the destination rate and cost per visit', () => {
    const r = modelContracts(base, { move: { from: 'poor', to: 'good', share: 0.5 }, cashRatePerVisit: 120, costPerVisit: 62 });
    // 25 visits leave poor (margin −20/visit) and earn good's +30/visit: +25 × 20 + 25 × 30.
    expect(r.totals.delta.margin).toBeCloseTo(1_250);
    expect(r.totals.delta.visits).toBeCloseTo(0);
  });

  it('out of network: the payer’s patients who stay pay cash and cost only the visit', () => {
    const r = modelContracts(base, { outOfNetwork: { payer_id: 'poor', attrition: 0.4 }, cashRatePerVisit: 120, costPerVisit: 62 });
    const cash = r.rows.find((x: { payer_id: string }) => x.payer_id === 'cash:poor');
    expect(cash.scenario.visits).toBeCloseTo(30);
    expect(cash.scenario.margin).toBeCloseTo(30 * (120 - 62));
    // poor's −1,000 margin disappears, cash adds +1,740.
    expect(r.totals.delta.margin).toBeCloseTo(1_000 + 1_740);
    expect(r.totals.delta.visits).toBeCloseTo(-20);
  });
});

describe('re-aggregation', () => {
  it('sums additive parts and derives ratios from the sums', () => {
    const rows = [
      { p: 'a', n: 1, d: 10 },
      { p: 'a', n: 3, d: 30 },
      { p: 'b', n: 5, d: 0 },
    ];
    const out = rollup(rows, ['p'], ['n', 'd'], (s: { n: number; d: number }) => ({ rate: ratio(s.n, s.d) }));
    expect(out).toEqual([
      { p: 'a', n: 4, d: 40, rate: 0.1 },
      { p: 'b', n: 5, d: 0, rate: null },
    ]);
  });

  it('a sum over a suppressed cell is unknown, and so is its ratio', () => {
    const rows = [{ n: 20, d: 100 }, { n: null, d: 50, suppressed: ['n'] }];
    expect(sumRows(rows, ['n', 'd'])).toEqual({ n: null, d: 150, suppressed: ['n'] });
    const [r] = rollup(rows.map((x) => ({ ...x, k: 1 })), ['k'], ['n', 'd'], (s: { n: number | null; d: number }) => ({ rate: ratio(s.n, s.d) }));
    expect(r).toMatchObject({ n: null, rate: null, suppressed: ['n', 'rate'] });
  });
});

describe('formats', () => {
  it('formats by the unit of the metric dictionary', () => {
    expect(byUnit('ratio', 0.0612)).toBe('6.1%');
    expect(byUnit('money', 1234.5)).toBe('$1,235');
    expect(byUnit('days', 2.25)).toBe('2.3 d');
    expect(byUnit('count', 1234)).toBe('1,234');
    expect(pct(null)).toBe('—');
    expect(change('ratio', -0.0123)).toBe('−1.2 pts');
    expect(change('ratio', 0.0001)).toBe('±0.0 pts');
    expect(month('2025-03-01')).toBe('Mar 2025');
  });
});

describe('mart definitions', () => {
  it('reads grain and rule from the header comment', () => {
    const doc = parseMartHeader('x', '-- x: what it is (DESIGN.md §6.1).\n-- grain: a, b\n-- rule: first line\n--       second line\nselect 1');
    expect(doc).toEqual({ mart: 'x', summary: 'what it is.', grain: 'a, b', rule: 'first line second line' });
  });

  it('every mart the site reads has a summary and a grain', () => {
    const docs = readMartDocs();
    // marts.files is a view of the ledger, not a model file: its definition is written in mart-docs.ts
    const read = new Set<string>();
    for (const f of fs.readdirSync(path.join(PROJECT_ROOT, 'reports'))) {
      if (!f.endsWith('.md')) continue;
      for (const m of fs.readFileSync(path.join(PROJECT_ROOT, 'reports', f), 'utf8').matchAll(/source\(site, "([a-z_]+)"/g)) read.add(m[1]!);
    }
    expect(read.size).toBeGreaterThan(10);
    expect(read.has('files')).toBe(true);
    for (const mart of read) {
      const d = docs.find((x) => x.mart === mart);
      expect(d?.summary, mart).toBeTruthy();
      expect(d?.grain, mart).toBeTruthy();
    }
  });
});
