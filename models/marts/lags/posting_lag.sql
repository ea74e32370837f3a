-- posting_lag: days from receiving an 835 to posting its ERA payment, as a distribution (DESIGN.md §6.5).
-- grain: period_grain, period_start (of the 835's received_on)
-- rule: ERA payments (payments.method = era) matched to their 835 by trace number; lag = posted_on − received_on of
--       the 835 (GS04); median and p90 (continuous quantiles) and pct_within_1_day = payments posted within 1 day /
--       matched payments. Target: posted within 24 h of the remittance.
with p as (
    select remit_received_on as d, lag_days, amount
    from intermediate.int_era_postings
    where matched and remit_received_on <= (select as_of from config.params)
),
periods as (
    select 'week' as period_grain, date_trunc('week', d)::DATE as period_start, * from p
    union all
    select 'month', date_trunc('month', d)::DATE, * from p
    union all
    select 'all', NULL::DATE, * from p
)
select
    period_grain,
    period_start,
    count(*) as payments,
    sum(amount)::DECIMAL(18,2) as amount,
    round(quantile_cont(lag_days, 0.5), 6) as median_lag_days,
    round(quantile_cont(lag_days, 0.9), 6) as p90_lag_days,
    count(*) filter (where lag_days <= 1) as payments_within_1_day,
    count(*) filter (where lag_days <= 1) / count(*) as pct_within_1_day
from periods
group by period_grain, period_start
