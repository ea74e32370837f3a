// What each profile publishes: the benchmark profile aggregates only, with no count from 1 to 10 and clinics
// labelled; the internal profile worklists carry claim / visit / auth ids and pseudonymous patient keys only — and
// the published rows are projections of the marts.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../src/db/warehouse.ts';
import { queryPlain, type PlainRow } from '../../src/db/results.ts';
import { findSmallCounts } from '../../src/site/suppress.ts';
import { dataFiles, listFiles, siteFixture, SMALL_CELL, type SiteFixture } from './fixture.ts';

let fx: SiteFixture;
let internal: Map<string, unknown>;
let benchmark: Map<string, unknown>;
const WORKLISTS = ['denial-worklist', 'auth-alerts', 'unbilled-visits', 'credit-balances'];

async function query(sql: string): Promise<PlainRow[]> {
  const wh = await openWarehouse({ path: fx.dbPath, mode: 'ro', purpose: 'site profile test' });
  try {
    return (await queryPlain(wh.con, sql)).rows;
  } finally {
    await wh.close();
  }
}

beforeAll(async () => {
  fx = await siteFixture();
  internal = dataFiles(fx.internal.outDir);
  benchmark = dataFiles(fx.benchmark.outDir);
}, 15 * 60_000);

/**
 * This test's own idea of a count of claims or visits (deliberately not the loaders' rule list): integer fields
 * named like claims, visits, denials, payments, requests or findings, and the numerator/denominator of the
 * scorecard KPIs that are shares of such counts.
 */
const COUNT_KEY =
  /(^|_)(claims|visits|denials|denied|payments|requests|approved|pending|overturned|appealed|findings|items|reauthorizations|routed_within_sla|confirmed_by_denial|within_1_day|reversals|takebacks)$/;
const RATIO_OF_COUNTS = new Set(['denial_rate', 'first_pass_rate', 'overturn_rate', 'denials_routed_within_sla_pct', 'submitted_within_1_day_pct', 'posted_within_1_day_pct', 'auth_leakage_rate', 'unbilled_visits']);

