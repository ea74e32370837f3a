/**
 * Small-cell suppression for the benchmark profile (domain-reference §9.1, CMS cell-size suppression policy): no
 * published cell may count 1 to smallCell − 1 claims or visits, and no value may be published from which such a
 * count can be derived — the rate or amount computed from it, the complement of a share (141 claims, 135 paid →
 * 6 not paid), or the last hidden member of a group whose total is shown.
 *
 * A suppressed value becomes `null` and the row lists what was hidden in `suppressed` (column names, sorted), so the
 * page can print "fewer than 11" instead of a blank. Zero is published: an empty cell reveals nobody.
 */

export type Row = Record<string, unknown>;

export interface CellRule {
  /**
   * Count columns (claims, visits, payments, requests): the rule fires when any of them is 1 … smallCell − 1.
   * The small counts are nulled.
   */
  counts: string[];
  /**
   * [numerator, denominator] of a share of counts: the rule also fires when denominator − numerator is
   * 1 … smallCell − 1, and then the numerator is nulled too (with the denominator public it would reveal the rest).
   */
  complement?: [string, string];
  /** Values derived from the counts (rates, amounts, medians): nulled whenever the rule fires. */
  derived?: string[];
}

export interface GroupRule {
  /** Columns that identify a group of rows adding up to a total row (e.g. period and payer). */
  by: string[];
  /** The column whose value distinguishes the members; the total row has `total` there (default '*'). */
  member: string;
  total?: string;
  /** The count that adds up to the total. */
  count: string;
  /** Columns nulled together with `count` when a member is suppressed to protect another one. */
  derived?: string[];
  /** Only rows for which this is true take part (default: all). */
  within?: (row: Row) => boolean;
  /** The member value of a row when it is not simply `row[member]` (the total row's value must be `total`). */
  memberOf?: (row: Row) => unknown;
  /** A further part of the group key computed from the row (e.g. the month a week starts in). */
  groupOf?: (row: Row) => unknown;
}

export interface SuppressOptions {
  smallCell: number;
  rules: CellRule[];
  /** Complementary suppression: within each group, never leave exactly one suppressed member. */
  groups?: GroupRule[];
  /**
   * For a periodised mart (`period_grain` week / month / all, `period_start`): the dimension columns of its grain
   * besides the period (e.g. payer_id, category). The weeks, and the months, of one dimension value add up to its
   * 'all' row, so a single hidden week or month could be recovered by subtraction: every count of the cell rules is
   * protected within each family too.
   */
  periodDims?: string[];
  /**
   * Columns that hold one value for a whole group of rows (e.g. a payer's adjudicated claims, repeated on each of its
   * category rows): hidden on one row of the group, they are hidden on all of them.
   */
  sameValue?: Array<{
    by: string[];
    columns: string[];
    /** Per column, the values on each row from which it could be computed back (adjudicated = denied / rate). */
    derived?: Record<string, string[]>;
  }>;
}

/**
 * Group rules for a dimension with a '*' total (clinic, payer): every count of the cell rules, within each group of
 * `by` columns (e.g. the period), so no single hidden member can be recovered as the total minus the published others.
 */
export function memberGroups(rules: CellRule[], member: string, by: string[], within?: (row: Row) => boolean): GroupRule[] {
  const out: GroupRule[] = [];
  for (const rule of rules) {
    for (const count of rule.counts) out.push({ by, member, count, derived: rule.derived, ...(within ? { within } : {}) });
  }
  return out;
}

/**
 * Group rules that keep a hidden week or month from being recovered as 'all' minus the published others, and a hidden
 * week as its month minus the month's other weeks. A week belongs to the month it starts in; a week that runs into
 * the next month makes that sum inexact, which only hides more than needed.
 */
