/**
 * The simulator's output through the whole pipeline (issue 3 "Done when" 2, issue 4 "Done when" 4):
 * - the default group (2 clinics, 12 months) and a larger one (10 clinics, 24 months) ingest with 0 quarantined files
 *   and 0 balancing findings;
 * - the default group builds with 0 `error` findings, and the behaviours the simulator states show up in the marts:
 *   the systematic payer is flagged, the below-cost payer loses money, the weekly-batching clinic misses the 1-day
 *   target, leakage has dollars, the underpaying payer is underpaid, cash-pay revenue exists;
 * - periodised marts are internally consistent: every additive count of the 'all' row equals the sum of its month
 *   rows (a join on a NULL period_start would break this).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/models/runner.ts';
import { BELOW_COST_PAYER_ID, SYSTEMATIC_PAYER_ID, UNDERPAYING_PAYER_ID, simulate } from '../../src/simulate/index.ts';
import { makeTempDir, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

const dirs: string[] = [];
const whs: TempWarehouse[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  for (const w of whs) w.cleanup();
});

async function simulated(opts: { clinics: number; months: number }) {
  const dir = makeTempDir('revcycle-sim-');
  dirs.push(dir);
  const summary = await simulate({ out: path.join(dir, 'sim'), ...opts });
  const tw = tempWarehouse();
  whs.push(tw);
  const results = await tw.ingest([path.join(dir, 'sim')]);
  return { summary, tw, results };
}

const BALANCING = ['balance_service_line', 'balance_claim', 'balance_transaction', 'bpr_notification_amount', 'bpr_negative', 'plb_interest', 'patient_responsibility'];

describe('the default demo group (2 clinics, 12 months)', () => {
  let tw: TempWarehouse;
  let results: Awaited<ReturnType<typeof simulated>>['results'];
  let asOf = '';
  beforeAll(async () => {
    ({ tw, results } = await simulated({ clinics: 2, months: 12 }));
    await tw.withRw(async (wh) => {
      asOf = (await build(wh, { config: tw.config })).asOf;
    });
  });

  it('ingests every file with nothing quarantined and no balancing finding', async () => {
    expect(results.length).toBeGreaterThan(1000);
    expect(results.filter((r) => r.status === 'quarantined').map((r) => `${r.file}: ${r.reason}`)).toEqual([]);
    const balancing = await tw.query(`select check_name, count(*) as n from raw.load_findings where check_name in (${BALANCING.map((c) => `'${c}'`).join(', ')}) group by 1`);
    expect(balancing).toEqual([]);
  });

  it('builds with no error finding and the as-of date is the last simulated day', async () => {
    expect(asOf).toBe('2025-12-31');
    expect(await tw.query(`select check_name, count(*) as n from marts.data_quality where severity = 'error' group by 1`)).toEqual([]);
  });

  it('flags the systematic payer (and only it) with mostly credentialing denials', async () => {
    const rows = await tw.query(`select payer_id, denial_rate, denied_claims, top_category from marts.denial_systematic where systematic`);
    expect(rows.map((r) => r.payer_id)).toEqual([SYSTEMATIC_PAYER_ID]);
    expect(rows[0]).toMatchObject({ top_category: 'credentialing' });
    expect(Number(rows[0]!.denial_rate)).toBeGreaterThan(0.1);
    expect(Number(rows[0]!.denied_claims)).toBeGreaterThanOrEqual(5);
  });

  it('shows the below-cost payer losing money, and only below-cost payers', async () => {
    const rows = await tw.query(`select payer_id, allowed_per_visit, cost_per_visit, loses_money from marts.payer_profitability where period_grain = 'all' and payer_id <> '*'`);
    const losing = rows.filter((r) => r.loses_money).map((r) => r.payer_id);
    expect(losing).toContain(BELOW_COST_PAYER_ID);
    const below = rows.find((r) => r.payer_id === BELOW_COST_PAYER_ID)!;
    expect(Number(below.allowed_per_visit)).toBeLessThan(68); // below cost per visit 62 + admin 6
  });

  it('shows the weekly-batching clinic missing the 1-day submission target and the daily clinic meeting most of it', async () => {
    const rows = await tw.query(`select clinic_id, median_days_to_submit, pct_within_1_day from marts.submission_lag where period_grain = 'all' and clinic_id <> '*' order by clinic_id`);
    const [daily, weekly] = rows;
    expect(weekly).toMatchObject({ clinic_id: 'C02' });
    expect(Number(weekly!.pct_within_1_day)).toBeLessThan(0.2);
    expect(Number(weekly!.median_days_to_submit)).toBeGreaterThan(1);
    expect(Number(daily!.pct_within_1_day)).toBeGreaterThan(0.8);
  });

  it('shows authorisation leakage in visits and dollars, partly confirmed by denials', async () => {
    const [all] = await tw.query(`select * from marts.auth_leakage where period_grain = 'all' and payer_id = '*'`);
    expect(Number(all!.leaked_visits)).toBeGreaterThan(0);
    expect(Number(all!.leaked_amount)).toBeGreaterThan(0);
    expect(Number(all!.confirmed_by_denial)).toBeGreaterThan(0);
    for (const s of ['over_limit_visits', 'expired_visits', 'no_auth_visits']) expect(Number(all![s])).toBeGreaterThan(0);
    const alerts = await tw.query(`select count(*) as n, count(*) filter (where needs_reauth) as due from marts.auth_alerts`);
    expect(Number(alerts[0]!.n)).toBeGreaterThan(0);
    expect(Number(alerts[0]!.due)).toBeGreaterThan(0);
  });

  it('shows the underpaying payer, reversals, cash-pay revenue, unbilled visits and worked denials', async () => {
    const [u] = await tw.query(`select underpaid_amount from marts.payer_profitability where period_grain = 'all' and payer_id = '${UNDERPAYING_PAYER_ID}'`);
    expect(Number(u!.underpaid_amount)).toBeGreaterThan(0);
    const [rev] = await tw.query(`select count(*) filter (where reversals > 0) as reversed, count(*) filter (where is_voided) as voided from marts.claims`);
    expect(Number(rev!.reversed)).toBeGreaterThan(0);
    expect(Number(rev!.voided)).toBeGreaterThan(0);
    const [cash] = await tw.query(`select visits, revenue from marts.payer_mix where period_grain = 'all' and financial_class = 'cash'`);
    expect(Number(cash!.revenue)).toBeGreaterThan(0);
    expect(Number((await tw.query(`select count(*) as n from marts.unbilled_visits`))[0]!.n)).toBeGreaterThan(0);
    const [res] = await tw.query(`select initial_denials, routed_within_sla, overturned, written_off_amount, unworked_denials from marts.denial_resolution where period_grain = 'all' and payer_id = '*'`);
    for (const k of ['initial_denials', 'routed_within_sla', 'overturned', 'written_off_amount', 'unworked_denials']) expect(Number(res![k])).toBeGreaterThan(0);
    expect(Number(res!.routed_within_sla)).toBeLessThan(Number(res!.initial_denials));
  });

  it('keeps periodised marts consistent: the all row equals the sum of its months for additive counts', async () => {
    const checks: Array<[string, string[], string[]]> = [
      ['denial_rate', ['payer_id', 'category'], ['adjudicated_claims', 'denied_claims', 'fully_denied_claims', 'billed_amount', 'denied_amount']],
      ['denial_resolution', ['payer_id'], ['initial_denials', 'routed_within_sla', 'overturned', 'recovered_amount', 'written_off_amount', 'open_denials']],
      ['submission_lag', ['clinic_id'], ['claims', 'claims_within_1_day']],
      ['posting_lag', [], ['payments', 'payments_within_1_day']],
      ['auth_leakage', ['payer_id'], ['visits_requiring_auth', 'leaked_visits', 'leaked_amount', 'exempt_visits']],
      ['auth_requests', ['payer_id'], ['requests', 'approved', 'denied']],
      ['payer_profitability', ['payer_id'], ['visits', 'claims', 'billed', 'allowed', 'expected_allowed', 'underpaid_amount', 'cost']],
      ['payer_mix', ['financial_class'], ['visits', 'revenue']],
      ['charge_lag', ['clinic_id'], ['visits']],
      ['clinic_benchmarks', ['clinic_id'], ['completed_visits', 'adjudicated_claims', 'denied_claims', 'submitted_claims', 'visits_requiring_auth', 'leaked_visits']],
    ];
    for (const [mart, dims, measures] of checks) {
      const key = dims.length ? `concat_ws('|', ${dims.join(', ')})` : `'x'`;
      const diff = await tw.query(`
        with a as (select ${key} as k, ${measures.map((m) => `sum(${m}) as ${m}`).join(', ')} from marts.${mart} where period_grain = 'all' group by 1),
             m as (select ${key} as k, ${measures.map((m) => `sum(${m}) as ${m}`).join(', ')} from marts.${mart} where period_grain = 'month' group by 1)
        select coalesce(a.k, m.k)::VARCHAR as k, ${measures.map((x) => `a.${x} as all_${x}, m.${x} as month_${x}`).join(', ')}
        from a full join m on a.k = m.k
        where ${measures.map((x) => `a.${x} is distinct from m.${x}`).join(' or ')}`);
      expect(diff, `${mart}: all ≠ Σ months`).toEqual([]);
      const [rows] = await tw.query(`select count(*) as n from marts.${mart} where period_grain = 'all'`);
      expect(Number(rows!.n), `${mart} has all-grain rows`).toBeGreaterThan(0);
    }
  });
});

describe('a larger group (10 clinics, 24 months)', () => {
  it('ingests with nothing quarantined and no balancing finding', async () => {
    const { summary, tw, results } = await simulated({ clinics: 10, months: 24 });
    expect(summary.claimLines).toBeGreaterThan(250_000);
    expect(results.filter((r) => r.status === 'quarantined').map((r) => `${r.file}: ${r.reason}`)).toEqual([]);
    expect(results.filter((r) => r.status === 'duplicate')).toEqual([]);
    const balancing = await tw.query(`select check_name, count(*) as n from raw.load_findings where check_name in (${BALANCING.map((c) => `'${c}'`).join(', ')}) group by 1`);
    expect(balancing).toEqual([]);
    const [lines] = await tw.query(`select count(*) as n from raw.x12_837_lines`);
    expect(Number(lines!.n)).toBeGreaterThanOrEqual(summary.claimLines);
  }, 600_000);
});
