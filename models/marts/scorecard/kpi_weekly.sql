-- kpi_weekly: the owner's weekly scorecard — one row per week and KPI with value, parts, target and status
-- (DESIGN.md §6.11). Every number is read from the mart that defines it; the definition sentence comes from the
-- metric dictionary (models/seeds/kpi_definitions.csv) and the target from models/seeds/targets.csv (+ config).
-- grain: week_start, kpi
-- rule: ratios are numerator / denominator of additive parts (0 in a week with nothing to count; the ratio is
--       NULL when the denominator is 0). status compares the value and the thresholds rounded to 10 decimals, so
--       that a quotient of cents exactly on a threshold (9501.14 / 10001.20 = 0.95, 0.9499999999999998 as a DOUBLE) is
--       on it, and so is a value equal to a configured threshold of more decimals (1/3). Point-in-time KPIs
--       (unbilled_visits, days_in_ar, ar_over_90_pct) are measured at the week's end (the as-of date for the current
--       week) as a rebuild with --as-of = that day gives them: 837s (voids included), 835s and write-offs dated
--       later did not exist yet. status: for 'lower is better' KPIs green when value < green (≤ when
--       green_inclusive), red when value > red, else amber; mirrored for 'higher is better'. change = value − the
--       previous week's value. basis_count = the smallest non-zero count of claims, visits or payments behind the
--       value, its numerator, its denominator or their difference (0 when there are none), e.g. for ar_over_90_pct
--       the open claims, those over 90 days and the rest; for cash_revenue_share the cash-pay and the insurance
--       visits; for underpaid_amount the adjudicated claims of payer_profitability. The benchmark site hides a KPI
--       whose basis_count is 1 … smallCell − 1 (src/site/suppress.ts).
with weeks as (select * from intermediate.int_weeks),
dr as (
    select period_start as week_start, denied_claims, adjudicated_claims, denied_amount, billed_amount, first_pass_claims
    from marts.denial_rate where period_grain = 'week' and payer_id = '*' and category = '*'
),
res as (
    select period_start as week_start, initial_denials, overturned, routed_within_sla
    from marts.denial_resolution where period_grain = 'week' and payer_id = '*'
),
sub as (
    select period_start as week_start, claims, median_days_to_submit, claims_within_1_day
    from marts.submission_lag where period_grain = 'week' and clinic_id = '*'
),
post as (
    select period_start as week_start, payments, payments_within_1_day
    from marts.posting_lag where period_grain = 'week'
),
leak as (
    select period_start as week_start, visits_requiring_auth, leaked_visits, leaked_amount
    from marts.auth_leakage where period_grain = 'week' and payer_id = '*'
),
mix as (
    select period_start as week_start,
           coalesce(sum(revenue) filter (where financial_class = 'cash'), 0) as cash_revenue,
           sum(revenue) filter (where financial_class = '*') as total_revenue,
           coalesce(sum(visits) filter (where financial_class = 'cash'), 0) as cash_visits,
           coalesce(sum(visits) filter (where financial_class = 'insurance'), 0) as insurance_visits
    from marts.payer_mix where period_grain = 'week' group by all
),
prof as (
    select period_start as week_start, underpaid_amount, claims
    from marts.payer_profitability where period_grain = 'week' and payer_id = '*'
),
ncr as (
    select date_trunc('week', c.first_adjudicated_on)::DATE as week_start,
           sum(c.paid_amount + coalesce(b.patient_payments, 0)) as payments,
           sum(c.billed_amount - c.contractual_amount) as net_charges,
           count(*) as claims
    from marts.claims c
    left join intermediate.int_claim_balances b using (clinic_id, claim_id)
    where c.is_adjudicated and not c.is_voided
    group by all
),
ar as (select * from intermediate.int_weekly_ar),
unb as (select * from intermediate.int_weekly_unbilled),
parts as (
    select w.week_start, 'denial_rate' as kpi, coalesce(dr.denied_claims::DOUBLE, 0) as numerator, coalesce(dr.adjudicated_claims::DOUBLE, 0) as denominator, NULL::DOUBLE as direct,
           least(nullif(dr.denied_claims, 0), nullif(dr.adjudicated_claims, 0), nullif(dr.adjudicated_claims - dr.denied_claims, 0)) as basis
    from weeks w left join dr using (week_start)
    union all
    select w.week_start, 'denial_rate_amount', coalesce(dr.denied_amount::DOUBLE, 0), coalesce(dr.billed_amount::DOUBLE, 0), NULL,
           least(nullif(dr.denied_claims, 0), nullif(dr.adjudicated_claims, 0), nullif(dr.adjudicated_claims - dr.denied_claims, 0))
    from weeks w left join dr using (week_start)
    union all
    select w.week_start, 'first_pass_rate', coalesce(dr.first_pass_claims::DOUBLE, 0), coalesce(dr.adjudicated_claims::DOUBLE, 0), NULL,
           least(nullif(dr.first_pass_claims, 0), nullif(dr.adjudicated_claims, 0), nullif(dr.adjudicated_claims - dr.first_pass_claims, 0))
    from weeks w left join dr using (week_start)
    union all
    select w.week_start, 'overturn_rate', coalesce(res.overturned::DOUBLE, 0), coalesce(res.initial_denials::DOUBLE, 0), NULL,
           least(nullif(res.overturned, 0), nullif(res.initial_denials, 0), nullif(res.initial_denials - res.overturned, 0))
    from weeks w left join res using (week_start)
    union all
    select w.week_start, 'denials_routed_within_sla_pct', coalesce(res.routed_within_sla::DOUBLE, 0), coalesce(res.initial_denials::DOUBLE, 0), NULL,
           least(nullif(res.routed_within_sla, 0), nullif(res.initial_denials, 0), nullif(res.initial_denials - res.routed_within_sla, 0))
    from weeks w left join res using (week_start)
    union all
    select w.week_start, 'median_days_to_submit', NULL, coalesce(sub.claims::DOUBLE, 0), sub.median_days_to_submit::DOUBLE,
           nullif(sub.claims, 0)
    from weeks w left join sub using (week_start)
    union all
    select w.week_start, 'submitted_within_1_day_pct', coalesce(sub.claims_within_1_day::DOUBLE, 0), coalesce(sub.claims::DOUBLE, 0), NULL,
           least(nullif(sub.claims_within_1_day, 0), nullif(sub.claims, 0), nullif(sub.claims - sub.claims_within_1_day, 0))
    from weeks w left join sub using (week_start)
    union all
    select w.week_start, 'unbilled_visits', coalesce(unb.unbilled_visits::DOUBLE, 0), NULL, unb.unbilled_visits::DOUBLE,
           nullif(unb.unbilled_visits, 0)
    from weeks w left join unb using (week_start)
    union all
    select w.week_start, 'posted_within_1_day_pct', coalesce(post.payments_within_1_day::DOUBLE, 0), coalesce(post.payments::DOUBLE, 0), NULL,
           least(nullif(post.payments_within_1_day, 0), nullif(post.payments, 0), nullif(post.payments - post.payments_within_1_day, 0))
    from weeks w left join post using (week_start)
    union all
    select w.week_start, 'days_in_ar', coalesce(ar.total_balance::DOUBLE, 0), coalesce((ar.billed_last_90 / 90)::DOUBLE, 0),
           (ar.total_balance * 90 / nullif(ar.billed_last_90, 0))::DOUBLE,  -- the value as ar_summary computes it
           least(nullif(ar.open_claims, 0), nullif(ar.claims_billed_last_90, 0))
    from weeks w left join ar using (week_start)
    union all
    select w.week_start, 'ar_over_90_pct', coalesce(ar.balance_over_90::DOUBLE, 0), coalesce(ar.total_balance::DOUBLE, 0), NULL,
           least(nullif(ar.claims_over_90, 0), nullif(ar.open_claims, 0), nullif(ar.open_claims - ar.claims_over_90, 0))
    from weeks w left join ar using (week_start)
    union all
    select w.week_start, 'auth_leakage_rate', coalesce(leak.leaked_visits::DOUBLE, 0), coalesce(leak.visits_requiring_auth::DOUBLE, 0), NULL,
           least(nullif(leak.leaked_visits, 0), nullif(leak.visits_requiring_auth, 0), nullif(leak.visits_requiring_auth - leak.leaked_visits, 0))
    from weeks w left join leak using (week_start)
    union all
    select w.week_start, 'auth_leaked_amount', coalesce(leak.leaked_amount::DOUBLE, 0), NULL, coalesce(leak.leaked_amount, 0)::DOUBLE,
           nullif(leak.leaked_visits, 0)
    from weeks w left join leak using (week_start)
    union all
    select w.week_start, 'net_collection_rate', coalesce(ncr.payments::DOUBLE, 0), coalesce(ncr.net_charges::DOUBLE, 0), NULL,
           nullif(ncr.claims, 0)
    from weeks w left join ncr using (week_start)
    union all
    select w.week_start, 'cash_revenue_share', coalesce(mix.cash_revenue::DOUBLE, 0), coalesce(mix.total_revenue::DOUBLE, 0), NULL,
           least(nullif(mix.cash_visits, 0), nullif(mix.insurance_visits, 0))
    from weeks w left join mix using (week_start)
    union all
    select w.week_start, 'underpaid_amount', coalesce(prof.underpaid_amount::DOUBLE, 0), NULL, coalesce(prof.underpaid_amount, 0)::DOUBLE,
           nullif(prof.claims, 0)
    from weeks w left join prof using (week_start)
),
valued as (
    select week_start, kpi, numerator, denominator,
           coalesce(direct, numerator / nullif(denominator, 0)) as value,
           coalesce(basis, 0)::BIGINT as basis_count
    from parts
)
select
    v.week_start,
    'week' as period_grain,
    v.week_start as period_start,
    w.week_end,
    v.kpi,
    d.label,
    d.unit,
    v.value,
    v.numerator,
    v.denominator,
    t.target,
    t.green as green_threshold,
    t.red as red_threshold,
    t.direction,
    case
        when v.value is null or t.green is null then NULL
        when t.direction = 'lower' then case
            when round(v.value, 10) < round(t.green, 10) or (t.green_inclusive and round(v.value, 10) = round(t.green, 10)) then 'green'
            when t.red is not null and round(v.value, 10) > round(t.red, 10) then 'red'
            else 'amber' end
        else case
            when round(v.value, 10) > round(t.green, 10) or (t.green_inclusive and round(v.value, 10) = round(t.green, 10)) then 'green'
            when t.red is not null and round(v.value, 10) < round(t.red, 10) then 'red'
            else 'amber' end
    end as status,
    lag(v.value) over (partition by v.kpi order by v.week_start) as previous_value,
    v.value - lag(v.value) over (partition by v.kpi order by v.week_start) as change,
    d.definition,
    t.source as target_source,
    v.basis_count
from valued v
join weeks w using (week_start)
left join staging.stg_seeds__kpi_definitions d on d.kpi = v.kpi
left join staging.stg_seeds__targets t on t.kpi = v.kpi
