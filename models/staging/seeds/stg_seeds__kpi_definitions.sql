-- stg_seeds__kpi_definitions: the metric dictionary: one sentence per KPI, shown on hover in the site.
-- grain: kpi
-- rule: `{denial_routing_sla}` in a label or definition is the configured routing SLA (alerts.denialRoutingSlaDays),
--       written "2 days" ("1 day"), so the words say what the number measures.
with sla as (
    select case when denial_routing_sla_days = 1 then '1 day' else denial_routing_sla_days || ' days' end as text
    from config.params
)
select
    d.kpi,
    replace(d.label, '{denial_routing_sla}', sla.text) as label,
    d.unit,
    replace(d.definition, '{denial_routing_sla}', sla.text) as definition
from seeds.kpi_definitions d
cross join sla
