-- stg_seeds__targets: KPI targets with direction, thresholds and source; config `targets` overrides them.
-- grain: kpi
select
    t.kpi,
    t.direction,
    coalesce(o.target, try_cast(t.target AS DOUBLE)) as target,
    coalesce(o.green, try_cast(t.green AS DOUBLE)) as green,
    coalesce(o.red, try_cast(t.red AS DOUBLE)) as red,
    t.green_inclusive::BOOLEAN as green_inclusive,
    coalesce(o.source, t.source) as source
from seeds.targets t
left join config.target_overrides o on o.kpi = t.kpi
