-- auth_leakage: visits delivered without a valid authorisation, in visits and dollars (DESIGN.md §6.6).
-- grain: period_grain, period_start (of visit_date), payer_id ('*' = all payers that require auth)
-- rule: visits_requiring_auth = visits of requires_auth payers that are not exempt; leaked_visits = over_limit +
--       expired + no_auth; leakage_rate = leaked / visits_requiring_auth; leaked_amount = Σ expected_amount of leaked
--       visits; confirmed_by_denial = leaked visits whose claim was denied for authorization.
with v as (
    select *, visit_date as d from marts.auth_visits where status <> 'not_required'
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
    count(*) filter (where status <> 'exempt') as visits_requiring_auth,
    count(*) filter (where leaked) as leaked_visits,
    count(*) filter (where leaked) / nullif(count(*) filter (where status <> 'exempt'), 0) as leakage_rate,
    coalesce(sum(expected_amount) filter (where leaked), 0)::DECIMAL(18,2) as leaked_amount,
    count(*) filter (where status = 'authorized') as authorized_visits,
    count(*) filter (where status = 'over_limit') as over_limit_visits,
    count(*) filter (where status = 'expired') as expired_visits,
    count(*) filter (where status = 'no_auth') as no_auth_visits,
    count(*) filter (where status = 'exempt') as exempt_visits,
    count(*) filter (where leaked and confirmed_by_denial) as confirmed_by_denial
from periods
group by grouping sets ((period_grain, period_start, payer_id), (period_grain, period_start))
