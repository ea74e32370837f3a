-- ar_summary: insurance A/R health by payer as of the as-of date (DESIGN.md §6.4).
-- grain: as_of, payer_id ('*' = all)
-- rule: total_balance = Σ positive insurance balances (the aging buckets); ar_over_90_pct = balance aged over 90
--       days / total_balance; days_in_ar = total_balance / (Σ billed of claims whose first_service_date is after
--       as-of − 90 days and on or before as-of, divided by 90); credit_balance = Σ negative balances (a negative
--       number: money owed back); patient A/R (patient_balance, also as patient_ar) = patient responsibility −
--       patient payments linked to the claim. Sums over no claims are 0.
with params as (select as_of from config.params),
b as (select * from intermediate.int_claim_balances)
select
    (select as_of from params) as as_of,
    case when grouping(payer_id) = 1 then '*' else payer_id end as payer_id,
    count(*) filter (where insurance_balance > 0) as open_claims,
    coalesce(sum(insurance_balance) filter (where insurance_balance > 0), 0)::DECIMAL(18,2) as total_balance,
    coalesce(sum(insurance_balance) filter (where insurance_balance > 0 and age_days > 90), 0)::DECIMAL(18,2) as balance_over_90,
    (coalesce(sum(insurance_balance) filter (where insurance_balance > 0 and age_days > 90), 0)
        / nullif(sum(insurance_balance) filter (where insurance_balance > 0), 0))::DOUBLE as ar_over_90_pct,
    coalesce(sum(billed_amount) filter (
        where first_service_date > (select as_of from params) - 90 and first_service_date <= (select as_of from params)
    ), 0)::DECIMAL(18,2) as billed_last_90_days,
    -- balance × 90 / billed (= balance / (billed / 90)), so that 370 against 370 billed is 90, not 90.00000000000001
    (coalesce(sum(insurance_balance) filter (where insurance_balance > 0), 0) * 90
        / nullif(sum(billed_amount) filter (
            where first_service_date > (select as_of from params) - 90 and first_service_date <= (select as_of from params)
        ), 0))::DOUBLE as days_in_ar,
    count(*) filter (where insurance_balance < 0) as credit_balance_claims,
    coalesce(sum(insurance_balance) filter (where insurance_balance < 0), 0)::DECIMAL(18,2) as credit_balance,
    coalesce(sum(patient_responsibility), 0)::DECIMAL(18,2) as patient_responsibility,
    coalesce(sum(patient_payments), 0)::DECIMAL(18,2) as patient_payments,
    coalesce(sum(patient_balance), 0)::DECIMAL(18,2) as patient_balance,
    coalesce(sum(patient_balance), 0)::DECIMAL(18,2) as patient_ar
from b
group by grouping sets ((payer_id), ())
