/**
 * Issue 5 "Done when" 3: for the hand-computed Riverside PT scenario clinic (test/scenario/riverside.ts), the numbers
 * the site publishes match the marts exactly. The site is built (internal profile) from the scenario's warehouse;
 * every row of every loader output that projects a mart is found, value for value, in that mart; and the headline
 * numbers are checked against the hand-computed values of test/scenario/riverside.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/models/runner.ts';
import { queryPlain, type PlainRow } from '../../src/db/results.ts';
import { buildSite } from '../../src/site/build.ts';
import { AS_OF, writeRiverside } from '../scenario/riverside.ts';
import { tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

let tw: TempWarehouse;
let outDir = '';
const loaderJson = new Map<string, unknown>();
const marts = new Map<string, PlainRow[]>();

beforeAll(async () => {
  tw = tempWarehouse();
  writeRiverside(path.join(tw.dir, 'in'));
  await tw.ingest([path.join(tw.dir, 'in')]);
  await tw.withRw(async (wh) => {
    await build(wh, { config: tw.config, asOf: AS_OF });
    const names = (await wh.all<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'marts'`)).map((r) => r.t);
    for (const n of names) marts.set(n, (await queryPlain(wh.con, `SELECT * FROM marts.${n}`)).rows);
  });
  outDir = path.join(tw.dir, 'site');
  await buildSite({ dbPath: tw.paths.db, outDir, profile: 'internal', config: tw.config });
  const dataDir = path.join(outDir, '_file', 'data');
  for (const f of fs.readdirSync(dataDir)) {
    const m = /^(.+?)\.[0-9a-f]{8}\.json$/.exec(f);
    if (m) loaderJson.set(m[1]!, JSON.parse(fs.readFileSync(path.join(dataDir, f), 'utf8')));
  }
}, 600_000);
afterAll(() => tw?.cleanup());

const same = (a: unknown, b: unknown, column = '') =>
  typeof a === 'number' && typeof b === 'number'
    ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a))
    : // The site shows file hashes as a 12-character prefix.
      /sha256$/.test(column) && typeof a === 'string' && typeof b === 'string' && a.length >= 12
      ? b.startsWith(a)
      : a === b;

/** Loader outputs: a document of { martName: rows } or a bare row list named after its mart. */
function projections(): Array<{ loader: string; mart: string; rows: PlainRow[] }> {
  const out: Array<{ loader: string; mart: string; rows: PlainRow[] }> = [];
  const worklists: Record<string, string> = {
    'auth-alerts': 'auth_alerts',
    'credit-balances': 'credit_balances',
    'denial-worklist': 'denial_worklist',
    'unbilled-visits': 'unbilled_visits',
  };
  for (const [name, doc] of loaderJson) {
    if (Array.isArray(doc)) {
      if (worklists[name]) out.push({ loader: name, mart: worklists[name]!, rows: doc as PlainRow[] });
    } else if (doc && typeof doc === 'object') {
      for (const [key, rows] of Object.entries(doc as Record<string, unknown>)) {
        if (marts.has(key) && Array.isArray(rows)) out.push({ loader: name, mart: key, rows: rows as PlainRow[] });
      }
    }
  }
  return out;
}

