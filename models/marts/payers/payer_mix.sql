-- payer_mix: cash-pay versus insurance — visits and revenue by financial class, and the practice model it implies
-- (DESIGN.md §6.10).
-- grain: period_grain, period_start (of visit_date), financial_class (each insured class, and on every period the
--        totals 'cash' (cash-pay visits), 'insurance' (all insured classes) and '*' (everything), with zeros when
--        the period has no visits of that kind)
-- rule: completed visits (cash-pay = no payer); revenue: insurance = allowed (CLP04 + PR adjustments, to as-of) of
--       the claims of the period's visits, each claim counted once: a visit gets the allowed of its claim's lines
--       dated on the visit date (SVC paid + line PR, every remit record to as-of, reversals included), and what is
--       left of the claim's allowed (claim-level adjustments, lines dated on no visit) goes to the claim's first
--       visit, so periods add up to the 'all' row even when one claim covers visits in two periods; cash = patient
--       payments linked to the period's cash-pay visits (received by as-of) and to no claim; visit_share and revenue_share of the
--       period total; practice_model from the period's insurance revenue share: ≥ 85% traditional, ≤ 30% boutique,
--       else hybrid, compared exactly in DECIMAL (insurance ≥ 0.85 × total), not on the DOUBLE share.
with params as (select as_of from config.params),
visits as (
    select v.visit_id, v.claim_clinic_id as clinic_id, v.claim_id, v.visit_date as d, v.is_insurance,
           case when v.is_insurance then v.financial_class else 'cash' end as financial_class
    from intermediate.int_visits v
    where v.status = 'completed'
),
cash as (
    -- a payment that also names an insured claim pays that claim (patient A/R), not the cash-pay visit: counted once
    select visit_id, sum(amount) as amount
    from intermediate.int_patient_payments
    where visit_id is not null and claim_id is null
    group by visit_id
),
claim_allowed as (
    select clinic_id, claim_id, allowed_amount
    from marts.claims where not is_voided
),
-- Each claim's allowed split over the dates of its completed insured visits: the lines of that date, plus the rest
-- of the claim on its first visit date.
claim_visit_dates as (
    select *,
        d = min(d) over w as is_first_visit,
        count(*) over w as visit_dates
    from (select distinct clinic_id, claim_id, d, financial_class from visits where is_insurance and claim_id is not null)
    window w as (partition by clinic_id, claim_id, financial_class)
),
-- Only a claim with visits on several dates needs its lines (the usual claim-per-visit gets its whole allowed).
multi_date_claims as (select distinct clinic_id, claim_id from claim_visit_dates where visit_dates > 1),
line_allowed as (
    select rl.clinic_id, rl.claim_id, l.service_date_from as d, sum(rl.paid + rl.patient_responsibility) as allowed
    from intermediate.int_remit_lines rl
    semi join multi_date_claims m on m.clinic_id = rl.clinic_id and m.claim_id = rl.claim_id
    join intermediate.int_claim_lines l using (clinic_id, claim_id, line_seq)
    group by all
),
visit_date_allowed as (
    select v.clinic_id, v.claim_id, v.d, v.financial_class, v.is_first_visit, coalesce(la.allowed, 0) as line_allowed
    from claim_visit_dates v
    left join line_allowed la using (clinic_id, claim_id, d)
    where v.visit_dates > 1
),
claim_revenue as (
    select v.d, v.financial_class, a.allowed_amount as revenue
    from claim_visit_dates v
    join claim_allowed a using (clinic_id, claim_id)
    where v.visit_dates = 1
    union all
    select v.d, v.financial_class,
        v.line_allowed
        + case when v.is_first_visit
               then a.allowed_amount - sum(v.line_allowed) over (partition by v.clinic_id, v.claim_id, v.financial_class)
               else 0 end
    from visit_date_allowed v
    join claim_allowed a using (clinic_id, claim_id)
),
-- Facts are summed per day first, then the days are rolled up into weeks, months and 'all' (a few thousand rows to
-- expand instead of every visit three times).
visits_daily as (
    select d, financial_class, bool_or(is_insurance) as is_insurance, count(*) as visits
    from visits group by all
),
cash_daily as (
    select v.d, sum(c.amount) as amount
    from visits v join cash c using (visit_id)
    where not v.is_insurance
    group by all
),
revenue_daily as (
    select d, financial_class, sum(revenue) as revenue
    from claim_revenue group by all
),
-- Each visit date in its week, its month and 'all' (revenue and cash dates are visit dates).
days as (select distinct d from visits),
day_periods as (
    select d, 'week' as period_grain, date_trunc('week', d)::DATE as period_start from days
    union all
    select d, 'month', date_trunc('month', d)::DATE from days
    union all
    select d, 'all', NULL::DATE from days
),
visit_counts as (
    select p.period_grain, p.period_start, v.financial_class, bool_or(v.is_insurance) as is_insurance,
           sum(v.visits)::BIGINT as visits
    from visits_daily v join day_periods p using (d)
    group by all
),
insurance_revenue as (
    select p.period_grain, p.period_start, r.financial_class, sum(r.revenue) as revenue
    from revenue_daily r join day_periods p using (d)
    group by all
),
cash_revenue as (
    select p.period_grain, p.period_start, 'cash' as financial_class, sum(c.amount) as revenue
    from cash_daily c join day_periods p using (d)
    group by all
),
by_class as (
    select v.period_grain, v.period_start, v.financial_class, v.is_insurance, v.visits,
           coalesce(i.revenue, c.revenue, 0) as revenue
    from visit_counts v
    left join insurance_revenue i
      on i.period_grain = v.period_grain and i.period_start is not distinct from v.period_start
     and i.financial_class = v.financial_class
    left join cash_revenue c
      on c.period_grain = v.period_grain and c.period_start is not distinct from v.period_start
     and c.financial_class = v.financial_class
),
-- The 'insurance' and 'cash' totals exist on every period (zeros when the period has no such visits), so a month
-- without cash-pay visits still says cash = 0 (and the scorecard's cash share is 0, not unknown).
period_keys as (select distinct period_grain, period_start from by_class),
totals as (
    select k.period_grain, k.period_start, t.financial_class,
           coalesce(sum(b.visits), 0) as visits, coalesce(sum(b.revenue), 0) as revenue
    from period_keys k
    cross join (values ('insurance', true), ('cash', false)) t(financial_class, is_insurance)
    left join by_class b
      on b.period_grain = k.period_grain and b.period_start is not distinct from k.period_start
     and b.is_insurance = t.is_insurance
    group by k.period_grain, k.period_start, t.financial_class
),
with_totals as (
    select period_grain, period_start, financial_class, visits, revenue from by_class where is_insurance
    union all
    select period_grain, period_start, financial_class, visits, revenue from totals
    union all
    select period_grain, period_start, '*', sum(visits), sum(revenue) from by_class group by all
),
period_totals as (
    select period_grain, period_start,
           sum(visits) as total_visits,
           sum(revenue) as total_revenue,
           sum(revenue) filter (where is_insurance) as insurance_revenue
    from by_class group by all
)
select
    w.period_grain,
    w.period_start,
    w.financial_class,
    w.visits::BIGINT as visits,
    w.revenue::DECIMAL(18,2) as revenue,
    w.visits / nullif(t.total_visits, 0) as visit_share,
    (w.revenue / nullif(t.total_revenue, 0))::DOUBLE as revenue_share,
    (coalesce(t.insurance_revenue, 0) / nullif(t.total_revenue, 0))::DOUBLE as insurance_revenue_share,
    -- Compared in DECIMAL (share ≥ 85% ⇔ insurance ≥ 0.85 × total): a DOUBLE quotient of cents can land one unit in
    -- the last place below an exact 85% (1700.34 / 2000.40).
    case
        when t.total_revenue is null or t.total_revenue = 0 then NULL
        when coalesce(t.insurance_revenue, 0) >= 0.85 * t.total_revenue then 'traditional'
        when coalesce(t.insurance_revenue, 0) <= 0.30 * t.total_revenue then 'boutique'
        else 'hybrid'
    end as practice_model
from with_totals w
join period_totals t on t.period_grain = w.period_grain and t.period_start is not distinct from w.period_start
