import { describe, expect, it } from 'vitest';
import { findSmallCounts, isSmall, memberGroups, suppressKpiRows, suppressRows } from '../../src/site/suppress.ts';

describe('small-cell suppression (benchmark profile)', () => {
  it('treats 1 … smallCell − 1 as small, never 0, null or smallCell itself', () => {
    expect([0, 1, 5, 10, 11, 12].map((v) => isSmall(v, 11))).toEqual([false, true, true, true, false, false]);
    expect(isSmall(null, 11)).toBe(false);
    expect(isSmall('3', 11)).toBe(false);
  });

  it('hides a small count and everything derived from it, and marks the row', () => {
    const rows = [
      { payer_id: 'a', claims: 40, denied: 3, rate: 0.075, denied_amount: 120 },
      { payer_id: 'b', claims: 40, denied: 12, rate: 0.3, denied_amount: 900 },
      { payer_id: 'c', claims: 40, denied: 0, rate: 0, denied_amount: 0 },
    ];
    const out = suppressRows(rows, { smallCell: 11, rules: [{ counts: ['denied'], derived: ['rate', 'denied_amount'] }] });
    expect(out[0]).toEqual({ payer_id: 'a', claims: 40, denied: null, rate: null, denied_amount: null, suppressed: ['denied', 'denied_amount', 'rate'] });
    expect(out[1]).toEqual(rows[1]);
    // Zero reveals nobody: published.
    expect(out[2]).toEqual(rows[2]);
    // The input is not modified.
    expect(rows[0]!.denied).toBe(3);
  });

  it('hides a share whose complement is small (141 claims, 135 paid reveals 6 unpaid)', () => {
    const out = suppressRows([{ claims: 141, paid: 135, paid_rate: 135 / 141 }], {
      smallCell: 11,
      rules: [{ counts: ['paid'], complement: ['paid', 'claims'], derived: ['paid_rate'] }],
    });
    expect(out[0]).toEqual({ claims: 141, paid: null, paid_rate: null, suppressed: ['paid', 'paid_rate'] });
  });

  it('a small denominator hides the whole row of values derived from it', () => {
    const out = suppressRows([{ clinic: 'A', claims: 7, denied: 2, rate: 2 / 7 }], {
      smallCell: 11,
      rules: [{ counts: ['claims'], derived: ['denied', 'rate'] }],
    });
    expect(out[0]).toMatchObject({ claims: null, denied: null, rate: null });
  });

  it('never leaves exactly one hidden member in a group whose total is published (complementary suppression)', () => {
    const rows = [
      { payer: '*', category: '*', denied: 60 },
      { payer: '*', category: 'coding', denied: 4 },
      { payer: '*', category: 'eligibility', denied: 20 },
      { payer: '*', category: 'authorization', denied: 36 },
    ];
    const out = suppressRows(rows, {
      smallCell: 11,
      rules: [{ counts: ['denied'] }],
      groups: [{ by: ['payer'], member: 'category', count: 'denied' }],
    });
    const hidden = out.filter((r) => r.denied === null).map((r) => r.category);
    // coding (4) is small; eligibility (20, the smallest other member) is hidden too, so 60 − 36 gives only the sum.
    expect(hidden.sort()).toEqual(['coding', 'eligibility']);
    expect(out.find((r) => r.category === '*')!.denied).toBe(60);
  });

  it('hides more members when the hidden ones share a small remainder (two hidden sharing 2 are 1 each)', () => {
    // Total 14 reversals: MCR 12 published, AET 0, BCBS 1 and UNK 1 hidden → 14 − 12 − 0 = 2 shared by two hidden
    // cells, each ≥ 1 (zero is published): both are 1. MCR (the smallest non-zero published member) must go too.
    const rows = [
      { payer: '*', reversals: 14 },
      { payer: 'mcr', reversals: 12 },
      { payer: 'aet', reversals: 0 },
      { payer: 'bcbs', reversals: 1 },
      { payer: 'unk', reversals: 1 },
    ];
    const out = suppressRows(rows, { smallCell: 11, rules: [{ counts: ['reversals'] }], groups: [{ by: [], member: 'payer', count: 'reversals' }] });
    expect(out.filter((r) => r.reversals === null).map((r) => r.payer).sort()).toEqual(['bcbs', 'mcr', 'unk']);
    // 14 − 0 = 14 shared by three hidden cells: at least smallCell, nothing is pinned; the total stays.
    expect(out.find((r) => r.payer === '*')!.reversals).toBe(14);
  });

  it('a total hidden to protect another cell is not recomputed from its published members: one of them goes too', () => {
    // '*' = insurance + cash: cash (6) is small, insurance (58) is hidden as its partner. Insurance = commercial +
    // medicare (16 + 42), both published, would give insurance, then cash, back.
    const rows = [
      { cls: '*', visits: 64 },
      { cls: 'cash', visits: 6 },
      { cls: 'insurance', visits: 58 },
      { cls: 'commercial', visits: 16 },
      { cls: 'medicare', visits: 42 },
    ];
    const top = (r: Record<string, unknown>) => ['*', 'insurance', 'cash'].includes(String(r.cls));
    const out = suppressRows(rows, {
      smallCell: 11,
      rules: [{ counts: ['visits'] }],
      groups: [
        { by: [], member: 'cls', total: '*', count: 'visits', within: top },
        { by: [], member: 'cls', total: 'insurance', count: 'visits', within: (r) => r.cls !== '*' && r.cls !== 'cash' },
      ],
    });
    // cash small; insurance its partner; then commercial (16, the smaller insured class) so insurance stays unknown.
    expect(out.filter((r) => r.visits === null).map((r) => r.cls).sort()).toEqual(['cash', 'commercial', 'insurance']);
  });

  it('keeps a hidden week or month from being recovered as the all-time row minus the others (periodDims)', () => {
    const row = (payer: string, grain: string, start: string | null, claims: number, paid: number) => ({ period_grain: grain, period_start: start, payer, claims, paid });
    const rows = [
      row('a', 'all', null, 55, 550),
      row('a', 'month', '2025-01-01', 5, 50), // small: hidden
      row('a', 'month', '2025-02-01', 20, 200),
      row('a', 'month', '2025-03-01', 30, 300),
      row('a', 'week', '2025-01-06', 5, 50), // small: hidden
      row('a', 'week', '2025-02-03', 50, 500),
      row('b', 'all', null, 40, 400), // another payer: its own groups, nothing small
      row('b', 'month', '2025-01-01', 40, 400),
    ];
    const out = suppressRows(rows, { smallCell: 11, rules: [{ counts: ['claims'], derived: ['paid'] }], periodDims: ['payer'] });
    const hidden = (grain: string) => out.filter((r) => r.period_grain === grain && r.claims === null).map((r) => `${r.payer} ${r.period_start}`).sort();
    // January (5) is small; 55 − 20 − 30 would give it back, so February (the smallest other month) goes too.
    expect(hidden('month')).toEqual(['a 2025-01-01', 'a 2025-02-01']);
    // The week of 01-06 (5) is small and 55 − 50 gives it back: the week of 02-03 goes too, with its paid amount.
    expect(hidden('week')).toEqual(['a 2025-01-06', 'a 2025-02-03']);
    expect(out.find((r) => r.period_start === '2025-02-03')!.paid).toBeNull();
    expect(out.filter((r) => r.period_grain === 'all').map((r) => r.claims)).toEqual([55, 40]);
    expect(out.find((r) => r.payer === 'b' && r.period_grain === 'month')!.claims).toBe(40);
  });

  it('keeps a hidden week from being recovered as its month minus the month\'s other weeks', () => {
    // Weeks of March 28, 17, 4, 22 (month 71) and of April 9, 30 (month 39); all time 110. Against the all-time row the
    // two small weeks (4 and 9) share 13: nothing pinned. But March − 28 − 17 − 22 = 4: one more March week must go.
    const w = (start: string, n: number) => ({ period_grain: 'week', period_start: start, payer: 'p', claims: n });
    const rows = [
      { period_grain: 'all', period_start: null, payer: 'p', claims: 110 },
      { period_grain: 'month', period_start: '2025-03-01', payer: 'p', claims: 71 },
      { period_grain: 'month', period_start: '2025-04-01', payer: 'p', claims: 39 },
      w('2025-03-03', 28), w('2025-03-10', 17), w('2025-03-17', 4), w('2025-03-24', 22), w('2025-04-07', 9), w('2025-04-14', 30),
    ];
    const out = suppressRows(rows, { smallCell: 11, rules: [{ counts: ['claims'] }], periodDims: ['payer'] });
    const hiddenWeeks = out.filter((r) => r.period_grain === 'week' && r.claims === null).map((r) => r.period_start).sort();
    // 03-17 and 04-07 are small; 03-10 (the smallest other March week) and 04-14 (April's only other week) go too.
    expect(hiddenWeeks).toEqual(['2025-03-10', '2025-03-17', '2025-04-07', '2025-04-14']);
    expect(out.find((r) => r.period_grain === 'month' && r.period_start === '2025-03-01')!.claims).toBe(71);
  });

  it('hides the total when no other member can protect the single hidden one', () => {
    const out = suppressRows(
      [
        { g: 1, m: '*', n: 25 },
        { g: 1, m: 'x', n: 5 },
        { g: 1, m: 'y', n: 0 },
      ],
      { smallCell: 11, rules: [{ counts: ['n'] }], groups: [{ by: ['g'], member: 'm', count: 'n' }] },
    );
    expect(out.map((r) => r.n)).toEqual([null, null, 0]);
  });

  it('applies the group rule across several dimensions until stable', () => {
    const rows = [];
    for (const p of ['*', 'p1', 'p2', 'p3']) {
      for (const c of ['*', 'c1', 'c2']) rows.push({ p, c, n: p === 'p1' && c === 'c1' ? 3 : 30 });
    }
    const out = suppressRows(rows, {
      smallCell: 11,
      rules: [{ counts: ['n'] }],
      groups: [
        { by: ['p'], member: 'c', count: 'n' },
        { by: ['c'], member: 'p', count: 'n' },
      ],
    });
    // Every row and every column of the grid that has a hidden cell has at least two.
    for (const key of ['p', 'c'] as const) {
      const other = key === 'p' ? 'c' : 'p';
      const groups = new Map<string, typeof out>();
      for (const r of out) groups.set(String(r[key]), [...(groups.get(String(r[key])) ?? []), r]);
      for (const g of groups.values()) {
        const hiddenMembers = g.filter((r) => r[other] !== '*' && r.n === null).length;
        expect(hiddenMembers === 0 || hiddenMembers >= 2).toBe(true);
      }
    }
  });

  it('memberGroups protects every count of the cell rules across the members, not only the first', () => {
    // Clinic A's 5 late claims (73 − 68) would come back as ('*' 68 − B 0) if only the claims were grouped.
    const rules = [
      { counts: ['claims'], derived: ['within'] },
      { counts: ['within'], complement: ['within', 'claims'] as [string, string] },
    ];
    const rows = [
      { week: 'w1', clinic: '*', claims: 85, within: 68 },
      { week: 'w1', clinic: 'A', claims: 73, within: 68 },
      { week: 'w1', clinic: 'B', claims: 12, within: 0 },
    ];
    const out = suppressRows(rows, { smallCell: 11, rules, groups: memberGroups(rules, 'clinic', ['week']) });
    // A's within is hidden (complement 5); B's within is 0 (nothing to hide) → the total's within goes.
    expect(out.map((r) => r.within)).toEqual([null, null, 0]);
    expect(memberGroups(rules, 'clinic', ['week'])).toEqual([
      { by: ['week'], member: 'clinic', count: 'claims', derived: ['within'] },
      { by: ['week'], member: 'clinic', count: 'within', derived: undefined },
    ]);
  });

  it('sameValue hides a value on every row of its group once it is hidden on one', () => {
    // A payer's adjudicated claims repeat on each of its category rows. q's 9 is small; to protect it, p's 20 is hidden
    // on p's all-category row (49 − 20 would give q back) — and so on p's coding row too, where it is the same 20.
    const rows = [
      { payer: '*', category: '*', adjudicated: 49 },
      { payer: 'p', category: '*', adjudicated: 20 },
      { payer: 'p', category: 'coding', adjudicated: 20 },
      { payer: 'q', category: '*', adjudicated: 9 },
      { payer: '*', category: 'x', adjudicated: 49 },
    ];
    const opts = {
      smallCell: 11,
      rules: [{ counts: ['adjudicated'] }],
      groups: [{ by: [], member: 'payer', count: 'adjudicated', within: (r: Record<string, unknown>) => r.category === '*' }],
    };
    expect(suppressRows(rows, opts).map((r) => r.adjudicated)).toEqual([49, null, 20, null, 49]);
    const same = suppressRows(rows, { ...opts, sameValue: [{ by: ['payer'], columns: ['adjudicated'] }] });
    expect(same.map((r) => r.adjudicated)).toEqual([49, null, null, null, 49]);
    expect(same[2]!.suppressed).toEqual(['adjudicated']);
  });

  it('sameValue also hides, on every row of the group, what would give the hidden value back (adjudicated = denied / rate)', () => {
    // Payers a (5, small), b (120), c (200), total 325. b's 120 is hidden to protect a; b's coding row must not keep
    // 30 denials at a rate of 0.25 (30 / 0.25 = 120, and 325 − 120 − 200 = a's 5).
    const rows = [
      { payer: '*', category: '*', adjudicated: 325 },
      { payer: 'a', category: '*', adjudicated: 5 },
      { payer: 'b', category: '*', adjudicated: 120 },
      { payer: 'b', category: 'coding', adjudicated: 120, denied: 30, rate: 0.25 },
      { payer: 'c', category: '*', adjudicated: 200 },
    ];
    const out = suppressRows(rows, {
      smallCell: 11,
      rules: [{ counts: ['adjudicated'], derived: ['rate'] }],
      groups: [{ by: [], member: 'payer', count: 'adjudicated', derived: ['rate'], within: (r) => r.category === '*' }],
      sameValue: [{ by: ['payer'], columns: ['adjudicated'], derived: { adjudicated: ['rate'] } }],
    });
    expect(out[3]).toEqual({ payer: 'b', category: 'coding', adjudicated: null, denied: 30, rate: null, suppressed: ['adjudicated', 'rate'] });
  });

  it('rejects a nonsensical threshold', () => {
    expect(() => suppressRows([], { smallCell: 0, rules: [] })).toThrow(/smallCell/);
  });

  it('findSmallCounts lists every small count under the given keys, recursively', () => {
    const doc = { a: [{ claims: 3, rate: 0.5 }, { claims: 0 }], b: { visits: 11, nested: [{ visits: 10 }] } };
    expect(findSmallCounts(doc, 11, (k) => k === 'claims' || k === 'visits')).toEqual([
      { path: '$.a[0].claims', value: 3 },
      { path: '$.b.nested[0].visits', value: 10 },
    ]);
  });
});

