-- charge_lag: days from the visit to charge entry in the EHR, where the export has charge_entered_at (DESIGN.md §6.5).
-- grain: period_grain, period_start (of visit_date), clinic_id ('*' = all)
-- rule: charge_lag_days = the charge entry date in the clinic's time zone − visit_date, over completed insurance
--       visits with a charge entry timestamp on or before the as-of date (a later entry is not known yet); median
--       and p90 are continuous quantiles (quantile_cont, linear interpolation: the median of 1 and 2 is 1.5), as in
--       submission_lag and posting_lag.
with v as (
    select clinic_id, visit_date as d, charge_entered_on - visit_date as lag_days
    from intermediate.int_visits
    where status = 'completed' and is_insurance and charge_entered_on <= (select as_of from config.params)
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
    case when grouping(clinic_id) = 1 then '*' else clinic_id end as clinic_id,
    count(*) as visits,
    round(quantile_cont(lag_days, 0.5), 6) as median_charge_lag_days,
    round(quantile_cont(lag_days, 0.9), 6) as p90_charge_lag_days,
    count(*) filter (where lag_days <= 1) as visits_within_1_day,
    count(*) filter (where lag_days <= 1) / count(*) as pct_within_1_day
from periods
group by grouping sets ((period_grain, period_start, clinic_id), (period_grain, period_start))
