-- auth_requests: requested versus approved visits and decision turnaround per payer — which payers cut requested
-- visit counts, and how long they take (DESIGN.md §6.7).
-- grain: period_grain, period_start (of requested_on), payer_id ('*' = all)
-- rule: over authorisation requests made on or before as-of (one decided after as-of counts as pending, without a
--       turnaround); requested_visits and approved_visits = the visits asked for and granted by the decided requests
--       that state the requested visits (an approval also its approved visits; a denial grants 0), so the two
--       compare like with like (pending requests are counted in `pending`, not in the visits; 0 when there are
--       none); approval_rate_visits = approved_visits / requested_visits; turnaround = decided_on − requested_on
--       (mean, median and p90 are continuous quantiles, as in the lag marts).
with a as (
    -- a decision dated after as-of has not happened yet: the request is still pending, with no turnaround
    select * replace (case when decided_after then 'pending' else status end as status),
           requested_on as d,
           case when not decided_after then decided_on - requested_on end as turnaround_days
    from (
        select *, coalesce(decided_on > (select as_of from config.params), false) as decided_after
        from staging.stg_ehr__authorizations
        where requested_on <= (select as_of from config.params)
    )
),
-- Requested vs approved visits over decided requests that say how many visits were requested: a denial grants 0.
v as (
    select *,
        requested_visits is not null
            and (status = 'denied' or (status = 'approved' and approved_visits is not null)) as visits_stated,
        case when status = 'denied' then 0 else approved_visits end as visits_granted
    from a
),
periods as (
    select 'week' as period_grain, date_trunc('week', d)::DATE as period_start, * from v
    union all
    select 'month', date_trunc('month', d)::DATE, * from v
    union all
    select 'all', NULL::DATE, * from v
)
select
    period_grain,
    period_start,
    case when grouping(payer_id) = 1 then '*' else payer_id end as payer_id,
    count(*) as requests,
    count(*) filter (where status = 'approved') as approved,
    count(*) filter (where status = 'denied') as denied,
    count(*) filter (where status = 'pending') as pending,
    count(*) filter (where previous_auth_id is not null) as reauthorizations,
    coalesce(sum(requested_visits) filter (where visits_stated), 0)::BIGINT as requested_visits,
    coalesce(sum(visits_granted) filter (where visits_stated), 0)::BIGINT as approved_visits,
    sum(visits_granted) filter (where visits_stated) / nullif(sum(requested_visits) filter (where visits_stated), 0)
        as approval_rate_visits,
    round(avg(turnaround_days), 6) as avg_turnaround_days,
    round(quantile_cont(turnaround_days, 0.5), 6) as median_turnaround_days,
    round(quantile_cont(turnaround_days, 0.9), 6) as p90_turnaround_days
from periods
group by grouping sets ((period_grain, period_start, payer_id), (period_grain, period_start))
