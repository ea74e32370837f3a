-- stg_seeds__targets: KPI targets with direction, thresholds and source; config `targets` overrides them.
-- grain: kpi
-- rule: a config override of the green threshold alone also moves the target when the seed's target is its green
--       threshold (a denial rate target of 5% is "green below 5%").
select
    t.kpi,
    t.direction,
    coalesce(
        o.target,
        case when try_cast(t.target AS DOUBLE) = try_cast(t.green AS DOUBLE) then o.green end,
        try_cast(t.target AS DOUBLE)
    ) as target,
    coalesce(o.green, try_cast(t.green AS DOUBLE)) as green,
    coalesce(o.red, try_cast(t.red AS DOUBLE)) as red,
    t.green_inclusive::BOOLEAN as green_inclusive,
    coalesce(o.source, t.source) as source
from seeds.targets t
left join config.target_overrides o on o.kpi = t.kpi
