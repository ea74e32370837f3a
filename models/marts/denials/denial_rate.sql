-- denial_rate: initial-denial rate by payer and denial category (DESIGN.md §6.2).
-- grain: period_grain, period_start, payer_id ('*' = all), category ('*' = any)
-- rule: period = the first adjudication date (week from Monday, month, all). adjudicated_claims = the payer's
--       non-voided claims first adjudicated in the period; denied_claims = those with an initial denial in the
--       category ('*' = any); denial_rate = denied_claims / adjudicated_claims (the denominator ignores the category,
--       so categories add up to the '*' row); billed_amount = Σ billed of the adjudicated claims (same on every
--       category row); denied_amount = Σ denial-adjustment amounts of the first adjudication records of the claims
--       in the category (a claim's whole denied amount goes to its denial_category, as the claim does, even when
--       some of its denial adjustments have other categories); denial_rate_amount = denied_amount / billed_amount.
--       Per payer and period (same on every category row): fully_denied_claims (outcome denied) and first_pass_rate
--       (outcome paid / adjudicated).
--       systematic = the payer's flag from marts.denial_systematic (over the last 8 weeks: rate > 10%, ≥ 5 denials,
--       one category > half of them). Every denial category gets a row, with zeros when it has no denials.
with claims as (
    select payer_id, first_adjudicated_on as d, billed_amount, initial_outcome, denial_category, denied_amount
    from marts.claims
    where is_adjudicated and not is_voided
),
periods as (
    select 'week' as period_grain, date_trunc('week', d)::DATE as period_start, * from claims
    union all
    select 'month', date_trunc('month', d)::DATE, * from claims
    union all
    select 'all', NULL::DATE, * from claims
),
totals as (
    select period_grain, period_start,
           case when grouping(payer_id) = 1 then '*' else payer_id end as payer_id,
           count(*) as adjudicated_claims,
           sum(billed_amount) as billed_amount,
           count(*) filter (where initial_outcome = 'denied') as fully_denied_claims,
           count(*) filter (where initial_outcome = 'paid') as first_pass_claims
    from periods
    group by grouping sets ((period_grain, period_start, payer_id), (period_grain, period_start))
),
by_category as (
    select period_grain, period_start,
           case when grouping(payer_id) = 1 then '*' else payer_id end as payer_id,
           case when grouping(denial_category) = 1 then '*' else denial_category end as category,
           count(*) as denied_claims,
           sum(denied_amount) as denied_amount
    from periods
    where initial_outcome in ('denied', 'partially_denied')
    group by grouping sets (
        (period_grain, period_start, payer_id, denial_category), (period_grain, period_start, payer_id),
        (period_grain, period_start, denial_category), (period_grain, period_start)
    )
),
categories as (
    select '*' as category, 0 as tie_rank
    union all
    select category, tie_rank from staging.stg_seeds__adjustment_categories where is_denial
),
systematic as (select payer_id, systematic from marts.denial_systematic)
select
    t.period_grain,
    t.period_start,
    t.payer_id,
    k.category,
    t.adjudicated_claims,
    coalesce(b.denied_claims, 0) as denied_claims,
    coalesce(b.denied_claims, 0) / t.adjudicated_claims as denial_rate,
    t.billed_amount,
    coalesce(b.denied_amount, 0)::DECIMAL(18,2) as denied_amount,
    case when t.billed_amount <> 0 then coalesce(b.denied_amount, 0) / t.billed_amount end::DOUBLE as denial_rate_amount,
    t.fully_denied_claims,
    t.first_pass_claims,
    t.first_pass_claims / t.adjudicated_claims as first_pass_rate,
    coalesce(s.systematic, false) as systematic,
    k.tie_rank as category_order
from totals t
cross join categories k
left join by_category b
  on b.period_grain = t.period_grain and b.period_start is not distinct from t.period_start
 and b.payer_id = t.payer_id and b.category = k.category
left join systematic s on s.payer_id = t.payer_id
