-- stg_seeds__targets: KPI targets with direction, thresholds and source; config `targets` overrides them.
-- grain: kpi
-- rule: a config override of the green threshold alone also moves the target when the seed's target is its green
--       threshold (a denial rate target of 5% is "green below 5%") or the seed has no target. A configured
--       threshold without a configured source says it is configured (the seed's citation backs the seed's numbers,
--       not the configured ones) and quotes the seed's source after it.
select
    t.kpi,
    t.direction,
    coalesce(
        o.target,
        case when t.target is null or try_cast(t.target AS DOUBLE) = try_cast(t.green AS DOUBLE) then o.green end,
        try_cast(t.target AS DOUBLE)
    ) as target,
    coalesce(o.green, try_cast(t.green AS DOUBLE)) as green,
    coalesce(o.red, try_cast(t.red AS DOUBLE)) as red,
    t.green_inclusive::BOOLEAN as green_inclusive,
    coalesce(
        o.source,
        case when coalesce(o.target, o.green, o.red) is not null
             then 'Set in the configuration (targets.' || t.kpi || '); the seed: ' || t.source end,
        t.source
    ) as source
from seeds.targets t
left join config.target_overrides o on o.kpi = t.kpi
