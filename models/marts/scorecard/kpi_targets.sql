-- kpi_targets: the metric dictionary joined with the targets — each KPI's label, definition, unit, direction,
-- thresholds and source, as the site shows them on hover and on the benchmarks page (DESIGN.md §7).
-- grain: kpi
select
    d.kpi, d.label, d.unit, d.definition,
    t.direction, t.target, t.green as green_threshold, t.red as red_threshold, t.green_inclusive, t.source
from staging.stg_seeds__kpi_definitions d
left join staging.stg_seeds__targets t using (kpi)
