-- payer_profitability: what each payer contract really earns per visit (DESIGN.md §6.9) — the numbers the contract
-- model on the payers page starts from.
-- grain: payer_id ('*' = all), period_grain, period_start (of the claim's first service date)
-- rule: over non-voided claims first adjudicated by as-of: visits = completed visits on those claims; allowed =
--       Σ (CLP04 + patient-responsibility adjustments) to as-of, reversals included; expected_allowed = Σ fee
--       schedule × units over the current version's lines; underpaid_amount = Σ over claim lines whose net payment
--       is above 0 of max(0, expected line allowed − actual line allowed), where actual line allowed nets every remit
--       record of the line, reversals included (SVC03 + the line's group-PR adjustments, PR-96/119 included); cost = visits × costPerVisit +
--       claims × adminCostPerClaim (by financial class, 'default' otherwise) + initially denied claims ×
--       denialReworkCost; margin = allowed − cost; per-visit ratios divide by visits; margin_pct = margin / allowed;
--       loses_money = margin < 0.
--       A line's fee row (int_claim_lines): the payer's row for the line's code in force on the line date; a row for
--       one of the line's modifiers beats a modifier-less row, then the latest effective_from, then the
--       alphabetically last modifier. An SVC's line (int_remit_lines): its REF*6R, else the same code, modifiers (any
--       order) and date, else code and first modifier, else code alone.
with params as (select * from config.params),
claims as (
    select c.clinic_id, c.claim_id, c.payer_id, c.financial_class, c.first_service_date as d, c.billed_amount,
           c.completed_visits as visits, c.allowed_amount, c.initial_denial
    from marts.claims c
    where c.is_adjudicated and not c.is_voided
),
admin as (
    select c.clinic_id, c.claim_id,
           coalesce(a.cost, (select cost from config.admin_cost_per_claim where financial_class = 'default')) as admin_cost
    from claims c
    left join config.admin_cost_per_claim a on a.financial_class = c.financial_class
),
line_remits as (
    select clinic_id, claim_id, line_seq, sum(paid) as net_paid, sum(paid + pr_group_amount) as actual_allowed
    from intermediate.int_remit_lines
    where line_seq is not null
    group by all
),
line_values as (
    select l.clinic_id, l.claim_id,
           sum(l.expected_allowed) as expected_allowed,
           sum(case when r.net_paid > 0 then greatest(0, coalesce(l.expected_allowed, 0) - r.actual_allowed) else 0 end)
               as underpaid_amount
    from intermediate.int_claim_lines l
    left join line_remits r using (clinic_id, claim_id, line_seq)
    group by all
),
per_claim as (
    select c.*, coalesce(v.expected_allowed, 0) as expected_allowed, coalesce(v.underpaid_amount, 0) as underpaid_amount,
           a.admin_cost
    from claims c
    left join line_values v using (clinic_id, claim_id)
    left join admin a using (clinic_id, claim_id)
),
-- Claims are summed per payer and first service date first, then the days are rolled up into weeks, months and
-- 'all' (thousands of rows to expand instead of every claim three times).
daily as (
    select
        payer_id, d,
        sum(visits) as visits,
        count(*) as claims,
        count(*) filter (where initial_denial) as initially_denied_claims,
        sum(billed_amount) as billed,
        sum(allowed_amount) as allowed,
        sum(expected_allowed) as expected_allowed,
        sum(underpaid_amount) as underpaid_amount,
        sum(admin_cost) as admin_cost
    from per_claim
    group by all
),
periods as (
    select 'week' as period_grain, date_trunc('week', d)::DATE as period_start, * from daily
    union all
    select 'month', date_trunc('month', d)::DATE, * from daily
    union all
    select 'all', NULL::DATE, * from daily
),
agg as (
    select
        case when grouping(payer_id) = 1 then '*' else payer_id end as payer_id,
        period_grain,
        period_start,
        sum(visits)::BIGINT as visits,
        sum(claims)::BIGINT as claims,
        sum(initially_denied_claims)::BIGINT as initially_denied_claims,
        sum(billed) as billed,
        sum(allowed) as allowed,
        sum(expected_allowed) as expected_allowed,
        sum(underpaid_amount) as underpaid_amount,
        sum(admin_cost) as admin_cost
    from periods
    group by grouping sets ((payer_id, period_grain, period_start), (period_grain, period_start))
),
costed as (
    select a.*,
           (a.visits * p.cost_per_visit + a.admin_cost + a.initially_denied_claims * p.denial_rework_cost) as cost
    from agg a cross join params p
)
select
    payer_id,
    period_grain,
    period_start,
    visits,
    claims,
    initially_denied_claims,
    billed::DECIMAL(18,2) as billed,
    allowed::DECIMAL(18,2) as allowed,
    expected_allowed::DECIMAL(18,2) as expected_allowed,
    underpaid_amount::DECIMAL(18,2) as underpaid_amount,
    cost::DECIMAL(18,2) as cost,
    (allowed - cost)::DECIMAL(18,2) as margin,
    (allowed / nullif(visits, 0))::DOUBLE as allowed_per_visit,
    (cost / nullif(visits, 0))::DOUBLE as cost_per_visit,
    ((allowed - cost) / nullif(visits, 0))::DOUBLE as margin_per_visit,
    ((allowed - cost) / nullif(allowed, 0))::DOUBLE as margin_pct,
    allowed - cost < 0 as loses_money
from costed