export function periodGroups(rules: CellRule[], dims: string[]): GroupRule[] {
  const member = (r: Row) => (r.period_grain === 'all' ? '*' : r.period_start);
  const out: GroupRule[] = [];
  for (const family of ['week', 'month']) {
    const within = (r: Row) => r.period_grain === family || r.period_grain === 'all';
    for (const rule of rules) {
      for (const count of rule.counts) {
        out.push({ by: dims, member: 'period_start', count, derived: rule.derived, within, memberOf: member });
      }
    }
  }
  const weekInMonth = (r: Row) => r.period_grain === 'week' || r.period_grain === 'month';
  const monthOf = (r: Row) => String(r.period_start ?? '').slice(0, 7);
  const weekMember = (r: Row) => (r.period_grain === 'month' ? '*' : r.period_start);
  for (const rule of rules) {
    for (const count of rule.counts) {
      out.push({ by: dims, member: 'period_start', count, derived: rule.derived, within: weekInMonth, memberOf: weekMember, groupOf: monthOf });
    }
  }
  return out;
}

export const SUPPRESSED = 'suppressed';

/** True for a count that must not be published: 1 … smallCell − 1 (numbers only; null and 0 are fine). */
export function isSmall(value: unknown, smallCell: number): boolean {
  return typeof value === 'number' && value >= 1 && value < smallCell;
}

function hide(row: Row, columns: Iterable<string>): void {
  const list = new Set<string>((row[SUPPRESSED] as string[] | undefined) ?? []);
  for (const c of columns) {
    if (!(c in row)) continue;
    row[c] = null;
    list.add(c);
  }
  if (list.size) row[SUPPRESSED] = [...list].sort();
}

function wasHidden(row: Row, column: string): boolean {
  return ((row[SUPPRESSED] as string[] | undefined) ?? []).includes(column);
}

