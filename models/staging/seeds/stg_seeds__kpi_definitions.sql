-- stg_seeds__kpi_definitions: the metric dictionary: one sentence per KPI, shown on hover in the site.
-- grain: kpi
select kpi, label, unit, definition from seeds.kpi_definitions