describe('benchmark profile', () => {
  it('publishes no worklist', () => {
    for (const w of WORKLISTS) expect(benchmark.get(w), w).toEqual([]);
    const quality = benchmark.get('quality') as Record<string, unknown[]>;
    expect(quality.data_quality).toEqual([]);
    expect(quality.files).toEqual([]);
    expect((benchmark.get('lags') as Record<string, unknown[]>).days_to_submit).toEqual([]);
  });

  it('publishes no record-level identifier anywhere', () => {
    for (const f of listFiles(fx.benchmark.outDir).filter((f) => f.endsWith('.json'))) {
      const text = fs.readFileSync(path.join(fx.benchmark.outDir, f), 'utf8');
      expect(text, f).not.toMatch(/"(patient_key|claim_id|visit_id|auth_id|provider_npi|file_name|sha256|key|message)":/);
      expect(text, f).not.toMatch(/"p_[0-9a-f]{16}"/);
    }
  });

  it('labels clinics and never prints their names', async () => {
    const clinics = await query(`SELECT clinic_id, clinic_name, billing_npi FROM marts.clinics`);
    const site = benchmark.get('site') as { clinics: Array<{ clinic_id: string; label: string }> };
    expect(site.clinics.map((c) => c.label)).toEqual(clinics.map((_, i) => `Clinic ${String.fromCharCode(65 + i)}`));
    for (const f of listFiles(fx.benchmark.outDir)) {
      const text = fs.readFileSync(path.join(fx.benchmark.outDir, f), 'latin1');
      for (const c of clinics) {
        expect(text.includes(String(c.clinic_name)), `${c.clinic_name} in ${f}`).toBe(false);
        if (c.billing_npi) expect(text.includes(String(c.billing_npi)), `NPI in ${f}`).toBe(false);
      }
    }
    const bench = (benchmark.get('benchmarks') as { clinic_benchmarks: Array<{ clinic_id: string }> }).clinic_benchmarks;
    expect(new Set(bench.map((r) => r.clinic_id))).toEqual(new Set(['*', ...site.clinics.map((c) => c.label)]));
  });

  it(`publishes no count of claims or visits from 1 to ${SMALL_CELL - 1}`, () => {
    const small: Array<{ file: string; path: string; value: number }> = [];
    for (const [name, doc] of benchmark) {
      const isCount = (k: string) => COUNT_KEY.test(k) && !/^pct_|_pct$|rate|share/.test(k);
      for (const hit of findSmallCounts(doc, SMALL_CELL, isCount)) small.push({ file: name, ...hit });
      const weekly = (doc as { kpi_weekly?: Array<Record<string, unknown>> }).kpi_weekly ?? [];
      weekly.forEach((r, i) => {
        if (!RATIO_OF_COUNTS.has(String(r.kpi))) return;
        for (const k of ['numerator', 'denominator']) {
          const v = r[k];
          if (typeof v === 'number' && v >= 1 && v < SMALL_CELL) small.push({ file: name, path: `kpi_weekly[${i}].${k} (${r.kpi})`, value: v });
        }
      });
    }
    expect(small).toEqual([]);
  });

  it('publishes no value from which a hidden count can be worked back', () => {
    // A/R: the over-90 balance of a payer whose over-90 claims are few (its aging buckets are hidden) must not be
    // shown as a balance or a share of the published total (share × total = the hidden buckets' balance).
    const ar = (doc: unknown) => doc as { ar_aging: Array<Record<string, unknown>>; ar_summary: Array<Record<string, unknown>> };
    const over90 = new Map<string, number>();
    for (const r of ar(internal.get('ar')).ar_aging) {
      if (r.bucket === '91-120' || r.bucket === '121+') over90.set(String(r.payer_id), (over90.get(String(r.payer_id)) ?? 0) + Number(r.claims));
    }
    const fewOver90 = [...over90].filter(([, n]) => n >= 1 && n < SMALL_CELL).map(([p]) => p);
    expect(fewOver90.length).toBeGreaterThan(0);
    for (const r of ar(benchmark.get('ar')).ar_summary.filter((x) => fewOver90.includes(String(x.payer_id)))) {
      expect([r.balance_over_90, r.ar_over_90_pct], String(r.payer_id)).toEqual([null, null]);
    }
    // Denial resolution: initial = overturned + written off + open, so with all three published the written-off
    // count follows: it must not be a small one.
    const res = (benchmark.get('denials') as { denial_resolution: Array<Record<string, unknown>> }).denial_resolution;
    const pinned = res.filter((r) => [r.initial_denials, r.overturned, r.open_denials].every((v) => typeof v === 'number'))
      .map((r) => ({ r, w: (r.initial_denials as number) - (r.overturned as number) - (r.open_denials as number) }))
      .filter(({ w }) => w >= 1 && w < SMALL_CELL);
    expect(pinned.map(({ r, w }) => `${r.period_grain} ${r.period_start} ${r.payer_id}: ${w} written off`)).toEqual([]);
    // Payers: cost = visits × cost per visit + claims × admin cost + initially denied claims × rework cost, with the
    // cost model printed on the page, gives a hidden denial count back unless the cost goes too.
    const rows = (benchmark.get('payers') as { payer_profitability: Array<Record<string, unknown>> }).payer_profitability;
    const hiddenDenials = rows.filter((r) => r.initially_denied_claims === null && r.claims !== null);
    expect(hiddenDenials.length).toBeGreaterThan(0);
    for (const r of hiddenDenials) {
      expect({ cost: r.cost, margin: r.margin, cost_per_visit: r.cost_per_visit }, `${r.payer_id} ${r.period_start}`).toEqual({ cost: null, margin: null, cost_per_visit: null });
    }
  });

  it('hides the dollar KPIs, A/R across pages, patient A/R and the insurance revenue share over a few claims or visits', async () => {
    // Scorecard: every KPI whose basis_count (the smallest non-zero count behind it) is small is hidden, dollar KPIs
    // (A/R, cash share, underpayment) included.
    const small = await query(`SELECT week_start, kpi FROM marts.kpi_weekly WHERE basis_count BETWEEN 1 AND ${SMALL_CELL - 1}`);
    expect(small.map((s) => s.kpi)).toEqual(expect.arrayContaining(['days_in_ar', 'cash_revenue_share', 'underpaid_amount']));
    const weekly = (benchmark.get('scorecard') as { kpi_weekly: PlainRow[] }).kpi_weekly;
    for (const s of small) {
      const r = weekly.find((w) => w.week_start === s.week_start && w.kpi === s.kpi)!;
      expect([r.value, r.numerator, r.denominator], `${s.kpi} ${s.week_start}`).toEqual([null, null, null]);
    }
    expect(weekly.some((r) => 'basis_count' in r)).toBe(false);
    // Benchmarks: a clinic's (or the group's) A/R over a few open claims is hidden there as on the A/R page.
    const open = await query(`SELECT coalesce(clinic_id, '*') AS clinic_id, count(*) AS n FROM marts.claims
      WHERE NOT is_voided AND insurance_balance > 0 GROUP BY GROUPING SETS ((clinic_id), ())`);
    const bench = (benchmark.get('benchmarks') as { clinic_benchmarks: PlainRow[] }).clinic_benchmarks.filter((r) => r.period_grain === 'all');
    const groupOpen = Number(open.find((r) => r.clinic_id === '*')?.n ?? 0);
    const groupRow = bench.find((r) => r.clinic_id === '*')!;
    if (groupOpen >= 1 && groupOpen < SMALL_CELL) expect(groupRow.ar_balance).toBeNull();
    else expect(groupRow.ar_balance).not.toBeNull();
    expect(bench.some((r) => 'ar_open_claims' in r)).toBe(false);
    // A/R page: patient A/R of a payer with few claims carrying patient responsibility is hidden.
    const patient = await query(`SELECT payer_id, count(*) AS n FROM marts.claims WHERE NOT is_voided AND patient_responsibility <> 0 GROUP BY 1`);
    const summary = (benchmark.get('ar') as { ar_summary: PlainRow[] }).ar_summary;
    for (const p of patient.filter((x) => Number(x.n) >= 1 && Number(x.n) < SMALL_CELL)) {
      const r = summary.find((s) => s.payer_id === p.payer_id)!;
      expect([r.patient_responsibility, r.patient_payments, r.patient_balance], String(p.payer_id)).toEqual([null, null, null]);
    }
    // Mix: a period whose '*', insurance or cash revenue is hidden hides its insurance revenue share and model.
    const mix = (benchmark.get('mix') as { payer_mix: PlainRow[] }).payer_mix;
    const hiddenTotals = new Set(mix.filter((r) => ['*', 'insurance', 'cash'].includes(String(r.financial_class)) && r.revenue === null).map((r) => `${r.period_grain}|${r.period_start}`));
    for (const r of mix.filter((x) => hiddenTotals.has(`${x.period_grain}|${x.period_start}`))) {
      expect([r.insurance_revenue_share, r.practice_model], `${r.period_start} ${r.financial_class}`).toEqual([null, null]);
    }
  });

  it('no hidden week or month can be recovered as the all-time row minus the published others', () => {
    // This test's own list of the periodised tables and the grain columns besides the period.
    const TABLES: Array<[string, string, string[]]> = [
      ['denials', 'denial_rate', ['payer_id', 'category']],
      ['denials', 'denial_resolution', ['payer_id']],
      ['payers', 'payer_profitability', ['payer_id']],
      ['mix', 'payer_mix', ['financial_class']],
      ['auth', 'auth_leakage', ['payer_id']],
      ['auth', 'auth_requests', ['payer_id']],
      ['lags', 'submission_lag', ['clinic_id']],
      ['lags', 'charge_lag', ['clinic_id']],
      ['lags', 'posting_lag', []],
      ['benchmarks', 'clinic_benchmarks', ['clinic_id']],
    ];
    const recoverable: string[] = [];
    let checkedGroups = 0;
    for (const [file, table, dims] of TABLES) {
      const rows = (benchmark.get(file) as Record<string, Array<Record<string, unknown>>>)[table]!;
      expect(rows.length, `${file}.${table}`).toBeGreaterThan(0);
      const counts = Object.keys(rows[0]!).filter((k) => COUNT_KEY.test(k) && !/^pct_|_pct$|rate|share/.test(k));
      for (const family of ['week', 'month']) {
        const groups = new Map<string, Array<Record<string, unknown>>>();
        for (const r of rows.filter((x) => x.period_grain === family || x.period_grain === 'all')) {
          const key = JSON.stringify(dims.map((d) => r[d]));
          groups.set(key, [...(groups.get(key) ?? []), r]);
        }
        for (const [key, list] of groups) {
          const all = list.find((r) => r.period_grain === 'all');
          for (const c of counts) {
            if (typeof all?.[c] !== 'number') continue;
            checkedGroups++;
            const hidden = list.filter((r) => r.period_grain === family && r[c] === null && (r.suppressed as string[] | undefined)?.includes(c));
            if (hidden.length === 1) recoverable.push(`${table} ${key} ${c}: ${family} ${hidden[0]!.period_start}`);
          }
        }
      }
    }
    expect(checkedGroups).toBeGreaterThan(50);
    expect(recoverable).toEqual([]);
  });

  it("no hidden clinic, payer, category or class can be recovered as the total row minus the published others", () => {
    // This test's own list of the tables with rollup rows: file, table, the member column and its total, the other
    // grain columns, which rows take part, and which counts add up over the members (default: every count column).
    type Spec = { file: string; table: string; member: string; total?: string; dims: string[]; within?: (r: Record<string, unknown>) => boolean; counts?: string[] };
    const period = ['period_grain', 'period_start'];
    const SPECS: Spec[] = [
      // a payer's adjudicated claims, full denials and first passes are the payer's: they add up over payers on the
      // all-category rows; the denied claims of a category add up over payers and over categories
      { file: 'denials', table: 'denial_rate', member: 'payer_id', dims: [...period, 'category'], within: (r) => r.category === '*' },
      { file: 'denials', table: 'denial_rate', member: 'payer_id', dims: [...period, 'category'], counts: ['denied_claims'] },
      { file: 'denials', table: 'denial_rate', member: 'category', dims: [...period, 'payer_id'], counts: ['denied_claims'] },
      { file: 'denials', table: 'denial_resolution', member: 'payer_id', dims: period },
      { file: 'payers', table: 'payer_profitability', member: 'payer_id', dims: period },
      { file: 'auth', table: 'auth_leakage', member: 'payer_id', dims: period },
      { file: 'auth', table: 'auth_requests', member: 'payer_id', dims: period },
      { file: 'lags', table: 'submission_lag', member: 'clinic_id', dims: period },
      { file: 'lags', table: 'charge_lag', member: 'clinic_id', dims: period },
      { file: 'benchmarks', table: 'clinic_benchmarks', member: 'clinic_id', dims: period },
      { file: 'mix', table: 'payer_mix', member: 'financial_class', total: 'insurance', dims: period, within: (r) => r.financial_class !== '*' && r.financial_class !== 'cash' },
      { file: 'mix', table: 'payer_mix', member: 'financial_class', dims: period, within: (r) => ['*', 'insurance', 'cash'].includes(String(r.financial_class)) },
      { file: 'ar', table: 'recoupments', member: 'payer_id', dims: period },
    ];
    const recoverable: string[] = [];
    let checkedGroups = 0;
    for (const { file, table, member, total = '*', dims, within, counts: only } of SPECS) {
      const rows = (benchmark.get(file) as Record<string, Array<Record<string, unknown>>>)[table]!.filter((r) => !within || within(r));
      expect(rows.length, `${file}.${table}`).toBeGreaterThan(0);
      const counts = only ?? Object.keys(rows[0]!).filter((k) => COUNT_KEY.test(k) && !/^pct_|_pct$|rate|share/.test(k));
      const groups = new Map<string, Array<Record<string, unknown>>>();
      for (const r of rows) {
        const key = JSON.stringify(dims.map((d) => r[d] ?? null));
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      for (const [key, list] of groups) {
        const totalRow = list.find((r) => r[member] === total);
        for (const c of counts) {
          if (typeof totalRow?.[c] !== 'number') continue;
          checkedGroups++;
          const hidden = list.filter((r) => r[member] !== total && r[c] === null && (r.suppressed as string[] | undefined)?.includes(c));
          if (hidden.length === 1) recoverable.push(`${table} ${key} ${c}: ${member} ${hidden[0]![member]}`);
          // Several hidden members sharing a small remainder (total − published members) are pinned down too: each is
          // at least 1, so two sharing 2 are 1 each.
          if (hidden.length > 1) {
            const published = list.filter((r) => r[member] !== total && typeof r[c] === 'number').reduce((a, r) => a + (r[c] as number), 0);
            const shared = (totalRow![c] as number) - published;
            if (shared >= 1 && shared < SMALL_CELL) recoverable.push(`${table} ${key} ${c}: ${hidden.length} hidden ${member}s share ${shared}`);
          }
        }
      }
    }
    expect(checkedGroups).toBeGreaterThan(100);
    expect(recoverable).toEqual([]);
  });

  it("a payer's own counts on its category rows are hidden wherever they are hidden on its all-category row", () => {
    const rows = (benchmark.get('denials') as { denial_rate: Array<Record<string, unknown>> }).denial_rate;
    const key = (r: Record<string, unknown>) => JSON.stringify([r.period_grain, r.period_start, r.payer_id]);
    const all = new Map(rows.filter((r) => r.category === '*').map((r) => [key(r), r]));
    const shown: string[] = [];
    for (const r of rows.filter((x) => x.category !== '*')) {
      for (const c of ['adjudicated_claims', 'fully_denied_claims', 'first_pass_claims']) {
        if (all.get(key(r))?.[c] === null && r[c] !== null) shown.push(`${key(r)} ${r.category} ${c}`);
      }
    }
    expect(shown).toEqual([]);
    // nor can it be computed back on a category row: adjudicated = denied claims / denial rate, billed = denied
    // amount / amount rate
    const derivable: string[] = [];
    for (const r of rows.filter((x) => x.category !== '*')) {
      const hidden = (c: string) => (r.suppressed as string[] | undefined)?.includes(c);
      if (hidden('adjudicated_claims') && typeof r.denied_claims === 'number' && r.denied_claims > 0 && typeof r.denial_rate === 'number') derivable.push(`${key(r)} ${r.category} adjudicated_claims`);
      if (hidden('billed_amount') && typeof r.denied_amount === 'number' && r.denied_amount > 0 && typeof r.denial_rate_amount === 'number') derivable.push(`${key(r)} ${r.category} billed_amount`);
    }
    expect(derivable).toEqual([]);
  });

  it('suppression really happened, and is marked', () => {
    const denials = benchmark.get('denials') as { denial_rate: Array<{ suppressed?: string[]; denied_claims: number | null }> };
    const hidden = denials.denial_rate.filter((r) => r.suppressed?.includes('denied_claims'));
    expect(hidden.length).toBeGreaterThan(0);
    for (const r of hidden) expect(r.denied_claims).toBeNull();
  });
});

describe('internal profile', () => {
  const ALLOWED: Record<string, string[]> = {
    'denial-worklist': ['clinic_id', 'claim_id', 'payer_id', 'patient_key', 'category', 'primary_carc', 'denied_amount', 'amount_at_stake', 'denial_received_on', 'age_days', 'past_sla', 'resolution_path', 'owner'],
    'auth-alerts': ['auth_id', 'clinic_id', 'patient_key', 'payer_id', 'start_date', 'end_date', 'approved_visits', 'visits_used', 'visits_remaining', 'days_to_expiry', 'scheduled_visits', 'projected_exhaustion_date', 'reauth_requested', 'reauth_due_on', 'low_visits', 'expiring', 'needs_reauth', 'patient_message'],
    'unbilled-visits': ['visit_id', 'clinic_id', 'payer_id', 'patient_key', 'visit_date', 'visit_type', 'documented_on', 'days_unbilled'],
    'credit-balances': ['clinic_id', 'claim_id', 'payer_id', 'patient_key', 'first_service_date', 'billed_amount', 'paid_amount', 'credit_balance', 'age_days'],
  };

  it('worklists carry ids and pseudonymous patient keys only', () => {
    let rows = 0;
    for (const w of WORKLISTS) {
      const list = internal.get(w) as Array<Record<string, unknown>>;
      rows += list.length;
      for (const r of list) {
        expect(Object.keys(r).filter((k) => !ALLOWED[w]!.includes(k)), w).toEqual([]);
        expect(String(r.patient_key), w).toMatch(/^[pm]_[0-9a-f]{16}$/);
      }
    }
    expect((internal.get('denial-worklist') as unknown[]).length).toBeGreaterThan(0);
    expect((internal.get('unbilled-visits') as unknown[]).length).toBeGreaterThan(0);
    expect(rows).toBeGreaterThan(0);
  });

  it('the patient message is the playbook sentence with the visits left', () => {
    const alerts = internal.get('auth-alerts') as Array<{ visits_remaining: number; patient_message: string }>;
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.patient_message).toBe(`You have ${a.visits_remaining} visits remaining on your current authorization; we'll request re-authorization for additional care.`);
    }
  });

  it("§7's alert targets (re-auth lead, low-visit alert, routing SLA) are published with the values in force and a source", async () => {
    const [p] = await query('SELECT auth_low_visits, reauth_lead_days, denial_routing_sla_days FROM config.params');
    const targets = (internal.get('site') as { alert_targets: Array<{ value: string; source: string }> }).alert_targets;
    expect(targets.map((t) => t.value)).toEqual([`${p!.reauth_lead_days} days before`, `${p!.auth_low_visits} visits remaining`, `within ${p!.denial_routing_sla_days} days`]);
    for (const t of targets) expect(t.source).toMatch(/^PT billing playbook: .+ \(config alerts\.\w+\)$/);
  });

  it('loader rows are projections of the marts (worklist and scorecard)', async () => {
    const worklist = await query(`
      SELECT clinic_id, claim_id, payer_id, patient_key, category, primary_carc, denied_amount, amount_at_stake,
             denial_received_on, age_days, past_sla, resolution_path, owner
      FROM marts.denial_worklist ORDER BY age_days DESC, clinic_id, claim_id`);
    expect(internal.get('denial-worklist')).toEqual(worklist);
    const weekly = await query(`SELECT week_start, kpi, value, status FROM marts.kpi_weekly ORDER BY week_start, kpi`);
    const published = (internal.get('scorecard') as { kpi_weekly: PlainRow[] }).kpi_weekly.map(({ week_start, kpi, value, status }) => ({ week_start, kpi, value, status }));
    expect(published).toEqual(weekly);
  });
});