/** Apply the rules to copies of the rows (the input is not modified). */
export function suppressRows<T extends Row>(rows: readonly T[], opts: SuppressOptions): Array<T & { suppressed?: string[] }> {
  const { smallCell } = opts;
  if (!Number.isInteger(smallCell) || smallCell < 1) throw new Error(`smallCell must be a positive integer (got ${smallCell})`);
  const out = rows.map((r) => ({ ...r })) as Array<T & { suppressed?: string[] }>;
  const applyCellRules = (row: Row) => {
    for (const rule of opts.rules) {
      const small = rule.counts.filter((c) => isSmall(row[c], smallCell));
      let complementFired = false;
      if (rule.complement) {
        const [num, den] = rule.complement;
        const n = row[num];
        const d = row[den];
        complementFired = typeof n === 'number' && typeof d === 'number' && isSmall(d - n, smallCell);
      }
      if (small.length === 0 && !complementFired) continue;
      hide(row, [...small, ...(complementFired ? [rule.complement![0]] : []), ...(rule.derived ?? [])]);
    }
  };
  for (const row of out) applyCellRules(row);

  // Complementary suppression: a single hidden member of a group with a published total can be recovered by
  // subtraction, so hide the smallest other non-zero member too; repeat until no group has exactly one. Several
  // hidden members are still pinned when what they share (the total minus the published members) is small: each is
  // at least 1 (a zero is published), so 2 hidden members sharing 2 are 1 each. Hide more until that share is 0 or
  // at least smallCell. And a hidden total is not recomputed from its members: one of them is hidden too.
  // This protects each table (and its periods) on its own; the same count published by two tables under different
  // rules is not prevented (README, "The dashboards": what suppression does not cover).
  for (let changed = true, guard = 0; changed && guard < 100; guard++) {
    changed = false;
    for (const g of [...(opts.groups ?? []), ...(opts.periodDims ? periodGroups(opts.rules, opts.periodDims) : [])]) {
      const total = g.total ?? '*';
      const memberOf = g.memberOf ?? ((r: Row) => r[g.member]);
      const groups = new Map<string, Row[]>();
      for (const row of out) {
        if (g.within && !g.within(row)) continue;
        const key = JSON.stringify([...g.by.map((c) => row[c] ?? null), g.groupOf ? g.groupOf(row) : null]);
        let list = groups.get(key);
        if (!list) groups.set(key, (list = []));
        list.push(row);
      }
      for (const list of groups.values()) {
        const totalRow = list.find((r) => memberOf(r) === total);
        if (!totalRow) continue;
        const members = list.filter((r) => memberOf(r) !== total);
        if (wasHidden(totalRow, g.count)) {
          // A hidden total whose members are all published is their sum: hide the smallest non-zero member too.
          if (members.some((r) => wasHidden(r, g.count))) continue;
          const smallest = members
            .filter((r) => typeof r[g.count] === 'number' && (r[g.count] as number) > 0)
            .sort((a, b) => (a[g.count] as number) - (b[g.count] as number) || String(memberOf(a)).localeCompare(String(memberOf(b))))[0];
          if (smallest) {
            hide(smallest, [g.count, ...(g.derived ?? [])]);
            changed = true;
          }
          continue;
        }
        if (totalRow[g.count] === null || totalRow[g.count] === undefined) continue;
        const hidden = members.filter((r) => wasHidden(r, g.count));
        if (hidden.length === 0) continue;
        if (hidden.length > 1) {
          const published = members.reduce((s, r) => s + (wasHidden(r, g.count) || typeof r[g.count] !== 'number' ? 0 : (r[g.count] as number)), 0);
          const shared = typeof totalRow[g.count] === 'number' ? (totalRow[g.count] as number) - published : NaN;
          if (!isSmall(shared, smallCell)) continue;
        }
        const candidates = members
          .filter((r) => !wasHidden(r, g.count) && typeof r[g.count] === 'number' && (r[g.count] as number) > 0)
          .sort((a, b) => (a[g.count] as number) - (b[g.count] as number) || String(memberOf(a)).localeCompare(String(memberOf(b))));
        const next = candidates[0];
        if (next) {
          hide(next, [g.count, ...(g.derived ?? [])]);
          changed = true;
        } else {
          // Nothing else to hide: the total itself gives the hidden member away.
          hide(totalRow, [g.count, ...(g.derived ?? [])]);
          changed = true;
        }
      }
    }
    for (const same of opts.sameValue ?? []) {
      const groups = new Map<string, Row[]>();
      for (const row of out) {
        const key = JSON.stringify(same.by.map((c) => row[c] ?? null));
        let list = groups.get(key);
        if (!list) groups.set(key, (list = []));
        list.push(row);
      }
      for (const list of groups.values()) {
        for (const c of same.columns) {
          if (!list.some((r) => wasHidden(r, c))) continue;
          const cols = [c, ...(same.derived?.[c] ?? [])];
          for (const r of list) {
            if (cols.every((x) => wasHidden(r, x) || !(x in r))) continue;
            hide(r, cols);
            changed = true;
          }
        }
      }
    }
  }
  return out;
}

/**
 * What the value of a scorecard KPI (marts.kpi_weekly: one row per week and KPI, with numerator and denominator)
 * counts, for the benchmark profile:
 * - `ratio`: a share of claim/visit counts — hidden when the numerator, the denominator or their difference is small;
 * - `count`: the value is itself a count (e.g. unbilled visits);
 * - `denominator`: a statistic over `denominator` claims (e.g. the median days to submit);
 * - `{like, parts}`: a money value over the cohort counted by another KPI of the same week (e.g. denied dollars over
 *   the denied claims of denial_rate) — hidden when that KPI's numerator/denominator is small.
 * Every KPI, listed or not, is also hidden when its `basis_count` (marts.kpi_weekly: the smallest non-zero count of
 * claims, visits or payments behind the value, its parts or their difference) is small: that covers the dollar KPIs
 * (A/R balances, cash-pay share, underpayment) whose parts are not counts.
 */
