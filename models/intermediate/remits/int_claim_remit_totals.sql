-- int_claim_remit_totals: what every remit record of a claim (to the as-of date, reversals included) paid and
-- adjusted, by category.
-- grain: clinic_id, claim_id
-- rule: cash sums every iteration (reversals carry negated amounts, so they net out); adjustments are summed by
--       category over claim- and line-level CAS of those records.
with records as (
    select clinic_id, claim_id,
           count(*) as remit_records,
           count(*) filter (where is_reversal) as reversals,
           sum(paid_amount) as paid_amount,
           sum(coalesce(interest_amount, 0)) as interest_amount,
           max(remit_date) as last_remit_date
    from intermediate.int_remit_records
    where claim_id is not null
    group by all
),
adj as (
    select clinic_id, claim_id,
           sum(amount) filter (where category = 'patient_responsibility') as patient_responsibility,
           sum(amount) filter (where category = 'contractual') as contractual,
           sum(amount) filter (where category = 'prior_payer') as prior_payer,
           sum(amount) filter (where is_denial) as denial_adjustments
    from intermediate.int_remit_adjustments
    where claim_id is not null
    group by all
)
select
    r.clinic_id,
    r.claim_id,
    r.remit_records,
    r.reversals,
    r.paid_amount,
    r.interest_amount,
    r.last_remit_date,
    coalesce(a.patient_responsibility, 0) as patient_responsibility,
    coalesce(a.contractual, 0) as contractual,
    coalesce(a.prior_payer, 0) as prior_payer,
    coalesce(a.denial_adjustments, 0) as denial_adjustments,
    r.paid_amount + coalesce(a.patient_responsibility, 0) as allowed_amount
from records r
left join adj a using (clinic_id, claim_id)
