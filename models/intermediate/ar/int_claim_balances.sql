-- int_claim_balances: the insurance and patient balance of every non-voided claim submitted on or before the as-of
-- date (DESIGN.md §6.4).
-- grain: clinic_id, claim_id
-- rule: insurance_balance = billed − Σ CLP04 of its remit records dated ≤ as-of (reversals included) − Σ contractual
--       and prior_payer adjustments of those records − Σ patient_responsibility adjustments (moved to patient A/R)
--       − Σ write_off amounts in denial_actions dated ≤ as-of (int_denial_actions: attached to the clinic's claim).
--       Denial adjustments stay in the balance: an open denial is receivable until paid or written off. age_days = as-of − first_service_date. Patient balance = patient
--       responsibility − patient payments linked to the claim, directly or through its visit (int_patient_payments,
--       received ≤ as-of).
with params as (select * from config.params),
claims as (select * from intermediate.int_claims where not is_voided),
totals as (select * from intermediate.int_claim_remit_totals),
write_offs as (
    select clinic_id, claim_id, sum(amount) as written_off
    from intermediate.int_denial_actions
    where action = 'write_off'
    group by all
),
patient_payments as (
    select clinic_id, claim_id, sum(amount) as paid
    from intermediate.int_patient_payments
    where claim_id is not null
    group by all
)
select
    c.clinic_id,
    c.claim_id,
    c.payer_id,
    c.financial_class,
    c.patient_key,
    c.billed_amount,
    c.submitted_on,
    c.first_service_date,
    coalesce(t.paid_amount, 0) as paid_amount,
    coalesce(t.contractual, 0) as contractual,
    coalesce(t.prior_payer, 0) as prior_payer,
    coalesce(t.patient_responsibility, 0) as patient_responsibility,
    coalesce(w.written_off, 0) as written_off,
    c.billed_amount - coalesce(t.paid_amount, 0) - coalesce(t.contractual, 0) - coalesce(t.prior_payer, 0)
        - coalesce(t.patient_responsibility, 0) - coalesce(w.written_off, 0) as insurance_balance,
    coalesce(pp.paid, 0) as patient_payments,
    coalesce(t.patient_responsibility, 0) - coalesce(pp.paid, 0) as patient_balance,
    params.as_of - c.first_service_date as age_days,
    case
        when params.as_of - c.first_service_date <= 30 or c.first_service_date is null then '0-30'
        when params.as_of - c.first_service_date <= 60 then '31-60'
        when params.as_of - c.first_service_date <= 90 then '61-90'
        when params.as_of - c.first_service_date <= 120 then '91-120'
        else '121+'
    end as bucket
from claims c
cross join params
left join totals t using (clinic_id, claim_id)
left join write_offs w using (clinic_id, claim_id)
left join patient_payments pp using (clinic_id, claim_id)
where c.submitted_on <= params.as_of
