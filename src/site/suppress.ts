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
}

export interface SuppressOptions {
  smallCell: number;
  rules: CellRule[];
  /** Complementary suppression: within each group, never leave exactly one suppressed member. */
  groups?: GroupRule[];
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
  // subtraction, so hide the smallest other non-zero member too; repeat until no group has exactly one.
  for (let changed = true, guard = 0; changed && guard < 100; guard++) {
    changed = false;
    for (const g of opts.groups ?? []) {
      const total = g.total ?? '*';
      const groups = new Map<string, Row[]>();
      for (const row of out) {
        const key = JSON.stringify(g.by.map((c) => row[c] ?? null));
        let list = groups.get(key);
        if (!list) groups.set(key, (list = []));
        list.push(row);
      }
      for (const list of groups.values()) {
        const totalRow = list.find((r) => r[g.member] === total);
        if (!totalRow || totalRow[g.count] === null || totalRow[g.count] === undefined) continue;
        const members = list.filter((r) => r[g.member] !== total);
        const hidden = members.filter((r) => wasHidden(r, g.count));
        if (hidden.length !== 1) continue;
        const candidates = members
          .filter((r) => !wasHidden(r, g.count) && typeof r[g.count] === 'number' && (r[g.count] as number) > 0)
          .sort((a, b) => (a[g.count] as number) - (b[g.count] as number) || String(a[g.member]).localeCompare(String(b[g.member])));
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
