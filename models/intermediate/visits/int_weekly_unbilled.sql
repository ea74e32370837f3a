-- int_weekly_unbilled: completed insurance visits unbilled at the end of each week (more than 1 day old, no claim
-- submitted by then), for the scorecard trend.
-- grain: week_start
-- rule: a visit is unbilled at week end E when E − visit_date > 1 and its claim has no version in force at E that is
--       not a void (int_claim_version_spans: a claim submitted after E did not exist yet; one voided after E was
--       still billed at E), so a past week matches unbilled_visits rebuilt as of its end. Counted as a running sum
--       of day events: +1 when a visit becomes due (visit_date + 2), −1 / +1 when a live claim version starts / ends.
with weeks as (select * from intermediate.int_weeks),
visits as (
    select claim_clinic_id as clinic_id, claim_id, visit_date + 2 as due
    from intermediate.int_visits
    where status = 'completed' and is_insurance
),
live as (
    -- The parts of the visit's non-void claim versions from the day the visit is due.
    select greatest(s.valid_from, v.due) as from_day, s.valid_to as to_day
    from visits v
    join intermediate.int_claim_version_spans s on s.clinic_id = v.clinic_id and s.claim_id = v.claim_id
    where not s.is_voided and (s.valid_to is null or s.valid_to > v.due)
),
events as (
    select due as day, 1 as n from visits
    union all
    select from_day, -1 from live
    union all
    select to_day, 1 from live where to_day is not null
),
running as (
    select day, sum(sum(n)) over (order by day rows unbounded preceding) as unbilled
    from events group by day
)
select w.week_start, coalesce(r.unbilled, 0)::BIGINT as unbilled_visits
from weeks w
asof left join running r on w.week_end >= r.day
