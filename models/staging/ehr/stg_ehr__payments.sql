-- stg_ehr__payments: payments posted in the practice-management system (payer ERA/checks, patient payments).
-- grain: payment_id
select
    payment_id,
    source,
    amount,
    received_on,
    posted_on,
    method,
    nullif(trim(payer_id), '') as payer_id,
    patient_key,
    nullif(trim(claim_id), '') as claim_id,
    nullif(trim(visit_id), '') as visit_id,
    nullif(trim(trace_number), '') as trace_number
from raw.ehr_payments
