-- clinic_benchmarks: each clinic's headline KPIs side by side with the group ('*'), for the benchmarks page and the
-- site's clinic filter (DESIGN.md §7). Same definitions as the payer-level marts, with the clinic as the dimension.
-- grain: period_grain ('week', 'month', 'all'), period_start, clinic_id ('*' = all clinics)
-- rule: denial_rate / first_pass_rate over claims first adjudicated in the period (as marts.denial_rate);
--       submission figures over claims submitted in the period (as marts.submission_lag); auth leakage over visits in
--       the period (as marts.auth_leakage); net_collection_rate = (payer + patient payments to date) / (billed −
--       contractual) of claims first adjudicated in the period; A/R figures (as marts.ar_summary) as of the as-of
--       date on the 'all' rows only (ar_balance 0 for a clinic without claims). Visit and claim counts let the
--       benchmark profile suppress small cells.
with params as (select as_of from config.params),
claims as (
    select c.*, b.patient_payments
    from marts.claims c
    left join intermediate.int_claim_balances b using (clinic_id, claim_id)
    where not c.is_voided
),
expand as (
    select 'week' as period_grain, date_trunc('week', d)::DATE as period_start, * exclude (d)
    from (select *, first_adjudicated_on as d from claims where is_adjudicated)
    union all
    select 'month', date_trunc('month', d)::DATE, * exclude (d)
    from (select *, first_adjudicated_on as d from claims where is_adjudicated)
    union all
    select 'all', NULL::DATE, * exclude (d) from (select *, first_adjudicated_on as d from claims where is_adjudicated)
),
adjudication as (
    select period_grain, period_start,
           case when grouping(clinic_id) = 1 then '*' else clinic_id end as clinic_id,
           count(*) as adjudicated_claims,
           count(*) filter (where initial_denial) as denied_claims,
           count(*) filter (where initial_outcome = 'paid') as first_pass_claims,
           sum(paid_amount + coalesce(patient_payments, 0)) as payments,
           sum(billed_amount - contractual_amount) as net_charges
    from expand
    group by grouping sets ((period_grain, period_start, clinic_id), (period_grain, period_start))
),
submission as (
    select period_grain, period_start,
           case when grouping(clinic_id) = 1 then '*' else clinic_id end as clinic_id,
           count(*) as submitted_claims,
           round(quantile_cont(days_to_submit, 0.5), 6) as median_days_to_submit,
           count(*) filter (where days_to_submit <= 1) as submitted_within_1_day,
           count(*) filter (where days_to_submit <= 1) / count(*) as pct_submitted_within_1_day
    from (
        select 'week' as period_grain, date_trunc('week', submitted_on)::DATE as period_start, clinic_id, days_to_submit
        from claims where days_to_submit is not null
        union all
        select 'month', date_trunc('month', submitted_on)::DATE, clinic_id, days_to_submit
        from claims where days_to_submit is not null
        union all
        select 'all', NULL::DATE, clinic_id, days_to_submit from claims where days_to_submit is not null
    )
    group by grouping sets ((period_grain, period_start, clinic_id), (period_grain, period_start))
),
visits as (
    select period_grain, period_start,
           case when grouping(clinic_id) = 1 then '*' else clinic_id end as clinic_id,
           count(*) as completed_visits
    from (
        select 'week' as period_grain, date_trunc('week', visit_date)::DATE as period_start, clinic_id
        from intermediate.int_visits where status = 'completed'
        union all
        select 'month', date_trunc('month', visit_date)::DATE, clinic_id
        from intermediate.int_visits where status = 'completed'
        union all
        select 'all', NULL::DATE, clinic_id from intermediate.int_visits where status = 'completed'
    )
    group by grouping sets ((period_grain, period_start, clinic_id), (period_grain, period_start))
),
leakage as (
    select period_grain, period_start,
           case when grouping(clinic_id) = 1 then '*' else clinic_id end as clinic_id,
           count(*) filter (where status <> 'exempt') as visits_requiring_auth,
           count(*) filter (where leaked) as leaked_visits,
           sum(expected_amount) filter (where leaked) as leaked_amount
    from (
        select 'week' as period_grain, date_trunc('week', visit_date)::DATE as period_start, clinic_id, status, leaked, expected_amount
        from marts.auth_visits where status <> 'not_required'
        union all
        select 'month', date_trunc('month', visit_date)::DATE, clinic_id, status, leaked, expected_amount
        from marts.auth_visits where status <> 'not_required'
        union all
        select 'all', NULL::DATE, clinic_id, status, leaked, expected_amount from marts.auth_visits where status <> 'not_required'
    )
    group by grouping sets ((period_grain, period_start, clinic_id), (period_grain, period_start))
),
ar as (
    select 'all' as period_grain, NULL::DATE as period_start,
           case when grouping(clinic_id) = 1 then '*' else clinic_id end as clinic_id,
           coalesce(sum(insurance_balance) filter (where insurance_balance > 0), 0) as ar_balance,
           coalesce(sum(insurance_balance) filter (where insurance_balance > 0 and age_days > 90), 0)
               / nullif(sum(insurance_balance) filter (where insurance_balance > 0), 0) as ar_over_90_pct,
           -- balance × 90 / billed (= balance / (billed / 90)), so that 370 against 370 billed is 90, not 90.00000000000001
           coalesce(sum(insurance_balance) filter (where insurance_balance > 0), 0) * 90
               / nullif(sum(billed_amount) filter (
                   where first_service_date > (select as_of from params) - 90 and first_service_date <= (select as_of from params)
               ), 0) as days_in_ar
    from intermediate.int_claim_balances
    group by grouping sets ((clinic_id), ())
),
keys as (
    select period_grain, period_start, clinic_id from adjudication
    union select period_grain, period_start, clinic_id from submission
    union select period_grain, period_start, clinic_id from visits
    union select period_grain, period_start, clinic_id from leakage
)
select
    k.period_grain,
    k.period_start,
    k.clinic_id,
    coalesce(v.completed_visits, 0) as completed_visits,
    coalesce(a.adjudicated_claims, 0) as adjudicated_claims,
    coalesce(a.denied_claims, 0) as denied_claims,
    a.denied_claims / nullif(a.adjudicated_claims, 0) as denial_rate,
    a.first_pass_claims / nullif(a.adjudicated_claims, 0) as first_pass_rate,
    (a.payments / nullif(a.net_charges, 0))::DOUBLE as net_collection_rate,
    coalesce(s.submitted_claims, 0) as submitted_claims,
    s.median_days_to_submit,
    coalesce(s.submitted_within_1_day, 0) as submitted_within_1_day,
    s.pct_submitted_within_1_day,
    coalesce(l.visits_requiring_auth, 0) as visits_requiring_auth,
    coalesce(l.leaked_visits, 0) as leaked_visits,
    l.leaked_visits / nullif(l.visits_requiring_auth, 0) as auth_leakage_rate,
    coalesce(l.leaked_amount, 0)::DECIMAL(18,2) as auth_leaked_amount,
    -- A sum over no claims is 0 (a clinic that never billed), on the 'all' rows that carry A/R.
    case when k.period_grain = 'all' then coalesce(r.ar_balance, 0) end::DECIMAL(18,2) as ar_balance,
    r.ar_over_90_pct::DOUBLE as ar_over_90_pct,
    r.days_in_ar::DOUBLE as days_in_ar
from keys k
left join adjudication a
  on a.period_grain = k.period_grain and a.period_start is not distinct from k.period_start and a.clinic_id = k.clinic_id
left join submission s
  on s.period_grain = k.period_grain and s.period_start is not distinct from k.period_start and s.clinic_id = k.clinic_id
left join visits v
  on v.period_grain = k.period_grain and v.period_start is not distinct from k.period_start and v.clinic_id = k.clinic_id
left join leakage l
  on l.period_grain = k.period_grain and l.period_start is not distinct from k.period_start and l.clinic_id = k.clinic_id
left join ar r on r.period_grain = k.period_grain and r.clinic_id = k.clinic_id
