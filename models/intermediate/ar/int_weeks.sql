-- int_weeks: every week (Monday start) from the first week with claims or visits to the as-of week.
-- grain: week_start
-- rule: week_end is the Sunday, or the as-of date for the as-of week (a week in progress is measured to as-of).
with params as (select as_of from config.params),
bounds as (
    select least(
        (select min(first_service_date) from intermediate.int_claims),
        (select min(visit_date) from intermediate.int_visits),
        (select min(remit_date) from intermediate.int_remit_records)
    ) as first_day
)
select
    w::DATE as week_start,
    least(w::DATE + 6, (select as_of from params)) as week_end
from bounds, params,
     generate_series(date_trunc('week', coalesce(bounds.first_day, params.as_of)), date_trunc('week', params.as_of), INTERVAL 7 DAY) t(w)