export type KpiBasis = 'ratio' | 'count' | 'denominator' | { like: string; parts: Array<'numerator' | 'denominator'> };

export const KPI_BASIS: Record<string, KpiBasis> = {
  denial_rate: 'ratio',
  first_pass_rate: 'ratio',
  overturn_rate: 'ratio',
  denials_routed_within_sla_pct: 'ratio',
  submitted_within_1_day_pct: 'ratio',
  posted_within_1_day_pct: 'ratio',
  auth_leakage_rate: 'ratio',
  unbilled_visits: 'count',
  median_days_to_submit: 'denominator',
  denial_rate_amount: { like: 'denial_rate', parts: ['numerator', 'denominator'] },
  net_collection_rate: { like: 'denial_rate', parts: ['denominator'] },
  auth_leaked_amount: { like: 'auth_leakage_rate', parts: ['numerator'] },
};

/**
 * Suppress kpi_weekly rows (`week_start`, `kpi`, `value`, `numerator`, `denominator`, `status`, `previous_value`,
 * `change`, `basis_count`): each KPI by its basis and by its basis_count, then the week-over-week change of any week
 * that follows a hidden one (it would give the hidden value away). basis_count is dropped from the rows returned (it
 * is a count of its own).
 */
export function suppressKpiRows<T extends Row>(rows: readonly T[], smallCell: number, basisOf: Record<string, KpiBasis> = KPI_BASIS): Row[] {
  const byKey = new Map(rows.map((r) => [`${r.week_start}|${r.kpi}`, r]));
  const values = ['value', 'previous_value', 'change', 'status'];
  const one = (r: Row, rules: CellRule[]) => suppressRows([r], { smallCell, rules })[0]!;
  const out: Row[] = rows.map((row) => {
    const { basis_count: basisCount, ...r } = row;
    if (isSmall(basisCount, smallCell)) {
      const x: Row = { ...r };
      hide(x, [...values, 'numerator', 'denominator']);
      return x;
    }
    const basis = basisOf[String(r.kpi)];
    if (!basis) return { ...r };
    if (basis === 'ratio') return one(r, [{ counts: ['numerator', 'denominator'], complement: ['numerator', 'denominator'], derived: values }]);
    if (basis === 'count') return one(r, [{ counts: ['value', 'numerator'], derived: values }]);
    if (basis === 'denominator') return one(r, [{ counts: ['denominator'], derived: values }]);
    const other = byKey.get(`${r.week_start}|${basis.like}`);
    if (!basis.parts.some((part) => isSmall(other?.[part], smallCell))) return { ...r };
    const x: Row = { ...r };
    hide(x, [...values, 'numerator', 'denominator']);
    return x;
  });
  const hiddenWeek = new Set(out.filter((r) => r.value === null && wasHidden(r, 'value')).map((r) => `${r.week_start}|${r.kpi}`));
  const weeks = [...new Set(out.map((r) => String(r.week_start)))].sort();
  const prevWeek = new Map(weeks.map((w, i) => [w, weeks[i - 1]]));
  for (const r of out) {
    const prev = prevWeek.get(String(r.week_start));
    if (prev && hiddenWeek.has(`${prev}|${r.kpi}`)) hide(r, ['previous_value', 'change']);
  }
  return out;
}

/**
 * Every numeric value in `value` (recursively) under a key accepted by `isCount` that lies in 1 … smallCell − 1:
 * the check the benchmark build and its test run over the published JSON.
 */
export function findSmallCounts(
  value: unknown,
  smallCell: number,
  isCount: (key: string) => boolean,
  where = '$',
): Array<{ path: string; value: number }> {
  const found: Array<{ path: string; value: number }> = [];
  const walk = (v: unknown, p: string, key: string | undefined) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${p}.${k}`, k);
    else if (key !== undefined && isCount(key) && isSmall(v, smallCell)) found.push({ path: p, value: v as number });
  };
  walk(value, where, undefined);
  return found;
}
