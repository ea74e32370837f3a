-- int_weekly_ar: insurance A/R at the end of every week, for the scorecard trend of days in A/R and A/R over 90.
-- grain: week_start
-- rule: the same balance rule as ar_summary (int_claim_balances), evaluated at each week's end from the balance
--       intervals: total_balance = Σ positive balances open at week end; balance_over_90 = those whose first service
--       date is more than 90 days before week end; billed_last_90 = Σ billed of claims whose first service date lies
--       in the 90 days ending at week end; open_claims, claims_over_90 and claims_billed_last_90 count the claims
--       behind each sum (the scorecard's small-cell basis). Each claim is the version current at week end (int_claim_version_spans):
--       not yet submitted, it did not exist; voided later, it still counted; replaced later, at its old amount — so
--       a past week matches ar_summary rebuilt as of its end.
with weeks as (select * from intermediate.int_weeks),
open_at as (
    select w.week_start, w.week_end, i.balance, i.first_service_date
    from weeks w
    join intermediate.int_claim_balance_intervals i
      on i.valid_from <= w.week_end and i.valid_to > w.week_end
    where i.balance > 0
),
balances as (
    select week_start,
           sum(balance) as total_balance,
           sum(balance) filter (where week_end - first_service_date > 90) as balance_over_90,
           count(*) as open_claims,
           count(*) filter (where week_end - first_service_date > 90) as claims_over_90
    from open_at group by week_start
),
billed as (
    select w.week_start, sum(s.billed_amount) as billed_last_90, count(*) as claims_billed_last_90
    from weeks w
    join intermediate.int_claim_version_spans s
      on s.valid_from <= w.week_end and (s.valid_to is null or s.valid_to > w.week_end)
    where not s.is_voided
      and s.first_service_date > w.week_end - 90 and s.first_service_date <= w.week_end
    group by w.week_start
)
select
    w.week_start,
    w.week_end,
    coalesce(b.total_balance, 0) as total_balance,
    coalesce(b.balance_over_90, 0) as balance_over_90,
    coalesce(bl.billed_last_90, 0) as billed_last_90,
    coalesce(b.open_claims, 0) as open_claims,
    coalesce(b.claims_over_90, 0) as claims_over_90,
    coalesce(bl.claims_billed_last_90, 0) as claims_billed_last_90
from weeks w
left join balances b using (week_start)
left join billed bl using (week_start)
