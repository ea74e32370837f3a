-- submission_lag: days from first date of service to claim submission, as a distribution (DESIGN.md §6.5).
-- grain: period_grain, period_start, clinic_id ('*' = all)
-- rule: per period of submitted_on (BHT04 of the original version) over non-voided claims with a service date:
--       claims, median and p90 of days_to_submit (continuous quantiles: the median of 1 and 2 is 1.5; every quantile
--       is rounded to 6 decimals, so 2 and 6 give a p90 of 5.6, not 5.6000000000000005), and pct_within_1_day =
--       claims with days_to_submit ≤ 1 / claims. Target: every claim out within 1 day.
with c as (
    select clinic_id, submitted_on as d, days_to_submit
    from marts.claims
    where not is_voided and days_to_submit is not null
),
periods as (
    select 'week' as period_grain, date_trunc('week', d)::DATE as period_start, * from c
    union all
    select 'month', date_trunc('month', d)::DATE, * from c
    union all
    select 'all', NULL::DATE, * from c
)
select
    period_grain,
    period_start,
    case when grouping(clinic_id) = 1 then '*' else clinic_id end as clinic_id,
    count(*) as claims,
    round(quantile_cont(days_to_submit, 0.5), 6) as median_days_to_submit,
    round(quantile_cont(days_to_submit, 0.9), 6) as p90_days_to_submit,
    avg(days_to_submit) as mean_days_to_submit,
    max(days_to_submit) as max_days_to_submit,
    count(*) filter (where days_to_submit <= 1) as claims_within_1_day,
    count(*) filter (where days_to_submit <= 1) / count(*) as pct_within_1_day
from periods
group by grouping sets ((period_grain, period_start, clinic_id), (period_grain, period_start))
