// Site-wide facts every page reads: profile, as-of date, clinics (labelled), payers, the metric dictionary with
// targets and their sources (marts.kpi_targets), and each mart's definition (its header comment).
import { readMartDocs } from '../../src/site/mart-docs.ts';
import { loader } from './lib/loader.ts';

loader('site', async (ctx) => {
  const [params] = await ctx.query(`SELECT as_of, denial_routing_sla_days, auth_low_visits, reauth_lead_days FROM config.params`);
  const payers = await ctx.db
    .selectFrom('marts.payers')
    .select(['payer_id', 'payer_name', 'financial_class', 'requires_auth', 'in_network'])
    .orderBy('payer_id')
    .execute();
  const kpis = await ctx.db
    .selectFrom('marts.kpi_targets')
    .select(['kpi', 'label', 'unit', 'definition', 'direction', 'target', 'green_threshold', 'red_threshold', 'green_inclusive',
      'source'])
    .orderBy('kpi')
    .execute();
  return {
    profile: ctx.profile,
    small_cell: ctx.smallCell,
    as_of: params?.as_of ?? null,
    denial_routing_sla_days: Number(params?.denial_routing_sla_days),
    cash_rate_per_visit: ctx.cashRatePerVisit,
    cost_per_visit: ctx.costPerVisit,
    clinics: ctx.clinics.map((c) => ({ clinic_id: ctx.benchmark ? ctx.clinicLabel(c.clinic_id) : c.clinic_id, label: ctx.clinicLabel(c.clinic_id) })),
    payers,
    kpi_targets: kpis,
    // DESIGN.md §7's workflow targets that are alert settings, not weekly KPIs: the values in force (config alerts.*)
    // and where they come from.
    alert_targets: [
      {
        target: 'Re-authorisation requested before expiry or exhaustion',
        value: `${Number(params?.reauth_lead_days)} days before`,
        source: 'PT billing playbook: submit the re-auth request 5-7 days before expiration (config alerts.reauthLeadDays)',
      },
      {
        target: 'Low-visit alert',
        value: `${Number(params?.auth_low_visits)} visits remaining`,
        source: 'PT billing playbook: flag when 2-3 visits remain on the current authorization (config alerts.authLowVisits)',
      },
      {
        target: 'Denials routed to their workflow',
        value: `within ${Number(params?.denial_routing_sla_days)} days`,
        source: 'PT billing playbook: route to the appropriate workflow within 48 hours (config alerts.denialRoutingSlaDays)',
      },
    ],
    marts: readMartDocs(),
  };
});