describe('the site built from the Riverside PT scenario', () => {
  it('publishes only numbers that are in the marts, value for value', () => {
    const proj = projections();
    expect(proj.length).toBeGreaterThanOrEqual(15);
    const missing: string[] = [];
    let checked = 0;
    for (const { loader, mart, rows } of proj) {
      const martRows = marts.get(mart)!;
      // Aggregates over a per-row mart (counts by month and status, …) are checked by their totals below.
      if (rows.length && martRows.length && Object.keys(rows[0]!).some((c) => !(c in martRows[0]!))) continue;
      for (const r of rows) {
        // Compare the columns the loader shares with the mart (loaders may add labels or drop columns).
        const cols = Object.keys(r).filter((c) => martRows.length === 0 || c in martRows[0]!);
        const found = martRows.some((m) => cols.every((c) => same(r[c], m[c], c)));
        checked++;
        if (!found) {
          // Name the columns that differ from the closest mart row.
          let best: PlainRow | undefined;
          let bestHits = -1;
          for (const m of martRows) {
            const hits = cols.filter((c) => same(r[c], m[c], c)).length;
            if (hits > bestHits) [best, bestHits] = [m, hits];
          }
          const diff = cols.filter((c) => !same(r[c], best?.[c], c)).map((c) => `${c}: site ${JSON.stringify(r[c])} vs mart ${JSON.stringify(best?.[c])}`);
          missing.push(`${loader} → marts.${mart}: ${diff.join('; ').slice(0, 300)}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('publishes aggregates of per-row marts that add up to the marts', () => {
    const doc = (name: string) => loaderJson.get(name) as Record<string, PlainRow[]>;
    const sum = (rows: PlainRow[], c: string) => rows.reduce((a, r) => a + Number(r[c] ?? 0), 0);
    // Authorisations: visits by clinic, payer, month and status.
    const av = doc('auth').auth_visits!;
    const martAv = marts.get('auth_visits')!.filter((r) => av.some((x) => x.status === r.status));
    expect(sum(av, 'visits')).toBe(martAv.length);
    expect(sum(av, 'expected_amount')).toBeCloseTo(sum(martAv, 'expected_amount'), 6);
    expect(sum(av, 'confirmed_by_denial')).toBe(martAv.filter((r) => r.confirmed_by_denial).length);
    // Appeals: the payer * / category * rows per resolution add up to the mart, for all clinics ('*') and for each.
    const ap = doc('denials').appeals!.filter((r) => r.clinic_id === '*' && r.payer_id === '*' && r.category === '*');
    const byClinic = doc('denials').appeals!.filter((r) => r.clinic_id !== '*' && r.payer_id === '*' && r.category === '*');
    for (const clinic of new Set(marts.get('appeals')!.map((r) => r.clinic_id))) {
      expect(sum(byClinic.filter((r) => r.clinic_id === clinic), 'claims'), String(clinic)).toBe(marts.get('appeals')!.filter((r) => r.clinic_id === clinic).length);
    }
    const martAp = marts.get('appeals')!;
    expect(sum(ap, 'claims')).toBe(martAp.length);
    for (const c of ['denied_amount', 'recovered_amount', 'written_off_amount']) expect(sum(ap, c)).toBeCloseTo(sum(martAp, c), 6);
    for (const res of new Set(martAp.map((r) => r.resolution))) {
      expect(ap.find((r) => r.resolution === res)!.claims).toBe(martAp.filter((r) => r.resolution === res).length);
    }
  });

  it('shows the hand-computed headline numbers', () => {
    const doc = (name: string) => loaderJson.get(name) as Record<string, PlainRow[]>;
    const kpi = doc('scorecard').kpi_weekly!.find((r) => r.kpi === 'denial_rate' && r.week_start === '2025-02-10')!;
    expect(kpi).toMatchObject({ value: 5 / 8, numerator: 5, denominator: 8, status: 'red' });
    const dr = doc('denials').denial_rate!.find((r) => r.period_grain === 'all' && r.payer_id === '*' && r.category === '*')!;
    expect(dr).toMatchObject({ adjudicated_claims: 27, denied_claims: 8, billed_amount: 3090, denied_amount: 850 });
    expect(doc('denials').denial_systematic!.filter((r) => r.systematic).map((r) => r.payer_id)).toEqual(['aetna']);
    const ar = doc('ar').ar_summary!.find((r) => r.payer_id === '*')!;
    expect(ar).toMatchObject({ total_balance: 700, credit_balance: -100, patient_balance: 256 });
    expect(ar.days_in_ar as number).toBeCloseTo(700 / (3190 / 90), 9);
    const prof = doc('payers').payer_profitability!.find((r) => r.period_grain === 'all' && r.payer_id === 'wc')!;
    expect(prof).toMatchObject({ allowed: 450, cost: 261, margin: 189, loses_money: false });
    const mix = doc('mix').payer_mix!.find((r) => r.period_grain === 'all' && r.financial_class === '*')!;
    expect(mix).toMatchObject({ visits: 32, revenue: 1979, practice_model: 'traditional' });
    const leak = doc('auth').auth_leakage!.find((r) => r.period_grain === 'all' && r.payer_id === '*')!;
    expect(leak).toMatchObject({ visits_requiring_auth: 14, leaked_visits: 3, leaked_amount: 206 });
    const alerts = loaderJson.get('auth-alerts') as PlainRow[];
    expect(alerts.map((a) => [a.auth_id, a.visits_remaining, a.needs_reauth]).sort()).toEqual([
      ['AU2', 1, true],
      ['AU3', 5, true],
    ]);
    expect((loaderJson.get('denial-worklist') as PlainRow[]).map((r) => r.claim_id).sort()).toEqual(['C10', 'C15', 'C16', 'C17']);
  });

  it('renders the scorecard page with the scenario week and no patient identifiers', () => {
    const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
    expect(html.length).toBeGreaterThan(1000);
    const all = fs.readdirSync(path.join(outDir, '_file', 'data')).map((f) => fs.readFileSync(path.join(outDir, '_file', 'data', f), 'utf8')).join('\n');
    expect(all).not.toMatch(/CANARYPHI|ZCM\d{9}|MRN\d{7}/);
  });

  it('benchmark profile over this small clinic: no patient A/R, A/R total or insurance share over a few claims or visits', () => {
    // The loaders themselves, run as `revcycle site` runs them (read-only warehouse, profile from the environment).
    const run = (name: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('reports', 'data', `${name}.json.ts`)], {
        env: { ...process.env, REVCYCLE_DB: tw.paths.db, REVCYCLE_SITE_PROFILE: 'benchmark', REVCYCLE_SITE_SMALL_CELL: '11' },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, PlainRow[]>;
    };
    const claims = marts.get('claims')!.filter((c) => !c.is_voided);
    // A/R page: every payer has 1–10 claims with patient responsibility here, so no payer's patient A/R is published.
    const patientClaims = (p: unknown) => claims.filter((c) => (p === '*' || c.payer_id === p) && Number(c.patient_responsibility) !== 0).length;
    const summary = run('ar').ar_summary!;
    const small = summary.filter((r) => patientClaims(r.payer_id) >= 1 && patientClaims(r.payer_id) < 11);
    expect(small.length).toBeGreaterThan(0);
    for (const r of small) expect([r.patient_responsibility, r.patient_payments, r.patient_balance], String(r.payer_id)).toEqual([null, null, null]);
    // Benchmarks: the group's A/R ('*', 'all') rests on the claims open at the as-of date; fewer than 11 → hidden, as on the A/R page.
    const open = claims.filter((c) => Number(c.insurance_balance) > 0).length;
    expect(open).toBeGreaterThanOrEqual(1);
    expect(open).toBeLessThan(11);
    const group = run('benchmarks').clinic_benchmarks!.find((r) => r.period_grain === 'all' && r.clinic_id === '*')!;
    expect([group.ar_balance, group.ar_over_90_pct, group.days_in_ar]).toEqual([null, null, null]);
    expect(summary.find((r) => r.payer_id === '*')!.total_balance).toBeNull();
    // Mix: a period whose '*', insurance or cash revenue is hidden publishes no insurance revenue share or model.
    const mix = run('mix').payer_mix!;
    const hidden = new Set(mix.filter((r) => ['*', 'insurance', 'cash'].includes(String(r.financial_class)) && r.revenue === null).map((r) => `${r.period_grain}|${r.period_start}`));
    expect(hidden.size).toBeGreaterThan(0);
    for (const r of mix.filter((x) => hidden.has(`${x.period_grain}|${x.period_start}`))) {
      expect([r.insurance_revenue_share, r.practice_model], `${r.period_start} ${r.financial_class}`).toEqual([null, null]);
    }
  });
});
