/**
 * kpi_weekly (DESIGN.md §6.11), credentialing (§6.8), data_quality (§6.12) and build determinism.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildGiven, Given, type Built } from './given.ts';

const PAYERS = [
  { payer_id: 'acme', payer_name: 'Acme', financial_class: 'commercial', x12_payer_id: 'P1', requires_auth: false },
];
const built: Built[] = [];
afterAll(() => built.forEach((b) => b.cleanup()));

function scenario(): Given {
  const g = new Given().ehr('payers', PAYERS);
  g.ehr('providers', [{ provider_npi: '2000000001', clinic_id: 'C1', discipline: 'PT' }, { provider_npi: '2000000002', clinic_id: 'C1', discipline: 'PT' }]);
  g.ehr('credentialing', [
    { provider_npi: '2000000001', payer_id: 'acme', status: 'active', applied_on: '2024-10-01', effective_on: '2025-01-01' },
    { provider_npi: '2000000002', payer_id: 'acme', status: 'in_progress', applied_on: '2025-02-01' },
  ]);
  g.ehr('fee_schedule', [{ payer_id: 'acme', cpt: '97110', allowed_amount: 50, effective_from: '2025-01-01' }]);
  const v = (id: string, npi: string, date: string) => ({
    visit_id: id, clinic_id: 'C1', patient_key: `p_${id}`, provider_npi: npi, visit_date: date, visit_type: 'treatment',
    status: 'completed', payer_id: 'acme', claim_id: id.toUpperCase(),
  });
  g.ehr('visits', [v('k1', '2000000001', '2025-03-03'), v('k2', '2000000002', '2025-03-04'), v('k3', '2000000002', '2025-03-05')]);
  // Week of 2025-03-03: three claims submitted 03-04 (1, 0 and −1 days? no: served 03-03, 03-04, 03-05 → K3 served after
  // submission is impossible, so K3 is submitted 03-06).
  g.claims837([
    { claim: 'K1', submitted: '2025-03-04', rendering: '2000000001', lines: [{ cpt: '97110', charge: 100, units: 1, date: '2025-03-03' }] },
    { claim: 'K2', submitted: '2025-03-04', rendering: '2000000002', lines: [{ cpt: '97110', charge: 100, units: 1, date: '2025-03-04' }] },
  ]);
  g.claims837([{ claim: 'K3', submitted: '2025-03-10', rendering: '2000000002', lines: [{ cpt: '97110', charge: 100, units: 1, date: '2025-03-05' }] }]);
  // Adjudicated week of 2025-03-17: K1 paid; K2 and K3 denied for credentialing (CO-185).
  g.remit835({ payer: 'P1', trace: 'T1', paymentDate: '2025-03-19', claims: [
    { claim: 'K1', status: '1', charge: 100, paid: 50, adj: [{ group: 'CO', carc: '45', amount: 50 }] },
    { claim: 'K2', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '185', amount: 100 }] },
    { claim: 'K3', status: '4', charge: 100, paid: 0, adj: [{ group: 'CO', carc: '185', amount: 100 }] },
  ] });
  return g;
}

describe('credentialing: an application dated after the as-of date has not started', async () => {
  const g = scenario();
  g.ehr('credentialing', [{ provider_npi: '2000000003', payer_id: 'acme', status: 'in_progress', applied_on: '2025-04-02' }]);
  const b = await buildGiven(g, '2025-03-31');
  built.push(b);
  it('days_in_pipeline is NULL, not negative (as-of 03-31 − applied 04-02 would be −2)', async () => {
    const [r] = await b.q(`select days_in_pipeline, is_effective from marts.credentialing where provider_npi = '2000000003'`);
    expect(r).toEqual({ days_in_pipeline: null, is_effective: false });
  });
});

describe('credentialing: the status on the as-of date, from the export\'s dates', async () => {
  const g = scenario();
  g.ehr('credentialing', [
    // Exported terminated: effective 02-15, terminated 04-20.
    { provider_npi: '2000000004', payer_id: 'acme', status: 'terminated', applied_on: '2025-01-10', effective_on: '2025-02-15', terminated_on: '2025-04-20' },
    // Exported active: applied 03-03, effective 04-01.
    { provider_npi: '2000000005', payer_id: 'acme', status: 'active', applied_on: '2025-03-03', effective_on: '2025-04-01' },
    // Exported terminated without a date, and in progress without dates: as exported.
    { provider_npi: '2000000006', payer_id: 'acme', status: 'terminated', applied_on: '2024-01-10', effective_on: '2024-02-15' },
    { provider_npi: '2000000007', payer_id: 'acme', status: 'in_progress' },
  ]);
  const at = async (asOf: string) => {
    const b = await buildGiven(g, asOf);
    built.push(b);
    return b.q(`select provider_npi, status, export_status, is_effective from marts.credentialing where provider_npi >= '2000000004' order by provider_npi`);
  };
  it('terminated only from terminated_on, active only from effective_on, in progress from applied_on, not started before', async () => {
    expect(await at('2025-02-20')).toEqual([
      { provider_npi: '2000000004', status: 'active', export_status: 'terminated', is_effective: true },
      { provider_npi: '2000000005', status: 'not_started', export_status: 'active', is_effective: false },
      { provider_npi: '2000000006', status: 'terminated', export_status: 'terminated', is_effective: false },
      { provider_npi: '2000000007', status: 'in_progress', export_status: 'in_progress', is_effective: false },
    ]);
    expect((await at('2025-03-13')).slice(0, 2)).toEqual([
      { provider_npi: '2000000004', status: 'active', export_status: 'terminated', is_effective: true },
      { provider_npi: '2000000005', status: 'in_progress', export_status: 'active', is_effective: false },
    ]);
    expect((await at('2025-04-20')).slice(0, 2)).toEqual([
      { provider_npi: '2000000004', status: 'terminated', export_status: 'terminated', is_effective: false },
      { provider_npi: '2000000005', status: 'active', export_status: 'active', is_effective: true },
    ]);
  });
});

describe('credentialing', async () => {
  const b = await buildGiven(scenario(), '2025-03-31');
  built.push(b);
  it('days in pipeline, visits before the effective date and credentialing denials per provider × payer', async () => {
    const rows = await b.q(`select provider_npi, status, days_in_pipeline, is_effective, visits_before_effective, revenue_at_risk, credentialing_denials
      from marts.credentialing order by provider_npi`);
    expect(rows).toEqual([
      // Effective 2025-01-01: applied 2024-10-01 → 92 days; its March visit is after the effective date.
      { provider_npi: '2000000001', status: 'active', days_in_pipeline: 92, is_effective: true, visits_before_effective: 0, revenue_at_risk: 0, credentialing_denials: 0 },
      // In progress since 2025-02-01 → 58 days to 03-31; both visits at risk, 2 × 50 expected; both claims denied CO-185.
      { provider_npi: '2000000002', status: 'in_progress', days_in_pipeline: 58, is_effective: false, visits_before_effective: 2, revenue_at_risk: 100, credentialing_denials: 2 },
    ]);
  });

  it('a provider seeing a payer\'s patients with no credentialing record for that payer is a finding', async () => {
    const g = scenario();
    // 2000000003 has two completed visits with acme (03-06, 03-07) and one cancelled, and no credentialing row.
    const v = (id: string, date: string, status = 'completed') => ({ visit_id: id, clinic_id: 'C1', patient_key: `p_${id}`,
      provider_npi: '2000000003', visit_date: date, visit_type: 'treatment', status, payer_id: 'acme', claim_id: null });
    g.ehr('visits', [v('n1', '2025-03-07'), v('n2', '2025-03-06'), v('n3', '2025-03-05', 'cancelled')]);
    const nb = await buildGiven(g, '2025-03-31');
    built.push(nb);
    expect(await nb.q(`select severity, entity, key, message from marts.data_quality where "check" = 'visits_without_credentialing'`)).toEqual([
      { severity: 'warn', entity: 'provider', key: '2000000003/acme',
        message: '2 completed visit(s) with payer acme since 2025-03-06 by provider 2000000003, who has no credentialing record with that payer' },
    ]);
  });
});

describe('kpi_weekly', async () => {
  const b = await buildGiven(scenario(), '2025-03-31');
  built.push(b);
  const kpi = async (name: string, week: string) =>
    (await b.q(`select value, numerator, denominator, target, status, definition from marts.kpi_weekly where kpi = '${name}' and week_start = '${week}'`))[0]!;

  it('has one row per week and KPI, from the first week of data to the as-of week', async () => {
    const weeks = await b.q(`select distinct week_start from marts.kpi_weekly order by 1`);
    expect(weeks.map((w) => w.week_start)).toEqual(['2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24', '2025-03-31']);
    const [n] = await b.q(`select count(distinct kpi) as n from marts.kpi_weekly`);
    expect(n!.n).toBe(16);
  });

  it('takes the denial rate from denial_rate with its target status', async () => {
    // Week of 03-17: 2 of 3 denied → 0.667 > 10% → red; definition present for hover.
    const d = await kpi('denial_rate', '2025-03-17');
    expect(d).toMatchObject({ value: 2 / 3, numerator: 2, denominator: 3, target: 0.05, status: 'red' });
    expect(String(d.definition)).toMatch(/first adjudicated/);
    // First-pass rate 1/3 < 80% → red.
    expect(await kpi('first_pass_rate', '2025-03-17')).toMatchObject({ value: 1 / 3, status: 'red' });
  });

  it('measures submission within 1 day per week of submission', async () => {
    // Week of 03-03: K1 (1 day), K2 (0 days) → 100% ≥ 95% → green; median 0.5 ≤ 1 → green.
    expect(await kpi('submitted_within_1_day_pct', '2025-03-03')).toMatchObject({ value: 1, numerator: 2, denominator: 2, status: 'green' });
    expect(await kpi('median_days_to_submit', '2025-03-03')).toMatchObject({ value: 0.5, status: 'green' });
    // Week of 03-10: K3 (5 days) → 0% → red.
    expect(await kpi('submitted_within_1_day_pct', '2025-03-10')).toMatchObject({ value: 0, status: 'red' });
  });

  it('measures unbilled visits and A/R at the end of each week', async () => {
    // End of week 03-03 (Sun 03-09): k3 served 03-05 is > 1 day old and its claim went out 03-10 → 1 unbilled.
    expect(await kpi('unbilled_visits', '2025-03-03')).toMatchObject({ value: 1 });
    expect(await kpi('unbilled_visits', '2025-03-10')).toMatchObject({ value: 0 });
    // End of week 03-10 (03-16): open balances K1 100 + K2 100 + K3 100 = 300; billed in the 90 days to 03-16 = 300
    // → days in A/R = 300 / (300 / 90) = 90 > 50 → red.
    expect(await kpi('days_in_ar', '2025-03-10')).toMatchObject({ value: 90, numerator: 300, status: 'red' });
    // End of week 03-17 (03-23): K1 settled (50 paid + 50 CO-45) → 200 open → 60 days.
    expect(await kpi('days_in_ar', '2025-03-17')).toMatchObject({ value: 60 });
    // The current week ends at the as-of date (Mon 03-31).
    const [w] = await b.q(`select week_end from marts.kpi_weekly where week_start = '2025-03-31' limit 1`);
    expect(w!.week_end).toBe('2025-03-31');
  });

  it('reports week-over-week change', async () => {
    const [r] = await b.q(`select value, previous_value, change from marts.kpi_weekly where kpi = 'days_in_ar' and week_start = '2025-03-17'`);
    expect(r).toEqual({ value: 60, previous_value: 90, change: -30 });
  });

  it('overrides a target from config', async () => {
    const lenient = await buildGiven(scenario(), '2025-03-31', { targets: { denial_rate: { green: 0.7, red: 0.9 } } });
    built.push(lenient);
    const [r] = await lenient.q(`select status, target from marts.kpi_weekly where kpi = 'denial_rate' and week_start = '2025-03-17'`);
    // 0.667 < 0.7 → green; the target shown is the overridden green threshold (the seed's target is its green).
    expect(r).toEqual({ status: 'green', target: 0.7 });
    const [t] = await lenient.q(`select target, green_threshold, red_threshold from marts.kpi_targets where kpi = 'denial_rate'`);
    expect(t).toEqual({ target: 0.7, green_threshold: 0.7, red_threshold: 0.9 });
  });

  it('says a configured threshold is configured, not the benchmark the seed cites; a KPI without a seed target takes the configured green', async () => {
    const cfg = await buildGiven(scenario(), '2025-03-31', {
      targets: { denial_rate: { green: 0.07, red: 0.12 }, days_in_ar: { red: 45, source: 'Our bank covenant' }, cash_revenue_share: { green: 0.3 } },
    });
    built.push(cfg);
    const rows = await cfg.q(`select kpi, target, green_threshold, red_threshold, source from marts.kpi_targets
      where kpi in ('denial_rate', 'days_in_ar', 'cash_revenue_share', 'first_pass_rate') order by kpi`);
    const seedSource = (kpi: string) => (b.q(`select source from marts.kpi_targets where kpi = '${kpi}'`) as Promise<Array<{ source: string }>>).then((r) => r[0]!.source);
    expect(rows).toEqual([
      // No seed target (the share describes the practice model): the configured green is the target.
      { kpi: 'cash_revenue_share', target: 0.3, green_threshold: 0.3, red_threshold: null, source: `Set in the configuration (targets.cash_revenue_share); the seed: ${await seedSource('cash_revenue_share')}` },
      // The configured source replaces the seed's.
      { kpi: 'days_in_ar', target: 35, green_threshold: 35, red_threshold: 45, source: 'Our bank covenant' },
      { kpi: 'denial_rate', target: 0.07, green_threshold: 0.07, red_threshold: 0.12, source: `Set in the configuration (targets.denial_rate); the seed: ${await seedSource('denial_rate')}` },
      // Not overridden: the seed's citation as it is.
      { kpi: 'first_pass_rate', target: 0.9, green_threshold: 0.9, red_threshold: 0.8, source: await seedSource('first_pass_rate') },
    ]);
    expect(await seedSource('denial_rate')).toMatch(/^Practice-management benchmark: under 5% strong/);
  });

  it('says the configured routing SLA in the label and definition of the routing KPI', async () => {
    const sla = async (b: Built) =>
      (await b.q(`select label, definition from marts.kpi_targets where kpi = 'denials_routed_within_sla_pct'`))[0] as { label: string; definition: string };
    const five = await buildGiven(scenario(), '2025-03-31', { alerts: { denialRoutingSlaDays: 5 } });
    const one = await buildGiven(scenario(), '2025-03-31', { alerts: { denialRoutingSlaDays: 1 } });
    built.push(five, one);
    expect((await sla(b)).label).toBe('Denials routed in 2 days');
    expect((await sla(b)).definition).toContain('came within 2 days of the denial remit');
    expect(await sla(five)).toMatchObject({ label: 'Denials routed in 5 days' });
    expect((await sla(five)).definition).toContain('came within 5 days of the denial remit');
    expect((await sla(one)).label).toBe('Denials routed in 1 day');
    const [w] = await five.q(`select label, definition from marts.kpi_weekly where kpi = 'denials_routed_within_sla_pct' limit 1`);
    expect(w).toEqual(await sla(five));
  });
});

describe('data quality and determinism', () => {
  it('audits write findings without patient data; the same data and as-of give identical marts', async () => {
    const g = scenario();
    // A remit for a claim that was never submitted, and a visit with an unknown payer.
    g.remit835({ payer: 'P1', trace: 'T9', paymentDate: '2025-03-20', claims: [{ claim: 'GHOST', status: '1', charge: 10, paid: 10 }] });
    const b1 = await buildGiven(g, '2025-03-31');
    const b2 = await buildGiven(g, '2025-03-31');
    built.push(b1, b2);
    const dq = await b1.q(`select check_name, severity, entity, key from marts.data_quality where source = 'audit' order by check_name, key`);
    expect(dq).toContainEqual({ check_name: 'unmatched_remits', severity: 'warn', entity: 'remit_record', key: 'GHOST' });
    for (const mart of ['claims', 'denial_rate', 'kpi_weekly', 'ar_aging', 'payer_profitability']) {
      const sql = `select * from marts.${mart} order by all`;
      expect(await b1.q(sql)).toEqual(await b2.q(sql));
    }
  });
});
