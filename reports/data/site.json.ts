// Site-wide facts every page reads: profile, as-of date, clinics (labelled), payers, the metric dictionary with
// targets and their sources (marts.kpi_targets), and each mart's definition (its header comment).
import { readMartDocs } from '../../src/site/mart-docs.ts';
import { loader } from './lib/loader.ts';

loader('site', async (ctx) => {
  const [params] = await ctx.query(`SELECT as_of, denial_routing_sla_days FROM config.params`);
  const payers = await ctx.query(`
    SELECT payer_id, payer_name, financial_class, requires_auth, in_network
    FROM marts.payers ORDER BY payer_id`);
  const kpis = await ctx.query(`
    SELECT kpi, label, unit, definition, direction, target, green_threshold, red_threshold, green_inclusive, source
    FROM marts.kpi_targets ORDER BY kpi`);
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
    marts: readMartDocs(),
  };
});
