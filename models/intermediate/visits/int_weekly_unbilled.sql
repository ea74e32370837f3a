-- int_weekly_unbilled: completed insurance visits unbilled at the end of each week (more than 1 day old, no claim
-- submitted by then), for the scorecard trend.
-- grain: week_start
-- rule: a visit is unbilled at week end E when E − visit_date > 1 and its claim was not submitted by E, i.e. E lies
--       in [visit_date + 2, claim_submitted_on). Visits billed within a day never enter the queue.
with weeks as (select * from intermediate.int_weeks),
queue as (
    select visit_date + 2 as from_day, coalesce(claim_submitted_on, DATE '9999-12-31') as to_day
    from intermediate.int_visits
    where status = 'completed' and is_insurance
      and visit_date + 2 < coalesce(claim_submitted_on, DATE '9999-12-31')
)
select w.week_start, count(q.from_day) as unbilled_visits
from weeks w
left join queue q on w.week_end >= q.from_day and w.week_end < q.to_day
group by w.week_start
