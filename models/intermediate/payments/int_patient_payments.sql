-- int_patient_payments: patient payments received on or before as-of, each attached to the claim it pays.
-- grain: payment_id
-- rule: a payment names its claim (claim_id) or the visit it was taken for (visit_id; the copay at the front desk):
--       the claim is payments.claim_id, else the visit's claim. When a visit is named the clinic is the one holding
--       its claims (int_visits.claim_clinic_id: the visit's own, or a site sharing its group NPI). Otherwise the
--       claim id names a claim without its clinic (a CLM01 is unique only within a clinic): the claim of that id
--       whose patient is the payment's (when exactly one is), else the claim of that id if only one clinic has it
--       (int_unique_claim_ids), else the payment stays unattached to a claim (clinic_id and claim_id NULL; reported
--       by the unattached_patient_payments audit when it named a claim). visit_id is kept for cash-pay revenue.
with p as (
    select payment_id, amount, received_on, claim_id as payment_claim_id, visit_id, patient_key
    from staging.stg_ehr__payments
    where source = 'patient' and received_on <= (select as_of from config.params)
),
visits as (select visit_id, claim_clinic_id, claim_id from intermediate.int_visits),
claims as (select clinic_id, claim_id, patient_key from intermediate.int_claims where not is_voided),
linked as (
    select p.*, v.claim_clinic_id as visit_claim_clinic_id, coalesce(p.payment_claim_id, v.claim_id) as linked_claim_id
    from p
    left join visits v using (visit_id)
),
-- A payment without a known visit, by its patient: the one claim of that id and patient.
by_patient as (
    select l.payment_id, min(c.clinic_id) as clinic_id
    from linked l
    join claims c on c.claim_id = l.linked_claim_id and c.patient_key = l.patient_key
    where l.visit_claim_clinic_id is null
    group by l.payment_id
    having count(*) = 1
),
-- (Plain equi-joins only, as in int_remit_records: a key mixed with a filter makes DuckDB use a nested-loop join.)
resolved as (
    select l.*,
        coalesce(c.clinic_id, case when l.visit_claim_clinic_id is null then coalesce(bp.clinic_id, u.clinic_id) end)
            as clinic_id
    from linked l
    left join claims c on c.clinic_id = l.visit_claim_clinic_id and c.claim_id = l.linked_claim_id
    left join by_patient bp using (payment_id)
    left join intermediate.int_unique_claim_ids u on u.claim_id = l.linked_claim_id
)
select payment_id, amount, received_on, visit_id, clinic_id,
    case when clinic_id is not null then linked_claim_id end as claim_id,
    payment_claim_id as named_claim_id
from resolved