describe('scorecard KPI suppression', () => {
  const week = (week_start: string, kpi: string, numerator: number | null, denominator: number | null, value: number) => ({
    week_start, kpi, numerator, denominator, value, status: 'green', previous_value: 0.1, change: 0.01,
  });

  it('hides a share of small counts, a share with a small complement, a small count KPI, and money over a small cohort', () => {
    const rows = [
      week('2025-01-06', 'denial_rate', 4, 120, 4 / 120),
      week('2025-01-06', 'denial_rate_amount', 900, 30_000, 0.03),
      week('2025-01-06', 'first_pass_rate', 115, 120, 115 / 120),
      week('2025-01-06', 'unbilled_visits', 7, null, 7),
      week('2025-01-06', 'median_days_to_submit', null, 150, 1),
      week('2025-01-06', 'days_in_ar', 50_000, 1_500, 33),
    ];
    const out = suppressKpiRows(rows, 11);
    const by = (k: string) => out.find((r) => r.kpi === k)!;
    expect(by('denial_rate')).toMatchObject({ numerator: null, value: null, status: null, denominator: 120 });
    expect(by('denial_rate_amount')).toMatchObject({ numerator: null, denominator: null, value: null });
    expect(by('first_pass_rate')).toMatchObject({ numerator: null, value: null, denominator: 120 });
    expect(by('unbilled_visits')).toMatchObject({ numerator: null, value: null });
    expect(by('median_days_to_submit')).toMatchObject({ value: 1, denominator: 150 });
    expect(by('days_in_ar')).toMatchObject({ value: 33 });
  });

  it('hides any KPI whose basis_count is small (dollar KPIs with no count parts), and drops basis_count', () => {
    const rows = [
      { ...week('2025-01-06', 'cash_revenue_share', 50, 100, 0.5), basis_count: 2 }, // one cash patient's payment
      { ...week('2025-01-06', 'underpaid_amount', 10, null, 10), basis_count: 7 },
      { ...week('2025-01-06', 'days_in_ar', 700, 20, 35), basis_count: 6 },
      { ...week('2025-01-06', 'ar_over_90_pct', 0, 5_000, 0), basis_count: 40 },
      { ...week('2025-01-06', 'auth_leaked_amount', 0, null, 0), basis_count: 0 }, // nothing leaked: 0 is published
    ];
    const out = suppressKpiRows(rows, 11);
    const by = (k: string) => out.find((r) => r.kpi === k)!;
    for (const k of ['cash_revenue_share', 'underpaid_amount', 'days_in_ar']) {
      expect(by(k), k).toMatchObject({ value: null, numerator: null, denominator: null, status: null, previous_value: null, change: null });
    }
    expect(by('ar_over_90_pct')).toMatchObject({ value: 0, denominator: 5_000 });
    expect(by('auth_leaked_amount')).toMatchObject({ value: 0 });
    expect(out.some((r) => 'basis_count' in r)).toBe(false);
  });

  it('hides the week-over-week change that follows a hidden week', () => {
    const out = suppressKpiRows([week('2025-01-06', 'denial_rate', 4, 120, 0.03), week('2025-01-13', 'denial_rate', 20, 130, 0.15)], 11);
    expect(out[1]).toMatchObject({ value: 0.15, previous_value: null, change: null, suppressed: ['change', 'previous_value'] });
  });
});
